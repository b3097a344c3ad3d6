#!/usr/bin/env bash
# End-to-end tests of the zvh-pga command. Each case runs on its own fresh store: the shipped
# config/zvhpga.xml copied into a temporary tree, so its relative data directory (../var/data)
# lands in that tree too.
# Usage: cli_test.sh CASE ZVH_PGA SOURCE_DIR FAKE_PLUGIN_WRONG_MAGIC FAKE_PLUGIN_OLD_ABI
set -euo pipefail
case_name=$1
zvh_pga=$2
source_dir=$3
fake_plugin_wrong_magic=$4
fake_plugin_old_abi=$5

readonly EXIT_REJECTED=1
readonly EXIT_SETUP=5

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config"
cp "$source_dir/config/zvhpga.xml" "$work/config/zvhpga.xml"
config="$work/config/zvhpga.xml"

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# expect_output TEXT FILE: the file must contain TEXT.
expect_output() {
  grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in the output"; }
}

# run_zvh_pga EXPECTED_EXIT ARGS...: runs the command, keeps stdout and stderr in $work.
run_zvh_pga() {
  local expected=$1 status=0
  shift
  "$zvh_pga" "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
  if ((status != expected)); then
    cat "$work/stdout" "$work/stderr" >&2
    fail "zvh-pga $* exited with $status, expected $expected"
  fi
}

test_help() {
  run_zvh_pga 0 --help
  expect_output "call" "$work/stdout"
  expect_output "demo" "$work/stdout"
  expect_output "Exit codes" "$work/stdout"
  run_zvh_pga 0 call --help
  for option in --partner --user --role --plugin --config FILE; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 0 demo --help
  for option in --examples --plugin --config; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 2 no-such-command
  run_zvh_pga 2 call --partner gemeente-utrecht "$source_dir/examples/get-signal.xml"
}

test_demo() {
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  expect_output "registered by gemeente-utrecht (intake-officer): state received" "$work/stdout"
  expect_output "Contribution by politie-midden-nederland (weegploeg-member) recorded" "$work/stdout"
  expect_output "refused while om-midden-nederland has not contributed:" "$work/stdout"
  expect_output "  contributions-missing: " "$work/stdout"
  expect_output "Signal state unchanged: awaiting-contributions" "$work/stdout"
  expect_output "all three partners have contributed" "$work/stdout"
  expect_output "Decision recorded by gemeente-utrecht (weegploeg-chair): state decided" "$work/stdout"
  expect_output "state decided, 3 contributions, decision include-in-casusoverleg" "$work/stdout"
}

test_call_malformed() {
  printf '<RegisterSignalRequest xmlns="urn:nl:zvh-pga:contract:1"><unclosed>' >"$work/malformed.xml"
  run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$work/malformed.xml"
  expect_output "Error" "$work/stdout"
  expect_output "<code>malformed-xml</code>" "$work/stdout"
  expect_output "ZVHPGA_REJECTED" "$work/stderr"
  # The same through standard input.
  "$zvh_pga" call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer - <"$work/malformed.xml" >"$work/stdout" 2>/dev/null && fail "stdin: exit 0"
  expect_output "<code>malformed-xml</code>" "$work/stdout"
}

test_call_wrong_role() {
  # An auditor may not register signals.
  run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
    --user test.auditor --role auditor "$source_dir/examples/register-signal.xml"
  expect_output "<code>not-authorized</code>" "$work/stdout"
  # A role that does not exist at all.
  run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
    --user test.nobody --role no-such-role "$source_dir/examples/register-signal.xml"
  expect_output "Error" "$work/stdout"
  # The right role succeeds, so the refusals above were about the role.
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$source_dir/examples/register-signal.xml"
  expect_output "RegisterSignalResponse" "$work/stdout"
}

test_refuses_mismatching_plugin() {
  run_zvh_pga "$EXIT_SETUP" demo --plugin "$fake_plugin_wrong_magic" --config "$config"
  expect_output "is not a zvh-pga plugin: its ABI magic is 0x12345678" "$work/stderr"
  run_zvh_pga "$EXIT_SETUP" demo --plugin "$fake_plugin_old_abi" --config "$config"
  expect_output "offers ABI version 0; this zvh-pga needs version" "$work/stderr"
  run_zvh_pga "$EXIT_SETUP" demo --plugin "$work/no-such-plugin.so" --config "$config"
  expect_output "Cannot load the zvh-pga plugin" "$work/stderr"
}

test_db_migrate() {
  run_zvh_pga 0 db --help
  expect_output "migrate" "$work/stdout"
  run_zvh_pga 0 db migrate --help
  for option in --plugin --config; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 2 db no-such-action
  # A database left at schema version 1 by an older plugin.
  mkdir -p "$work/var" && mkdir -m 0700 "$work/var/data"
  {
    cat "$source_dir/schemas/sql/sqlite/0001_initial.sql"
    echo "INSERT INTO pga_schema_version (version) VALUES (1);"
  } | sqlite3 "$work/var/data/zvhpga.sqlite"
  run_zvh_pga "$EXIT_SETUP" call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$source_dir/examples/register-signal.xml"
  expect_output "zvh-pga db migrate" "$work/stderr"
  run_zvh_pga 0 db migrate --config "$config"
  expect_output "Applied schema versions 2, " "$work/stdout"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$source_dir/examples/register-signal.xml"
  expect_output "RegisterSignalResponse" "$work/stdout"
  run_zvh_pga 0 db migrate --config "$config"
  expect_output "nothing applied" "$work/stdout"
}

