#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install dependencies, build, walk the whole PGA
# process (signal, three contributions, weegploeg decision) on the embedded SQLite store, then
# start the web service on the development PKI and call it once as the gemeente would. The
# service keeps running until Ctrl-C; docs/soap.md shows how to call it with curl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/build-common.sh

readonly config=config/zvhpga-dev.xml
readonly service_url=https://localhost:8443/zvh-pga

bash installer/setup-deps.sh
configure_and_build build
build/bin/zvh-pga demo --config "$config"

bash installer/dev-pki.sh "$config" var/pki
build/bin/zvh-pga serve --config "$config" &
service=$!
# A background job of a script ignores SIGINT, so Ctrl-C reaches the service as SIGTERM.
trap 'kill -TERM "$service" 2>/dev/null || true' INT TERM EXIT

call_as_gemeente() {
  curl -sS --fail-with-body --cacert var/pki/ca.pem \
    --cert var/pki/gemeente-utrecht.pem --key var/pki/gemeente-utrecht.key \
    -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' --data-binary '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header><wsa:To>https://localhost:8443/zvh-pga</wsa:To><wsa:Action>urn:nl:zvh-pga:contract:1/ListWorklist</wsa:Action><wsa:MessageID>urn:uuid:6a1f0c52-0d5e-4c1e-9a63-8a7d3e2b1f00</wsa:MessageID></soap:Header><soap:Body><ListWorklistRequest xmlns="urn:nl:zvh-pga:contract:1"><requestedBy><user>jan</user><role>weegploeg-member</role></requestedBy></ListWorklistRequest></soap:Body></soap:Envelope>' \
    "$service_url"
}

for _ in $(seq 50); do
  if call_as_gemeente >/dev/null 2>&1; then break; fi
  kill -0 "$service" 2>/dev/null || exit 1
  sleep 0.2
done
printf '\nThe gemeente'\''s worklist through the web service (SOAP over mutual TLS):\n'
call_as_gemeente
printf '\n\nThe service runs on %s until Ctrl-C; docs/soap.md shows the curl command.\n' "$service_url"
wait "$service"
