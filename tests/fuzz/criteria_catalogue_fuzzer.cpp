// A criteria catalogue a region wants to adopt: parsed, validated against its schema and
// checked for consistency, or refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "criteria/catalogue_reader.h"
#include "xml/schema.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace {

const zvhpga::xml::Schema& criteria_schema() {
  static const zvhpga::xml::Schema schema(*zvhpga::resources::embedded_schema("zvhpga-criteria-v1.xsd"));
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto catalogue = zvhpga::criteria::read_catalogue(text, criteria_schema());
  if (!catalogue && catalogue.error().message.empty()) std::abort();  // a refusal always says why
  return 0;
}