test_audit_verify() {
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  run_zvh_pga 0 audit verify --config "$config" --partner gemeente-utrecht --user auditor.a \
    --save-checkpoint "$work/checkpoint.xml"
  expect_output "Intact: " "$work/stdout"
  expect_output "Checkpoint of record " "$work/stdout"
  run_zvh_pga 0 audit verify --config "$config" --partner gemeente-utrecht --user auditor.a \
    --checkpoint "$work/checkpoint.xml"
  expect_output "Intact: " "$work/stdout"
  # Someone with database access rewrites who did something; the trail says where.
  sqlite3 "$work/var/data/zvhpga.sqlite" \
    "UPDATE pga_audit_record SET actor_user = 'someone-else' WHERE seq = 3"
  run_zvh_pga 6 audit verify --config "$config" --partner gemeente-utrecht --user auditor.a
  expect_output "BROKEN: record 3 does not fit the chain" "$work/stdout"
  run_zvh_pga 0 audit verify --help
  for option in --checkpoint --save-checkpoint --partner --user; do
    expect_output "$option" "$work/stdout"
  done
}

# A record forged after the end of the trail: opening writes nothing, verification still
# answers in its own words, and every other command is refused until the trail is restored.
test_audit_verify_forged_end() {
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  local store="$work/var/data/zvhpga.sqlite" next
  next=$(sqlite3 "$store" "SELECT max(seq) + 1 FROM pga_audit_record")
  sqlite3 "$store" "INSERT INTO pga_audit_record SELECT $next, recorded_at, 'intruder', actor_role,
    organisation_id, organisation_oin, action, object, result, purpose, origin, message_id,
    trace_id, mac FROM pga_audit_record WHERE seq = 2"
  run_zvh_pga 6 audit verify --config "$config" --partner gemeente-utrecht --user auditor.a
  expect_output "BROKEN: record $next does not fit the chain" "$work/stdout"
  run_zvh_pga 4 call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer "$source_dir/examples/register-signal.xml"
  expect_output "<code>audit-trail-broken</code>" "$work/stdout"
  run_zvh_pga 4 retention run --config "$config"
  expect_output "The audit trail was changed outside the plugin" "$work/stdout"
  [[ $(sqlite3 "$store" "SELECT max(seq) FROM pga_audit_record") == "$next" ]] ||
    fail "a record was appended to the broken trail"
}

test_criteria_check() {
  run_zvh_pga 0 criteria --help
  expect_output "check" "$work/stdout"
  run_zvh_pga 0 criteria check --help
  for option in --plugin --config FILE; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 2 criteria no-such-action
  local shipped="$source_dir/config/criteria/pga-criteria-2026-1.xml"
  run_zvh_pga 0 criteria check --config "$config" "$shipped"
  expect_output "Criteria catalogue 2026.1 of 2026-11-28 can be adopted: 9 sections, 16 criteria." \
    "$work/stdout"
  run_zvh_pga "$EXIT_SETUP" criteria check --config "$config" "$work/no-such-catalogue.xml"
  expect_output "The criteria catalogue $work/no-such-catalogue.xml does not exist." "$work/stderr"

  # Version 2026.2 reuses an identifier: refused, naming it.
  sed -e 's/version="2026.1" issuedOn="2026-11-28"/version="2026.2" issuedOn="2027-01-15"/' \
    -e 's/id="zelfredzaamheid.beperkt"/id="sociaal.relaties"/' "$shipped" >"$work/reused.xml"
  run_zvh_pga "$EXIT_REJECTED" criteria check --config "$config" "$work/reused.xml"
  expect_output "<code>catalogue-refused</code>" "$work/stdout"
  expect_output "<field>sociaal.relaties</field>" "$work/stdout"

  # Version 2026.2 without the section on social relations: fine until a signal being weighed
  # has answers for it.
  sed -e 's/version="2026.1" issuedOn="2026-11-28"/version="2026.2" issuedOn="2027-01-15"/' \
    -e '/<section id="sociaal"/,/<\/section>/d' "$shipped" >"$work/without-sociaal.xml"
  run_zvh_pga 0 criteria check --config "$config" "$work/without-sociaal.xml"
  expect_output "Criteria catalogue 2026.2 of 2027-01-15 can be adopted: 8 sections, 15 criteria." \
    "$work/stdout"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$source_dir/examples/register-signal.xml"
  local signal_id
  signal_id=$(sed -n 's/.*<signalId>\([^<]*\)<\/signalId>.*/\1/p' "$work/stdout")
  sed "s/0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90/$signal_id/" \
    "$source_dir/examples/contribution-gemeente.xml" >"$work/contribution.xml"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht \
    --user test.member --role weegploeg-member "$work/contribution.xml"
  run_zvh_pga "$EXIT_REJECTED" criteria check --config "$config" "$work/without-sociaal.xml"
  expect_output "<field>sociaal.relaties</field>" "$work/stdout"
  expect_output "Answered in 1 signal(s) still being weighed" "$work/stdout"
}

