#!/usr/bin/env bash
# Usage: wsdl_toolkit_test.sh WSDL XSD WORK_DIR
# Fails when the WSDL is not what generate_wsdl.sh makes of the contract XSD, or when gSOAP's
# wsdl2h or soapcpp2 reports an error or a warning on it, or wsdl2h misses an operation's
# WS-Addressing actions. A warning counts as a failure because wsdl2h warns when it had to guess
# (an unresolved type, an unknown extension), and a guess generates a client that does not speak
# the contract.
set -euo pipefail

readonly wsdl=$1 xsd=$2 work_dir=$3
readonly contract_namespace=urn:nl:zvh-pga:contract:1

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The WSDL is generated from the contract XSD (generate_wsdl.sh): it must be what the generator
# makes of the XSD now, or an operation or a schema change is missing from it.
check_wsdl_is_generated_from_the_contract() {
  bash "$(dirname "${BASH_SOURCE[0]}")/generate_wsdl.sh" "$xsd" "$work_dir/expected.wsdl"
  if ! diff "$work_dir/expected.wsdl" "$wsdl" >"$work_dir/wsdl.diff"; then
    head -40 "$work_dir/wsdl.diff" >&2
    fail "$(basename "$wsdl") is not what tests/wsdl/generate_wsdl.sh makes of $(basename "$xsd")" \
         "(diff above: < is the generated one); run tests/wsdl/generate_wsdl.sh"
  fi
}

# Runs a gSOAP tool, keeps its output, and fails on a nonzero exit or any error or warning line.
run_gsoap_tool() {
  local name=$1; shift
  local log="$work_dir/$name.log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "$name exited with an error"
  fi
  if grep -inE '(^|[^a-z])(error|warning)' "$log" | grep -viE 'Compilation successful|0 errors' >&2; then
    fail "$name reported the lines above"
  fi
}

# Every <Operation>Request element of the contract is an operation of the service.
contract_operations() {
  grep -oP '^  <xs:element name="\K\w+(?=Request"[ >])' "$xsd"
}

check_actions_understood() {
  local header=$1 operation
  for operation in $(contract_operations); do
    grep -qE "method-input-action:[[:space:]]+$operation $contract_namespace/$operation\$" "$header" \
      || fail "wsdl2h did not take the WS-Addressing action of $operation"
    grep -qE "method-output-action:[[:space:]]+$operation $contract_namespace/${operation}Response\$" "$header" \
      || fail "wsdl2h did not take the WS-Addressing response action of $operation"
  done
  grep -q '#import "wsa5.h"' "$header" \
    || fail "wsdl2h did not see that the binding requires WS-Addressing 1.0"
}

main() {
  if ! command -v wsdl2h >/dev/null || ! command -v soapcpp2 >/dev/null; then
    echo "SKIPPED: gSOAP's wsdl2h and soapcpp2 are not installed (Debian package gsoap;" \
         "installer/setup-deps.sh installs it)"
    exit 77
  fi
  local gsoap_share
  gsoap_share="$(dirname "$(command -v wsdl2h)")/../share/gsoap"
  rm -rf "$work_dir" && mkdir -p "$work_dir"

  xmllint --noout "$wsdl" || fail "$(basename "$wsdl") is not well-formed XML"
  check_wsdl_is_generated_from_the_contract

  run_gsoap_tool wsdl2h wsdl2h -t "$gsoap_share/WS/typemap.dat" -o "$work_dir/zvhpga.h" "$wsdl"
  check_actions_understood "$work_dir/zvhpga.h"
  (cd "$work_dir" && run_gsoap_tool soapcpp2 soapcpp2 -j -L -x \
    -I"$gsoap_share/import:$gsoap_share" zvhpga.h)
  [[ -s "$work_dir/soapZvhPgaSoap11BindingProxy.cpp" ]] \
    || fail "soapcpp2 generated no client proxy"
  echo "wsdl2h $(wsdl2h -V 2>&1 | head -1) and soapcpp2 read $(basename "$wsdl") cleanly"
}

main
