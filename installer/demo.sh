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

call_as_gemeente() { bash installer/call-service.sh "$service_url" var/pki gemeente-utrecht; }

for _ in $(seq 50); do
  if call_as_gemeente >/dev/null 2>&1; then break; fi
  kill -0 "$service" 2>/dev/null || exit 1
  sleep 0.2
done
printf '\nThe gemeente'\''s worklist through the web service (SOAP over mutual TLS):\n'
call_as_gemeente
printf '\n\nThe service runs on %s until Ctrl-C; docs/soap.md shows the curl command.\n' "$service_url"
wait "$service"