test_form() {
  run_zvh_pga 0 form --help
  for option in --partner --stage --partner-kind --xhtml --plugin --config; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 0 form --config "$config" --partner politie-midden-nederland --stage contribution \
    --xhtml "$work/form.xhtml"
  expect_output "<GetFormResponse" "$work/stdout"
  expect_output "<partner>politie</partner>" "$work/stdout"
  expect_output "<criterion>duiding.fenomeen</criterion>" "$work/stdout"
  expect_output '<html xmlns="http://www.w3.org/1999/xhtml" lang="nl"' "$work/form.xhtml"
  expect_output '>Fenomeenhypothese</legend>' "$work/form.xhtml"
  xmllint --noout "$work/form.xhtml" || fail "the XHTML page is not well-formed"
  # Polyglot: read as text/html, a self-closed non-void element (<textarea/>) swallows the page.
  grep -oE '<[a-z0-9]+[^>]*/>' "$work/form.xhtml" | grep -vE '^<(input|meta|br|hr|img|link) ' &&
    fail "the page closes a non-void element itself"
  run_zvh_pga "$EXIT_REJECTED" form --config "$config" --partner politie-midden-nederland \
    --stage weighing
  expect_output "<code>schema-invalid</code>" "$work/stdout"
}

# Registers a signal and starts 'zvh-pga form --serve' for it in the background, with at most
# $1 file descriptors if given: sets server_pid, url (the announced address) and base (the same
# without its path).
start_form_server() {
  local descriptors=${1:-$(ulimit -n)}
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer "$source_dir/examples/register-signal.xml"
  local signal_id
  signal_id=$(sed -n 's/.*<signalId>\([^<]*\)<\/signalId>.*/\1/p' "$work/stdout")
  # Left without descriptors, the sanitizer's own vptr check fails (see the suppression file).
  local sanitizer_options=${UBSAN_OPTIONS:-}
  [[ $# -gt 0 ]] && sanitizer_options+="${sanitizer_options:+:}suppressions=$source_dir/tests/sanitizer/ubsan-out-of-descriptors.supp"
  UBSAN_OPTIONS=$sanitizer_options prlimit --nofile="$descriptors" "$zvh_pga" form --config "$config" \
    --partner politie-midden-nederland --user test.politie \
    --role weegploeg-member --stage contribution --serve --signal "$signal_id" \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do
    grep -q "Serving" "$work/server.out" && break
    sleep 0.1
  done
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/[0-9a-f]*/' "$work/server.out") ||
    { cat "$work/server.out" "$work/server.err" >&2; fail "the form server did not announce its address"; }
  base=${url%/*/}
}

# status_of URL [CURL ARGS...]: the HTTP status of a request, its body in $work/body.
status_of() {
  curl -s -o "$work/body" -w '%{http_code}' "$@"
}

# Every local account reaches the loopback port: the form is only under the announced secret path.
test_form_serve_secret() {
  start_form_server
  [[ $url =~ ^http://127\.0\.0\.1:[0-9]+/[0-9a-f]{64}/$ ]] || fail "no secret in the address $url"
  [[ $(status_of "$url") == 200 ]] || fail "the announced address does not serve the form"
  expect_output "Bijdrage PGA" "$work/body"
  local token
  token=$(grep -o 'name="csrf-token" value="[0-9a-f]*"' "$work/body" | sed 's/.*value="//; s/"//')
  for guess in "$base/" "$base/$(printf '0%.0s' $(seq 64))/" "${url%/}" "${url}x"; do
    [[ $(status_of "$guess") == 404 ]] || fail "$guess was answered without the secret path"
    grep -q "Bijdrage PGA" "$work/body" && fail "$guess showed the form"
  done
  [[ $(status_of "$base/" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "csrf-token=$token&contribution.position=no-further-action") == 404 ]] ||
    fail "a post without the secret path was taken"
  "$zvh_pga" form --help | grep -q "Every account on this machine can reach" ||
    fail "form --help does not say who can reach the server"
}

# Out of file descriptors, a failed accept is retried after a pause, not at once: the server's
# CPU time stays near nothing while connections wait that it cannot take, and it serves again
# once descriptors are free.
test_form_serve_backs_off_out_of_descriptors() {
  # How many descriptors a started server holds; then one more than that, so that the first
  # connection takes the last and the others find none.
  start_form_server
  local held=0 connection1 connection2 connection3 before after
  while [[ -e /proc/$server_pid/fd/$held ]]; do held=$((held + 1)); done
  kill "$server_pid" && wait "$server_pid" || true
  start_form_server $((held + 1))
  local port=${base##*:}
  exec {connection1}<>"/dev/tcp/127.0.0.1/$port" {connection2}<>"/dev/tcp/127.0.0.1/$port" \
    {connection3}<>"/dev/tcp/127.0.0.1/$port"
  sleep 0.5
  before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  sleep 2
  after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  # A spinning accept burns about 2 s (200 ticks) here; the 100 ms pause about nothing.
  ((after - before < 20)) || fail "the form server used $((after - before)) ticks of CPU in 2 s"
  # The connection it took times out after 10 s and frees the descriptor for the next.
  exec {connection1}>&- {connection2}>&- {connection3}>&-
  [[ $(status_of --max-time 30 "$url") == 200 ]] || fail "the form server does not serve again"
}

# post_form FIELDS: posts the form with its token and these urlencoded fields; the page in
# $work/body, the HTTP status on stdout.
post_form() {
  local token
  token=$(curl -s "$url" | grep -o 'name="csrf-token" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//')
  status_of "$url" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "csrf-token=$token&$1"
}

# What a person reads in a refused form: no parser, validator or developer text.
expect_words_for_a_person() {
  local text
  text=$(sed 's/<[^>]*>//g' "$work/body")
  for word in facet "Element '" underruns schema criterion criteria-incomplete schema-invalid \
              feiten.wat legalBasis; do
    grep -qF -- "$word" <<<"$text" && { cat "$work/body" >&2; fail "a person is shown '$word'"; }
  done
  true
}

# A refused contribution comes back in Dutch as it was filled in: the entered answers in their
# fields, a summary at the top linking to each field named by its question, the message at the
# field. First the empty legal basis (the schema's minLength, libxml2's "underruns"), then the
# unanswered criteria.
test_form_serve_refusal_in_dutch() {
  start_form_server
  [[ $(post_form "contribution.position=no-further-action&contribution.reasoning=Eigen+woorden+%26+meer") == 422 ]] ||
    fail "a contribution without a legal basis was not refused"
  expect_words_for_a_person
  expect_output "Niet alle antwoorden zijn juist ingevuld." "$work/body"
  expect_output '<a href="#contribution.legal-basis">Wettelijke grondslag voor het delen</a>' "$work/body"
  expect_output 'aria-describedby="fout-contribution.legal-basis"' "$work/body"
  expect_output '>Eigen woorden &amp; meer</textarea>' "$work/body"
  expect_output 'value="no-further-action" checked="checked"' "$work/body"
  grep -q '<textarea[^>]*/>' "$work/body" && fail "a textarea closes itself"

  [[ $(post_form "contribution.position=no-further-action&contribution.legal-basis=Wpg+art.+19&contribution.reasoning=Onderbouwd&feiten.wat=Gezien+op+straat") == 422 ]] ||
    fail "a contribution with unanswered criteria was not refused"
  expect_words_for_a_person
  expect_output "Niet alle vragen zijn volledig beantwoord." "$work/body"
  expect_output 'Gezien op straat</textarea>' "$work/body"
  expect_output 'value="Wpg art. 19"' "$work/body"
  expect_output '<div id="foutmeldingen" class="utrecht-alert utrecht-alert--error" role="alert"' "$work/body"
  grep -q 'href="#[^"]*">Wat is er waargenomen?</a>' "$work/body" &&
    fail "the answered question is listed as a problem"
  local problems
  problems=$(grep -o '<li><a href="#[^"]*">[^<]*</a>: ' "$work/body" | wc -l)
  ((problems > 5)) || { cat "$work/body" >&2; fail "only $problems problems are linked to their questions"; }
  xmllint --noout "$work/body" || fail "the refused form is not well-formed XHTML"
}

test_doctor() {
  run_zvh_pga 0 doctor --help
  # Before the first start: only warnings (no data directory, keys or store yet).
  run_zvh_pga 0 doctor --config "$config"
  expect_output "WARNING  data directory" "$work/stdout"
  expect_output "0 problem(s)" "$work/stdout"
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  run_zvh_pga 0 doctor --config "$config"
  expect_output "ok       database" "$work/stdout"
  expect_output "ok       criteria catalogue" "$work/stdout"
  chmod 0644 "$work/var/data/audit.key"
  run_zvh_pga 7 doctor --config "$config"
  expect_output "PROBLEM  keys" "$work/stdout"
  expect_output "1 problem(s)" "$work/stdout"
}

# Every command that --help lists has its section in the manual page, so the two cannot drift.
test_man_page() {
  run_zvh_pga 0 --help
  local commands
  commands=$(sed -n '/^Commands:/,/^$/p' "$work/stdout" | awk 'NF > 1 {print $1}')
  [[ -n "$commands" ]] || fail "no commands in --help"
  for command in $commands; do
    grep -qx ".SS $command" "$source_dir/docs/man/zvh-pga.1" || fail "docs/man/zvh-pga.1 lacks '.SS $command'"
  done
  man -l "$source_dir/docs/man/zvh-pga.1" >/dev/null 2>&1 || ! command -v man >/dev/null ||
    fail "man cannot render docs/man/zvh-pga.1"
}

# Every option that a command's (or its actions') --help lists is in that command's section of
# the manual page, so that the synopsis cannot fall behind the command.
test_man_page_options() {
  local man="$source_dir/docs/man/zvh-pga.1" command section action invocation option
  run_zvh_pga 0 --help
  for command in $(sed -n '/^Commands:/,/^$/p' "$work/stdout" | awk 'NF > 1 {print $1}'); do
    section=$(awk -v heading=".SS $command" '$0 == heading {on = 1; next} /^\.S[SH] / {on = 0} on' \
      "$man" | tr -d '\\')
    local invocations=("$command")
    for action in $(grep -oE "^\.B zvh-pga $command [a-z][a-z-]*" <<<"$section" | awk '{print $4}' | sort -u); do
      invocations+=("$command $action")
    done
    for invocation in "${invocations[@]}"; do
      # shellcheck disable=SC2086 # the invocation is the command and its action
      run_zvh_pga 0 $invocation --help
      for option in $(grep -oE '^ +--[a-z][a-z-]*' "$work/stdout" | tr -d ' '); do
        [[ $option == --plugin || $option == --config ]] && continue  # COMMON OPTIONS
        grep -qE -- "$option([^a-z-]|\$)" <<<"$section" ||
          fail "docs/man/zvh-pga.1 '.SS $command' lacks $option, which 'zvh-pga $invocation --help' lists"
      done
    done
  done
}

# The figures of the demo data: published while every count reaches the minimum (5), and
# suppressed, never shown as a number, once one signal makes a count small. The tables are for
# people: in Dutch, the categories in words, no code of the contract; the CSV keeps the codes.
test_stats() {
  run_zvh_pga 0 stats --help
  for option in --from --to --csv --svg --partner --plugin --config; do
    expect_output "$option" "$work/stdout"
  done
  for _ in 1 2 3 4 5 6; do
    run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  done
  run_zvh_pga 0 stats --config "$config" --partner zvh-utrecht
  expect_output "Meldingen: 6" "$work/stdout"
  grep -qE '^  Via het meldpunt +6 +100,0%$' "$work/stdout" || fail "expected 6 meldpunt signals"
  grep -qE '^  Bespreken in het casusoverleg +[0-9]+ ' "$work/stdout" ||
    fail "the outcomes are not named in words"
  expect_output "(6 besloten): mediaan 9, 90e percentiel 9" "$work/stdout"
  grep -v '^Aantallen onder' "$work/stdout" | grep -q afgeschermd && fail "nothing should be suppressed yet"
  grep -qE 'include-in-casusoverleg|^  meldpunt |suppressed|Signals' "$work/stdout" &&
    fail "the tables show a code of the contract or English: $(cat "$work/stdout")"

  # One more signal, by a wijkagent, still undecided.
  sed 's|<channel>meldpunt</channel>|<channel>wijkagent</channel>|' \
    "$source_dir/examples/register-signal.xml" >"$work/wijkagent.xml"
  run_zvh_pga 0 call --config "$config" --partner politie-midden-nederland \
    --user test.intake --role intake-officer "$work/wijkagent.xml"
  run_zvh_pga 0 stats --config "$config" --partner zvh-utrecht --from 2026-01-01 \
    --to 2026-12-31 --csv "$work/stats.csv" --svg "$work/stats.svg"
  expect_output "Meldingen: 7" "$work/stdout"
  grep -qE '^  Via de wijkagent +afgeschermd$' "$work/stdout" ||
    fail "1 wijkagent signal must be suppressed"
  # 7 - 6 would give the wijkagent signal away: the meldpunt count goes too.
  grep -qE '^  Via het meldpunt +afgeschermd$' "$work/stdout" ||
    fail "6 meldpunt signals must be suppressed"
  grep -qE '^  Nog geen besluit +afgeschermd$' "$work/stdout" ||
    fail "1 undecided signal must be suppressed"
  grep -qE ' 1 ' "$work/stdout" && fail "a count of 1 was published"
  expect_output "channel,,wijkagent,suppressed," "$work/stats.csv"
  expect_output "signals,,total,7," "$work/stats.csv"
  xmllint --noout "$work/stats.svg" || fail "the SVG plot is not well-formed"
  expect_output "Uitkomst van de weging per fenomeen, regio" "$work/stats.svg"
  expect_output ">afgeschermd</text>" "$work/stats.svg"

  run_zvh_pga "$EXIT_REJECTED" stats --config "$config" --partner gemeente-utrecht \
    --role weegploeg-member
  expect_output "<code>not-authorized</code>" "$work/stdout"
}

test_retention() {
  run_zvh_pga 0 retention --help
  for action in run approve forecast verify; do
    expect_output "$action" "$work/stdout"
  done
  run_zvh_pga 0 retention approve --help
  for option in --partner --user PROPOSAL; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  local store="$work/var/data/zvhpga.sqlite" signal proposal statement
  signal=$(sqlite3 "$store" "SELECT signal_id FROM pga_signal")
  sed "s|0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90|$signal|" "$source_dir/examples/close-signal.xml" \
    >"$work/close.xml"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.chair \
    --role weegploeg-chair "$work/close.xml"
  run_zvh_pga 0 retention run --config "$config"
  expect_output "Nothing is due." "$work/stdout"
  expect_output "not confirmed against the law" "$work/stdout"
  # The closure's five years, forecast without changing anything.
  run_zvh_pga 0 retention forecast --config "$config" --partner gemeente-utrecht \
    --user test.privacy --until 2100-12-31
  expect_output "<signalId>$signal</signalId>" "$work/stdout"
  expect_output "<ruleId>R4</ruleId>" "$work/stdout"
  [[ $(sqlite3 "$store" "SELECT count(*) FROM pga_retention_proposal") == 0 ]] ||
    fail "the forecast proposed a destruction"

  # Five years pass: the closure's clock comes due.
  sqlite3 "$store" "UPDATE pga_retention_clock SET due_at = triggered_at"
  run_zvh_pga 0 retention run --config "$config"
  expect_output "awaiting a privacy officer's approval" "$work/stdout"
  proposal=$(sqlite3 "$store" "SELECT proposal_id FROM pga_retention_proposal")
  run_zvh_pga "$EXIT_REJECTED" retention approve --config "$config" \
    --partner politie-midden-nederland --user test.agent "$proposal"
  expect_output "<code>not-authorized</code>" "$work/stdout"
  [[ $(sqlite3 "$store" "SELECT count(*) FROM pga_signal") == 1 ]] || fail "refused approval destroyed"

  run_zvh_pga 0 retention approve --config "$config" --partner gemeente-utrecht \
    --user test.privacy "$proposal"
  expect_output "1 destroyed, 0 held, 0 failed" "$work/stdout"
  [[ $(sqlite3 "$store" "SELECT count(*) FROM pga_signal") == 0 ]] || fail "the signal is still there"
  statement="$work/var/data/statements/verklaring-van-vernietiging-$proposal.xml"
  expect_output "signalId=\"$signal\"" "$statement"
  run_zvh_pga 0 retention verify --config "$config" "$statement"
  expect_output "authentic" "$work/stdout"
  sed 's/region="midden-nederland"/region="midden-nederlanD"/' "$statement" >"$work/changed.xml"
  run_zvh_pga "$EXIT_REJECTED" retention verify --config "$config" "$work/changed.xml"

  run_zvh_pga 0 retention run --config "$config"
  expect_output "Nothing is due." "$work/stdout"
}

# The demo's signal still reads after the master key is rotated, under a new key file.
test_rotate_keys() {
  run_zvh_pga 0 db rotate-keys --help
  for option in --plugin --config; do
    expect_output "$option" "$work/stdout"
  done
  run_zvh_pga 0 demo --config "$config" --examples "$source_dir/examples"
  local key_file="$work/var/data/signal-master.key" old_key signal
  old_key=$(od -An -tx1 "$key_file")
  run_zvh_pga 0 db rotate-keys --config "$config"
  expect_output "1 signal key(s) rewrapped" "$work/stdout"
  [[ $(od -An -tx1 "$key_file") != "$old_key" ]] || fail "the key file did not change"
  [[ ! -e "$key_file.next" ]] || fail "the .next key file is left behind"
  signal=$(sqlite3 "$work/var/data/zvhpga.sqlite" "SELECT signal_id FROM pga_signal")
  sed "s|0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90|$signal|" "$source_dir/examples/get-signal.xml" \
    >"$work/get.xml"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.chair \
    --role weegploeg-chair "$work/get.xml"
  expect_output "GetSignalResponse" "$work/stdout"
  expect_output "<signalId>$signal</signalId>" "$work/stdout"
  expect_output "J. de Vries" "$work/stdout"
}

# A script that runs `zvh-pga call` again after a timeout changes nothing: the document's
# requestId makes the second call get the first answer (docs/contract.md, "Retried requests").
test_call_retried() {
  local store="$work/var/data/zvhpga.sqlite" first
  sed 's|<RegisterSignalRequest |<RegisterSignalRequest requestId="intake-2026-0001" |' \
    "$source_dir/examples/register-signal.xml" >"$work/register.xml"
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer "$work/register.xml"
  first=$(cat "$work/stdout")
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer "$work/register.xml"
  [[ $(cat "$work/stdout") == "$first" ]] || fail "the retry got another answer"
  [[ $(sqlite3 "$store" "SELECT count(*) FROM pga_signal") == 1 ]] || fail "registered twice"
  [[ $(sqlite3 "$store" "SELECT result FROM pga_audit_record ORDER BY seq DESC LIMIT 1") == replayed ]] ||
    fail "the retry is not audited as replayed"
  # Another document under the same requestId is refused and stores nothing.
  sed 's|J. de Vries|P. Jansen|' "$work/register.xml" >"$work/other.xml"
  run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role intake-officer "$work/other.xml"
  expect_output "<code>request-id-reused</code>" "$work/stdout"
  [[ $(sqlite3 "$store" "SELECT count(*) FROM pga_signal") == 1 ]] || fail "the refused one was stored"
}

# locked_signal: registers a signal, has the three partners contribute and the chair decide not
# to pursue it, so that only the privacy officer reads it; prints the signal id.
locked_signal() {
  local signal example partner
  "$zvh_pga" call --config "$config" --partner gemeente-utrecht --user test.intake \
    --role intake-officer "$source_dir/examples/register-signal.xml" >"$work/registered.xml"
  signal=$(sed -n 's|.*<signalId>\([^<]*\)</signalId>.*|\1|p' "$work/registered.xml")
  for example in gemeente politie om; do
    case $example in
      gemeente) partner=gemeente-utrecht ;;
      politie) partner=politie-midden-nederland ;;
      om) partner=om-midden-nederland ;;
    esac
    sed "s|0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90|$signal|" \
      "$source_dir/examples/contribution-$example.xml" >"$work/contribution.xml"
    "$zvh_pga" call --config "$config" --partner "$partner" --user test.member \
      --role weegploeg-member "$work/contribution.xml" >/dev/null
  done
  sed -e "s|0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90|$signal|" \
    -e 's|<outcome>include-in-casusoverleg</outcome>|<outcome>no-further-action</outcome>|' \
    "$source_dir/examples/record-decision.xml" >"$work/decision.xml"
  "$zvh_pga" call --config "$config" --partner gemeente-utrecht --user test.chair \
    --role weegploeg-chair "$work/decision.xml" >/dev/null
  printf '%s' "$signal"
}

