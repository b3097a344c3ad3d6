#!/usr/bin/env bash
# Two source trees side by side in one run (a commit and the one before it): the storage
# benchmark and zvh-pga's side of the SOAP benchmark, alternating A and B ROUNDS times, then the
# median of each figure per tree with the load average seen before each run. Each tree must be
# built already (its build/bin/storage_bench); bench/soap/run.sh builds its own build-bench.
# Loopback and temporary directories only, as the benchmarks it runs.
#
# Usage: bench/ab/run.sh TREE_A TREE_B
# Environment: ROUNDS (3), REQUESTS for the storage benchmark (1000), DURATION of a SOAP run (10).
set -euo pipefail

readonly tree_a=$(cd "$1" && pwd) tree_b=$(cd "$2" && pwd)
readonly rounds=${ROUNDS:-3} requests=${REQUESTS:-1000} duration=${DURATION:-10}
work=$(mktemp -d -t zvhpga-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT

load_average() { cut -d' ' -f1 /proc/loadavg; }

# storage_bench's tables: the RegisterSignal/s of the first SQLite row, and write/s, sealed w/s,
# read/s, sealed r/s of the store-layer row.
storage_figures() {
  awk -F'|' '
    /SQLite \(WAL, synchronous=FULL\)/ {
      gsub(/ /, "")
      if (!register_rate) { register_rate = $4; next }
      printf "register=%s write=%s sealed_write=%s read=%s sealed_read=%s\n", register_rate, $3, $4, $6, $7
    }'
}

soap_figures() {
  awk '/^zvh-pga +[0-9]/ { printf "soap_rps=%s soap_cpu_us=%s soap_p99_us=%s soap_rss_mib=%s\n", $2, $3, $5, $6 }'
}

run_side() {
  local name=$1 tree=$2 round=$3 load
  load=$(load_average)
  local storage soap
  storage=$("$tree/build/bin/storage_bench" "$requests" 2>/dev/null | storage_figures)
  soap=$(RUNS=1 DURATION=$duration BUILD_DIR="$tree/build-bench" bash "$tree/bench/soap/run.sh" 2>/dev/null |
         soap_figures)
  echo "load=$load $storage $soap" >"$work/$name.$round"
  printf '%s round %s: %s\n' "$name" "$round" "$(cat "$work/$name.$round")" >&2
}

for ((round = 1; round <= rounds; ++round)); do
  # Alternate which tree goes first, so that neither always runs on the warmer machine.
  if ((round % 2)); then
    run_side A "$tree_a" "$round"; run_side B "$tree_b" "$round"
  else
    run_side B "$tree_b" "$round"; run_side A "$tree_a" "$round"
  fi
done

median() {
  local name=$1 key=$2
  sed -n "s/.*\\b$key=\\([^ ]*\\).*/\\1/p" "$work/$name".* | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}

echo
echo "A: $tree_a ($(git -C "$tree_a" rev-parse --short HEAD))"
echo "B: $tree_b ($(git -C "$tree_b" rev-parse --short HEAD))"
echo "median of $rounds alternating round(s); storage: $requests requests, SQLite WAL synchronous=FULL;"
echo "SOAP: GetSignal over mutual TLS, ${duration}s a run"
printf '\n%-28s %12s %12s\n' figure A B
for key in load register write sealed_write read sealed_read soap_rps soap_cpu_us soap_p99_us soap_rss_mib; do
  printf '%-28s %12s %12s\n' "$key" "$(median A "$key")" "$(median B "$key")"
done
