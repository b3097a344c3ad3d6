#!/usr/bin/env bash
# The PKI of the end-to-end tests: the development PKI of installer/dev-pki.sh for the partners
# of config/zvhpga-dev.xml, plus the certificates that must be refused: one from the test CA
# whose OIN no partner has, and one with a partner's OIN from a CA nobody trusts.
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
