#pragma once
// What every instance and every administrative operation is built from: the schemas and the
// shipped catalogue and policy embedded in the plugin, the texts the configuration puts in
// force, the store options and the data directory. Shared by Instance, the administrative
// operations and the doctor, so that each reads the configuration the same way.
#include <filesystem>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "core/result.h"
#include "core/retention.h"
#include "odbc/odbc_store.h"
#include "ports/store.h"
#include "xml/schema.h"

namespace zvhpga::runtime {

// Compiled once per process: schemas are immutable and shared by every instance and thread.
const xml::Schema& contract_schema();
const xml::Schema& configuration_schema();
const xml::Schema& criteria_schema();
const xml::Schema& retention_schema();

// The shipped catalogue and policy, embedded so that an instance without a <criteria> or
// <retention> element runs on them wherever it is installed.
inline constexpr std::string_view kShippedCatalogue = "pga-criteria-2026-1.xml";
inline constexpr std::string_view kShippedRetentionPolicy = "pga-retention-2026-2.xml";

// The configuration file, read and checked against its schema.
core::Result<config::Configuration> load_configuration(const std::filesystem::path& config_file);

// A criteria catalogue file's text, read by the rule of files/bounded_file.h.
core::Result<std::string> read_catalogue_file(const std::filesystem::path& file);
// The text of the catalogue the configuration puts in force (its file, or the shipped one).
core::Result<std::string> configured_catalogue(const config::Configuration& config);
// The text of the retention policy the configuration puts in force.
core::Result<std::string> configured_retention_policy_text(const config::Configuration& config);
// That policy, read and checked but not adopted.
core::Result<core::RetentionPolicy> configured_retention_policy(
    const config::Configuration& config);

odbc::StoreOptions store_options(const config::Configuration& config);

// The data directory holds personal data and keys: made mode 0700 when it does not exist; one
// that exists and that others may enter (group or other bits) is refused and left as it is.
core::Status prepare_data_directory(const config::Configuration& config);

// A store that could not be opened: StoreUnavailable when it may pass, else a configuration
// error for the administrator.
core::Error store_error(const ports::StoreFailure& failure);

}  // namespace zvhpga::runtime
