#!/usr/bin/env bash
# Installs the browser tests' npm tools (npm/package.json, pinned by npm/package-lock.json:
# axe-core and the Utrecht component library CSS with its design tokens) into DIR, unless a
# previous run already did. Test-time only: nothing of it is built into or shipped with zvh-pga.
# DIR is named after the lock file's digest (tests/browser/CMakeLists.txt), so a run after the
# first touches neither npm nor the network, and a changed lock file installs anew beside it.
# Without npm or the registry this fails, printing npm's own error: the tests that need the
# tools then fail too, never skip.
# Usage: npm_tools.sh DIR
set -euo pipefail
dir=$1
lock_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/npm" && pwd)

if [[ -f "$dir/installed" ]]; then
  echo "npm tools already in $dir"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is not installed (Node.js's npm)" >&2; exit 1; }
mkdir -p "$(dirname "$dir")"
# Installed beside the final place and renamed into it, so that a run stopped halfway or two
# runs at once never leave a half-filled DIR that looks complete.
staging=$(mktemp -d "$dir.staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT
cp "$lock_dir/package.json" "$lock_dir/package-lock.json" "$staging/"
(cd "$staging" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
touch "$staging/installed"
if ! mv -T "$staging" "$dir" 2>/dev/null && [[ ! -f "$dir/installed" ]]; then
  echo "cannot move the npm tools into $dir" >&2
  exit 1
fi
echo "npm tools installed in $dir"
