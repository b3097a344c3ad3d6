#include "soap/envelope.h"

#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::soap {
namespace {

constexpr std::string_view kNoneAddress = "http://www.w3.org/2005/08/addressing/none";

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<std::uint8_t>(bytes[i]);
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, minimum = 0x80, code_point = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, minimum = 0x800, code_point = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, minimum = 0x10000, code_point = lead & 0x07u;
    } else {
      return false;
    }
    if (bytes.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<std::uint8_t>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

// The encoding named in the XML declaration, if there is one.
std::optional<std::string_view> declared_encoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 5) != "<?xml") return std::nullopt;
  const std::string_view declaration = bytes.substr(0, bytes.find("?>"));
  const auto at = declaration.find("encoding");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = trim(declaration.substr(at + 8));
  if (rest.empty() || rest.front() != '=') return std::string_view();
  rest = trim(rest.substr(1));
  const auto end = rest.find_first_of(" \t\r\n");
  return unquote(rest.substr(0, end));
}

// The media type must be text/xml; a charset, when given, must be UTF-8.
std::optional<Fault> check_content_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!equals_ignoring_case(trim(content_type.substr(0, semicolon)), "text/xml"))
    return envelope_fault(FaultCode::InvalidEnvelope);
  std::string_view parameters =
      semicolon == std::string_view::npos ? std::string_view() : content_type.substr(semicolon + 1);
  while (!parameters.empty()) {
    const auto next = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, next));
    const auto equals = parameter.find('=');
    if (equals != std::string_view::npos &&
        equals_ignoring_case(trim(parameter.substr(0, equals)), "charset") &&
        !equals_ignoring_case(unquote(trim(parameter.substr(equals + 1))), "utf-8"))
      return envelope_fault(FaultCode::NotUtf8);
    parameters = next == std::string_view::npos ? std::string_view() : parameters.substr(next + 1);
  }
  return std::nullopt;
}

bool is_in(const xmlNode& element, std::string_view namespace_uri, std::string_view name) {
  return xml::namespace_uri(element) == namespace_uri && xml::local_name(element) == name;
}

// The element children of a SOAP structure element, or nullopt if it holds anything else than
// elements, comments and white space (text, processing instructions).
std::optional<std::vector<const xmlNode*>> structure_children(const xmlNode& parent) {
  std::vector<const xmlNode*> elements;
  for (const xmlNode* node = parent.children; node != nullptr; node = node->next) {
    switch (node->type) {
      case XML_ELEMENT_NODE: elements.push_back(node); break;
      case XML_COMMENT_NODE: break;
      case XML_TEXT_NODE:
        if (!trim(xml::from_xml(node->content)).empty()) return std::nullopt;
        break;
      default: return std::nullopt;
    }
  }
  return elements;
}

// An endpoint reference holds exactly one wsa:Address (Digikoppeling WA001).
std::optional<std::string> endpoint_address(const xmlNode& reference) {
  const auto children = structure_children(reference);
  if (!children || children->size() != 1 || !is_in(*children->front(), kAddressingNamespace, "Address"))
    return std::nullopt;
  return std::string(trim(xml::text(*children->front())));
}

class HeaderReader {
 public:
  explicit HeaderReader(MessageKind kind) : kind_(kind) {}

  // The fault for the first block that is not allowed; every block is read all the same, so
  // that the MessageID is known for the fault's RelatesTo wherever it stands.
  std::optional<Fault> read(const xmlNode& header) {
    const auto blocks = structure_children(header);
    if (!blocks) return envelope_fault(FaultCode::InvalidEnvelope);
    std::optional<Fault> first;
    for (const xmlNode* block : *blocks) {
      std::optional<Fault> fault;
      if (xml::namespace_uri(*block) != kAddressingNamespace)
        fault = envelope_fault(FaultCode::NonWsaHeader);
      else if (!accept(*block))
        fault = envelope_fault(FaultCode::WrongHeaderValue);
      if (fault && !first) first = std::move(fault);
    }
    return first;
  }

  // The MessageID, when exactly one was sent and it could be read; else empty.
  std::string readable_message_id() const {
    return message_ids_ == 1 ? addressing_.message_id : std::string();
  }

  std::optional<Fault> check_required() const {
    if (kind_ == MessageKind::Request && addressing_.to.empty())
      return envelope_fault(FaultCode::MissingTo);
    if (addressing_.action.empty()) return envelope_fault(FaultCode::MissingAction);
    if (addressing_.message_id.empty()) return envelope_fault(FaultCode::MissingMessageId);
    if (kind_ == MessageKind::Response && addressing_.relates_to.empty())
      return envelope_fault(FaultCode::MissingRelatesTo);
    return std::nullopt;
  }

  Addressing take() { return std::move(addressing_); }

 private:
  // Whether the block is a WS-Addressing header with a value Digikoppeling allows, seen once.
  bool accept(const xmlNode& block) {
    const std::string_view name = xml::local_name(block);
    if (name == "To") return set_once(addressing_.to, block);
    if (name == "Action") return set_once(addressing_.action, block);
    if (name == "MessageID") {
      ++message_ids_;
      return set_once(addressing_.message_id, block);
    }
    if (name == "RelatesTo") return set_once(addressing_.relates_to, block);
    if (name == "From") return seen_once(name) && endpoint_address(block).has_value();
    if (name == "ReplyTo" || name == "FaultTo") {
      // This service answers on the connection it was asked on, nowhere else.
      const auto address = endpoint_address(block);
      return seen_once(name) && address && (*address == kAnonymousAddress || *address == kNoneAddress);
    }
    return false;
  }

