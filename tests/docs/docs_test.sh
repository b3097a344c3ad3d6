#!/usr/bin/env bash
# Runs every command the documentation shows, so the docs cannot rot: each document becomes one
# bash script, run in DIR, block after block.
#   ```sh       the block runs as it stands; a failing command fails the document.
#   ```console  each "$ command" line runs; the lines after it (up to the next "$ ") are output it
#               must print, in any order, "…" standing for text that varies. A command shown
#               without output must exit 0; "$ echo $?" shows the exit status of the one before.
# An HTML comment on the line before a block changes how it runs:
#   <!-- docs-test: background until "TEXT" -->  start it in the background and go on once its
#                                               output shows TEXT; it is stopped at the end.
#   <!-- docs-test: skip: REASON -->             not run here; REASON names what runs it instead.
# Other fences (```xml, ```text, ```, ...) are shown output or file contents, never run.
# Usage: docs_test.sh DIR DOCUMENT...
set -euo pipefail
readonly dir=$1
shift
readonly harness="$dir/.docs-test"
mkdir -p "$harness"

# generate DOCUMENT: prints the bash script that runs the document's blocks.
generate() {
  awk -v harness="$harness" '
    function flush_expected() {
      if (command == "") return
      printf "docs_console %s %s <<'"'"'__DOCS_EXPECTED__'"'"'\n%s__DOCS_EXPECTED__\n", quote(command), quote(FILENAME ":" command_line), expected
      command = ""; expected = ""
    }
    function quote(text,    escaped) { escaped = text; gsub(/'"'"'/, "'"'"'\\'"'"''"'"'", escaped); return "'"'"'" escaped "'"'"'" }
    /^<!-- docs-test: / { directive = $0; next_is_directive = NR + 1; next }
    /^```/ && !in_block {
      in_block = 1; kind = substr($0, 4); start = NR
      mode = (NR == next_is_directive) ? directive : ""
      body = ""; command = ""; expected = ""
      next
    }
    /^```$/ && in_block {
      in_block = 0
      if (mode ~ /skip:/) {
        reason = mode; sub(/.*skip: */, "", reason); sub(/ *-->.*/, "", reason)
        if (kind == "sh" || kind == "console") printf "docs_skip %s %s\n", quote(FILENAME ":" start), quote(reason)
      } else if (kind == "sh" && mode ~ /background until/) {
        ready = mode; sub(/.*until "/, "", ready); sub(/".*/, "", ready)
        printf "docs_background %s %s <<'"'"'__DOCS_BLOCK__'"'"'\n%s__DOCS_BLOCK__\n", quote(ready), quote(FILENAME ":" start), body
      } else if (kind == "sh") {
        printf "docs_block %s\n%s", quote(FILENAME ":" start), body
      } else if (kind == "console") {
        flush_expected()
      }
      next
    }
    in_block && kind == "sh" { body = body $0 "\n"; next }
    in_block && kind == "console" && /^\$ / { flush_expected(); command = substr($0, 3); command_line = NR; next }
    in_block && kind == "console" { expected = expected $0 "\n"; next }
  ' "$1"
}

run_document() {
  local document=$1 script
  script="$harness/$(basename "$document").sh"
  {
    cat <<'PRELUDE'
set -eo pipefail
docs_last_status=0
docs_background_pids=()
trap 'for pid in "${docs_background_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done' EXIT
docs_block() { printf 'docs-test: run %s\n' "$1"; }
docs_skip() { printf 'docs-test: SKIPPED %s: %s\n' "$1" "$2"; }
docs_fail() { printf 'docs-test: FAIL %s: %s\n' "$1" "$2" >&2; exit 1; }
# docs_background READY_TEXT WHERE < SCRIPT
docs_background() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/docs-background.XXXXXX")
  printf 'docs-test: run in the background %s\n' "$2"
  bash -c "$(cat)" >"$log" 2>&1 &
  docs_background_pids+=($!)
  for _ in $(seq 300); do
    if grep -qF -- "$1" "$log"; then return 0; fi
    kill -0 "$!" 2>/dev/null || { cat "$log" >&2; docs_fail "$2" "stopped before it printed '$1'"; }
    sleep 0.1
  done
  cat "$log" >&2
  docs_fail "$2" "did not print '$1' within 30 s"
}
# docs_console COMMAND WHERE < EXPECTED_OUTPUT
docs_console() {
  local expected output line fragment
  expected=$(cat)
  printf 'docs-test: run %s\n' "$2"
  output=$( (exit "$docs_last_status"); eval "$1" 2>&1) && docs_last_status=0 || docs_last_status=$?
  if [[ -z "${expected//[[:space:]]/}" ]]; then
    ((docs_last_status == 0)) || { printf '%s\n' "$output" >&2; docs_fail "$2" "exited with $docs_last_status"; }
    return 0
  fi
  while IFS= read -r line; do
    [[ -n "${line//[[:space:]]/}" ]] || continue
    while [[ -n "$line" ]]; do
      fragment=${line%%…*}
      fragment=${fragment#"${fragment%%[![:space:]]*}"}
      fragment=${fragment%"${fragment##*[![:space:]]}"}
      if [[ -n "$fragment" && "$output" != *"$fragment"* ]]; then
        printf 'actual output:\n%s\n' "$output" >&2
        docs_fail "$2" "output lacks: $fragment"
      fi
      [[ "$line" == *…* ]] && line=${line#*…} || line=
    done
  done <<<"$expected"
}
PRELUDE
    generate "$document"
  } >"$script"
  (cd "$dir" && bash "$script")
}

for document in "$@"; do
  run_document "$(realpath "$document")"
  printf 'docs-test: %s: every command shown ran as documented\n' "$document"
done
