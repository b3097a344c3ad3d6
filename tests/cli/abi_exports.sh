#!/usr/bin/env bash
# Fails unless the dynamic symbol table of the plugin defines exactly the symbols of the linker
# version script's global section (the ABI), plus the version node itself.
# Usage: abi_exports.sh LIBZVHPGA VERSION_SCRIPT
set -euo pipefail
library=$1
version_script=$2

expected=$(sed -n '/global:/,/local:/p' "$version_script" | grep -oE '^\s*[A-Za-z_][A-Za-z0-9_]*;' |
  tr -d ' ;' | sort)
version_nodes=$(grep -oE '^[A-Z][A-Z0-9_]*' "$version_script" | sort -u)
# "T zvhpga_call@@ZVHPGA_1" -> "zvhpga_call"
exported=$(nm -D --defined-only "$library" | awk '{print $NF}' | sed 's/@.*//' | sort -u)

unexpected=$(comm -23 <(printf '%s\n' "$exported") <(printf '%s\n%s\n' "$expected" "$version_nodes" | sort))
missing=$(comm -13 <(printf '%s\n' "$exported") <(printf '%s\n' "$expected"))

if [[ -n "$unexpected" || -n "$missing" ]]; then
  [[ -n "$unexpected" ]] && printf 'exported but not part of the ABI:\n%s\n' "$unexpected"
  [[ -n "$missing" ]] && printf 'part of the ABI but not exported:\n%s\n' "$missing"
  exit 1
fi
printf 'exports exactly the ABI: %s\n' "$(echo $expected)"
