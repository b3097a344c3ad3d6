#!/usr/bin/env bash
# Builds the Debian packages from a configured and built tree (default build/, as demo.sh and
# test.sh make it) with debhelper (debian/rules), into BUILD_DIR/packages, and prints their paths:
# libzvhpga1 (the plugin), libzvhpga-dev (header, CMake and pkg-config files) and zvh-pga (the
# service and the command). Install them with `dpkg -i`; see docs/administrator-guide.md.
# Usage: package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly build_dir=${1:-build}
if [[ "$(cmake -L -N "$build_dir" 2>/dev/null | sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p')" != /usr ]]; then
  echo "package.sh: $build_dir must be configured with -DCMAKE_INSTALL_PREFIX=/usr" >&2
  exit 1
fi
rm -rf "$build_dir/packages"
mkdir "$build_dir/packages"
# Rules-Requires-Root: no (debian/control): dh_builddeb gives the files root ownership itself,
# so this runs as any user without fakeroot.
if ! DEB_RULES_REQUIRES_ROOT=no ZVHPGA_BUILD_DIR="$build_dir" debian/rules binary \
  >"$build_dir/debian-rules.log" 2>&1; then
  cat "$build_dir/debian-rules.log" >&2
  exit 1
fi
DEB_RULES_REQUIRES_ROOT=no debian/rules clean >/dev/null 2>&1
# The -dbgsym packages (the debug information) beside them are for debuggers, not installed here.
for deb in "$build_dir"/packages/*.deb; do
  [[ "$deb" == *-dbgsym_* ]] || printf '%s\n' "$deb"
done