  bool set_once(std::string& field, const xmlNode& block) {
    if (!field.empty() || xmlFirstElementChild(const_cast<xmlNode*>(&block)) != nullptr) return false;
    field = trim(xml::text(block));
    return !field.empty();
  }

  bool seen_once(std::string_view name) {
    const bool first = std::find(seen_.begin(), seen_.end(), name) == seen_.end();
    seen_.push_back(name);
    return first;
  }

  MessageKind kind_;
  Addressing addressing_;
  int message_ids_ = 0;
  std::vector<std::string_view> seen_;
};

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  out += "<wsa:";
  out += name;
  out += '>';
  append_escaped(out, value);
  out += "</wsa:";
  out += name;
  out += '>';
}

}  // namespace

std::variant<Envelope, RefusedEnvelope> read_envelope(std::string_view content_type,
                                                     std::string_view bytes, std::size_t max_bytes,
                                                     MessageKind kind) {
  const auto refuse = [](Fault fault, std::string message_id = {}) {
    return RefusedEnvelope{std::move(fault), std::move(message_id)};
  };
  if (auto fault = check_content_type(content_type)) return refuse(*fault);
  if (!is_utf8(bytes)) return refuse(envelope_fault(FaultCode::NotUtf8));
  if (const auto encoding = declared_encoding(bytes); encoding && !equals_ignoring_case(*encoding, "utf-8"))
    return refuse(envelope_fault(FaultCode::NotUtf8));

  // Every parser refusal (DOCTYPE, entities, depth, size, syntax) is the same fault: what the
  // parser said stays here.
  auto parsed = xml::parse_untrusted(bytes, max_bytes);
  if (!parsed) return refuse(envelope_fault(FaultCode::InvalidEnvelope));
  Envelope envelope{std::move(parsed.value()), {}, nullptr};

  const xmlNode& root = *xmlDocGetRootElement(envelope.document.get());
  if (xml::local_name(root) == "Envelope" && xml::namespace_uri(root) != kSoapNamespace)
    return refuse(version_mismatch_fault());
  const auto parts = structure_children(root);
  if (!is_in(root, kSoapNamespace, "Envelope") || !parts || parts->empty() || parts->size() > 2)
    return refuse(envelope_fault(FaultCode::InvalidEnvelope));
  const xmlNode* header = parts->size() == 2 ? parts->front() : nullptr;
  const xmlNode& body = *parts->back();
  if (header != nullptr && !is_in(*header, kSoapNamespace, "Header"))
    return refuse(envelope_fault(FaultCode::InvalidEnvelope));

  // From here on every fault names the request's MessageID, if it could be read.
  HeaderReader headers(kind);
  const std::optional<Fault> header_fault =
      header != nullptr ? headers.read(*header) : std::nullopt;
  std::string message_id = headers.readable_message_id();
  if (!is_in(body, kSoapNamespace, "Body"))
    return refuse(envelope_fault(FaultCode::InvalidEnvelope), std::move(message_id));
  const auto body_children = structure_children(body);
  if (!body_children || body_children->size() != 1)
    return refuse(envelope_fault(FaultCode::InvalidEnvelope), std::move(message_id));
  envelope.body_child = body_children->front();
  if (header_fault) return refuse(*header_fault, std::move(message_id));
  if (auto fault = headers.check_required()) return refuse(*fault, std::move(message_id));
  envelope.addressing = headers.take();
  return envelope;
}

std::string body_document(const Envelope& envelope) {
  xml::Document standalone(xmlNewDoc(xml::to_xml("1.0")));
  if (!standalone) throw std::bad_alloc();
  xmlNode* copy = xmlDocCopyNode(const_cast<xmlNode*>(envelope.body_child), standalone.get(), 1);
  if (copy == nullptr) throw std::bad_alloc();
  xmlDocSetRootElement(standalone.get(), copy);
  // Namespaces declared on Envelope or Body are redeclared on the copy.
  xmlReconciliateNs(standalone.get(), copy);
  return xml::serialize(*standalone);
}

std::string write_envelope(const Addressing& addressing, std::string_view body_element) {
  std::string out;
  out.reserve(body_element.size() + 512);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"";
  out += kSoapNamespace;
  out += "\" xmlns:wsa=\"";
  out += kAddressingNamespace;
  out += "\"><soap:Header>";
  append_header(out, "To", addressing.to);
  append_header(out, "Action", addressing.action);
  append_header(out, "MessageID", addressing.message_id);
  append_header(out, "RelatesTo", addressing.relates_to);
  out += "</soap:Header><soap:Body>";
  out += body_element;
  out += "</soap:Body></soap:Envelope>\n";
  return out;
}

std::string fault_element(const Fault& fault) {
  std::string out = "<soap:Fault><faultcode>";
  switch (fault.side) {
    case FaultSide::Client: out += "soap:Client"; break;
    case FaultSide::Server: out += "soap:Server"; break;
    case FaultSide::VersionMismatch: out += "soap:VersionMismatch"; break;
  }
  out += "</faultcode><faultstring>";
  append_escaped(out, fault_string(fault));
  out += "</faultstring>";
  if (!fault.detail.empty()) {
    out += "<detail>";
    out += xml::without_declaration(fault.detail);
    out += "</detail>";
  }
  out += "</soap:Fault>";
  return out;
}

}  // namespace zvhpga::soap
