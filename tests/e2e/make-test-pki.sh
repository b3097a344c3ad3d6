#!/usr/bin/env bash
# The PKI of the end-to-end tests: the development PKI of installer/dev-pki.sh (zvh-pga pki dev,
# the command $ZVHPGA_CLI names) for the partners of config/zvhpga-dev.xml, with the ZVH's
# statement signing certificate the doctor tests use, plus the certificates that must be
# refused: one from the test CA whose OIN no partner has, and one with a partner's OIN from a
# CA nobody trusts.
# Usage: make-test-pki.sh DIR
set -euo pipefail
dir=$(realpath -m "$1")
readonly dir
readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/installer/pki-common.sh"

bash "$root/installer/dev-pki.sh" "$root/config/zvhpga-dev.xml" "$dir" >/dev/null
issue "$dir" ca stranger "/C=NL/O=Stranger/CN=stranger/serialNumber=00000099999999999999" 30 \
  "$CLIENT_EXTENSIONS"
new_ca "$dir" other-ca "/CN=Untrusted CA" 30
issue "$dir" other-ca impostor \
  "/C=NL/O=Impostor/CN=gemeente-utrecht/serialNumber=00000099002220647000" 30 "$CLIENT_EXTENSIONS"

# Host platform certificates for the client tests (host_delivery_test.cpp): one from the test CA
# for another host name, and one for localhost from the CA nobody trusts.
readonly HOST_EXTENSIONS="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"
issue "$dir" ca wrong-host "/C=NL/O=Elsewhere/CN=elsewhere.example" 30 \
  "$HOST_EXTENSIONS
subjectAltName=DNS:elsewhere.example"
issue "$dir" other-ca untrusted-host "/C=NL/O=Impostor/CN=localhost" 30 \
  "$HOST_EXTENSIONS
subjectAltName=DNS:localhost,IP:127.0.0.1"

# A partner certificate the test CA revoked, and the CRL saying so.
issue "$dir" ca revoked "/C=NL/O=Revoked/CN=politie-old/serialNumber=00000099003214345000" 30 \
  "$CLIENT_EXTENSIONS"
if [[ ! -f "$dir/crl.pem" ]]; then
  database="$dir/ca-database"
  mkdir -p "$database"
  : >"$database/index.txt"
  echo 01 >"$database/crlnumber"
  cat >"$database/ca.cnf" <<CONFIG
[ca]
default_ca = test
[test]
database = $database/index.txt
crlnumber = $database/crlnumber
default_md = sha256
default_crl_days = 30
CONFIG
  openssl ca -config "$database/ca.cnf" -keyfile "$dir/ca.key" -cert "$dir/ca.pem" \
    -revoke "$dir/revoked.pem" 2>/dev/null
  openssl ca -config "$database/ca.cnf" -keyfile "$dir/ca.key" -cert "$dir/ca.pem" \
    -gencrl -out "$dir/crl.pem" 2>/dev/null
fi

# A web service certificate that expired yesterday, for the readiness test (monitoring_test.cpp).
issue "$dir" ca expired-server "/C=NL/O=zvh-pga development/CN=localhost/serialNumber=00000099823288444000" -1 \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"
