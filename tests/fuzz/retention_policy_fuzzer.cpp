// A retention policy a region wants to put in force: parsed, validated against its schema and
// checked for consistency, or refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "retention/policy_reader.h"
#include "xml/schema.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace {

const zvhpga::xml::Schema& retention_schema() {
  static const zvhpga::xml::Schema schema(*zvhpga::resources::embedded_schema("zvhpga-retention-v1.xsd"));
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto policy = zvhpga::retention::read_policy(text, retention_schema());
  if (!policy && policy.error().message.empty()) std::abort();  // a refusal always says why
  return 0;
}
