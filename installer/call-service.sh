#!/usr/bin/env bash
# Calls a running zvh-pga web service once, the way a partner's system does: SOAP 1.1 over
# mutual TLS with WS-Addressing, ListWorklist as a weegploeg member of PARTNER. Prints the
# response envelope; exits non-zero (curl's code) when there is no 2xx answer.
# Usage: call-service.sh URL PKI_DIR PARTNER   (PKI_DIR as installer/dev-pki.sh makes it)
set -euo pipefail
readonly url=$1 pki=$2 partner=$3
curl -sS --fail-with-body --cacert "$pki/ca.pem" \
  --cert "$pki/$partner.pem" --key "$pki/$partner.key" \
  -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' --data-binary @- "$url" <<SOAP
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header><wsa:To>$url</wsa:To><wsa:Action>urn:nl:zvh-pga:contract:1/ListWorklist</wsa:Action><wsa:MessageID>urn:uuid:$(cat /proc/sys/kernel/random/uuid)</wsa:MessageID></soap:Header><soap:Body><ListWorklistRequest xmlns="urn:nl:zvh-pga:contract:1"><requestedBy><user>jan</user><role>weegploeg-member</role></requestedBy></ListWorklistRequest></soap:Body></soap:Envelope>
SOAP