# expect_last_audit USER ROLE RESULT: the newest audit record is of this claim and result.
expect_last_audit() {
  local row
  row=$(sqlite3 -separator ' ' "$work/var/data/zvhpga.sqlite" \
    "SELECT actor_user, actor_role, result FROM pga_audit_record ORDER BY seq DESC LIMIT 1")
  [[ $row == "$1 $2 $3" ]] || fail "the newest audit record is '$row', expected '$1 $2 $3'"
}

# case_data: the row counts of the case tables, equal before and after a refusal.
case_data() {
  sqlite3 "$work/var/data/zvhpga.sqlite" "SELECT (SELECT count(*) FROM pga_signal), \
    (SELECT count(*) FROM pga_contribution), (SELECT count(*) FROM pga_decision), \
    (SELECT count(*) FROM pga_transition), (SELECT count(*) FROM pga_withheld_item)"
}

# The politie and the OM are never the privacy officer: not on a locked signal, not on the
# data-subject export. The refusal is on record with the claim and changes nothing.
test_call_role_not_granted() {
  local signal partner request before
  signal=$(locked_signal)
  sed "s|0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90|$signal|" "$source_dir/examples/get-signal.xml" \
    >"$work/get.xml"
  for partner in politie-midden-nederland om-midden-nederland; do
    for request in "$work/get.xml" "$source_dir/examples/export-subject-data.xml"; do
      before=$(case_data)
      run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner "$partner" \
        --user test.spion --role privacy-officer "$request"
      expect_output "<code>not-authorized</code>" "$work/stdout"
      expect_output "does not grant the role privacy-officer to $partner" "$work/stdout"
      grep -q "J. de Vries" "$work/stdout" && fail "the refusal shows the person"
      expect_last_audit test.spion privacy-officer refused:not-authorized
      [[ $(case_data) == "$before" ]] || fail "the refusal changed the case data"
    done
  done
  # The gemeente's privacy officer, which the gemeente's kind may be at the ABI, reads it.
  run_zvh_pga 0 call --config "$config" --partner gemeente-utrecht --user test.privacy \
    --role privacy-officer "$work/get.xml"
  expect_output "J. de Vries" "$work/stdout"
}

