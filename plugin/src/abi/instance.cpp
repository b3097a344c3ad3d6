#include "abi/instance.h"

#include <system_error>

#include "crypto/key_file.h"
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

core::Error store_error(const service::StoreFailure& failure) {
  return {failure.retryable() ? core::ErrorCode::StoreUnavailable
                              : core::ErrorCode::InvalidConfiguration,
          std::string("Cannot open the store: ") + failure.what(), {}};
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

std::string listed(const std::vector<std::int64_t>& versions) {
  std::string text;
  for (const auto version : versions) {
    if (!text.empty()) text += ", ";
    text += std::to_string(version);
  }
  return text;
}

}  // namespace


Instance::Instance(config::Configuration config, std::unique_ptr<service::Store> store,
                   crypto::Key audit_key, const crypto::Key& subject_key)
    : contract_(schema_text("zvhpga-contract-v1.xsd")),
      config_(std::move(config)),
      store_(std::move(store)),
      audit_trail_(std::move(audit_key)),
      subject_protector_(subject_key),
      pipeline_(std::make_unique<service::RequestPipeline>(config_, contract_, *store_, clock_,
                                                           ids_, audit_trail_,
                                                           subject_protector_)) {}

void Instance::record_administration(std::string action, std::string object) {
  service::AuditEvent event;
  event.at = service::now_from(clock_.now()).timestamp;
  event.actor_user = "zvh-pga";
  event.actor_role = "system";
  event.organisation_id = "zvh-pga";
  event.action = std::move(action);
  event.object = std::move(object);
  event.result = "success";
  event.purpose = "administration";
  event.origin = "abi";
  event.trace_id = ids_.new_id();
  std::erase(event.trace_id, '-');
  auto tx = store_->begin(service::TransactionMode::ReadWrite);
  audit_trail_.record(tx->audit_journal(), event);
  tx->commit();
}

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

  // The keys live outside the database: whoever can write the database cannot forge the audit
  // chain or read the processing log's subject identifiers without also reading these files.
  auto audit_key = crypto::load_key(config->audit_key_file, config->create_missing_keys);
  if (!audit_key) return audit_key.error();
  auto subject_key = crypto::load_key(config->subject_key_file, config->create_missing_keys);
  if (!subject_key) return subject_key.error();

  try {
    auto store = odbc::open_store(store_options(*config));
    std::unique_ptr<Instance> instance(
        new Instance(std::move(config.value()), std::move(store), std::move(audit_key.value()),
                     subject_key.value()));
    // Opening an instance is an administrative act on the data: it goes into the trail too.
    instance->record_administration("OpenInstance", "configuration");
    return instance;
  } catch (const service::StoreFailure& failure) {
    return store_error(failure);
  }
}

core::Result<std::vector<std::int64_t>> Instance::migrate(
    const std::filesystem::path& config_file) {
  auto config = config::load_configuration(config_file, config_schema());
  if (!config) return config.error();
  std::vector<std::int64_t> applied;
  try {
    applied = odbc::migrate_schema(store_options(*config));
  } catch (const service::StoreFailure& failure) {
    return store_error(failure);
  }
  auto instance = open(config_file);
  if (!instance) return instance.error();
  if (!applied.empty())
    instance.value()->record_administration("MigrateSchema", "schema versions " + listed(applied));
  return applied;
}

}  // namespace zvhpga::abi
