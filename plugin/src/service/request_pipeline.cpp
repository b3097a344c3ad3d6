#include "service/request_pipeline.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "contract/codec.h"
#include "contract/form_submission.h"
#include "core/access_policy.h"
#include "core/person_messages.h"
#include "core/text.h"
#include "core/version.h"
#include "crypto/digest.h"
#include "ports/clock.h"
#include "ports/ids.h"
#include "service/retry_policy.h"
#include "service/subject_pseudonyms.h"
#include "xml/document.h"
#include "xml/reader.h"

namespace zvhpga::service {
namespace {

// Bytes of a caller's field that an error message or the audit trail repeats.
constexpr std::size_t kMaxIdentityField = 200;
// Logboek Dataverwerkingen status codes.
constexpr int kStatusOk = 1;
constexpr int kStatusError = 2;
constexpr RetryPolicy kRetry{};

// Used only if even the Error document could not be produced (out of memory).
constexpr const char* kLastResortError =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Error xmlns=\"urn:nl:zvh-pga:contract:1\"><code>internal-error</code>"
    "<message>The request could not be handled.</message></Error>\n";

core::Error not_authorized(std::string message) {
  return {core::ErrorCode::NotAuthorized, std::move(message), {}};
}

// "An auditor", "A weegploeg-chair": every role token starts with a letter.
std::string with_article(std::string_view noun) {
  const bool vowel = std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "An " : "A ") + std::string(noun);
}

// What the caller presented goes into the audit trail, but never more than a line of it, and
// never a byte that could not be shown again (core::xml_text).
std::string bounded(std::string_view text) { return core::xml_text(text.substr(0, kMaxIdentityField)); }

// Every identity field is checked before anything is stored (docs/contract.md, "Identity").
core::Status check_identity_text(std::string_view field, std::string_view text) {
  const auto fault = core::identity_text_fault(text);
  if (!fault) return core::Done{};
  return core::Error{core::ErrorCode::InvalidValue,
                     "The caller's " + std::string(field) + " " + *fault +
                         "; identity fields are UTF-8 text without control characters, at most " +
                         std::to_string(core::kMaxIdentityCharacters) + " characters.",
                     {{std::string(field), "The " + std::string(field) + " " + *fault + "."}}};
}

// The processing activity (AVG art. 30 register) each operation serves.
std::string purpose_of(core::Operation operation) {
  switch (operation) {
    case core::Operation::RegisterSignal: return "pga-early-signal/intake";
    case core::Operation::SubmitContribution: return "pga-early-signal/pre-weighing";
    case core::Operation::RecordDecision: return "pga-early-signal/weighing";
    case core::Operation::CloseSignal: return "pga-early-signal/follow-up";
    case core::Operation::GetSignal: return "pga-early-signal/dossier";
    case core::Operation::ListWorklist: return "pga-early-signal/worklist";
    case core::Operation::VerifyAuditTrail: return "audit/verification";
    case core::Operation::ExportSubjectData: return "privacy/data-subject-access";
    case core::Operation::ReleaseSubjectData: return "privacy/data-subject-access-release";
    case core::Operation::WithholdItem: return "privacy/restriction";
    case core::Operation::IsPersonKnown: return "pga-early-signal/person-known-check";
    case core::Operation::GetForm: return "pga-early-signal/forms";
    case core::Operation::GetStatistics: return "pga-early-signal/management-information";
    case core::Operation::PlaceLegalHold:
    case core::Operation::ReleaseLegalHold: return "retention/legal-hold";
    case core::Operation::ApproveDestruction:
    case core::Operation::ForecastRetention: return "retention/destruction";
    case core::Operation::ProposeTransfer:
    case core::Operation::RespondToTransfer: return "pga-early-signal/transfer";
    case core::Operation::RecordInforming: return "privacy/informing";
    case core::Operation::RecordInclusionReview: return "pga-early-signal/inclusion-review";
    // Ending a signal before the weighing is part of its intake.
    case core::Operation::WithdrawSignal:
    case core::Operation::TriageOutSignal: return "pga-early-signal/intake";
    // A submitted form serves its stage's purpose (process() sets that one).
    case core::Operation::SubmitForm: return "pga-early-signal/forms";
  }
  return "unknown";
}

// The object an operation concerns, named so an auditor can find it.
std::string object_of(const contract::Request& request) {
  return std::visit(
      [](const auto& typed) -> std::string {
        using Typed = std::decay_t<decltype(typed)>;
        if constexpr (std::is_same_v<Typed, contract::GetForm>)
          return typed.signal_id ? "signal/" + *typed.signal_id : "form";
        // The intake form registers a signal: the new one, named once it is stored.
        else if constexpr (std::is_same_v<Typed, contract::SubmitForm>)
          return typed.signal_id ? "signal/" + *typed.signal_id : "signal/new";
        else if constexpr (requires { typed.signal_id; }) return "signal/" + typed.signal_id;
        else if constexpr (requires { typed.subject; }) return "data-subject";
        else if constexpr (std::is_same_v<std::decay_t<decltype(typed)>, contract::ListWorklist>)
          return "worklist";
        else if constexpr (std::is_same_v<std::decay_t<decltype(typed)>, contract::VerifyAuditTrail>)
          return "audit-trail";
        else if constexpr (std::is_same_v<std::decay_t<decltype(typed)>, contract::GetStatistics>)
          return "statistics";
        else if constexpr (std::is_same_v<std::decay_t<decltype(typed)>, contract::ForecastRetention>)
          return "retention-forecast/" + typed.until;
        else if constexpr (requires { typed.proposal_id; })
          return "destruction-proposal/" + typed.proposal_id;
        else return "signal/new";
      },
      request);
}

// Fields joined so that no two different lists join alike: each is preceded by its length.
std::string length_prefixed(std::initializer_list<std::string_view> fields) {
  std::string joined;
  for (const std::string_view field : fields)
    joined.append(std::to_string(field.size())).append(":").append(field);
  return joined;
}

// A retried request is recognised by the id its caller gave it: the door's message id
// (wsa:MessageID over the web service, zvhpga_caller.message_id through the ABI) or else the
// document's requestId. It is the same request when the operation, the caller and the request
// element, canonicalised, are the same; a requestId inside a request with a message id is then
// part of that element.
std::optional<RequestKey> request_key(const CallerIdentity& identity,
                                      const contract::DecodedRequest& decoded,
                                      core::Operation operation, const Caller& caller,
                                      const xmlNode& root) {
  RequestKey key;
  if (!identity.message_id.empty()) {
    key.name = "message id";
    key.id = std::string(identity.message_id);
  } else if (!decoded.request_id.empty()) {
    key.name = "requestId";
    key.id = decoded.request_id;
  } else {
    return std::nullopt;
  }
  key.key_digest = crypto::sha256_hex(key.id);
  key.request_digest = crypto::sha256_hex(
      length_prefixed({core::to_token(operation), caller.actor.user,
                       core::to_token(caller.actor.role), xml::canonical(root)}));
  return key;
}

// The language a person reads the refusal in (the request attribute `language`); without it the
// refusal keeps the plugin's detailed English for the host's developers and logs.
std::optional<core::Language> requested_language(const xmlNode& root) {
  return core::language_from_token(xml::attribute(root, "language"));
}

std::string trace_id_from(std::string id) {
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id;  // 32 hex digits: a W3C trace id
}

}  // namespace

