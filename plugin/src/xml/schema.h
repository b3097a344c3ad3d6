#pragma once
// A compiled XSD, compiled once at open and shared read-only by all threads; each validation
// gets its own validation context (libxml2 allows that; tests run it under TSan).
#include <libxml/xmlschemas.h>

#include <memory>
#include <string_view>

#include "core/result.h"
#include "xml/document.h"

namespace zvhpga::xml {

class Schema {
 public:
  // Compiles the XSD text; throws std::runtime_error if the schema itself is broken (a build
  // defect, not an input error).
  explicit Schema(std::string_view xsd_text);

  // SchemaInvalid with one problem per violation (line and message), or Done.
  core::Status validate(const xmlDoc& doc) const;
  core::Status validate(const xmlNode& element) const;

 private:
  struct Deleter {
    void operator()(xmlSchema* schema) const { xmlSchemaFree(schema); }
  };
  std::unique_ptr<xmlSchema, Deleter> schema_;
};

}  // namespace zvhpga::xml
