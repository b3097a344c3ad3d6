#!/usr/bin/env bash
# Usage: generated_client_test.sh REPO BIN_DIR SERVER
#   SERVER: zvh-pga, gsoap-peer or gsoap-equal-work-peer
# The client gSOAP generates from schemas/zvhpga-v1.wsdl calls SERVER over mutual TLS on
# 127.0.0.1: it registers examples/register-signal.xml, gets the signal back, and checks the
# answers and their WS-Addressing correlation. Against zvh-pga serve this is the proof
# that a standard toolkit can use the service; against the benchmark's gSOAP peer it keeps the
# peer honest. The setup is the benchmark's own (bench/soap/servers.sh).
set -euo pipefail

readonly repo=$1 bin=$2 server=$3
readonly server_lifetime=60

work=$(mktemp -d -t zvhpga-wsdl-client.XXXXXX)
started_pids=()
source "$repo/bench/soap/servers.sh"
trap stop_servers_and_remove_work EXIT

write_zvhpga_config
make_pki
case "$server" in
  zvh-pga)
    start_zvhpga "$server_lifetime"
    port=$zvhpga_port
    ;;
  gsoap-peer)
    start_gsoap_peer "$server_lifetime"
    port=$gsoap_port
    ;;
  gsoap-equal-work-peer)
    start_equal_work_peer "$server_lifetime"
    port=$equal_port
    ;;
  *)
    echo "unknown server $server" >&2
    exit 2
    ;;
esac
signal_id=$(call_with_generated_client "$port")
[[ -n "$signal_id" ]] || { echo "FAIL: no signal identifier from $server" >&2; exit 1; }
echo "the client generated from the WSDL registered and read signal $signal_id through $server"
if [[ "$server" == gsoap-equal-work-peer ]]; then
  # The equal-work peer read the signal from its store and chained an audit record per call.
  audit=$(sqlite3 "$work/equal-work.sqlite" \
    "SELECT group_concat(action, ','), (SELECT last_seq FROM audit_head) FROM audit_record")
  [[ "$audit" == "RegisterSignal,GetSignal|2" ]] \
    || { echo "FAIL: the equal-work peer's audit trail is '$audit'" >&2; exit 1; }
  echo "the equal-work peer recorded both calls in its audit chain"
fi