RequestPipeline::RequestPipeline(const config::Configuration& config, const xml::Schema& contract,
                                 ports::Store& store, ports::Clock& clock, ports::IdGenerator& ids,
                                 const AuditTrail& audit_trail,
                                 const crypto::SubjectProtector& subject_protector,
                                 const criteria::CatalogueSet& catalogues,
                                 const retention::PolicySet& policies)
    : config_(config),
      contract_(contract),
      store_(store),
      clock_(clock),
      ids_(ids),
      audit_trail_(audit_trail),
      subject_protector_(subject_protector),
      catalogues_(catalogues),
      service_(ids, audit_trail, subject_protector, config, catalogues, policies) {}

std::string CallerIdentity::origin() const {
  return door == core::Door::WebService ? "soap:" + std::string(peer_address)
                                        : std::string(core::to_token(door));
}

core::Result<Caller> RequestPipeline::identify(
    const config::Partner& partner, const CallerIdentity& identity,
    const std::optional<contract::RequestedBy>& in_document, ports::AuditEvent& event) const {
  std::string user(identity.user);
  std::string role(identity.role);
  if (in_document) {
    if ((!user.empty() && user != in_document->user) ||
        (!role.empty() && role != in_document->role))
      return not_authorized(
          "The requestedBy in the document differs from the identity the caller presented.");
    user = in_document->user;
    role = in_document->role;
  }
  event.actor_user = bounded(user);
  event.actor_role = bounded(role);
  return admit_claim(partner, identity.door, user, role);
}

