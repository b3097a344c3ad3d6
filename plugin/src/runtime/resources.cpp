#include "runtime/resources.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "criteria/catalogue_reader.h"
#include "files/bounded_file.h"
#include "retention/policy_reader.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace zvhpga::runtime {
namespace {

std::string_view embedded_text(std::string_view name) {
  const auto text = resources::embedded_schema(name);
  if (!text) throw std::logic_error("schema not embedded: " + std::string(name));
  return *text;
}

}  // namespace

const xml::Schema& contract_schema() {
  static const xml::Schema schema(embedded_text("zvhpga-contract-v1.xsd"));
  return schema;
}

const xml::Schema& configuration_schema() {
  static const xml::Schema schema(embedded_text("zvhpga-config-v1.xsd"));
  return schema;
}

const xml::Schema& criteria_schema() {
  static const xml::Schema schema(embedded_text("zvhpga-criteria-v1.xsd"));
  return schema;
}

const xml::Schema& retention_schema() {
  static const xml::Schema schema(embedded_text("zvhpga-retention-v1.xsd"));
  return schema;
}

core::Result<config::Configuration> load_configuration(const std::filesystem::path& config_file) {
  return config::load_configuration(config_file, configuration_schema());
}

core::Result<std::string> read_catalogue_file(const std::filesystem::path& file) {
  return files::read_bounded_file(file, {"criteria catalogue", criteria::kMaxCatalogueBytes});
}

core::Result<std::string> configured_catalogue(const config::Configuration& config) {
  if (config.criteria_catalogue) return read_catalogue_file(*config.criteria_catalogue);
  return std::string(embedded_text(kShippedCatalogue));
}

core::Result<std::string> configured_retention_policy_text(const config::Configuration& config) {
  if (config.retention_policy)
    return files::read_bounded_file(*config.retention_policy,
                                    {"retention policy", retention::kMaxPolicyBytes});
  return std::string(embedded_text(kShippedRetentionPolicy));
}

core::Result<core::RetentionPolicy> configured_retention_policy(
    const config::Configuration& config) {
  auto text = configured_retention_policy_text(config);
  if (!text) return text.error();
  return retention::read_policy(*text, retention_schema());
}

odbc::StoreOptions store_options(const config::Configuration& config) {
  odbc::StoreOptions options;
  options.connection_string = config.connection_string;
  options.max_connections = config.max_connections;
  options.production = config.production;
  for (const auto& statement : config.host_statements)
    options.host_statements.push_back({statement.name, statement.sql});
  return options;
}

core::Status prepare_data_directory(const config::Configuration& config) {
  const std::filesystem::path& directory = config.data_directory;
  auto refused = [&](const std::string& reason) {
    return core::configuration_error("The data directory " + directory.string() + " " + reason +
                                     ".");
  };
  std::error_code ec;
  if (directory.has_parent_path()) std::filesystem::create_directories(directory.parent_path(), ec);
  // Made private from the start (whatever the umask); one that exists is never changed, since
  // another may share it: a directory others may enter is refused instead.
  if (::mkdir(directory.c_str(), S_IRWXU) == 0) return core::Done{};
  if (errno != EEXIST)
    return refused("cannot be created (" + std::generic_category().message(errno) + ")");
  struct stat status {};
  if (::stat(directory.c_str(), &status) != 0 || !S_ISDIR(status.st_mode))
    return refused("is not a directory");
  if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777));
    return refused("may be entered by others than its owner (mode " + std::string(mode) +
                   "): it holds the store and the keys, so the plugin does not use it; make it "
                   "mode 0700, or name a directory of its own that does not exist yet");
  }
  return core::Done{};
}

core::Error store_error(const ports::StoreFailure& failure) {
  return {failure.retryable() ? core::ErrorCode::StoreUnavailable
                              : core::ErrorCode::InvalidConfiguration,
          std::string("Cannot open the store: ") + failure.what(), {}};
}

}  // namespace zvhpga::runtime
