#pragma once
// One plugin instance, built from its configuration file. It owns, in order of construction,
// the configuration, the store, the signal key store with the sealing store over both
// (docs/crypto-shredding.md), the audit trail and the request pipeline over them. The
// composition root: the one place, with the rest of runtime/, that knows the concrete adapters.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/result.h"
#include "criteria/catalogue_set.h"
#include "crypto/random_id.h"
#include "crypto/sealing_store.h"
#include "crypto/signal_keys.h"
#include "crypto/statement_signer.h"
#include "crypto/subject_protector.h"
#include "odbc/odbc_store.h"
#include "ports/keys.h"
#include "ports/work_queue.h"
#include "retention/policy_set.h"
#include "runtime/system_clock.h"
#include "service/audit_trail.h"
#include "soap/monitoring.h"
#include "soap/request_log.h"
#include "service/request_pipeline.h"
#include "service/retention_sweep.h"

namespace zvhpga::runtime {

class Instance {
 public:
  // Errors: InvalidConfiguration (file, schema, data directory) or StoreUnavailable.
  static core::Result<std::unique_ptr<Instance>> open(const std::filesystem::path& config_file);

  // One retention run (service::sweep, docs/retention.md), unless another instance on the same
  // database is running one: then empty. Refused (audit-trail-broken) when the trail's end was
  // changed outside the plugin. Store failures propagate as ports::StoreFailure.
  core::Result<std::optional<service::SweepReport>> run_retention();
  // The rules that the policy in force or a running clock uses and that are not confirmed,
  // as "version/rule" (`zvh-pga doctor`, and the warning of `zvh-pga retention run`).
  std::vector<std::string> unconfirmed_rules_in_use();
  // An administrative act on the data, recorded in the audit trail in a transaction of its own;
  // refused (audit-trail-broken) when the trail's end was changed outside the plugin.
  core::Status record_administration(std::string action, std::string object);

  service::RequestPipeline& pipeline() { return *pipeline_; }
  const config::Configuration& configuration() const { return config_; }
  // The store as the service sees it: personal fields in plaintext, sealed at rest.
  ports::Store& sealed_store() { return sealing_store_; }
  // Scheduled work shared with the other instances on the same database.
  ports::WorkQueue& work_queue() { return *store_; }
  const service::AuditTrail& audit_trail() const { return audit_trail_; }
  ports::Clock& clock() { return clock_; }
  ports::IdGenerator& ids() { return ids_; }
  // What the service runs with, for its start-up log line: no connection string, key or path.
  soap::ServiceSummary service_summary() const;
  // The readiness checks that concern the data (docs/administrator-guide.md, "Health and
  // metrics"): the store takes a write transaction as a request would, the audit trail's head
  // is intact, and the store has the catalogue and the retention policy in force that this
  // instance serves. Writes nothing. Never throws.
  std::vector<soap::ReadinessCheck> data_readiness();
  // The store's figures for the metrics; throws ports::StoreFailure when it does not answer.
  odbc::OperationalCounts operational_counts(std::chrono::system_clock::time_point now);

 private:
  Instance(config::Configuration config, std::unique_ptr<odbc::OdbcStore> store,
           std::unique_ptr<ports::KeyStore> key_store, crypto::SignalKeys signal_keys,
           crypto::Key audit_key, const crypto::Key& subject_key, crypto::Key statement_key,
           std::optional<crypto::StatementSigner> statement_signer);
  void record_administration(ports::StoreTransaction& tx, std::string action,
                             std::string object, std::string result);
  // Records the opening. When the trail's end was changed outside the plugin nothing can be
  // recorded: the instance still opens, writing nothing, so that verification can say what was
  // changed; every other request is refused when its record cannot be appended.
  void record_opening();
  // Whether anything may be recorded: refused (audit-trail-broken) when the trail's end was
  // changed outside the plugin. Writes nothing.
  core::Status trail_intact();
  // Commits an adoption together with the records record_it writes; on a broken trail rolls it
  // back instead (the in-memory set then serves only verification).
  void keep_adoption(ports::StoreTransaction& tx, const std::function<void()>& record_it) const;
  // Puts the configured criteria catalogue in force, or keeps the one in force when the
  // configured one is refused (the refusal goes into the audit trail); then the pipeline can
  // be built. Fails only when there is no catalogue at all to run on.
  core::Status put_criteria_in_force();
  // The same for the configured retention policy (docs/retention.md).
  core::Status put_retention_policy_in_force();

  config::Configuration config_;
  std::unique_ptr<odbc::OdbcStore> store_;
  std::unique_ptr<ports::KeyStore> key_store_;
  crypto::SignalKeys signal_keys_;
  crypto::SealingStore sealing_store_;
  SystemClock clock_;
  crypto::RandomIdGenerator ids_;
  service::AuditTrail audit_trail_;
  crypto::SubjectProtector subject_protector_;
  std::optional<criteria::CatalogueSet> catalogues_;
  std::optional<retention::PolicySet> policies_;
  crypto::Key statement_key_;
  std::optional<crypto::StatementSigner> statement_signer_;
  std::unique_ptr<service::RequestPipeline> pipeline_;
  bool trail_broken_ = false;
};

}  // namespace zvhpga::runtime