core::Result<Caller> RequestPipeline::admit_claim(const config::Partner& partner, core::Door door,
                                                  std::string_view user, std::string_view role) {
  if (auto valid = check_identity_text("role", role); !valid) return valid.error();
  const auto known_role = core::from_token<core::Role>(role);
  if (!known_role)
    return core::Error{core::ErrorCode::UnknownRole,
                       "The role '" + bounded(role) +
                           "' is not one of the roles of zvh-pga (docs/roles.md).",
                       {}};
  if (user.empty()) return not_authorized("The caller identity must name the user.");
  if (auto valid = check_identity_text("user", user); !valid) return valid.error();
  if (!partner.grants(*known_role, door))
    return not_authorized("The partner table does not grant the role " + std::string(role) +
                          " to " + partner.id + " at the " + std::string(core::to_token(door)) +
                          " door (docs/roles.md).");
  return Caller{{partner.id, partner.kind, std::string(user), *known_role}, &partner};
}

core::Result<std::optional<AssertedUser>> RequestPipeline::verify_assertion(
    const config::Partner& partner,
    const std::optional<contract::RequestedBy>& in_document) const {
  const bool carried = in_document && in_document->assertion;
  if (!partner.assertion_key) {
    if (carried)
      return not_authorized("The partner table names no assertion key for " + partner.id +
                            ", so the user assertion in requestedBy cannot be checked.");
    return std::optional<AssertedUser>();
  }
  if (!carried || !config_.user_assertions)
    return not_authorized("The partner table requires of " + partner.id +
                          " a user assertion signed by its identity provider in requestedBy.");
  auto asserted = check_user_assertion(*in_document->assertion, *partner.assertion_key,
                                       *config_.user_assertions, clock_.now());
  if (!asserted) return asserted.error();
  if (in_document->user != asserted->user || in_document->role != asserted->role)
    return not_authorized(
        "The user and role in requestedBy differ from those its user assertion names.");
  return std::optional<AssertedUser>(std::move(asserted.value()));
}

core::Result<const config::Partner*> RequestPipeline::admit(const CallerIdentity& identity,
                                                            ports::AuditEvent& event) const {
  if (auto valid = check_identity_text("organisation", identity.organisation); !valid)
    return valid.error();
  const config::Partner* partner = config_.find_partner(identity.organisation);
  if (partner == nullptr)
    return core::Error{core::ErrorCode::UnknownPartner,
                       "The organisation '" + bounded(identity.organisation) +
                           "' is not a partner in this instance's configuration.",
                       {}};
  event.organisation_id = partner->id;
  event.organisation_oin = partner->oin;
  if (auto valid = check_identity_text("message id", identity.message_id); !valid)
    return valid.error();
  return partner;
}

core::Result<std::string> RequestPipeline::process(const config::Partner& partner,
                                                   const CallerIdentity& identity,
                                                   const xmlNode& root, ports::AuditEvent& event,
                                                   std::vector<core::Person>& subjects) {
  const auto operation = contract::identify_operation(root);
  if (!operation)
    return core::Error{core::ErrorCode::UnknownOperation,
                       "The document's root element '" + bounded(xml::from_xml(root.name)) +
                           "' is not a request of contract " + contract::kNamespace + ".",
                       {}};
  event.action = core::to_token(*operation);
  event.purpose = purpose_of(*operation);
  if (auto valid = contract_.validate(root); !valid) return valid.error();

  const contract::DecodedRequest decoded = contract::decode(*operation, root);
  const contract::Request& typed = decoded.message;
  event.object = object_of(typed);
  // The claim is on record first (identify), so a refused assertion is audited with it.
  auto caller = identify(partner, identity, decoded.requested_by, event);
  if (!caller) return caller.error();
  auto assertion = verify_assertion(partner, decoded.requested_by);
  if (!assertion) return assertion.error();
  if (!core::is_permitted(caller->actor.role, caller->actor.partner_kind, *operation))
    return not_authorized(with_article(core::to_token(caller->actor.role)) + " of the " +
                          std::string(core::to_token(caller->actor.partner_kind)) +
                          " may not perform " + std::string(core::to_token(*operation)) + ".");

  // A submitted form is the operation of its stage: allowed as that one is, for its purpose.
  contract::Request prepared = typed;
  if (auto* form = std::get_if<contract::SubmitForm>(&prepared)) {
    const core::Operation stored = core::operation_of_stage(form->stage);
    event.purpose = purpose_of(stored);
    if (!core::is_permitted(caller->actor.role, caller->actor.partner_kind, stored))
      return not_authorized(with_article(core::to_token(caller->actor.role)) + " of the " +
                            std::string(core::to_token(caller->actor.partner_kind)) +
                            " may not perform " + std::string(core::to_token(stored)) +
                            ", so not submit its form either.");
    if (auto ready = prepare_form(*form, caller.value()); !ready) return ready.error();
  }

  const auto key = request_key(identity, decoded, *operation, caller.value(), root);
  // A serialization conflict, a deadlock or a lost connection leaves nothing behind, not even
  // the audit record: the whole transaction runs again (service/retry_policy.h) before the
  // caller hears of it. A retried request with an id looks its reply up again in the new
  // transaction, so an attempt whose commit did reach the database is answered from there.
  const auto first_started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      subjects.clear();
      return run_transaction(*operation, caller.value(), *assertion, prepared, key, event,
                             subjects);
    } catch (const ports::StoreFailure& failure) {
      if (!failure.retryable()) throw;
      const auto pause = kRetry.pause_after(
          attempt,
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                first_started),
          jitter_fraction());
      if (!pause) throw;
      std::this_thread::sleep_for(*pause);
    }
  }
}

