#!/usr/bin/env bash
# Runs a worked host on a store of its own: makes a fresh directory, writes the worked hosts'
# configuration for it, runs COMMAND... with the configuration's path appended, removes the
# directory. The exit status is the command's.
# Usage: with_fresh_store.sh COMMAND...
set -euo pipefail
directory=$(mktemp -d /tmp/zvhpga-worked-host.XXXXXX)
trap 'rm -rf "$directory"' EXIT
sed "s#@DIRECTORY@#$directory#" "$(dirname "${BASH_SOURCE[0]}")/worked-host-config.xml" \
  >"$directory/zvhpga.xml"
"$@" "$directory/zvhpga.xml"
