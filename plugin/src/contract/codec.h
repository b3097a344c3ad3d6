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

Request decode_request(core::Operation operation, const xmlNode& root);

// The requestedBy element a request may carry: the user and role as written (the role is
// checked against the known roles by the caller of this function).
struct RequestedBy {
  std::string user;
  std::string role;
};
std::optional<RequestedBy> requested_by(const xmlNode& root);
xml::Document encode_response(const Response& response);
xml::Document encode_error(const core::Error& error);

}  // namespace zvhpga::contract
