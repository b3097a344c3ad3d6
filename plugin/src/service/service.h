#pragma once
// One handler per operation. A handler runs inside the transaction the pipeline opened: it
// reads the dossier, lets the core check and apply the command, and writes what changed. The
// caller is already authenticated and allowed the operation as such; the handler checks what
// depends on the data (region, state, the integral rule).
#include "config/configuration.h"
#include "core/data_subject.h"
#include "crypto/subject_protector.h"
#include "contract/messages.h"
#include "core/result.h"
#include "criteria/catalogue_set.h"
#include "ports/ids.h"
#include "retention/policy_set.h"
#include "service/audit_trail.h"
#include "service/handler_context.h"
#include "ports/store.h"

namespace zvhpga::service {

class Service {
 public:
  Service(ports::IdGenerator& ids, const AuditTrail& audit_trail,
          const crypto::SubjectProtector& subject_protector, const config::Configuration& config,
          const criteria::CatalogueSet& catalogues, const retention::PolicySet& policies)
      : ids_(ids),
        audit_trail_(audit_trail),
        subject_protector_(subject_protector),
        config_(config),
        catalogues_(catalogues),
        policies_(policies) {}

  // subjects receives every data subject whose personal data the operation read or wrote, or
  // (when it is refused) began to process.
  core::Result<contract::Response> handle(ports::StoreTransaction& tx, const Caller& caller,
                                          const contract::Request& request, const Now& now,
                                          std::vector<core::Person>& subjects);

 private:
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::RegisterSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::SubmitContribution& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::RecordDecision& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::CloseSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::GetSignal& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::ListWorklist& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::VerifyAuditTrail& request, const Now& now,
                                       std::vector<core::Person>& subjects);

  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::ExportSubjectData& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::ReleaseSubjectData& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::WithholdItem& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::IsPersonKnown& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::GetForm& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::GetStatistics& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::PlaceLegalHold& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::ReleaseLegalHold& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  core::Result<contract::Response> run(ports::StoreTransaction& tx, const Caller& caller,
                                       const contract::ApproveDestruction& request, const Now& now,
                                       std::vector<core::Person>& subjects);
  // Everything held about one data subject in the caller's region; for a release, withheld
  // items are taken out of the dossiers.
  contract::SubjectData collect_subject_data(ports::StoreTransaction& tx, const Caller& caller,
                                             const contract::SubjectKey& key, bool for_release,
                                             std::vector<core::Person>& subjects) const;

  ports::IdGenerator& ids_;
  const AuditTrail& audit_trail_;
  const crypto::SubjectProtector& subject_protector_;
  const config::Configuration& config_;
  const criteria::CatalogueSet& catalogues_;
  const retention::PolicySet& policies_;
};

}  // namespace zvhpga::service
