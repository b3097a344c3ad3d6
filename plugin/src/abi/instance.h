#pragma once
// The composition root: one plugin instance, built from its configuration file. It owns, in
// order of construction, the compiled schemas, the configuration, the store, the signal key
// store with the sealing store over both (docs/crypto-shredding.md), the audit trail and the
// request pipeline over them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/result.h"
#include "core/retention.h"
#include "criteria/catalogue_set.h"
#include "ports/clock.h"
#include "ports/ids.h"
#include "retention/policy_set.h"
#include "crypto/master_key_rotation.h"
#include "crypto/random_id.h"
#include "crypto/sealing_store.h"
#include "crypto/signal_keys.h"
#include "crypto/subject_protector.h"
#include "odbc/odbc_store.h"
#include "service/audit_trail.h"
#include "service/request_pipeline.h"
#include "service/retention_sweep.h"
#include "service/system_clock.h"
#include "xml/schema.h"

namespace zvhpga::abi {

class Instance {
 public:
  // Errors: InvalidConfiguration (file, schema, data directory) or StoreUnavailable.
  static core::Result<std::unique_ptr<Instance>> open(const std::filesystem::path& config_file);
  // Upgrades the configured database's schema to this build's and returns the versions
  // applied; then opens an instance on it, which checks the result and records the upgrade.
  // Errors as open().
  static core::Result<std::vector<std::int64_t>> migrate(const std::filesystem::path& config_file);

  // Whether the catalogue file could be put in force on the configuration's database, without
  // changing anything: the catalogue as read, or CatalogueRefused with every reason. Errors
  // of the configuration and store as open().
  static core::Result<core::Catalogue> check_catalogue(const std::filesystem::path& config_file,
                                                       const std::filesystem::path& catalogue_file);
  // The same for the catalogue the configuration puts in force (its file, or the shipped one).
  static core::Result<core::Catalogue> check_configured_catalogue(
      const std::filesystem::path& config_file);

  // What an instance is built from, for checks that must not open one (zvh-pga doctor).
  static const xml::Schema& configuration_schema();
  static odbc::StoreOptions store_options_of(const config::Configuration& config);
  // The retention policy the configuration puts in force (its file, or the shipped one), read
  // and checked but not adopted.
  static core::Result<core::RetentionPolicy> configured_retention_policy_of(
      const config::Configuration& config);

  // One retention run (service::sweep, docs/retention.md), unless another instance on the same
  // database is running one: then empty. Store failures propagate as ports::StoreFailure.
  std::optional<service::SweepReport> run_retention();
  // The rules that the policy in force or a running clock uses and that are not confirmed,
  // as "version/rule" (`zvh-pga doctor`, and the warning of `zvh-pga retention run`).
  std::vector<std::string> unconfirmed_rules_in_use();
  // Whether the statement of destruction's text is authentic under the configuration's
  // statement key. Errors: those of the configuration and the key file.
  static core::Result<bool> verify_statement(const std::filesystem::path& config_file,
                                             std::string_view statement);

  // Rotates the signal master key of the configuration's key file and key store
  // (crypto::rotate_master_key_file) without opening an instance: run it with every instance
  // stopped. Errors: those of the configuration and key files, and StoreUnavailable.
  static core::Result<crypto::MasterKeyRotation> rotate_master_key(
      const std::filesystem::path& config_file);

  service::RequestPipeline& pipeline() { return *pipeline_; }
  const config::Configuration& configuration() const { return config_; }
  // What the serving process's own workers (the delivery of host pushes) run on.
  odbc::OdbcStore& store() { return *store_; }
  // The store as the service sees it: personal fields in plaintext, sealed at rest.
  ports::Store& sealed_store() { return sealing_store_; }
  // Retention destroys a signal's data key through this before it deletes the signal's rows.
  crypto::SignalKeys& signal_keys() { return signal_keys_; }
  const service::AuditTrail& audit_trail() const { return audit_trail_; }
  ports::Clock& clock() { return clock_; }
  ports::IdGenerator& ids() { return ids_; }

 private:
  using CatalogueSource =
      std::function<core::Result<std::string>(const config::Configuration&)>;
  static core::Result<core::Catalogue> check_catalogue_text(
      const std::filesystem::path& config_file, const CatalogueSource& catalogue_text);

  Instance(config::Configuration config, std::unique_ptr<odbc::OdbcStore> store,
           std::unique_ptr<ports::KeyStore> key_store, crypto::SignalKeys signal_keys,
           crypto::Key audit_key, const crypto::Key& subject_key, crypto::Key statement_key);
  // An administrative act on the data, recorded in the audit trail in a transaction of its own.
  void record_administration(std::string action, std::string object);
  void record_administration(ports::StoreTransaction& tx, std::string action,
                             std::string object, std::string result);
  // Puts the configured criteria catalogue in force, or keeps the one in force when the
  // configured one is refused (the refusal goes into the audit trail); then the pipeline can
  // be built. Fails only when there is no catalogue at all to run on.
  core::Status put_criteria_in_force();
  // The same for the configured retention policy (docs/retention.md).
  core::Status put_retention_policy_in_force();

  xml::Schema contract_;
  config::Configuration config_;
  std::unique_ptr<odbc::OdbcStore> store_;
  std::unique_ptr<ports::KeyStore> key_store_;
  crypto::SignalKeys signal_keys_;
  crypto::SealingStore sealing_store_;
  service::SystemClock clock_;
  crypto::RandomIdGenerator ids_;
  service::AuditTrail audit_trail_;
  crypto::SubjectProtector subject_protector_;
  std::optional<criteria::CatalogueSet> catalogues_;
  std::optional<retention::PolicySet> policies_;
  crypto::Key statement_key_;
  std::unique_ptr<service::RequestPipeline> pipeline_;
};

}  // namespace zvhpga::abi
