// A request document through everything the pipeline does before the store: hardened parse,
// operation, schema validation and decoding into typed messages.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "contract/codec.h"
#include "xml/document.h"
#include "xml/schema.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace {

constexpr std::size_t kMaxRequestBytes = 1024 * 1024;

const zvhpga::xml::Schema& contract_schema() {
  static const zvhpga::xml::Schema schema(*zvhpga::resources::embedded_schema("zvhpga-contract-v1.xsd"));
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zvhpga;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto document = xml::parse_untrusted(bytes, kMaxRequestBytes);
  if (!document) return 0;
  const xmlNode& root = *xmlDocGetRootElement(document.value().get());
  const auto operation = contract::identify_operation(root);
  if (!operation || !contract_schema().validate(*document.value())) return 0;
  // Decoding trusts the schema: anything valid must decode without throwing.
  const contract::DecodedRequest request = contract::decode(*operation, root);
  static_cast<void>(request);
  return 0;
}
