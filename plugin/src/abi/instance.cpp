#include "abi/instance.h"

#include <system_error>

#include "odbc/odbc_store.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace zvhpga::abi {
namespace {

std::string_view schema_text(std::string_view name) {
  const auto text = resources::embedded_schema(name);
  if (!text) throw std::logic_error("schema not embedded: " + std::string(name));
  return *text;
}

// Compiled once per process: schemas are immutable and shared by every instance and thread.
const xml::Schema& config_schema() {
  static const xml::Schema schema(schema_text("zvhpga-config-v1.xsd"));
  return schema;
}

core::Error configuration_error(std::string message) {
  return {core::ErrorCode::InvalidConfiguration, std::move(message), {}};
}

}  // namespace

Instance::Instance(config::Configuration config, std::unique_ptr<service::Store> store)
    : contract_(schema_text("zvhpga-contract-v1.xsd")),
      config_(std::move(config)),
      store_(std::move(store)),
      pipeline_(std::make_unique<service::RequestPipeline>(config_, contract_, *store_, clock_,
                                                           ids_)) {}

core::Result<std::unique_ptr<Instance>> Instance::open(const std::filesystem::path& config_file) {
  auto config = config::load_configuration(config_file, config_schema());
  if (!config) return config.error();

  // The data directory holds personal data: readable by the service account only.
  std::error_code ec;
  std::filesystem::create_directories(config->data_directory, ec);
  if (ec)
    return configuration_error("Cannot create the data directory " +
                               config->data_directory.string() + ": " + ec.message() + ".");
  std::filesystem::permissions(config->data_directory, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);

  std::unique_ptr<service::Store> store;
  try {
    store = odbc::open_store({config->connection_string, config->max_connections});
  } catch (const service::StoreFailure& failure) {
    return core::Error{failure.retryable() ? core::ErrorCode::StoreUnavailable
                                           : core::ErrorCode::InvalidConfiguration,
                       std::string("Cannot open the store: ") + failure.what(), {}};
  }
  return std::unique_ptr<Instance>(new Instance(std::move(config.value()), std::move(store)));
}

}  // namespace zvhpga::abi
