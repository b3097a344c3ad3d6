#pragma once
// One plugin instance's configuration, read from an XML file that must validate against
// schemas/zvhpga-config-v1.xsd (docs/configuration.md).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/result.h"
#include "xml/schema.h"

namespace zvhpga::config {

struct Partner {
  std::string id;
  std::string oin;
  core::PartnerKind kind{};
  std::string name;
  std::string region;
};

struct Configuration {
  std::filesystem::path data_directory;  // absolute
  std::string connection_string;         // ${dataDirectory} already replaced
  std::size_t max_connections = 4;
  std::size_t max_request_bytes = std::size_t{1024} * 1024;
  std::vector<Partner> partners;

  // A caller names its organisation by the partner's id or its OIN.
  const Partner* find_partner(std::string_view id_or_oin) const;
};

// Reads, validates and resolves the file. Errors say what is wrong and where, in words an
// administrator can act on.
core::Result<Configuration> load_configuration(const std::filesystem::path& file,
                                               const xml::Schema& config_schema);

}  // namespace zvhpga::config