# A user or role that is not valid text is refused before anything is stored, at the command
# line and at the start of the form server.
test_identity_text() {
  local user
  for user in $'Jos\xe9' $'a.jansen\x1b[2J' $'a.jansen\nsucces'; do
    run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
      --user "$user" --role intake-officer "$source_dir/examples/register-signal.xml"
    expect_output "<code>invalid-value</code>" "$work/stdout"
    expect_output "<field>user</field>" "$work/stdout"
    [[ $(sqlite3 "$work/var/data/zvhpga.sqlite" "SELECT count(*) FROM pga_signal") == 0 ]] ||
      fail "a signal was registered by an invalid user"
  done
  run_zvh_pga "$EXIT_REJECTED" call --config "$config" --partner gemeente-utrecht \
    --user test.intake --role $'intake-officer\x7f' "$source_dir/examples/register-signal.xml"
  expect_output "<field>role</field>" "$work/stdout"

  # The form server asks the plugin for its form first, as the caller: it does not start.
  local status=0
  timeout 30 "$zvh_pga" form --config "$config" --partner gemeente-utrecht \
    --user $'Jos\xe9' --stage contribution --serve \
    --signal 0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90 >"$work/stdout" 2>"$work/stderr" || status=$?
  ((status == EXIT_REJECTED)) || { cat "$work/stdout" "$work/stderr" >&2; fail "form --serve exited $status"; }
  expect_output "<code>invalid-value</code>" "$work/stdout"
  grep -q "http://127.0.0.1" "$work/stdout" && fail "the form server started"
  true
}

