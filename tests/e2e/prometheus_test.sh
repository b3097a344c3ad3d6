#!/usr/bin/env bash
# A real Prometheus (Debian's prometheus package) scrapes the monitoring address of a running
# zvh-pga serve on loopback, once a second; after known traffic (three WSDL requests with a
# partner's certificate, one handshake without a certificate) its HTTP API must report them.
# promtool check metrics must pass on the exposition as served.
# Usage: prometheus_test.sh ZVH_PGA PKI_DIR
set -euo pipefail
zvh_pga=$1
pki=$2
readonly WAIT_SECONDS=30

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  for log in "$work"/*.log; do [[ -f "$log" ]] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
  exit 1
}

# A port on 127.0.0.1 that was free a moment ago.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# until_true SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds or time runs out.
until_true() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

soap_port=$(free_port)
monitoring_port=$(free_port)
prometheus_port=$(free_port)
# The plugin makes the data directory itself, mode 0700.
cat >"$work/zvhpga.xml" <<CONFIG
<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:nl:zvh-pga:config:1">
  <dataDirectory>$work/data</dataDirectory>
  <store><odbc><connectionString>Driver=SQLite3;Database=\${dataDirectory}/zvhpga.sqlite;Timeout=5000</connectionString></odbc></store>
  <partners>
    <partner><id>gemeente-utrecht</id><oin>00000099002220647000</oin><kind>gemeente</kind><name>G</name><region>midden-nederland</region></partner>
    <partner><id>zvh-utrecht</id><oin>00000099823288444000</oin><kind>zvh</kind><name>Z</name><region>midden-nederland</region></partner>
  </partners>
  <soap>
    <listen><address>127.0.0.1</address><port>$soap_port</port></listen>
    <tls>
      <certificate>$pki/server.pem</certificate>
      <privateKey>$pki/server.key</privateKey>
      <trustStore>$pki/ca.pem</trustStore>
    </tls>
    <monitoring><address>127.0.0.1</address><port>$monitoring_port</port></monitoring>
  </soap>
</configuration>
CONFIG

"$zvh_pga" serve --config "$work/zvhpga.xml" >"$work/serve.log" 2>&1 &
pids+=($!)
metrics_url="http://127.0.0.1:$monitoring_port/metrics"
until_true "$WAIT_SECONDS" curl -sf -o /dev/null "http://127.0.0.1:$monitoring_port/health/ready" ||
  fail "zvh-pga serve did not become ready"

for _ in 1 2 3; do
  curl -sf -o /dev/null --cacert "$pki/ca.pem" --cert "$pki/gemeente-utrecht.pem" \
    --key "$pki/gemeente-utrecht.key" "https://127.0.0.1:$soap_port/zvh-pga?wsdl" ||
    fail "the WSDL request was not answered"
done
if curl -sf -o /dev/null --cacert "$pki/ca.pem" "https://127.0.0.1:$soap_port/zvh-pga?wsdl"; then
  fail "a client without a certificate was answered"
fi

curl -sf "$metrics_url" >"$work/exposition.txt" || fail "no exposition at $metrics_url"
promtool check metrics <"$work/exposition.txt" >"$work/promtool.log" 2>&1 ||
  fail "promtool check metrics: $(cat "$work/promtool.log")"
# promtool reports lint problems on its output even where it exits 0 in some versions.
[[ ! -s "$work/promtool.log" ]] || fail "promtool check metrics: $(cat "$work/promtool.log")"

cat >"$work/prometheus.yml" <<CONFIG
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: zvh-pga
    static_configs:
      - targets: ["127.0.0.1:$monitoring_port"]
CONFIG
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)

# query_equals PROMQL VALUE: Prometheus's instant query answers exactly one sample of VALUE.
query_equals() {
  curl -sf --get "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$1" \
    >"$work/answer.json" 2>/dev/null || return 1
  python3 - "$work/answer.json" "$2" <<'PYTHON'
import json, sys
answer = json.load(open(sys.argv[1]))
result = answer["data"]["result"]
sys.exit(0 if answer["status"] == "success" and len(result) == 1 and result[0]["value"][1] == sys.argv[2] else 1)
PYTHON
}

until_true "$WAIT_SECONDS" query_equals 'up{job="zvh-pga"}' 1 ||
  fail "Prometheus did not scrape the monitoring address: $(cat "$work/answer.json" 2>/dev/null)"
until_true "$WAIT_SECONDS" query_equals 'zvhpga_requests_total{job="zvh-pga",operation="none",result="ok"}' 3 ||
  fail "Prometheus does not see the three requests: $(cat "$work/answer.json" 2>/dev/null)"
until_true "$WAIT_SECONDS" query_equals \
  'zvhpga_tls_handshake_failures_total{job="zvh-pga",reason="no_client_certificate"}' 1 ||
  fail "Prometheus does not see the failed handshake: $(cat "$work/answer.json" 2>/dev/null)"
echo "prometheus_test: Prometheus scraped the three requests and the failed handshake; promtool check metrics passed"
