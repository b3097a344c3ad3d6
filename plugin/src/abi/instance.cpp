#include "abi/instance.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <system_error>

#include "criteria/adoption.h"
#include "crypto/key_file.h"
#include "odbc/key_store.h"
#include "odbc/odbc_store.h"
#include "retention/adoption.h"
#include "retention/policy_reader.h"

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

const xml::Schema& criteria_schema() {
  static const xml::Schema schema(schema_text("zvhpga-criteria-v1.xsd"));
  return schema;
}

const xml::Schema& retention_schema() {
  static const xml::Schema schema(schema_text("zvhpga-retention-v1.xsd"));
  return schema;
}

// The shipped catalogue, embedded so that an instance without a <criteria> element runs on it
// wherever it is installed.
constexpr std::string_view kShippedCatalogue = "pga-criteria-2026-1.xml";
constexpr std::string_view kShippedRetentionPolicy = "pga-retention-2026-1.xml";

core::Error configuration_error(std::string message) {
  return {core::ErrorCode::InvalidConfiguration, std::move(message), {}};
}

core::Error store_error(const ports::StoreFailure& failure) {
  return {failure.retryable() ? core::ErrorCode::StoreUnavailable
                              : core::ErrorCode::InvalidConfiguration,
          std::string("Cannot open the store: ") + failure.what(), {}};
}