core::Result<std::string> RequestPipeline::run_transaction(
    core::Operation operation, const Caller& caller, const std::optional<AssertedUser>& assertion,
    const contract::Request& typed, const std::optional<RequestKey>& key, ports::AuditEvent& event,
    std::vector<core::Person>& subjects) {
  // Every operation writes at least its audit record, so every transaction writes.
  auto tx = store_.begin(ports::TransactionMode::ReadWrite);
  const auto started = clock_.now();
  const Now now = now_from(started);
  // The reply is looked up inside the operation's own transaction: an identical request that
  // commits meanwhile either is seen here or makes record() below fail retryably, so two never
  // both run. A reply past its window counts as none.
  std::optional<ports::RequestReply> earlier;
  if (key) {
    earlier = tx->reply_register().find(caller.actor.partner_id, key->key_digest);
    if (earlier && earlier->expires_at <= now.timestamp) earlier.reset();
    if (earlier && earlier->request_digest != key->request_digest)
      return core::Error{core::ErrorCode::RequestIdReused,
                         "The " + std::string(key->name) + " '" + bounded(key->id) +
                             "' was already used by " + caller.actor.partner_id +
                             " for another request; nothing was changed. Give a new request "
                             "an id of its own.",
                         {}};
    if (earlier && earlier->answer) return replay(*tx, *earlier, now, event);
  }

  // A retry of the same request (the digest covers its assertion) used the assertion with the
  // first; a new request uses it up here, in its own transaction, so a refused request leaves
  // it unused.
  if (assertion && !earlier &&
      !tx->assertion_replay().record_first_use(
          caller.actor.partner_id, assertion->assertion_id, assertion->kept_until,
          std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count()))
    return not_authorized("The user assertion was used before; each serves one request.");

  auto response = service_.handle(*tx, caller, typed, now, subjects);
  if (!response) return response.error();  // tx rolls back

  xml::Document answer = contract::encode_response(response.value());
  if (auto valid = contract_.validate(*answer); !valid)
    return core::Error{core::ErrorCode::Internal,
                       "The plugin produced an invalid response; nothing was changed.",
                       {}};
  const auto* form = std::get_if<contract::FormSubmitted>(&response.value());
  const auto* registered = form != nullptr
                               ? std::get_if<contract::SignalRegistered>(&form->outcome)
                               : std::get_if<contract::SignalRegistered>(&response.value());
  if (registered != nullptr) event.object = "signal/" + registered->signal_id;
  event.at = now.timestamp;
  // A form shown again is its stage's operation refused, with that operation's code: the trail
  // says so, though the caller is answered with the form rather than an error.
  const bool form_shown_again =
      form != nullptr && std::holds_alternative<contract::FormDefinition>(form->outcome);
  // A read under an id already answered runs again, and the audit trail says it was a retry.
  if (earlier)
    event.result = "repeated";
  else if (form_shown_again)
    event.result = form->refusal ? "refused:" + std::string(core::code_name(*form->refusal))
                                 : std::string("refused");
  else
    event.result = "success";
  log_processing(tx->processing_log(), event, now.timestamp, subjects, kStatusOk);
  std::string serialized = xml::serialize(*answer);
  if (key && !earlier) {
    // Only an operation that changes records keeps its answer: a retry must not run it twice,
    // and its answer names identifiers and states only. An operation that reads runs again on
    // a retry, so answers carrying personal data (GetSignal, ExportSubjectData) are never
    // kept here; its row still holds the digest, so another document under its id is refused.
    ports::RequestReply reply{.partner_id = caller.actor.partner_id,
                              .request_key = key->key_digest,
                              .request_digest = key->request_digest,
                              .answer = std::nullopt,
                              .object = event.object,
                              .answered_at = now.timestamp,
                              .expires_at = now_from(started + config_.retry_window).timestamp};
    // A form shown again is no such answer: it holds what the person typed.
    if (core::changes_records(operation) && !form_shown_again) reply.answer = serialized;
    tx->reply_register().record(reply);
  }
  try {
    audit_trail_.record(tx->audit_journal(), event);
  } catch (const AuditTrailBroken&) {
    // Verification reads no personal data and changes nothing, and it must still say where a
    // trail broke when the break stops new records (a forged record beyond the head).
    if (operation != core::Operation::VerifyAuditTrail) throw;
    return xml::serialize(*answer);
  } catch (const ports::StoreFailure&) {
    if (operation != core::Operation::VerifyAuditTrail) throw;
    return serialized;
  }
  tx->commit();
  return serialized;
}

