// A configuration file as an administrator (or a broken deployment script) could write it:
// parsed, validated against its schema and resolved, or refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "fuzz_support.h"
#include "xml/schema.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace {

const zvhpga::xml::Schema& config_schema() {
  static const zvhpga::xml::Schema schema(*zvhpga::resources::embedded_schema("zvhpga-config-v1.xsd"));
  return schema;
}

// One file per process, rewritten for every input: the loader reads a path.
const std::filesystem::path& input_file() {
  static const std::filesystem::path file = zvhpga::fuzzing::process_directory() / "zvhpga.xml";
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::ofstream(input_file(), std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const auto loaded = zvhpga::config::load_configuration(input_file(), config_schema());
  if (!loaded && loaded.error().message.empty()) std::abort();  // a refusal always says why
  return 0;
}
