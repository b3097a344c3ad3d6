#pragma once
// Between contract documents and typed messages. Decoding assumes the document passed schema
// validation; encoding produces documents that must pass it (the pipeline checks both).
#include <optional>
#include <string>
#include <string_view>

#include "contract/messages.h"
#include "core/result.h"
#include "xml/document.h"

namespace zvhpga::contract {

inline constexpr const char* kNamespace = "urn:nl:zvh-pga:contract:1";

// Which operation a document's root element asks for, if it is a request of this contract.
std::optional<core::Operation> identify_operation(const xmlNode& root);

// The operation's message alone, without requestedBy.
Request decode_request(core::Operation operation, const xmlNode& root);
// The whole request: its message and its requestedBy. The pipeline decodes a request this way
// only, so requestedBy is read from the document in one place.
DecodedRequest decode(core::Operation operation, const xmlNode& root);
xml::Document encode_response(const Response& response);
xml::Document encode_error(const core::Error& error);

}  // namespace zvhpga::contract