core::Status RequestPipeline::prepare_form(contract::SubmitForm& form, const Caller& caller) const {
  auto fields = criteria::parse_urlencoded(form.fields);
  if (!fields) return fields.error();
  form.posted = std::move(fields.value());
  auto document = contract::stage_document(
      form.stage, form.signal_id, {caller.actor.partner_kind, caller.partner->region},
      catalogues_.in_force(), form.posted);
  if (!document) return document.error();
  const xmlNode& root = *xmlDocGetRootElement(document.value().get());
  if (auto valid = contract_.validate(root); !valid) {
    form.refused = valid.error();
    return core::Done{};
  }
  contract::Request request =
      contract::decode_request(core::operation_of_stage(form.stage), root);
  if (auto* registration = std::get_if<contract::RegisterSignal>(&request))
    form.stage_request = std::move(*registration);
  if (auto* contribution = std::get_if<contract::SubmitContribution>(&request))
    form.stage_request = std::move(*contribution);
  if (auto* decision = std::get_if<contract::RecordDecision>(&request))
    form.stage_request = std::move(*decision);
  if (auto* closure = std::get_if<contract::CloseSignal>(&request))
    form.stage_request = std::move(*closure);
  return core::Done{};
}

std::string RequestPipeline::replay(ports::StoreTransaction& tx,
                                    const ports::RequestReply& earlier, const Now& now,
                                    ports::AuditEvent& event) const {
  // Nothing runs, so no personal data is processed: an audit record, no processing-log line.
  event.at = now.timestamp;
  event.object = earlier.object;
  event.result = "replayed";
  audit_trail_.record(tx.audit_journal(), event);
  tx.commit();
  return *earlier.answer;
}

void RequestPipeline::log_processing(ports::ProcessingLog& log, const ports::AuditEvent& event,
                                     const std::string& started_at,
                                     const std::vector<core::Person>& subjects,
                                     int status_code) const {
  std::vector<std::string> logged;  // one line per data subject, however often touched
  for (const core::Person& person : subjects) {
    const core::SubjectIdentifier subject = core::identify_subject(person);
    std::string pseudonym = subject_pseudonym(subject_protector_, subject);
    if (std::find(logged.begin(), logged.end(), pseudonym) != logged.end()) continue;
    ports::ProcessingLine line;
    line.trace_id = event.trace_id;
    line.span_id = trace_id_from(ids_.new_id()).substr(0, 16);
    line.name = event.action;
    line.status_code = status_code;
    line.start_time = started_at;
    line.end_time = now_from(clock_.now()).timestamp;
    line.processing_activity_id = "urn:nl:zvh-pga:processing-activity:" + event.purpose;
    line.data_subject_pseudonym = pseudonym;
    line.data_subject_id_sealed = subject_protector_.encrypt(subject.value);
    line.data_subject_id_type = subject.type;
    line.resource = "zvh-pga/" + std::string(core::kPluginVersion);
    log.append(line);
    logged.push_back(std::move(pseudonym));
  }
}

