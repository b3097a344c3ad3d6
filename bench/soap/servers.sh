# Sourced by bench/soap/run.sh and tests/wsdl/generated_client_test.sh: a throwaway setup in
# which the zvh-pga service and the gSOAP peer serve on 127.0.0.1 with one PKI, and the client
# generated from the WSDL calls either. Needs: repo, bin (the build's bin directory), work (an
# empty scratch directory), and started_pids (an array of process ids, or negated process group
# ids); the caller's exit trap calls stop_servers_and_remove_work. Every server is started with a
# lifetime, so none outlives a caller that died.

# The GetSignal request every benchmark sends, about signal_id, into file.
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

# Ends every server in started_pids and removes the scratch directory.
stop_servers_and_remove_work() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill -- "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}

readonly contract_namespace=urn:nl:zvh-pga:contract:1
readonly bench_partner_id=bench-gemeente
readonly bench_partner_oin=00000099000000000001  # the 00000099 prefix marks a test OIN

# The store configuration the package ships (config/zvhpga-installed.xml): its SQLite connection
# string and connection count, so that what is measured is what is installed.
shipped_connection_string=$(sed -n 's:.*<connectionString>\(.*\)</connectionString>.*:\1:p' \
  "$repo/config/zvhpga-installed.xml" | head -1)
shipped_max_connections=$(sed -n 's:.*<maxConnections>\(.*\)</maxConnections>.*:\1:p' \
  "$repo/config/zvhpga-installed.xml" | head -1)

# The zvh-pga configuration: an empty SQLite store of its own with the shipped store settings
# (STORE_OPTIONS, when set, are appended to its connection string), one partner (a gemeente) whose client certificate the PKI
# below issues, the web service on an ephemeral port (IO_THREADS and WORKER_THREADS, when set,
# become its soap/limits/ioThreads and workerThreads).
write_zvhpga_config() {
  zvhpga_connection_string=$shipped_connection_string${STORE_OPTIONS:+;$STORE_OPTIONS}
  mkdir -p "$work/zvhpga" && mkdir -m 0700 "$work/zvhpga/data"
  local limits=""
  [[ -z "${IO_THREADS:-}" ]] || limits+="<ioThreads>$IO_THREADS</ioThreads>"
  [[ -z "${WORKER_THREADS:-}" ]] || limits+="<workerThreads>$WORKER_THREADS</workerThreads>"
  [[ -z "$limits" ]] || limits="<limits>$limits</limits>"
  cat >"$work/zvhpga/zvhpga.xml" <<CONFIG
<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:nl:zvh-pga:config:1">
  <dataDirectory>data</dataDirectory>
  <store>
    <odbc>
      <connectionString>$zvhpga_connection_string</connectionString>
      <maxConnections>$shipped_max_connections</maxConnections>
    </odbc>
  </store>
  <partners>
    <partner>
      <id>$bench_partner_id</id>
      <oin>$bench_partner_oin</oin>
      <kind>gemeente</kind>
      <name>Bench gemeente</name>
      <region>midden-nederland</region>
    </partner>
  </partners>
  <soap>
    <listen>
      <address>127.0.0.1</address>
      <port>0</port>
    </listen>
    <tls>
      <certificate>$work/pki/server.pem</certificate>
      <privateKey>$work/pki/server.key</privateKey>
      <trustStore>$work/pki/ca.pem</trustStore>
    </tls>$limits
  </soap>
</configuration>
CONFIG
}

# The development PKI of installer/dev-pki.sh for that configuration, plus the one-file
# key-and-certificate form gSOAP reads.
make_pki() {
  ZVHPGA_CLI="$bin/zvh-pga" "$repo/installer/dev-pki.sh" "$work/zvhpga/zvhpga.xml" "$work/pki" >"$work/pki.log" 2>&1 \
    || { cat "$work/pki.log" >&2; return 1; }
  cat "$work/pki/server.key" "$work/pki/server.pem" >"$work/pki/server-key-and-cert.pem"
  cat "$work/pki/$bench_partner_id.key" "$work/pki/$bench_partner_id.pem" >"$work/pki/client-key-and-cert.pem"
  client_certificate=$work/pki/$bench_partner_id.pem
  client_key=$work/pki/$bench_partner_id.key
}

