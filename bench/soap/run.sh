#!/usr/bin/env bash
# The SOAP benchmark, side by side in one run: zvh-pga's own service (`zvh-pga serve`) with the
# store configuration the package ships, the equal-work gSOAP peer (the same WSDL compiled by
# gSOAP 2.8, doing per request the store work zvh-pga's rules require: read the signal and its
# transitions, append an HMAC-chained audit record, commit with WAL and synchronous=FULL), and
# the bare gSOAP peer (no store: the floor), all answering GetSignal over mutual TLS keep-alive
# on 127.0.0.1. Builds what it needs, makes a throwaway PKI with installer/dev-pki.sh, starts
# each server on an ephemeral port, checks that a client generated from the WSDL can call it,
# loads the three in turn, and prints the configuration measured, the machine's load, the median
# of each figure over the runs (requests/s, server CPU per request, p50/p99 latency, peak
# memory) and the ratios the targets name.
# Loopback only; every process it starts ends with it. What is measured: docs/soap-benchmark.md.
#
# Usage: bench/soap/run.sh
# Environment: CONNECTIONS (8), DURATION seconds per run (10), WARMUP seconds (2), RUNS (3; each
# figure is the median over the runs), BUILD_DIR (build-bench), STORE_OPTIONS (appended to the
# shipped SQLite connection string, for experiments), IO_THREADS and WORKER_THREADS (zvh-pga's
# soap/limits/ioThreads and workerThreads, and the equal-work peer's store workers; zvh-pga's
# defaults when unset).
set -euo pipefail

readonly repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly build_dir=${BUILD_DIR:-$repo/build-bench}
readonly bin=$build_dir/bin
readonly connections=${CONNECTIONS:-8} duration=${DURATION:-10} warmup=${WARMUP:-2} runs=${RUNS:-3}
# engineering.md §2.4: on two cores an unpinned load generator takes CPU from the server, so
# the generator runs on CPU 0 and the server under test on CPU 1.
readonly load_cpu=0 server_cpu=1
# Each server is stopped by this script; the lifetime is the bound if the script itself dies.
readonly server_lifetime=$(( (warmup + duration + 5) * runs * 3 + 120 ))

work=$(mktemp -d -t zvhpga-soap-bench.XXXXXX)
started_pids=()
source "$repo/bench/soap/servers.sh"

log() { printf 'run.sh: %s\n' "$*" >&2; }

trap stop_servers_and_remove_work EXIT

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

load() {
  local name=$1 port=$2 pid=$3 run=$4 load_at_start
  load_at_start=$(cut -d' ' -f1 /proc/loadavg)
  taskset -c "$load_cpu" "$bin/zvhpga-bench-load" --port "$port" --path / \
    --cert "$client_certificate" --key "$client_key" --ca "$work/pki/ca.pem" \
    --body "$work/$name-body.xml" --action "$contract_namespace/GetSignal" --expect GetSignalResponse \
    --server-pid "$pid" --connections "$connections" --duration "$duration" --warmup "$warmup" \
    >"$work/results/$name.$run.tmp" || log "$name run $run counted no answer"
  # The load at the start of the run goes with its figures: the machine may be shared.
  printf 'load=%s %s\n' "$load_at_start" "$(cat "$work/results/$name.$run.tmp")" >"$work/results/$name.$run"
  rm -f "$work/results/$name.$run.tmp"
}

field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" "$1"; }