# --- pki dev: the test PKI of the web service --------------------------------------------------
readonly dev_config="$source_dir/config/zvhpga-dev.xml"

# subject_of NAME: the subject of $work/pki/NAME.pem, one attribute per line.
subject_of() {
  openssl x509 -in "$work/pki/$1.pem" -noout -subject -nameopt sep_multiline | tail -n +2 | tr -d ' '
}

# Every partner of the configuration gets a client certificate from the test CA with its OIN
# in the subject's serialNumber; the service's server certificate carries the ZVH's OIN and
# names localhost; the keys are the owner's only.
test_pki_dev_issues_the_partners_certificates() {
  run_zvh_pga 0 pki dev --config "$dev_config" "$work/pki"
  test "$(stat -c %a "$work/pki")" = 700 || fail "the PKI directory is not private"
  local id oin
  while read -r id oin; do
    openssl verify -CAfile "$work/pki/ca.pem" -purpose sslclient "$work/pki/$id.pem" >/dev/null ||
      fail "$id.pem is no client certificate of the test CA"
    subject_of "$id" | grep -qx "serialNumber=$oin" || fail "$id.pem does not carry OIN $oin"
    test "$(stat -c %a "$work/pki/$id.key")" = 600 || fail "$id.key is readable by others"
  done < <(xmllint --xpath "//*[local-name()='partner']/*[local-name()='id' or local-name()='oin']/text()" \
             "$dev_config" | paste - -)
  openssl verify -CAfile "$work/pki/ca.pem" -purpose sslserver "$work/pki/server.pem" >/dev/null ||
    fail "server.pem is no server certificate of the test CA"
  subject_of server | grep -qx "serialNumber=00000099823288444000" || fail "server.pem lacks the ZVH's OIN"
  openssl x509 -in "$work/pki/server.pem" -noout -checkhost localhost | grep -q "does match" ||
    fail "server.pem is not for localhost"
}

