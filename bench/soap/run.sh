#!/usr/bin/env bash
# The SOAP benchmark, side by side in one run: zvh-pga's own service (`zvh-pga serve`) and a
# gSOAP 2.8 peer generated from the same WSDL, both answering GetSignal over mutual TLS
# keep-alive on 127.0.0.1. Builds what it needs, makes a throwaway PKI with installer/dev-pki.sh,
# starts each server on an ephemeral port, checks that a client generated from the WSDL can call
# it, loads it, and prints requests/s, server CPU per request, p50/p99 latency and peak memory,
# and the ratio.
# Loopback only; every process it starts ends with it. What is measured: docs/soap-benchmark.md.
#
# Usage: bench/soap/run.sh
# Environment: CONNECTIONS (8), DURATION seconds per run (10), WARMUP seconds (2), RUNS (3; the
# run with the median requests/s is reported), BUILD_DIR (build-bench), STORE_OPTIONS (appended
# to zvh-pga's SQLite connection string, e.g. "JournalMode=WAL;SyncPragma=FULL"), IO_THREADS and
# WORKER_THREADS (zvh-pga's soap/limits/ioThreads and workerThreads; its defaults when unset).
set -euo pipefail

readonly repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly build_dir=${BUILD_DIR:-$repo/build-bench}
readonly bin=$build_dir/bin
readonly connections=${CONNECTIONS:-8} duration=${DURATION:-10} warmup=${WARMUP:-2} runs=${RUNS:-3}
# engineering.md §2.4: on two cores an unpinned load generator takes CPU from the server, so
# the generator runs on CPU 0 and the server under test on CPU 1.
readonly load_cpu=0 server_cpu=1
# Each server is stopped by this script; the lifetime is the bound if the script itself dies.
readonly server_lifetime=$(( (warmup + duration + 5) * runs * 2 + 120 ))

work=$(mktemp -d -t zvhpga-soap-bench.XXXXXX)
started_pids=()
source "$repo/bench/soap/servers.sh"

log() { printf 'run.sh: %s\n' "$*" >&2; }

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill -- "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build() {
  log "building in $build_dir"
  # The project's default build type, so that zvh-pga is measured as it is shipped; the gSOAP
  # side gets the same optimisation.
  cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZVHPGA_BUILD_BENCH=ON \
    >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
  cmake --build "$build_dir" -j "$(nproc)" \
    --target zvhpga-bench-gsoap-server zvhpga-bench-gsoap-client zvhpga-bench-load >"$work/build.log" 2>&1 \
    || { tail -40 "$work/build.log" >&2; exit 1; }
  # The zvh-pga side is built apart: while it does not build, the gSOAP side is still measured.
  if ! cmake --build "$build_dir" -j "$(nproc)" --target zvh-pga zvhpga >"$work/build-zvhpga.log" 2>&1; then
    log "zvh-pga did not build (last lines of the log below); its side is reported as pending"
    tail -15 "$work/build-zvhpga.log" >&2
  fi
}

write_get_signal_body() {
  local signal_id=$1 file=$2
  cat >"$file" <<BODY
<GetSignalRequest xmlns="$contract_namespace">
  <requestedBy>
    <user>bench</user>
    <role>intake-officer</role>
  </requestedBy>
  <signalId>$signal_id</signalId>
</GetSignalRequest>
BODY
}

load() {
  local name=$1 port=$2 pid=$3 run=$4
  taskset -c "$load_cpu" "$bin/zvhpga-bench-load" --port "$port" --path / \
    --cert "$client_certificate" --key "$client_key" --ca "$work/pki/ca.pem" \
    --body "$work/$name-body.xml" --action "$contract_namespace/GetSignal" --expect GetSignalResponse \
    --server-pid "$pid" --connections "$connections" --duration "$duration" --warmup "$warmup" \
    >"$work/results/$name.$run" || log "$name run $run counted no answer"
}

field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1"; }

# The result file of the run with the median requests/s.
median_run() {
  local name=$1 file
  for file in "$work/results/$name".*; do
    printf '%s %s\n' "$(field "$file" rps)" "$file"
  done | sort -n | awk '{ lines[NR] = $2 } END { print lines[int((NR + 1) / 2)] }'
}

print_row() {
  local name=$1 file=$2
  printf '%-22s %9s %12s %9s %9s %12s %7s %11s\n' "$name" "$(field "$file" rps)" \
    "$(field "$file" cpu_us_per_request)" "$(field "$file" p50_us)" "$(field "$file" p99_us)" \
    "$(awk -v kib="$(field "$file" peak_rss_kib)" 'BEGIN { printf "%.1f", kib / 1024 }')" \
    "$(field "$file" errors)" "$(field "$file" reconnects)"
}