void RequestPipeline::record_refusal(ports::AuditEvent event, const core::Error& error,
                                     const std::vector<core::Person>& subjects) noexcept {
  try {
    event.at = now_from(clock_.now()).timestamp;
    event.result = std::string(core::error_class(error.code) == core::ErrorClass::Rejected
                                   ? "refused:"
                                   : "failed:") +
                   std::string(core::code_name(error.code));
    auto tx = store_.begin(ports::TransactionMode::ReadWrite);
    log_processing(tx->processing_log(), event, event.at, subjects, kStatusError);
    audit_trail_.record(tx->audit_journal(), event);
    tx->commit();
  } catch (...) {
    // Nothing was changed, and the caller gets the refusal either way; a store that cannot
    // take the record is reported by the refusal itself (store-unavailable).
  }
}

Answer RequestPipeline::refuse(const core::Error& error) const noexcept {
  try {
    xml::Document document = contract::encode_error(error);
    if (contract_.validate(*document))
      return {error.code, xml::serialize(*document), {}};
  } catch (...) {
  }
  // kLastResortError says internal-error, so the code it travels with says so too.
  try {
    return {core::ErrorCode::Internal, kLastResortError, {}};
  } catch (...) {
    return {core::ErrorCode::Internal, {}, {}};
  }
}

template <typename Process>
Answer RequestPipeline::answer(const CallerIdentity& identity, Process&& steps) noexcept {
  ports::AuditEvent event;
  std::vector<core::Person> subjects;
  std::optional<core::Error> error;
  // Read from the request once it parsed: a refusal before that is in the plugin's own English.
  std::optional<core::Language> language;
  std::string trace_id;  // copied inside the try: nothing below it may throw
  try {
    event.organisation_id = bounded(identity.organisation);
    event.actor_user = bounded(identity.user);
    event.actor_role = bounded(identity.role);
    event.message_id = bounded(identity.message_id);
    event.origin = bounded(identity.origin());
    event.trace_id = trace_id_from(ids_.new_id());
    trace_id = event.trace_id;
    // An unknown organisation learns nothing, not even whether its document would parse.
    auto partner = admit(identity, event);
    auto result = partner ? steps(*partner.value(), event, subjects, language)
                          : core::Result<std::string>(partner.error());
    if (result) return {std::nullopt, std::move(result.value()), std::move(trace_id)};
    error = result.error();
  } catch (const AuditTrailBroken&) {
    error = AuditTrailBroken::refusal();
  } catch (const ports::StoreFailure& failure) {
    // The database's own words (SQL, paths) stay inside; the caller learns what to do.
    error = failure.retryable()
                ? core::Error{core::ErrorCode::StoreUnavailable,
                              "The database is temporarily unavailable; nothing was changed. "
                              "Try again shortly.",
                              {}}
                : core::Error{core::ErrorCode::Internal,
                              "The request could not be stored; nothing was changed.", {}};
  } catch (...) {
    error = core::Error{core::ErrorCode::Internal,
                        "The request could not be handled; nothing was changed.", {}};
  }
  record_refusal(std::move(event), *error, subjects);
  Answer refusal = refuse(language ? core::in_language(*error, *language) : *error);
  refusal.trace_id = std::move(trace_id);
  return refusal;
}

Answer RequestPipeline::handle(const CallerIdentity& identity, std::string_view request) noexcept {
  return answer(identity, [&](const config::Partner& partner, ports::AuditEvent& event,
                              std::vector<core::Person>& subjects,
                              std::optional<core::Language>& language) -> core::Result<std::string> {
    auto doc = xml::parse_untrusted(request, config_.max_request_bytes);
    if (!doc) return doc.error();
    const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
    language = requested_language(root);
    return process(partner, identity, root, event, subjects);
  });
}

Answer RequestPipeline::handle(const CallerIdentity& identity,
                               const ParsedRequest& request) noexcept {
  return answer(identity, [&](const config::Partner& partner, ports::AuditEvent& event,
                              std::vector<core::Person>& subjects,
                              std::optional<core::Language>& language) -> core::Result<std::string> {
    language = requested_language(request.root);
    if (auto fits = xml::check_size(request.bytes, config_.max_request_bytes); !fits)
      return fits.error();
    return process(partner, identity, request.root, event, subjects);
  });
}

}  // namespace zvhpga::service
