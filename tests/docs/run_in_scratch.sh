#!/usr/bin/env bash
# Runs docs_test.sh on documents that use the source tree's commands (build/bin/zvh-pga,
# installer/, config/, examples/), in a scratch copy of what they touch, so that a document's
# commands never change the source tree: config/ and installer/ copied (scripts resolve paths
# relative to themselves), examples/ and schemas/ linked, build/ linked to BUILD_DIR.
# Usage: run_in_scratch.sh SOURCE_DIR BUILD_DIR DOCUMENT...
set -euo pipefail
readonly source_dir=$1 build_dir=$2
shift 2
scratch=$(mktemp -d /tmp/zvhpga-docs.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
cp -r "$source_dir/config" "$source_dir/installer" "$scratch/"
ln -s "$source_dir/examples" "$scratch/examples"
ln -s "$source_dir/schemas" "$scratch/schemas"
ln -s "$build_dir" "$scratch/build"
bash "$source_dir/tests/docs/docs_test.sh" "$scratch" "$@"
