#pragma once
// The administrative operations that act on an installation without serving it (the
// `zvh-pga db`, `criteria` and `retention verify` commands, through the C ABI): each reads the
// configuration itself and returns a typed report, or the error that stopped it. The text an
// administrator reads is made from the report by runtime/reports.h.
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/criteria.h"
#include "core/result.h"
#include "crypto/master_key_rotation.h"

namespace zvhpga::runtime {

struct MigrationReport {
  std::vector<std::int64_t> applied;  // empty: the schema was up to date
};

// Upgrades the configured database's schema to this build's; then opens an instance on it,
// which checks the result and records the upgrade. Errors: InvalidConfiguration (file,
// schema, data directory) or StoreUnavailable.
core::Result<MigrationReport> migrate(const std::filesystem::path& config_file);

// Whether the catalogue file could be put in force on the configuration's database, without
// changing anything: the catalogue as read, or CatalogueRefused with every reason. Errors of
// the configuration and store as migrate().
core::Result<core::Catalogue> check_catalogue(const std::filesystem::path& config_file,
                                              const std::filesystem::path& catalogue_file);
// The same for the catalogue the configuration puts in force (its file, or the shipped one).
core::Result<core::Catalogue> check_configured_catalogue(const std::filesystem::path& config_file);

// Whether the statement of destruction's text is authentic under the configuration's
// statement key. Errors: those of the configuration and the key file.
core::Result<bool> verify_statement(const std::filesystem::path& config_file,
                                    std::string_view statement);

// Rotates the signal master key of the configuration's key file and key store
// (crypto::rotate_master_key_file) without opening an instance: run it with every instance
// stopped. Errors: those of the configuration and key files, and StoreUnavailable.
core::Result<crypto::MasterKeyRotation> rotate_master_key(const std::filesystem::path& config_file);

}  // namespace zvhpga::runtime
