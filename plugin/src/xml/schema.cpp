#include "xml/schema.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "xml/diagnostics.h"

namespace zvhpga::xml {
namespace {

struct ParserContextDeleter {
  void operator()(xmlSchemaParserCtxt* context) const { xmlSchemaFreeParserCtxt(context); }
};
struct ValidContextDeleter {
  void operator()(xmlSchemaValidCtxt* context) const { xmlSchemaFreeValidCtxt(context); }
};

void collect(void* user_data, xmlError* error) {
  auto* problems = static_cast<std::vector<core::Problem>*>(user_data);
  // A hostile document could produce very many; the first hundred say enough.
  if (problems->size() >= 100) return;
  problems->push_back(describe_validation_error(*error));
}

template <typename Validate>
core::Status run_validation(xmlSchema* schema, Validate validate) {
  std::unique_ptr<xmlSchemaValidCtxt, ValidContextDeleter> context(xmlSchemaNewValidCtxt(schema));
  if (!context) throw std::bad_alloc();
  std::vector<core::Problem> problems;
  xmlSchemaSetValidStructuredErrors(context.get(), collect, &problems);
  const int result = validate(context.get());
  if (result == 0) return core::Done{};
  if (problems.empty()) problems.push_back({"document", "the document could not be validated"});
  return core::Error{core::ErrorCode::SchemaInvalid,
                     "The document does not follow the schema; see the problems listed.",
                     std::move(problems)};
}

}  // namespace

Schema::Schema(std::string_view xsd_text) {
  std::unique_ptr<xmlSchemaParserCtxt, ParserContextDeleter> parser(
      xmlSchemaNewMemParserCtxt(xsd_text.data(), static_cast<int>(xsd_text.size())));
  if (!parser) throw std::runtime_error("cannot create a schema parser");
  xmlSchemaSetParserStructuredErrors(parser.get(), [](void*, xmlError*) {}, nullptr);
  schema_.reset(xmlSchemaParse(parser.get()));
  if (!schema_) throw std::runtime_error("an embedded schema does not compile");
}

core::Status Schema::validate(const xmlDoc& doc) const {
  return run_validation(schema_.get(), [&](xmlSchemaValidCtxt* context) {
    return xmlSchemaValidateDoc(context, const_cast<xmlDoc*>(&doc));
  });
}

core::Status Schema::validate(const xmlNode& element) const {
  return run_validation(schema_.get(), [&](xmlSchemaValidCtxt* context) {
    return xmlSchemaValidateOneElement(context, const_cast<xmlNode*>(&element));
  });
}

}  // namespace zvhpga::xml