# The statement signing certificate signs a statement of destruction that openssl cms
# -verify accepts against the test CA, as docs/retention.md tells a reader to check it.
test_pki_dev_signs_statements() {
  run_zvh_pga 0 pki dev --config "$dev_config" "$work/pki"
  printf '<statement/>\n' >"$work/statement.xml"
  openssl cms -sign -binary -in "$work/statement.xml" -signer "$work/pki/statement-signer.pem" \
    -inkey "$work/pki/statement-signer.key" -outform DER -out "$work/statement.p7s" ||
    fail "statement-signer cannot sign"
  openssl cms -verify -binary -inform DER -in "$work/statement.p7s" -content "$work/statement.xml" \
    -CAfile "$work/pki/ca.pem" -out /dev/null 2>/dev/null ||
    fail "the statement's signature does not verify against ca.pem"
}

# A partner whose OIN is no test OIN (prefix 00000099) gets no certificate: the test PKI never
# issues one that looks like a production partner's.
test_pki_dev_skips_real_oins() {
  run_zvh_pga 0 pki dev --config "$config" "$work/pki"
  expect_output "skipped gemeente-utrecht: 00000001002220647000 is no test OIN" "$work/stdout"
  test ! -e "$work/pki/gemeente-utrecht.pem" || fail "a partner with a real OIN got a certificate"
  subject_of server | grep -q serialNumber && fail "server.pem carries a real OIN"
  true
}

