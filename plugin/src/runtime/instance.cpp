#include "runtime/instance.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <system_error>

#include "criteria/adoption.h"
#include "crypto/key_file.h"
#include "crypto/master_key_rotation.h"
#include "odbc/dialect.h"
#include "odbc/key_store.h"
#include "retention/adoption.h"
#include "runtime/resources.h"
#include "service/now.h"

namespace zvhpga::runtime {
namespace {

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

// zvhpga_open reports a message only: the problems go into it.
core::Error opening_refused(core::Error error, std::string_view what) {
  error.message = std::string(what) + error.message;
  for (const core::Problem& problem : error.problems)
    error.message += "\n  " + problem.field + ": " + problem.message;
  return error;
}

// A refused catalogue may not even have a readable version: the trail names its file.
std::string refused_file_object(std::string_view kind,
                                const std::optional<std::filesystem::path>& configured,
                                std::string_view shipped) {
  return std::string(kind) + "-file/" +
         (configured ? configured->filename().string() : std::string(shipped));
}

}  // namespace

Instance::Instance(config::Configuration config, std::unique_ptr<odbc::OdbcStore> store,
                   std::unique_ptr<ports::KeyStore> key_store, crypto::SignalKeys signal_keys,
                   crypto::Key audit_key, const crypto::Key& subject_key,
                   crypto::Key statement_key,
                   std::optional<crypto::StatementSigner> statement_signer)
    : config_(std::move(config)),
      store_(std::move(store)),
      key_store_(std::move(key_store)),
      signal_keys_(std::move(signal_keys)),
      sealing_store_(*store_, signal_keys_),
      audit_trail_(std::move(audit_key)),
      subject_protector_(subject_key),
      statement_key_(std::move(statement_key)),
      statement_signer_(std::move(statement_signer)) {}

core::Status Instance::record_administration(std::string action, std::string object) {
  try {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    record_administration(*tx, std::move(action), std::move(object), "success");
    tx->commit();
    return core::Done{};
  } catch (const service::AuditTrailBroken&) {
    return service::AuditTrailBroken::refusal();
  }
}

core::Status Instance::trail_intact() {
  try {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    audit_trail_.lock_intact_head(tx->audit_journal());
    return core::Done{};
  } catch (const service::AuditTrailBroken&) {
    return service::AuditTrailBroken::refusal();
  }
}

void Instance::record_opening() {
  try {
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    record_administration(*tx, "OpenInstance", "configuration", "success");
    tx->commit();
  } catch (const service::AuditTrailBroken&) {
    trail_broken_ = true;
  }
}

void Instance::keep_adoption(ports::StoreTransaction& tx,
                             const std::function<void()>& record_it) const {
  if (trail_broken_) return;  // the transaction rolls back: nothing is adopted unrecorded
  record_it();
  tx.commit();
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
  keep_adoption(*tx, [&] {
    if (adoption->refusal)
      record_administration(*tx, "AdoptCriteriaCatalogue",
                            refused_file_object("criteria-catalogue", config_.criteria_catalogue,
                                                kShippedCatalogue),
                            "refused:" + std::string(core::code_name(adoption->refusal->code)));
    else if (adoption->changed)
      record_administration(*tx, "AdoptCriteriaCatalogue", object, "success");
  });
  catalogues_.emplace(std::move(adoption->catalogues));
  return core::Done{};
}

core::Status Instance::put_retention_policy_in_force() {
  auto text = configured_retention_policy_text(config_);
  if (!text) return text.error();
  auto tx = store_->begin(ports::TransactionMode::ReadWrite);
  auto adoption = retention::adopt(tx->retention_register(), retention_schema(), *text,
                                   service::now_from(clock_.now()).timestamp);
  if (!adoption)
    return opening_refused(adoption.error(), "No retention policy can be put in force: ");
  keep_adoption(*tx, [&] {
    if (adoption->refusal)
      record_administration(*tx, "AdoptRetentionPolicy",
                            refused_file_object("retention-policy", config_.retention_policy,
                                                kShippedRetentionPolicy),
                            "refused:" + std::string(core::code_name(adoption->refusal->code)));
    else if (adoption->changed)
      record_administration(*tx, "AdoptRetentionPolicy",
                            "retention-policy/" + adoption->policies.in_force().version, "success");
  });
  policies_.emplace(std::move(adoption->policies));
  return core::Done{};
}

core::Result<std::unique_ptr<Instance>> Instance::open(const std::filesystem::path& config_file) {
  auto config = load_configuration(config_file);
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
  // A configured signer that cannot sign refuses the start, as an unusable TLS certificate
  // does: a retention run would otherwise write statements nobody else can verify.
  std::optional<crypto::StatementSigner> statement_signer;
  if (config->statement_signing) {
    auto signer = crypto::StatementSigner::load(config->statement_signing->certificate,
                                                config->statement_signing->private_key);
    if (!signer) return signer.error();
    statement_signer = std::move(signer.value());
  }

  try {
    auto store = odbc::open_store(store_options(*config));
    auto key_store = odbc::open_key_store(config->key_store_connection_string);
    auto signal_keys = crypto::SignalKeys::open(*key_store, std::move(signal_master_key.value()));
    if (!signal_keys)
      return with_rotation_hint(signal_keys.error(), config->signal_master_key_file);
    std::unique_ptr<Instance> instance(new Instance(
        std::move(config.value()), std::move(store), std::move(key_store),
        std::move(signal_keys.value()), std::move(audit_key.value()), subject_key.value(),
        std::move(statement_key.value()), std::move(statement_signer)));
    // Opening an instance is an administrative act on the data: it goes into the trail too.
    instance->record_opening();
    if (auto criteria = instance->put_criteria_in_force(); !criteria) return criteria.error();
    if (auto retention = instance->put_retention_policy_in_force(); !retention)
      return retention.error();
    instance->pipeline_ = std::make_unique<service::RequestPipeline>(
        instance->config_, contract_schema(), instance->sealing_store_, instance->clock_,
        instance->ids_, instance->audit_trail_, instance->subject_protector_,
        *instance->catalogues_, *instance->policies_);
    return instance;
  } catch (const ports::StoreFailure& failure) {
    return store_error(failure);
  }
}

core::Result<std::optional<service::SweepReport>> Instance::run_retention() {
  // One recurring work item: whoever claims it sweeps; a run killed half-way holds it until
  // its claim expires, and the next run finishes what that one began.
  constexpr std::string_view kQueue = "retention-run";
  constexpr std::string_view kWorkId = "sweep";
  constexpr auto kClaimFor = std::chrono::hours(1);
  // A run on a broken trail could record nothing it does: refused before it claims anything.
  if (auto intact = trail_intact(); !intact) return intact.error();
  const auto started = clock_.now();
  const std::string now = service::now_from(started).timestamp;
  store_->ensure_work(kQueue, kWorkId, now);
  const std::string owner = "retention-" + ids_.new_id();
  const std::string until = service::now_from(started + kClaimFor).timestamp;
  if (store_->claim_work({kQueue, owner, now, until, 1}).empty())
    return std::optional<service::SweepReport>();
  const service::SweepContext context{*store_, clock_, ids_, audit_trail_, config_,
                                      statement_key_,
                                      statement_signer_ ? &*statement_signer_ : nullptr,
                                      *policies_, *key_store_};
  try {
    service::SweepReport report = service::sweep(context);
    store_->release_work(kQueue, kWorkId, owner, service::now_from(clock_.now()).timestamp);
    return std::optional(std::move(report));
  } catch (const service::AuditTrailBroken&) {
    store_->release_work(kQueue, kWorkId, owner, service::now_from(clock_.now()).timestamp);
    return service::AuditTrailBroken::refusal();
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

soap::ServiceSummary Instance::service_summary() const {
  soap::ServiceSummary summary;
  const odbc::Dialect* dialect = odbc::dialect_for_connection_string(config_.connection_string);
  // One word each, so that the line stays key=value.
  summary.store_kind = dialect == nullptr                                   ? "unknown"
                       : dialect->kind == odbc::DialectKind::Sqlite       ? "sqlite"
                       : dialect->kind == odbc::DialectKind::PostgreSql   ? "postgresql"
                                                                          : "sqlserver";
  summary.catalogue_version = catalogues_->in_force().version;
  summary.policy_version = policies_->in_force().version;
  for (const config::Partner& partner : config_.partners)
    summary.partners.push_back(partner.id + "=" + (partner.oin.empty() ? "-" : partner.oin));
  return summary;
}

}  // namespace zvhpga::runtime

namespace zvhpga::runtime {

std::vector<soap::ReadinessCheck> Instance::data_readiness() {
  soap::ReadinessCheck store{"store", false, "does not answer within its timeout"};
  soap::ReadinessCheck trail{"audit-trail", false, "not checked: the store does not answer"};
  soap::ReadinessCheck catalogue{"criteria-catalogue", false, "not checked: the store does not answer"};
  soap::ReadinessCheck policy{"retention-policy", false, "not checked: the store does not answer"};
  const std::string serving_catalogue = catalogues_->in_force().version;
  const std::string serving_policy = policies_->in_force().version;
  // The version in force in the store against the one this instance serves: another instance
  // on the same database may have put a newer one in force since this one opened.
  const auto compare = [](soap::ReadinessCheck& check, const std::string& in_store,
                          const std::string& serving) {
    check.passed = in_store == serving;
    check.detail = check.passed ? serving
                                : "the store has " + (in_store.empty() ? std::string("none") : in_store) +
                                      " in force, this instance serves " + serving +
                                      ": restart it";
  };
  try {
    // Rolled back when it goes: only whether a request could begin here is wanted.
    auto tx = store_->begin(ports::TransactionMode::ReadWrite);
    store.passed = true;
    store.detail.clear();
    try {
      audit_trail_.lock_intact_head(tx->audit_journal());
      trail = {"audit-trail", true, ""};
    } catch (const service::AuditTrailBroken&) {
      trail.detail = "its end was changed outside the plugin: run zvh-pga audit verify";
    }
    const auto catalogues = tx->criteria_register().adopted_catalogues();
    compare(catalogue, catalogues.empty() ? "" : catalogues.back().version, serving_catalogue);
    const auto policies = tx->retention_register().in_force_history();
    compare(policy, policies.empty() ? "" : policies.back().version, serving_policy);
  } catch (const ports::StoreFailure&) {
    // As the defaults say: the store, and what could not be checked without it.
  }
  return {store, trail, catalogue, policy};
}

odbc::OperationalCounts Instance::operational_counts(std::chrono::system_clock::time_point now) {
  // Overdue: a retention run should have proposed or destroyed it twice over by now.
  const auto overdue_before = now - 2 * config_.retention_run_interval;
  return store_->operational_counts(service::now_from(now).timestamp,
                                    service::now_from(overdue_before).timestamp);
}

}  // namespace zvhpga::runtime
