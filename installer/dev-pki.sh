#!/usr/bin/env bash
# The development PKI of a checkout: `zvh-pga pki dev` (adapters/cli/src/pki_command.cpp, also in
# the Debian package) for a configuration's partners, with the defaults of the source tree. It
# makes a test CA, the server certificate carrying the ZVH's OIN, the statement signing
# certificate and one client certificate per partner with a test OIN; existing files are kept.
# The command is $ZVHPGA_CLI, else this checkout's build/bin/zvh-pga.
# Usage: dev-pki.sh [CONFIG [DIR]]   (defaults: config/zvhpga-dev.xml, var/pki)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
# Arguments are relative to where the script is called from; the defaults to the repository.
config=$(realpath -m "${1:-$here/../config/zvhpga-dev.xml}")
dir=$(realpath -m "${2:-$here/../var/pki}")
cli=${ZVHPGA_CLI:-$here/../build/bin/zvh-pga}
readonly config dir cli
if [[ ! -x "$cli" ]]; then
  echo "dev-pki: $cli is not built; build it (installer/demo.sh does) or name it in ZVHPGA_CLI" >&2
  exit 1
fi
exec "$cli" pki dev --config "$config" "$dir"
