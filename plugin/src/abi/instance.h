#pragma once
// The composition root: one plugin instance, built from its configuration file. It owns, in
// order of construction, the compiled schemas, the configuration, the store, the audit trail
// and the request pipeline over them.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/configuration.h"
#include "core/result.h"
#include "crypto/random_id.h"
#include "crypto/subject_protector.h"
#include "service/audit_trail.h"
#include "service/request_pipeline.h"
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

  service::RequestPipeline& pipeline() { return *pipeline_; }
  const config::Configuration& configuration() const { return config_; }

 private:
  Instance(config::Configuration config, std::unique_ptr<service::Store> store,
           crypto::Key audit_key, const crypto::Key& subject_key);
  // An administrative act on the data, recorded in the audit trail in a transaction of its own.
  void record_administration(std::string action, std::string object);

  xml::Schema contract_;
  config::Configuration config_;
  std::unique_ptr<service::Store> store_;
  service::SystemClock clock_;
  crypto::RandomIdGenerator ids_;
  service::AuditTrail audit_trail_;
  crypto::SubjectProtector subject_protector_;
  std::unique_ptr<service::RequestPipeline> pipeline_;
};

}  // namespace zvhpga::abi
