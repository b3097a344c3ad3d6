#pragma once
// What libxml2 found wrong with a document, told in the plugin's own words. libxml2's messages
// name its functions and internals ("xmlParseCharRef: invalid xmlChar value 0", "[facet
// 'pattern'] ..."); no caller ever reads them. Every refusal of the parser and of the schema
// validator goes through here: its code, line and element become one of the sentences below,
// the same for a SOAP fault, an ABI Error document and a configuration file's problems.
#include <libxml/xmlerror.h>

#include <string>

#include "core/error.h"

namespace zvhpga::xml {

// "line 3: <what is wrong>", for a document that is not well-formed XML. A null error (the
// parser said nothing) still gets a sentence.
std::string describe_parse_error(const xmlError* error);

// One schema violation: field is the element's name, message "line 3: <what is wrong>".
core::Problem describe_validation_error(const xmlError& error);

}  // namespace zvhpga::xml
