#!/usr/bin/env bash
# A development PKI for the web service (docs/soap.md): a test CA, a server certificate for
# localhost/127.0.0.1, and one client certificate per partner of a configuration, with the
# partner's OIN in the subject's serialNumber attribute as PKIoverheid puts it there. Only test
# OINs (prefix 00000099) get a certificate: this PKI must never look like a production one.
# Idempotent: existing keys and certificates are kept.
# Usage: dev-pki.sh [CONFIG [DIR]]   (defaults: config/zvhpga-dev.xml, var/pki)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly config=${1:-config/zvhpga-dev.xml}
readonly dir=${2:-var/pki}
readonly days=825
readonly test_oin_prefix=00000099

log() { printf 'dev-pki: %s\n' "$*"; }

mkdir -p "$dir"
chmod 700 "$dir"

new_key() { [[ -f "$1" ]] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

# issue NAME SUBJECT EXTENSIONS: NAME.key and NAME.pem, signed by the test CA.
issue() {
  local name=$1 subject=$2 extensions=$3
  [[ -f "$dir/$name.pem" ]] && return
  new_key "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile <(printf '%s\n' "$extensions") -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr"
  log "issued $dir/$name.pem ($subject)"
}

if [[ ! -f "$dir/ca.pem" ]]; then
  new_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days "$days" \
    -subj "/C=NL/O=zvh-pga development/CN=zvh-pga TEST CA - not for production" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.pem"
  log "created the test CA $dir/ca.pem"
fi

issue server "/C=NL/O=zvh-pga development/CN=localhost" \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"

# One client certificate per partner: id, OIN and name from the configuration.
xpath() { xmllint --xpath "$1" "$config" 2>/dev/null || true; }
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
  issue "$id" "/C=NL/O=${name//\//-}/CN=$id/serialNumber=$oin" \
    "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
done
log "ready in $dir"
