#include "config/configuration.h"

#include <fstream>
#include <sstream>

#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::config {
namespace {

// A configuration file is small; anything bigger is not one.
constexpr std::size_t kMaxConfigBytes = std::size_t{4} * 1024 * 1024;
constexpr std::string_view kDataDirectoryVariable = "${dataDirectory}";

core::Error config_error(std::string message, std::vector<core::Problem> problems = {}) {
  return {core::ErrorCode::InvalidConfiguration, std::move(message), std::move(problems)};
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

const Partner* Configuration::find_partner(std::string_view id_or_oin) const {
  for (const Partner& partner : partners) {
    if (partner.id == id_or_oin || partner.oin == id_or_oin) return &partner;
  }
  return nullptr;
}

core::Result<Configuration> load_configuration(const std::filesystem::path& file,
                                               const xml::Schema& config_schema) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return config_error("Cannot read the configuration file " + file.string() + ".");
  std::ostringstream bytes;
  bytes << in.rdbuf();

  auto doc = xml::parse_untrusted(bytes.str(), kMaxConfigBytes);
  if (!doc) {
    core::Error error = doc.error();
    error.message = "The configuration file " + file.string() + " cannot be read: " + error.message;
    return error;
  }
  if (auto valid = config_schema.validate(*doc.value()); !valid) {
    return config_error("The configuration file " + file.string() +
                            " does not follow schemas/zvhpga-config-v1.xsd.",
                        valid.error().problems);
  }

  const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
  Configuration config;
  std::filesystem::path data_directory = xml::child_text(root, "dataDirectory");
  if (data_directory.is_relative())
    data_directory = std::filesystem::absolute(file).parent_path() / data_directory;
  config.data_directory = data_directory.lexically_normal();

  const xmlNode& odbc = xml::child(xml::child(root, "store"), "odbc");
  config.connection_string = replace_all(xml::child_text(odbc, "connectionString"),
                                         kDataDirectoryVariable, config.data_directory.string());
  if (xml::find_child(odbc, "maxConnections") != nullptr)
    config.max_connections = std::stoul(xml::child_token(odbc, "maxConnections"));
  if (const xmlNode* limits = xml::find_child(root, "limits");
      limits != nullptr && xml::find_child(*limits, "maxRequestBytes") != nullptr)
    config.max_request_bytes = std::stoul(xml::child_token(*limits, "maxRequestBytes"));

  for (const xmlNode* node : xml::children(xml::child(root, "partners"), "partner")) {
    Partner partner;
    partner.id = xml::child_token(*node, "id");
    partner.oin = xml::child_token(*node, "oin");
    partner.kind = *core::from_token<core::PartnerKind>(xml::child_token(*node, "kind"));
    partner.name = xml::child_text(*node, "name");
    partner.region = xml::child_text(*node, "region");
    config.partners.push_back(std::move(partner));
  }
  return config;
}

}  // namespace zvhpga::config
