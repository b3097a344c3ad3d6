#!/usr/bin/env bash
# A development PKI for the web service (docs/soap.md): a test CA, a server certificate for
# localhost/127.0.0.1, and one client certificate per partner of a configuration, with the
# partner's OIN in the subject's serialNumber attribute as PKIoverheid puts it there. Only test
# OINs (prefix 00000099) get a certificate: this PKI must never look like a production one.
# Idempotent: existing keys and certificates are kept.
# Usage: dev-pki.sh [CONFIG [DIR]]   (defaults: config/zvhpga-dev.xml, var/pki)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
source "$here/pki-common.sh"
# Arguments are relative to where the script is called from; the defaults to the repository.
config=$(realpath -m "${1:-$here/../config/zvhpga-dev.xml}")
dir=$(realpath -m "${2:-$here/../var/pki}")
readonly config dir
readonly days=825
readonly test_oin_prefix=00000099

log() { printf 'dev-pki: %s\n' "$*"; }

mkdir -p "$dir"
chmod 700 "$dir"

xpath() { xmllint --xpath "$1" "$config" 2>/dev/null || true; }

new_ca "$dir" ca "/C=NL/O=zvh-pga development/CN=zvh-pga TEST CA - not for production" "$days"
# The service runs at the ZVH: its certificate carries the ZVH's OIN, as a PKIoverheid server
# certificate does, and requests whose wsa:To names another OIN are refused (docs/soap.md).
service_oin=$(xpath "string(//*[local-name()='partner'][*[local-name()='kind']='zvh'][1]/*[local-name()='oin'])")
service_subject="/C=NL/O=zvh-pga development/CN=localhost"
if [[ "$service_oin" == "$test_oin_prefix"* ]]; then
  service_subject+="/serialNumber=$service_oin"
fi
issue "$dir" ca server "$service_subject" "$days" \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"

# One client certificate per partner: id, OIN and name from the configuration.
partners=$(xpath "count(//*[local-name()='partner'])")
for ((i = 1; i <= ${partners:-0}; i++)); do
  partner="//*[local-name()='partner'][$i]"
  id=$(xpath "string($partner/*[local-name()='id'])")
  oin=$(xpath "string($partner/*[local-name()='oin'])")
  name=$(xpath "string($partner/*[local-name()='name'])")
  if [[ "$oin" != "$test_oin_prefix"* ]]; then
    log "skipped $id: $oin is no test OIN (prefix $test_oin_prefix)"
    continue
  fi
  issue "$dir" ca "$id" "/C=NL/O=${name//\//-}/CN=$id/serialNumber=$oin" "$days" "$CLIENT_EXTENSIONS"
done
log "ready in $dir: ca.pem, server.pem/.key and <partner id>.pem/.key"