report() {
  local gsoap_file zvhpga_file=""
  gsoap_file=$(median_run gsoap)
  echo
  echo "GetSignal over mutual TLS keep-alive, $connections connections, ${duration}s per run after ${warmup}s warm-up,"
  echo "median of $runs run(s) by requests/s; server on CPU $server_cpu, load generator on CPU $load_cpu"
  echo "TLS: $(field "$gsoap_file" tls); request $(field "$gsoap_file" request_bytes) bytes on the wire"
  echo "zvh-pga store: SQLite, connection options ${STORE_OPTIONS:-(driver defaults: rollback journal, full sync)}"
  echo "zvh-pga threads: ioThreads ${IO_THREADS:-(default)}, workerThreads ${WORKER_THREADS:-(default)}"
  echo
  printf '%-22s %9s %12s %9s %9s %12s %7s %11s\n' server 'req/s' 'CPU µs/req' 'p50 µs' 'p99 µs' \
    'peak RSS MiB' errors reconnects
  if [[ -n "${zvhpga_pid:-}" ]]; then
    zvhpga_file=$(median_run zvhpga)
    print_row "zvh-pga" "$zvhpga_file"
  else
    printf '%-22s %s\n' "zvh-pga" "pending: $zvhpga_pending"
  fi
  print_row "gSOAP $(soapcpp2 -V 2>&1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1) peer" "$gsoap_file"
  echo
  if [[ -n "$zvhpga_file" ]]; then
    awk -v z_rps="$(field "$zvhpga_file" rps)" -v g_rps="$(field "$gsoap_file" rps)" \
        -v z_cpu="$(field "$zvhpga_file" cpu_us_per_request)" -v g_cpu="$(field "$gsoap_file" cpu_us_per_request)" \
      'BEGIN {
         printf "zvh-pga against gSOAP: %.2fx the requests/s, %.2fx the CPU per request\n", z_rps / g_rps, z_cpu / g_cpu
         printf "target: requests/s at least 1.00x (aim 1.50x); CPU per request at most 1.00x (aim 0.67x)\n"
       }'
  else
    echo "zvh-pga / gSOAP: pending (no zvh-pga figure)"
  fi
  echo "per run:"
  local file
  for file in "$work/results/"*; do
    printf '  %-10s %s\n' "$(basename "$file")" "$(cat "$file")"
  done
}

main() {
  build
  write_zvhpga_config
  make_pki || { log "the PKI could not be made"; exit 1; }
  mkdir -p "$work/results"
  log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only comparable on an idle machine)"

  start_gsoap_peer "$server_lifetime" "$server_cpu" || { log "the gSOAP peer did not start"; exit 1; }
  log "gSOAP peer on port $gsoap_port; the client generated from the WSDL calls it:"
  local gsoap_signal
  gsoap_signal=$(call_with_generated_client "$gsoap_port") \
    || { log "the generated client failed against the gSOAP peer"; exit 1; }
  write_get_signal_body "$gsoap_signal" "$work/gsoap-body.xml"

  zvhpga_pid="" zvhpga_pending=""
  if ! zvhpga_can_serve; then
    zvhpga_pending="this build's zvh-pga has no serve command"
  elif ! start_zvhpga "$server_lifetime" "$server_cpu"; then
    zvhpga_pending="zvh-pga serve did not start (its log is above)"
    zvhpga_pid=""
  else
    log "zvh-pga serve on port $zvhpga_port; the client generated from the WSDL calls it:"
    local zvhpga_signal
    if zvhpga_signal=$(call_with_generated_client "$zvhpga_port"); then
      write_get_signal_body "$zvhpga_signal" "$work/zvhpga-body.xml"
    else
      zvhpga_pending="the client generated from the WSDL could not call zvh-pga serve"
      kill "$zvhpga_pid" 2>/dev/null || true
      zvhpga_pid=""
    fi
  fi
  [[ -n "$zvhpga_pid" ]] || log "zvh-pga side pending: $zvhpga_pending"

  # The servers take turns, so that a slow drift of the machine touches both alike.
  local run
  for run in $(seq "$runs"); do
    if [[ -n "$zvhpga_pid" ]]; then
      log "run $run/$runs: zvh-pga"
      load zvhpga "$zvhpga_port" "$zvhpga_pid" "$run"
    fi
    log "run $run/$runs: gSOAP peer"
    load gsoap "$gsoap_port" "$gsoap_pid" "$run"
  done
  report
}

main "$@"
