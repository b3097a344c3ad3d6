#!/usr/bin/env bash
# The case-worker guide explains every question of the shipped criteria catalogue: fails when a
# criterion identifier of the catalogue does not appear in the guide (a new question without
# an explanation), or the guide explains one the catalogue no longer has.
# Usage: guide_covers_catalogue.sh CATALOGUE GUIDE
set -euo pipefail
readonly catalogue=$1 guide=$2
in_catalogue=$(xmllint --xpath "//*[local-name()='criterion']/@id" "$catalogue" |
  sed -E 's/ id="([^"]+)"/\1\n/g' | sed '/^$/d' | sort -u)
in_guide=$(grep -oE '\| `[a-z]+\.[a-z-]+` \|' "$guide" | sed -E 's/\| `([^`]+)` \|/\1/' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$in_catalogue") <(printf '%s\n' "$in_guide"))
extra=$(comm -13 <(printf '%s\n' "$in_catalogue") <(printf '%s\n' "$in_guide"))
[[ -z "$missing" ]] || { printf 'the guide does not explain: %s\n' $missing; exit 1; }
[[ -z "$extra" ]] || { printf 'the guide explains what the catalogue lacks: %s\n' $extra; exit 1; }
printf 'the guide explains all %d criteria of the catalogue\n' "$(wc -l <<<"$in_catalogue")"
