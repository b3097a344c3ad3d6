#!/usr/bin/env bash
# Builds the Debian package from a configured and built tree (default build/, as demo.sh and
# test.sh make it) and prints its path. Install it with `dpkg -i`; see
# docs/administrator-guide.md.
# Usage: package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly build_dir=${1:-build}
if [[ "$(cmake -L -N "$build_dir" 2>/dev/null | sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p')" != /usr ]]; then
  echo "package.sh: $build_dir must be configured with -DCMAKE_INSTALL_PREFIX=/usr" >&2
  exit 1
fi
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls -t "$build_dir"/zvh-pga_*.deb | head -n 1
