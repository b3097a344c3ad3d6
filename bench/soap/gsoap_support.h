#pragma once

#include <stdsoap2.h>

namespace zvhpga::bench {

// gSOAP checks the length, enumeration and occurrence facets of the generated types itself in
// SOAP_XML_STRICT mode, but leaves xs:pattern facets to a callback. Installs one, so that the
// gSOAP side checks every facet of the contract, as libxml2's XSD validation does on ours.
void validate_patterns(soap* context);

}  // namespace zvhpga::bench
