#include "xml/document.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <climits>
#include <optional>
#include <stdexcept>

#include "xml/diagnostics.h"

namespace zvhpga::xml {
namespace {

struct ParserContextDeleter {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};
using ParserContext = std::unique_ptr<xmlParserCtxt, ParserContextDeleter>;

// What the parser reports and the DOCTYPE flag, carried back through the context's _private.
// The first error is kept: the ones after it are often only its consequences.
struct ParseOutcome {
  ParseOutcome() = default;
  ParseOutcome(const ParseOutcome&) = delete;
  ParseOutcome& operator=(const ParseOutcome&) = delete;
  ~ParseOutcome() { xmlResetError(&first_error); }

  bool saw_doctype = false;
  bool has_error = false;
  xmlError first_error{};
};

// Set as the context's own structured error handler (never the process-wide one, which is the
// host's): keeps the first error.
void keep_first_error(void* user_data, xmlError* error) {
  auto* outcome = static_cast<ParseOutcome*>(static_cast<xmlParserCtxt*>(user_data)->_private);
  if (outcome->has_error || error == nullptr) return;
  outcome->has_error = xmlCopyError(error, &outcome->first_error) == 0;
}

// Set as the SAX internalSubset callback: any DOCTYPE stops the parse before libxml2 can
// look at an entity declaration. The context's _private carries the flag back.
void refuse_doctype(void* user_data, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* context = static_cast<xmlParserCtxt*>(user_data);
  static_cast<ParseOutcome*>(context->_private)->saw_doctype = true;
  xmlStopParser(context);
}

// Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE (engineering.md §3.2).
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

core::Error not_well_formed(std::string sentence) {
  if (!sentence.empty() && sentence.back() == '.') sentence.pop_back();
  return core::Error{core::ErrorCode::MalformedXml,
                     "The document is not well-formed XML (" + std::move(sentence) + ").", {}};
}

// libxml2 takes a NUL byte for the end of its input and would accept whatever follows it; XML
// allows no NUL anywhere, so a body is exactly one document and nothing after it.
std::optional<core::Error> refuse_nul(std::string_view bytes) {
  const auto nul = bytes.find('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  const auto line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
  return not_well_formed("line " + std::to_string(line) +
                         ": the document contains a NUL byte, which XML does not allow");
}

}  // namespace

core::Status check_size(std::size_t bytes, std::size_t max_bytes) {
  if (bytes <= max_bytes && bytes <= static_cast<std::size_t>(INT_MAX)) return core::Done{};
  return core::Error{core::ErrorCode::RequestTooLarge,
                     "The document is " + std::to_string(bytes) +
                         " bytes; this service accepts at most " + std::to_string(max_bytes) + ".",
                     {}};
}

core::Result<Document> parse_untrusted(std::string_view bytes, std::size_t max_bytes) {
  if (auto fits = check_size(bytes.size(), max_bytes); !fits) return fits.error();
  ParserContext context(xmlNewParserCtxt());
  if (!context) return core::Error{core::ErrorCode::Internal, "out of memory", {}};
  if (auto nul = refuse_nul(bytes)) return *nul;
  ParseOutcome outcome;
  context->_private = &outcome;
  context->sax->internalSubset = refuse_doctype;
  context->sax->serror = keep_first_error;

  Document doc(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()),
                                 "request.xml", "UTF-8", kParseOptions));
  // After xmlStopParser libxml2 2.9 still returns a document (engineering.md §3.2): the flag
  // and the context's error, not the pointer, say whether the parse succeeded.
  if (outcome.saw_doctype || (doc && doc->intSubset != nullptr))
    return core::Error{core::ErrorCode::DoctypeRefused,
                       "The document contains a DOCTYPE declaration; documents with a DOCTYPE "
                       "are refused.",
                       {}};
  if (!doc || !context->wellFormed || context->errNo != XML_ERR_OK ||
      xmlDocGetRootElement(doc.get()) == nullptr)
    return not_well_formed(describe_parse_error(
        outcome.has_error ? &outcome.first_error : xmlCtxtGetLastError(context.get())));
  return doc;
}

std::string serialize(const xmlDoc& doc) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(const_cast<xmlDoc*>(&doc), &buffer, &size, "UTF-8", 1);
  struct XmlFreeDeleter {
    void operator()(xmlChar* p) const { xmlFree(p); }
  };
  std::unique_ptr<xmlChar, XmlFreeDeleter> owned(buffer);
  if (!owned || size < 0) throw std::bad_alloc();
  return std::string(from_xml(owned.get()), static_cast<std::size_t>(size));
}

namespace {

struct OutputBufferCloser {
  void operator()(xmlOutputBuffer* buffer) const { xmlOutputBufferClose(buffer); }
};

// xmlC14NIsVisibleCallback: a node is canonicalised when it is the element or inside it. A
// namespace node comes with the element that holds it as parent.
int inside_element(void* element, xmlNode* node, xmlNode* parent) {
  const xmlNode* start = node != nullptr && node->type == XML_NAMESPACE_DECL ? parent : node;
  for (const xmlNode* at = start; at != nullptr; at = at->parent)
    if (at == element) return 1;
  return 0;
}

}  // namespace

std::string canonical(const xmlNode& element) {
  std::unique_ptr<xmlOutputBuffer, OutputBufferCloser> buffer(xmlAllocOutputBuffer(nullptr));
  if (!buffer) throw std::bad_alloc();
  auto* node = const_cast<xmlNode*>(&element);
  if (xmlC14NExecute(node->doc, inside_element, node, XML_C14N_EXCLUSIVE_1_0, nullptr, 0,
                     buffer.get()) < 0)
    throw std::runtime_error("the element could not be canonicalised");
  return std::string(from_xml(xmlOutputBufferGetContent(buffer.get())),
                     xmlOutputBufferGetSize(buffer.get()));
}

std::string_view without_declaration(std::string_view document) {
  if (document.substr(0, 5) == "<?xml") {
    const auto end = document.find("?>");
    if (end != std::string_view::npos) document.remove_prefix(end + 2);
  }
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = document.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return document.substr(first, document.find_last_not_of(kSpace) - first + 1);
}

}  // namespace zvhpga::xml
