#pragma once
// SOAP 1.1 envelopes with WS-Addressing 1.0 headers, read and written by hand: the envelope is
// parsed by the plugin's hardened parser (xml::parse_untrusted) and its structure is checked
// element by element, so nothing but one Body child and the WS-Addressing headers gets through.
#include <string>
#include <string_view>
#include <variant>

#include "soap/fault.h"
#include "xml/document.h"

namespace zvhpga::soap {

inline constexpr std::string_view kSoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kAddressingNamespace = "http://www.w3.org/2005/08/addressing";
inline constexpr std::string_view kAnonymousAddress =
    "http://www.w3.org/2005/08/addressing/anonymous";
// WS-I Basic Profile: SOAP 1.1 over HTTP is text/xml; Digikoppeling allows UTF-8 only.
inline constexpr std::string_view kSoapContentType = "text/xml; charset=utf-8";

// The WS-Addressing headers of one message; an empty field is an absent header.
struct Addressing {
  std::string to;
  std::string action;
  std::string message_id;
  std::string relates_to;
};

// Which headers a message must carry (Digikoppeling WA001): a request To, Action and
// MessageID; a response Action, MessageID and RelatesTo.
enum class MessageKind { Request, Response };

struct Envelope {
  xml::Document document;
  Addressing addressing;
  const xmlNode* body_child = nullptr;  // inside document
};

// A message refused: its fault, and its wsa:MessageID when that could be read (a SOAP 1.1
// Header holding exactly one), which the fault's wsa:RelatesTo then names.
struct RefusedEnvelope {
  Fault fault;
  std::string message_id;
};

// Checks the HTTP Content-Type, the encoding, the envelope's structure and its headers.
std::variant<Envelope, RefusedEnvelope> read_envelope(std::string_view content_type, std::string_view bytes,
                                            std::size_t max_bytes, MessageKind kind);

// The Body child as a document of its own, with every namespace it uses declared on it.
std::string body_document(const Envelope& envelope);

// An envelope with the given headers (empty ones left out) around body_element, an XML
// element without XML declaration.
std::string write_envelope(const Addressing& addressing, std::string_view body_element);

// The soap:Fault element for a Body.
std::string fault_element(const Fault& fault);

}  // namespace zvhpga::soap