# Run again, it keeps what is there (a CA the partners already trust stays the same) and
# issues only what a partner added to the table needs.
test_pki_dev_keeps_what_is_there() {
  run_zvh_pga 0 pki dev --config "$dev_config" "$work/pki"
  local ca_before
  ca_before=$(sha256sum <"$work/pki/ca.pem")
  rm "$work/pki/gemeente-utrecht.pem" "$work/pki/gemeente-utrecht.key"
  run_zvh_pga 0 pki dev --config "$dev_config" "$work/pki"
  expect_output "made gemeente-utrecht; kept ca, server, statement-signer" "$work/stdout"
  test "$(sha256sum <"$work/pki/ca.pem")" = "$ca_before" || fail "the CA was replaced"
  openssl verify -CAfile "$work/pki/ca.pem" "$work/pki/gemeente-utrecht.pem" >/dev/null ||
    fail "the new certificate is not from the kept CA"
}

# A kept CA whose key is gone or is another key signs nothing new: the command says what to do
# instead of pairing the CA with a key that is not its own.
test_pki_dev_refuses_a_ca_without_its_key() {
  run_zvh_pga 0 pki dev --config "$dev_config" "$work/pki"
  rm "$work/pki/ca.key" "$work/pki/gemeente-utrecht.pem"
  run_zvh_pga "$EXIT_SETUP" pki dev --config "$dev_config" "$work/pki"
  expect_output "ca.key is not: restore the key, or remove both" "$work/stderr"
  cp "$work/pki/server.key" "$work/pki/ca.key"
  run_zvh_pga "$EXIT_SETUP" pki dev --config "$dev_config" "$work/pki"
  expect_output "ca.key is not the key of" "$work/stderr"
  test ! -e "$work/pki/gemeente-utrecht.pem" || fail "a certificate was issued without the CA's key"
}

"test_$case_name"
printf 'cli_%s: passed\n' "$case_name"
