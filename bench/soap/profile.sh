#!/usr/bin/env bash
# The instructions zvh-pga spends per GetSignal, counted by valgrind's callgrind: `zvh-pga serve`
# with the shipped store configuration (as bench/soap/run.sh starts it, same PKI and load
# generator) runs under callgrind; after a warm-up the counters are zeroed, a fixed number of
# GetSignal requests is sent, and the counters are dumped. Instruction counts do not depend on
# the machine's load, so two builds compare on a shared machine where times do not. Kernel
# time (system calls, fdatasync, thread switches) is not counted: callgrind sees user space.
# Loopback only; every process it starts ends with it.
#
# Usage: bench/soap/profile.sh [OUTPUT_DIR]
# Writes OUTPUT_DIR/callgrind.out (the measured requests only) and OUTPUT_DIR/summary.txt
# (instructions per request, the self cost by library and by function from
# bench/soap/callgrind_self.py, and the top inclusive costs by function); OUTPUT_DIR defaults to
# a fresh directory under /tmp, printed at the end.
# Environment: REQUESTS (2000), CONNECTIONS (8), BUILD_DIR (build-bench), STORE_OPTIONS,
# IO_THREADS and WORKER_THREADS as for run.sh.
set -euo pipefail

readonly repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly build_dir=${BUILD_DIR:-$repo/build-bench}
readonly bin=$build_dir/bin
readonly requests=${REQUESTS:-2000} connections=${CONNECTIONS:-8}
readonly out_dir=${1:-$(mktemp -d -t zvhpga-soap-profile.XXXXXX)}
# Under callgrind a request takes some 50-100 times as long; the lifetime bounds a lost server.
readonly server_lifetime=$(( requests / 10 + 300 ))

work=$(mktemp -d -t zvhpga-soap-profile-work.XXXXXX)
started_pids=()
source "$repo/bench/soap/servers.sh"

log() { printf 'profile.sh: %s\n' "$*" >&2; }

cleanup() {
  stop_servers_and_remove_work
  # The server writes what it counted after the measured dump as it exits: not measured.
  rm -f "$out_dir"/callgrind.out.*
}
trap cleanup EXIT

command -v valgrind >/dev/null || { log "valgrind is not installed (apt-get install valgrind)"; exit 1; }

log "building in $build_dir"
cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZVHPGA_BUILD_BENCH=ON \
  >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$build_dir" -j "$(nproc)" --target zvh-pga zvhpga zvhpga-bench-gsoap-client \
  zvhpga-bench-load >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }

write_zvhpga_config
make_pki || { log "the PKI could not be made"; exit 1; }
mkdir -p "$out_dir"

log "zvh-pga serve under callgrind (store: $zvhpga_connection_string)"
valgrind --tool=callgrind --callgrind-out-file="$out_dir/callgrind.out.%p" \
  "$bin/zvh-pga" serve --config "$work/zvhpga/zvhpga.xml" >"$work/zvhpga.log" 2>&1 &
zvhpga_pid=$!
started_pids+=("$zvhpga_pid")
setsid bash -c 'sleep "$1"; kill "$2" 2>/dev/null' watchdog "$server_lifetime" "$zvhpga_pid" \
  </dev/null >/dev/null 2>&1 &
started_pids+=("-$!")
for _ in $(seq 600); do
  zvhpga_port=$(grep -oE 'port [0-9]+' "$work/zvhpga.log" 2>/dev/null | head -1 | grep -oE '[0-9]+' || true)
  [[ -z "$zvhpga_port" ]] || break
  kill -0 "$zvhpga_pid" 2>/dev/null || { cat "$work/zvhpga.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$zvhpga_port" ]] || { cat "$work/zvhpga.log" >&2; log "zvh-pga serve did not start"; exit 1; }

signal_id=$(call_with_generated_client "$zvhpga_port") || { log "the generated client failed"; exit 1; }
write_get_signal_body "$signal_id" "$work/body.xml"

load() {
  "$bin/zvhpga-bench-load" --port "$zvhpga_port" --path / --cert "$client_certificate" \
    --key "$client_key" --ca "$work/pki/ca.pem" --body "$work/body.xml" \
    --action "$contract_namespace/GetSignal" --expect GetSignalResponse --server-pid "$zvhpga_pid" \
    --connections "$connections" --requests "$1"
}

# The warm-up fills the caches, pools and prepared statements; only what follows is counted.
log "warm-up: 200 requests"
load 200 >/dev/null
callgrind_control --zero "$zvhpga_pid" >/dev/null
log "measured: $requests requests over $connections connections"
result=$(load "$requests")
callgrind_control --dump=measured "$zvhpga_pid" >/dev/null
# The dump is written by the server's own threads; wait until it is there.
dump=""
for _ in $(seq 600); do
  dump=$(ls "$out_dir"/callgrind.out.*.1 2>/dev/null | head -1 || true)
  [[ -z "$dump" ]] || break
  sleep 0.1
done
[[ -n "$dump" ]] || { log "callgrind wrote no dump"; exit 1; }
sleep 1
mv "$dump" "$out_dir/callgrind.out"

answered=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$result")
errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$result")
total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p; s/^totals: *\([0-9]*\).*/\1/p' "$out_dir/callgrind.out" | head -1)
{
  echo "zvh-pga serve, GetSignal over mutual TLS keep-alive, $connections connections, store: $zvhpga_connection_string"
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- plugin adapters schemas || echo ' (with uncommitted changes)')"
  echo "load generator: $result"
  echo "instructions (Ir) in the measured window: $total for $answered answers ($errors errors)"
  awk -v t="$total" -v n="$answered" 'BEGIN { printf "instructions per request: %.0f\n", t / n }'
  echo
  python3 "$repo/bench/soap/callgrind_self.py" "$out_dir/callgrind.out" "$answered" 50
  echo
  echo "== inclusive cost, top functions (Ir in all; the threads' outermost frames include everything) =="
  callgrind_annotate --inclusive=yes --threshold=100 "$out_dir/callgrind.out" 2>/dev/null | awk '/file:function/ { on = 1 } on && shown++ < 150'
} >"$out_dir/summary.txt"
sed -n 1,5p "$out_dir/summary.txt"
log "profile and summary in $out_dir"