# The median over the runs of one figure of one server.
median_field() {
  local name=$1 key=$2 file
  for file in "$work/results/$name".*; do
    field "$file" "$key"
  done | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

print_row() {
  local label=$1 name=$2
  printf '%-24s %9s %12s %9s %9s %12s %7s %11s\n' "$label" "$(median_field "$name" rps)" \
    "$(median_field "$name" cpu_us_per_request)" "$(median_field "$name" p50_us)" \
    "$(median_field "$name" p99_us)" \
    "$(awk -v kib="$(median_field "$name" peak_rss_kib)" 'BEGIN { printf "%.1f", kib / 1024 }')" \
    "$(median_field "$name" errors)" "$(median_field "$name" reconnects)"
}

report() {
  local any_file
  any_file=$(ls "$work/results/"gsoap.* | head -1)
  echo
  echo "GetSignal over mutual TLS keep-alive, $connections connections, ${duration}s per run after ${warmup}s warm-up,"
  echo "median of $runs alternating run(s) per figure; servers on CPU $server_cpu, load generator on CPU $load_cpu"
  echo "TLS: $(field "$any_file" tls); request $(field "$any_file" request_bytes) bytes on the wire"
  echo "zvh-pga store (shipped config/zvhpga-installed.xml${STORE_OPTIONS:+ + STORE_OPTIONS}): $zvhpga_connection_string; maxConnections $shipped_max_connections; group commit (SQLite has one writer)"
  echo "zvh-pga threads: ioThreads ${IO_THREADS:-2 (default)}, workerThreads ${WORKER_THREADS:-4 (default)}"
  echo "equal-work peer: SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1) C API, WAL, synchronous=FULL, ${WORKER_THREADS:-4} reader connections, one group-committing writer; one thread per connection"
  echo "load average: before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-24s %9s %12s %9s %9s %12s %7s %11s\n' server 'req/s' 'CPU µs/req' 'p50 µs' 'p99 µs' \
    'peak RSS MiB' errors reconnects
  local gsoap_version
  gsoap_version=$(soapcpp2 -V 2>&1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
  if [[ -n "${zvhpga_pid:-}" ]]; then
    print_row "zvh-pga" zvhpga
  else
    printf '%-24s %s\n' "zvh-pga" "pending: $zvhpga_pending"
  fi
  print_row "gSOAP $gsoap_version equal work" equal
  print_row "gSOAP $gsoap_version bare" gsoap
  echo
  if [[ -n "${zvhpga_pid:-}" ]]; then
    awk -v z_rps="$(median_field zvhpga rps)" -v e_rps="$(median_field equal rps)" \
        -v z_cpu="$(median_field zvhpga cpu_us_per_request)" \
        -v e_cpu="$(median_field equal cpu_us_per_request)" \
        -v g_cpu="$(median_field gsoap cpu_us_per_request)" \
      'BEGIN {
         printf "zvh-pga against the equal-work peer: %.2fx the requests/s (target >= 1.00x, aim 1.50x), %.2fx the CPU per request (target <= 1.00x, aim 0.67x)\n", z_rps / e_rps, z_cpu / e_cpu
         printf "zvh-pga against the bare peer: %.2fx the CPU per request (target <= 3x, aim 2x)\n", z_cpu / g_cpu
       }'
  else
    echo "zvh-pga ratios: pending (no zvh-pga figure)"
  fi
  echo "per run (load average at its start):"
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
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  log "load average before the run: $load_before (figures are only comparable on an idle machine)"

  start_gsoap_peer "$server_lifetime" "$server_cpu" || { log "the gSOAP peer did not start"; exit 1; }
  log "bare gSOAP peer on port $gsoap_port; the client generated from the WSDL calls it:"
  local gsoap_signal
  gsoap_signal=$(call_with_generated_client "$gsoap_port") \
    || { log "the generated client failed against the gSOAP peer"; exit 1; }
  write_get_signal_body "$gsoap_signal" "$work/gsoap-body.xml"

  start_equal_work_peer "$server_lifetime" "$server_cpu" \
    || { log "the equal-work gSOAP peer did not start"; exit 1; }
  log "equal-work gSOAP peer on port $equal_port; the client generated from the WSDL calls it:"
  local equal_signal
  equal_signal=$(call_with_generated_client "$equal_port") \
    || { log "the generated client failed against the equal-work peer"; exit 1; }
  write_get_signal_body "$equal_signal" "$work/equal-body.xml"

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

  # The servers take turns, so that a slow drift of the machine touches all alike.
  local run
  for run in $(seq "$runs"); do
    if [[ -n "$zvhpga_pid" ]]; then
      log "run $run/$runs: zvh-pga"
      load zvhpga "$zvhpga_port" "$zvhpga_pid" "$run"
    fi
    log "run $run/$runs: equal-work gSOAP peer"
    load equal "$equal_port" "$equal_pid" "$run"
    log "run $run/$runs: bare gSOAP peer"
    load gsoap "$gsoap_port" "$gsoap_pid" "$run"
  done
  report
}

main "$@"