# Waits up to 20 s for a server's log to name its port; prints the port.
await_port() {
  local log_file=$1 pid=$2 port
  for _ in $(seq 200); do
    port=$(grep -oE 'port [0-9]+' "$log_file" 2>/dev/null | head -1 | grep -oE '[0-9]+' || true)
    if [[ -n "$port" ]]; then
      printf '%s\n' "$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# start_peer NAME LIFETIME TASKSET_CPU [OPTION...]: starts the gSOAP peer with the options;
# sets NAME_pid and NAME_port.
start_peer() {
  local name=$1 lifetime=$2 pin=(${3:+taskset -c "$3"}) log_file=$work/$1.log pid port
  shift 3
  "${pin[@]}" "$bin/zvhpga-bench-gsoap-server" --key-and-cert "$work/pki/server-key-and-cert.pem" \
    --ca "$work/pki/ca.pem" --port 0 --lifetime "$lifetime" "$@" >"$log_file" 2>&1 &
  pid=$!
  started_pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"
  port=$(await_port "$log_file" "$pid") || { cat "$log_file" >&2; return 1; }
  printf -v "${name}_port" '%s' "$port"
}

# start_gsoap_peer LIFETIME [TASKSET_CPU]: the bare peer (no store); sets gsoap_pid and gsoap_port.
start_gsoap_peer() { start_peer gsoap "$1" "${2:-}"; }

# start_equal_work_peer LIFETIME [TASKSET_CPU]: the peer that does zvh-pga's store work per
# request (bench/soap/equal_work_store.h) with as many store workers as zvh-pga has worker
# threads; sets equal_pid and equal_port.
start_equal_work_peer() {
  start_peer equal "$1" "${2:-}" --store "$work/equal-work.sqlite" --workers "${WORKER_THREADS:-4}"
}

# Whether this build's zvh-pga command has the serve command.
zvhpga_can_serve() {
  [[ -x "$bin/zvh-pga" ]] && "$bin/zvh-pga" --help 2>&1 | grep -qw serve
}

# start_zvhpga LIFETIME [TASKSET_CPU]: sets zvhpga_pid and zvhpga_port.
start_zvhpga() {
  local lifetime=$1 pin=(${2:+taskset -c "$2"}) log_file=$work/zvhpga.log
  "${pin[@]}" "$bin/zvh-pga" serve --config "$work/zvhpga/zvhpga.xml" >"$log_file" 2>&1 &
  zvhpga_pid=$!
  started_pids+=("$zvhpga_pid")
  # The watchdog runs in a process group of its own, recorded negated, so that the caller's kill
  # ends its sleep too; a sleep left behind would hold the caller's output open until it ends.
  setsid bash -c 'sleep "$1"; kill "$2" 2>/dev/null' watchdog "$lifetime" "$zvhpga_pid" \
    </dev/null >/dev/null 2>&1 &
  started_pids+=("-$!")
  zvhpga_port=$(await_port "$log_file" "$zvhpga_pid") || { cat "$log_file" >&2; return 1; }
}

# call_with_generated_client PORT: the gSOAP client generated from the WSDL registers
# examples/register-signal.xml and gets it back; its report goes to stderr, and the signal's
# identifier to stdout.
call_with_generated_client() {
  local port=$1 output
  output=$("$bin/zvhpga-bench-gsoap-client" --url "https://127.0.0.1:$port/" \
    --key-and-cert "$work/pki/client-key-and-cert.pem" --ca "$work/pki/ca.pem" \
    --register "$repo/examples/register-signal.xml" --user bench --role intake-officer 2>&1) \
    || { printf '%s\n' "$output" >&2; return 1; }
  printf '%s\n' "$output" | sed 's/^/    /' >&2
  printf '%s\n' "$output" | sed -n 's/^RegisterSignal: signalId \([0-9a-f-]*\),.*/\1/p'
}