// A key file the key store refuses while `.next` exists is a rotation killed after it retired
// the old key: finishing it is the cure, not restoring a key file.
core::Error with_rotation_hint(core::Error error, const std::filesystem::path& key_file) {
  std::error_code ignored;
  if (std::filesystem::exists(crypto::next_master_key_file(key_file), ignored))
    error.message += " A key rotation was interrupted (" +
                     crypto::next_master_key_file(key_file).string() +
                     " exists): run 'zvh-pga db rotate-keys' to finish it.";
  return error;
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

// The data directory holds personal data: readable by the service account only.
core::Status prepare_data_directory(const config::Configuration& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_directory, ec);
  if (ec)
    return configuration_error("Cannot create the data directory " +
                               config.data_directory.string() + ": " + ec.message() + ".");
  std::filesystem::permissions(config.data_directory, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  return core::Done{};
}

core::Result<std::string> read_text_file(const std::filesystem::path& file, std::string_view what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return configuration_error("Cannot read the " + std::string(what) + " " + file.string() + ".");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

core::Result<std::string> configured_catalogue(const config::Configuration& config) {
  if (config.criteria_catalogue) return read_text_file(*config.criteria_catalogue, "criteria catalogue");
  return std::string(schema_text(kShippedCatalogue));
}

core::Result<std::string> configured_retention_policy(const config::Configuration& config) {
  if (config.retention_policy) return read_text_file(*config.retention_policy, "retention policy");
  return std::string(schema_text(kShippedRetentionPolicy));
}

// zvhpga_open reports a message only: the problems go into it.
core::Error opening_refused(core::Error error, std::string_view what) {
  error.message = std::string(what) + error.message;
  for (const core::Problem& problem : error.problems)
    error.message += "\n  " + problem.field + ": " + problem.message;
  return error;
}

// A refused catalogue may not even have a readable version: the trail names its file.
std::string refused_catalogue_object(const config::Configuration& config) {
  return "criteria-catalogue-file/" + (config.criteria_catalogue
                                           ? config.criteria_catalogue->filename().string()
                                           : std::string(kShippedCatalogue));
}

}  // namespace


Instance::Instance(config::Configuration config, std::unique_ptr<odbc::OdbcStore> store,
                   std::unique_ptr<ports::KeyStore> key_store, crypto::SignalKeys signal_keys,
                   crypto::Key audit_key, const crypto::Key& subject_key,
                   crypto::Key statement_key)
    : contract_(schema_text("zvhpga-contract-v1.xsd")),
      config_(std::move(config)),
      store_(std::move(store)),
      key_store_(std::move(key_store)),
      signal_keys_(std::move(signal_keys)),
      sealing_store_(*store_, signal_keys_),
      audit_trail_(std::move(audit_key)),
      subject_protector_(subject_key),
      statement_key_(std::move(statement_key)) {}

void Instance::record_administration(std::string action, std::string object) {
  auto tx = store_->begin(ports::TransactionMode::ReadWrite);
  record_administration(*tx, std::move(action), std::move(object), "success");
  tx->commit();
}

void Instance::record_administration(ports::StoreTransaction& tx, std::string action,
                                     std::string object, std::string result) {
  const ports::AuditEvent event = service::system_event(
      service::now_from(clock_.now()).timestamp,
      {.action = std::move(action),
       .object = std::move(object),
       .result = std::move(result),
       .purpose = "administration",
       .origin = "abi"},
      ids_);
  audit_trail_.record(tx.audit_journal(), event);
}

core::Status Instance::put_criteria_in_force() {
  auto text = configured_catalogue(config_);
  if (!text) return text.error();
  auto tx = store_->begin(ports::TransactionMode::ReadWrite);
  auto adoption = criteria::adopt(tx->criteria_register(), criteria_schema(), *text,
                                  service::now_from(clock_.now()).timestamp);
  if (!adoption)
    return opening_refused(adoption.error(), "No criteria catalogue can be put in force: ");
  const std::string object = "criteria-catalogue/" + adoption->catalogues.in_force().version;
  if (adoption->refusal)
    record_administration(*tx, "AdoptCriteriaCatalogue",
                          refused_catalogue_object(config_),
                          "refused:" + std::string(core::code_name(adoption->refusal->code)));
  else if (adoption->changed)
    record_administration(*tx, "AdoptCriteriaCatalogue", object, "success");
  tx->commit();
  catalogues_.emplace(std::move(adoption->catalogues));
  return core::Done{};
}

core::Status Instance::put_retention_policy_in_force() {
  auto text = configured_retention_policy(config_);
  if (!text) return text.error();
  auto tx = store_->begin(ports::TransactionMode::ReadWrite);
  auto adoption = retention::adopt(tx->retention_register(), retention_schema(), *text,
                                   service::now_from(clock_.now()).timestamp);
  if (!adoption)
    return opening_refused(adoption.error(), "No retention policy can be put in force: ");
  if (adoption->refusal)
    record_administration(*tx, "AdoptRetentionPolicy",
                          "retention-policy-file/" + (config_.retention_policy
                                                          ? config_.retention_policy->filename().string()
                                                          : std::string(kShippedRetentionPolicy)),
                          "refused:" + std::string(core::code_name(adoption->refusal->code)));
  else if (adoption->changed)
    record_administration(*tx, "AdoptRetentionPolicy",
                          "retention-policy/" + adoption->policies.in_force().version, "success");
  tx->commit();
  policies_.emplace(std::move(adoption->policies));
  return core::Done{};
}

core::Result<std::unique_ptr<Instance>> Instance::open(const std::filesystem::path& config_file) {
  auto config = config::load_configuration(config_file, config_schema());
  if (!config) return config.error();

  if (auto directory = prepare_data_directory(*config); !directory) return directory.error();

  // The keys live outside the database: whoever can write the database cannot forge the audit
  // chain or read the processing log's subject identifiers without also reading these files.
  auto audit_key = crypto::load_key(config->audit_key_file, config->create_missing_keys);
  if (!audit_key) return audit_key.error();
  auto subject_key = crypto::load_key(config->subject_key_file, config->create_missing_keys);
  if (!subject_key) return subject_key.error();
  auto statement_key =
      crypto::load_key(config->statement_key_file, config->create_missing_statement_key);
  if (!statement_key) return statement_key.error();
  auto signal_master_key = crypto::load_key(config->signal_master_key_file,
                                            config->create_missing_signal_master_key);
  if (!signal_master_key) return signal_master_key.error();

  try {
    auto store = odbc::open_store(store_options(*config));
    auto key_store = odbc::open_key_store(config->key_store_connection_string);
    auto signal_keys = crypto::SignalKeys::open(*key_store, std::move(signal_master_key.value()));
    if (!signal_keys)
      return with_rotation_hint(signal_keys.error(), config->signal_master_key_file);
    std::unique_ptr<Instance> instance(new Instance(
        std::move(config.value()), std::move(store), std::move(key_store),
        std::move(signal_keys.value()), std::move(audit_key.value()), subject_key.value(),
        std::move(statement_key.value())));
    // Opening an instance is an administrative act on the data: it goes into the trail too.
    instance->record_administration("OpenInstance", "configuration");
    if (auto criteria = instance->put_criteria_in_force(); !criteria) return criteria.error();
    if (auto retention = instance->put_retention_policy_in_force(); !retention)
      return retention.error();
    instance->pipeline_ = std::make_unique<service::RequestPipeline>(
        instance->config_, instance->contract_, instance->sealing_store_, instance->clock_,
        instance->ids_, instance->audit_trail_, instance->subject_protector_,
        *instance->catalogues_, *instance->policies_);
    return instance;
  } catch (const ports::StoreFailure& failure) {
    return store_error(failure);
  }
}

core::Result<std::vector<std::int64_t>> Instance::migrate(
    const std::filesystem::path& config_file) {
  auto config = config::load_configuration(config_file, config_schema());
  if (!config) return config.error();
  // A first migration is how a new installation makes its store (the Debian package does).
  if (auto directory = prepare_data_directory(*config); !directory) return directory.error();
  std::vector<std::int64_t> applied;
  try {
    applied = odbc::migrate_schema(store_options(*config));
  } catch (const ports::StoreFailure& failure) {
    return store_error(failure);
  }
  auto instance = open(config_file);
  if (!instance) return instance.error();
  if (!applied.empty())
    instance.value()->record_administration("MigrateSchema", "schema versions " + listed(applied));
  return applied;
}

core::Result<core::Catalogue> Instance::check_catalogue(
    const std::filesystem::path& config_file, const std::filesystem::path& catalogue_file) {
  return check_catalogue_text(config_file, [&](const config::Configuration&) {
    return read_text_file(catalogue_file, "criteria catalogue");
  });
}

core::Result<core::Catalogue> Instance::check_configured_catalogue(
    const std::filesystem::path& config_file) {
  return check_catalogue_text(config_file, configured_catalogue);
}

core::Result<core::Catalogue> Instance::check_catalogue_text(
    const std::filesystem::path& config_file, const CatalogueSource& catalogue_text) {
  auto config = config::load_configuration(config_file, config_schema());
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

odbc::StoreOptions Instance::store_options_of(const config::Configuration& config) {
  return store_options(config);
}

const xml::Schema& Instance::configuration_schema() { return config_schema(); }

core::Result<core::RetentionPolicy> Instance::configured_retention_policy_of(
    const config::Configuration& config) {
  auto text = configured_retention_policy(config);
  if (!text) return text.error();
  return retention::read_policy(*text, retention_schema());
}
std::optional<service::SweepReport> Instance::run_retention() {
  // One recurring work item: whoever claims it sweeps; a run killed half-way holds it until
  // its claim expires, and the next run finishes what that one began.
  constexpr std::string_view kQueue = "retention-run";
  constexpr std::string_view kWorkId = "sweep";
  constexpr auto kClaimFor = std::chrono::hours(1);
  const auto started = clock_.now();
  const std::string now = service::now_from(started).timestamp;
  store_->ensure_work(kQueue, kWorkId, now);
  const std::string owner = "retention-" + ids_.new_id();
  const std::string until = service::now_from(started + kClaimFor).timestamp;
  if (store_->claim_work({kQueue, owner, now, until, 1}).empty()) return std::nullopt;
  const service::SweepContext context{*store_, clock_, ids_, audit_trail_, config_,
                                      statement_key_, *policies_, *key_store_};
  try {
    service::SweepReport report = service::sweep(context);
    store_->release_work(kQueue, kWorkId, owner, service::now_from(clock_.now()).timestamp);
    return report;
  } catch (...) {
    store_->release_work(kQueue, kWorkId, owner, service::now_from(clock_.now()).timestamp);
    throw;
  }
}

std::vector<std::string> Instance::unconfirmed_rules_in_use() {
  std::vector<std::pair<std::string, std::string>> in_use;
  {
    auto tx = store_->begin(ports::TransactionMode::ReadOnly);
    in_use = tx->retention_register().rules_in_use();
  }
  const core::RetentionPolicy& in_force = policies_->in_force();
  for (const core::RetentionRule& rule : in_force.rules) in_use.emplace_back(in_force.version, rule.id);
  std::vector<std::string> unconfirmed;
  for (const auto& [version, rule_id] : in_use) {
    const core::RetentionPolicy* policy = policies_->find(version);
    const core::RetentionRule* rule = policy != nullptr ? policy->find(rule_id) : nullptr;
    std::string name = version;
    name += '/';
    name += rule_id;
    if ((rule == nullptr || !rule->confirmed) && std::ranges::find(unconfirmed, name) == unconfirmed.end())
      unconfirmed.push_back(name);
  }
  return unconfirmed;
}

core::Result<bool> Instance::verify_statement(const std::filesystem::path& config_file,
                                              std::string_view statement) {
  auto config = config::load_configuration(config_file, config_schema());
  if (!config) return config.error();
  auto key = crypto::load_key(config->statement_key_file, false);
  if (!key) return key.error();
  return service::statement_is_authentic(statement, *key);
}

core::Result<crypto::MasterKeyRotation> Instance::rotate_master_key(
    const std::filesystem::path& config_file) {
  auto config = config::load_configuration(config_file, config_schema());
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

}  // namespace zvhpga::abi
