#pragma once
// The way every request travels, whichever door it came through:
//   caller's organisation → size limit → hardened parse → operation → schema → user assertion
//   (where the partner has a key) → user and role → permission → one transaction { the
//   assertion's one use → handler → response document → schema → processing log → audit
//   record } → commit.
// Whatever goes wrong, the transaction is rolled back, the refusal is written to the audit
// trail in a transaction of its own, and the answer is an Error document that passed the
// schema too. Nothing here throws.
#include <optional>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "contract/messages.h"
#include "core/error.h"
#include "crypto/subject_protector.h"
#include "ports/clock.h"
#include "ports/ids.h"
#include "service/audit_trail.h"
#include "service/now.h"
#include "ports/store.h"
#include "service/service.h"
#include "service/user_assertion.h"
#include "xml/schema.h"

namespace zvhpga::service {

// Who calls, as the door knows it. The organisation always comes from the door (ABI caller
// struct, client certificate). User and role come from the door when it has them; a door
// without them (SOAP) leaves them empty and the request's requestedBy supplies them. When
// both are present they must agree. The door itself decides which roles a partner may claim
// (config::Partner::grants).
struct CallerIdentity {
  std::string_view organisation;  // partner id or OIN
  std::string_view user;
  std::string_view role;
  std::string_view message_id;
  core::Door door = core::Door::Abi;
  std::string_view peer_address;  // the web-service client's address, for the audit trail

  // The door as the audit trail names it: "abi", "soap:<address>".
  std::string origin() const;
};

// A parsed request document: its root element, and the size in bytes it is held to
// limits/maxRequestBytes by.
struct ParsedRequest {
  const xmlNode& root;
  std::size_t bytes;
};

// What a door sends back. A refusal carries its code as well as its class, so that a door
// which maps codes onto its own faults (SOAP) has it without parsing the Error document.
struct Answer {
  // Empty: the operation succeeded. Else the code of the Error document, for the door to map
  // without reading the document back (core::error_class gives its class).
  std::optional<core::ErrorCode> error;
  std::string document;
  // The trace id of the request's audit record, which a door's request log names so that a
  // line there leads to the record (empty when the request never reached the pipeline).
  std::string trace_id;
};

// The id a caller gave one request, and what makes it the same request when it comes again:
// a digest of the operation, the caller and the document (docs/contract.md, "Retried
// requests").
struct RequestKey {
  std::string_view name;  // what the caller calls the id, for a refusal: "requestId", ...
  std::string id;
  std::string key_digest;
  std::string request_digest;
};

class RequestPipeline {
 public:
  RequestPipeline(const config::Configuration& config, const xml::Schema& contract,
                  ports::Store& store, ports::Clock& clock, ports::IdGenerator& ids,
                  const AuditTrail& audit_trail,
                  const crypto::SubjectProtector& subject_protector,
                  const criteria::CatalogueSet& catalogues,
                  const retention::PolicySet& policies);

  // The request document as bytes, parsed here (the C ABI).
  Answer handle(const CallerIdentity& identity, std::string_view request) noexcept;
  // A request document the door has already parsed with xml::parse_untrusted (the SOAP Body
  // child inside its envelope), so it is not serialised and parsed a second time.
  Answer handle(const CallerIdentity& identity, const ParsedRequest& request) noexcept;

 private:
  // Admits the caller's partner and runs the rest of one request's processing on it; whatever
  // was refused or thrown becomes an audited Error answer.
  template <typename Process>
  Answer answer(const CallerIdentity& identity, Process&& steps) noexcept;
  // The partner the caller's organisation names, recorded in the event, or UnknownPartner.
  core::Result<const config::Partner*> admit(const CallerIdentity& identity,
                                             ports::AuditEvent& event) const;
  // Everything after the parse. subjects receives the data subjects the operation processed,
  // also when it was refused.
  core::Result<std::string> process(const config::Partner& partner, const CallerIdentity& identity,
                                    const xmlNode& root, ports::AuditEvent& event,
                                    std::vector<core::Person>& subjects);
  // The transactional part of process(): handler, response, logs, commit.
  // With a key, a reply recorded for it within the window answers instead, and the reply to a
  // new request is recorded in the same transaction, as is the assertion's one use.
  core::Result<std::string> run_transaction(core::Operation operation, const Caller& caller,
                                            const std::optional<AssertedUser>& assertion,
                                            const contract::Request& typed,
                                            const std::optional<RequestKey>& key,
                                            ports::AuditEvent& event,
                                            std::vector<core::Person>& subjects);
  // The stored answer of an earlier request, audited as replayed, in the transaction that
  // found it.
  std::string replay(ports::StoreTransaction& tx, const ports::RequestReply& earlier,
                     const Now& now, ports::AuditEvent& event) const;
  // Where the partner table names an assertion key for the partner, the verified assertion in
  // requestedBy, which vouches for the user and role there that identify() has checked as any.
  // Else nothing, and an assertion the partner was given no key for is refused.
  core::Result<std::optional<AssertedUser>> verify_assertion(
      const config::Partner& partner,
      const std::optional<contract::RequestedBy>& in_document) const;
  // The caller from the door's identity and the request's decoded requestedBy. What the caller
  // claimed goes into the event first, so that a refusal is on record with it.
  core::Result<Caller> identify(const config::Partner& partner, const CallerIdentity& identity,
                                const std::optional<contract::RequestedBy>& in_document,
                                ports::AuditEvent& event) const;
  // Whether the partner's people may act as this user in this role at this door: valid text,
  // a known role, one the partner table grants at the door (docs/roles.md). Deny by default.
  static core::Result<Caller> admit_claim(const config::Partner& partner, core::Door door,
                                          std::string_view user, std::string_view role);
  // Writes the audit record of a request that changed nothing, and an ERROR line in the
  // processing log for each data subject it began to process, in a transaction of its own.
  void record_refusal(ports::AuditEvent event, const core::Error& error,
                      const std::vector<core::Person>& subjects) noexcept;
  // One processing-log line per data subject the operation touched, with the LDV status
  // (1 OK, 2 ERROR).
  void log_processing(ports::ProcessingLog& log, const ports::AuditEvent& event, const std::string& started_at,
                      const std::vector<core::Person>& subjects, int status_code) const;
  Answer refuse(const core::Error& error) const noexcept;
  // Reads a SubmitForm's posted fields into the request of its stage and checks that against
  // the contract's schema, as any partner's request is checked; an intake is registered by the
  // caller's partner for its region. An error only for input no browser posts (bad escapes,
  // over the limits, a field repeated, a signal named or missing against its stage); a request
  // the schema refuses is kept as the form's refusal.
  core::Status prepare_form(contract::SubmitForm& form, const Caller& caller) const;

  const config::Configuration& config_;
  const xml::Schema& contract_;
  ports::Store& store_;
  ports::Clock& clock_;
  ports::IdGenerator& ids_;
  const AuditTrail& audit_trail_;
  const crypto::SubjectProtector& subject_protector_;
  const criteria::CatalogueSet& catalogues_;
  Service service_;
};

}  // namespace zvhpga::service
