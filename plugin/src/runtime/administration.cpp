#include "runtime/administration.h"

#include <functional>
#include <string>

#include "criteria/adoption.h"
#include "crypto/key_file.h"
#include "odbc/key_store.h"
#include "odbc/odbc_store.h"
#include "runtime/instance.h"
#include "runtime/resources.h"
#include "service/retention_sweep.h"

namespace zvhpga::runtime {
namespace {

std::string listed(const std::vector<std::int64_t>& versions) {
  std::string text;
  for (const auto version : versions) {
    if (!text.empty()) text += ", ";
    text += std::to_string(version);
  }
  return text;
}

using CatalogueSource = std::function<core::Result<std::string>(const config::Configuration&)>;

core::Result<core::Catalogue> check_catalogue_text(const std::filesystem::path& config_file,
                                                   const CatalogueSource& catalogue_text) {
  auto config = load_configuration(config_file);
  if (!config) return config.error();
  auto text = catalogue_text(*config);
  if (!text) return text.error();
  if (auto directory = prepare_data_directory(*config); !directory) return directory.error();
  try {
    auto store = odbc::open_store(store_options(*config));
    auto tx = store->begin(ports::TransactionMode::ReadOnly);
    return criteria::check_adoption(tx->criteria_register(), criteria_schema(), *text);
  } catch (const ports::StoreFailure& failure) {
    return store_error(failure);
  }
}

}  // namespace

core::Result<MigrationReport> migrate(const std::filesystem::path& config_file) {
  auto config = load_configuration(config_file);
  if (!config) return config.error();
  // A first migration is how a new installation makes its store (the Debian package does).
  if (auto directory = prepare_data_directory(*config); !directory) return directory.error();
  MigrationReport report;
  try {
    report.applied = odbc::migrate_schema(store_options(*config));
  } catch (const ports::StoreFailure& failure) {
    return store_error(failure);
  }
  auto instance = Instance::open(config_file);
  if (!instance) return instance.error();
  if (!report.applied.empty())
    if (auto recorded = instance.value()->record_administration(
            "MigrateSchema", "schema versions " + listed(report.applied));
        !recorded)
      return recorded.error();
  return report;
}

core::Result<core::Catalogue> check_catalogue(const std::filesystem::path& config_file,
                                              const std::filesystem::path& catalogue_file) {
  return check_catalogue_text(config_file, [&](const config::Configuration&) {
    return read_catalogue_file(catalogue_file);
  });
}

core::Result<core::Catalogue> check_configured_catalogue(const std::filesystem::path& config_file) {
  return check_catalogue_text(config_file, configured_catalogue);
}

core::Result<bool> verify_statement(const std::filesystem::path& config_file,
                                    std::string_view statement) {
  auto config = load_configuration(config_file);
  if (!config) return config.error();
  auto key = crypto::load_key(config->statement_key_file, false);
  if (!key) return key.error();
  return service::statement_is_authentic(statement, *key);
}

core::Result<crypto::MasterKeyRotation> rotate_master_key(const std::filesystem::path& config_file) {
  auto config = load_configuration(config_file);
  if (!config) return config.error();
  try {
    const auto key_store = odbc::open_key_store(config->key_store_connection_string);
    return crypto::rotate_master_key_file(config->signal_master_key_file, *key_store);
  } catch (const ports::StoreFailure& failure) {
    // Whatever was done is kept and a rerun finishes it (docs/crypto-shredding.md).
    return core::Error{failure.retryable() ? core::ErrorCode::StoreUnavailable
                                           : core::ErrorCode::InvalidConfiguration,
                       std::string("The key rotation stopped on a key store failure; run it "
                                   "again to finish: ") + failure.what(),
                       {}};
  }
}

}  // namespace zvhpga::runtime
