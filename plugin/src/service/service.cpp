#include "service/service.h"

#include <algorithm>
#include <array>
#include <iterator>

#include "core/access_policy.h"
#include "core/workflow.h"
#include "service/dossier_access.h"
#include "service/subject_pseudonyms.h"

namespace zvhpga::service {
namespace {

// Checks a record's criteria answers against the catalogue version they name, reporting every
// problem at once. Answers that are absent name no version: the form in force is the one left
// unanswered.
core::Result<core::CriteriaAnswers> checked_criteria(
    const criteria::CatalogueSet& catalogues, const std::optional<core::CriteriaAnswers>& given,
    core::Stage stage, const core::Dossier& dossier) {
  const core::CriteriaAnswers answers =
      given.value_or(core::CriteriaAnswers{catalogues.in_force().version, {}});
  const core::Catalogue* catalogue = catalogues.find(answers.catalogue_version);
  if (catalogue == nullptr)
    return core::Error{core::ErrorCode::UnknownCatalogueVersion,
                       "Criteria catalogue version " + answers.catalogue_version +
                           " was never adopted in this region.",
                       {{"catalogueVersion", "Use an adopted version: " + catalogues.versions() +
                                                 " (in force: " +
                                                 catalogues.in_force().version + ")."}}};
  auto evidence_exists = [&](const core::EvidenceRef& evidence) {
    return evidence.source == core::EvidenceSource::ObservedFacts ||
           std::ranges::any_of(dossier.contributions, [&](const core::Contribution& c) {
             return c.id == evidence.ref;
           });
  };
  auto problems = core::check_answers(*catalogue, stage, answers, evidence_exists);
  if (!problems.empty())
    return core::Error{core::ErrorCode::CriteriaIncomplete,
                       "The answers to the criteria of catalogue version " + catalogue->version +
                           " are not complete; every problem is listed by criterion.",
                       std::move(problems)};
  return answers;
}

// A state change that starts a term writes its clock in its own transaction, from the rule in
// force at that moment: both or neither.
void start_retention_clock(ports::StoreTransaction& tx, const retention::PolicySet& policies,
                           const core::Dossier& dossier, core::RetentionTrigger trigger) {
  const core::Transition& change = dossier.transitions.back();
  if (auto clock = core::start_clock(policies.in_force(), dossier.signal_id, trigger,
                                     dossier.decisions.back().outcome, change.at))
    tx.retention_register().start_clock(*clock);
}

// Writes what a core command changed: the new state and every transition it appended.
void save_progress(ports::StoreTransaction& tx, const core::Dossier& dossier,
                   std::size_t transitions_before) {
  tx.update_state(dossier.signal_id, dossier.state, dossier.round);
  for (std::size_t i = transitions_before; i < dossier.transitions.size(); ++i)
    tx.append_transition(dossier.signal_id, dossier.transitions[i]);
}

constexpr const char* kReporterItem = "reporter";

core::SubjectIdentifier identifier_of(const contract::SubjectKey& key) {
  return core::identify_subject(key.bsn, key.name, key.birth_date);
}

core::Person person_of(const contract::SubjectKey& key) {
  return {key.name, key.birth_date, key.bsn, {}};
}

bool is_withheld(const std::vector<ports::WithheldItem>& withheld, const std::string& item_id) {
  return std::ranges::any_of(withheld, [&](const ports::WithheldItem& item) { return item.item_id == item_id; });
}

// What the data subject receives: the dossier without the withheld items.
void strip_withheld(core::Dossier& dossier, const std::vector<ports::WithheldItem>& withheld) {
  std::erase_if(dossier.contributions,
                [&](const core::Contribution& c) { return is_withheld(withheld, c.id); });
  std::erase_if(dossier.decisions,
                [&](const core::Decision& d) { return is_withheld(withheld, d.id); });
  if (is_withheld(withheld, kReporterItem)) dossier.intake.reporter_organisation = "[withheld]";
}

// The other signals about the dossier's person that the caller could open with GetSignal
// itself: same region, content visible to the caller's role. A locked (not pursued) signal
// stays out of the history of every role that cannot read it (docs/crypto-shredding.md).
std::vector<contract::RelatedSignal> related_signals(ports::StoreTransaction& tx, const Caller& caller,
                                                     const crypto::SubjectProtector& protector,
                                                     const core::Dossier& dossier) {
  const auto pseudonyms = pseudonyms_of(protector, dossier.intake.subject);
  std::vector<contract::RelatedSignal> related;
  for (const std::string& signal_id :
       tx.signals_about_subject(dossier.signal_id, pseudonyms.bsn, pseudonyms.name_and_birth_date)) {
    auto other = load_visible(tx, caller, signal_id);
    if (!other || core::content_access(caller.actor.role, *other) != core::ContentAccess::Visible)
      continue;
    related.push_back({other->signal_id, other->intake.received_on, other->state});
  }
  return related;
}

}  // namespace

core::Result<contract::Response> Service::handle(ports::StoreTransaction& tx, const Caller& caller,
                                                 const contract::Request& request, const Now& now,
                                                 std::vector<core::Person>& subjects) {
  return std::visit([&](const auto& typed) { return run(tx, caller, typed, now, subjects); },
                    request);
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::RegisterSignal& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  if (request.intake.region != caller.partner->region)
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation registers signals for region " +
                           caller.partner->region + " only.",
                       {{"region", "Use your own region."}}};
  if (auto valid = core::validate_intake(request.intake, now.today); !valid) return valid.error();

  core::Dossier dossier =
      core::open_dossier(ids_.new_id(), request.intake, caller.actor, now.timestamp);
  tx.insert_signal(dossier);
  const auto pseudonyms = pseudonyms_of(subject_protector_, dossier.intake.subject);
  tx.set_subject_pseudonyms(dossier.signal_id, pseudonyms.bsn, pseudonyms.name_and_birth_date);
  for (const core::Transition& transition : dossier.transitions)
    tx.append_transition(dossier.signal_id, transition);
  subjects.push_back(dossier.intake.subject);
  return contract::Response{contract::SignalRegistered{dossier.signal_id, dossier.state}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::SubmitContribution& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  auto criteria = checked_criteria(catalogues_, request.criteria, core::Stage::Contribution, *dossier);

  core::Contribution contribution;
  contribution.id = ids_.new_id();
  contribution.contributor = caller.actor;
  contribution.information_held = request.information_held;
  contribution.legal_basis = request.legal_basis;
  contribution.position = request.position;
  contribution.reasoning = request.reasoning;
  contribution.revises = request.revises;
  contribution.submitted_at = now.timestamp;
  if (auto applied = core::submit_contribution(*dossier, std::move(contribution)); !applied)
    return applied.error();
  if (!criteria) return criteria.error();

  tx.insert_contribution(dossier->signal_id, dossier->contributions.back());
  tx.criteria_register().insert_answers(dossier->signal_id, dossier->contributions.back().id,
                                        *criteria);
  save_progress(tx, *dossier, transitions_before);
  return contract::Response{contract::ContributionAccepted{
      dossier->signal_id, dossier->contributions.back().id, dossier->state, dossier->round,
      core::missing_partners(*dossier)}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::RecordDecision& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  if (request.criteria && request.criteria->catalogue_version != request.catalogue_version)
    return core::Error{core::ErrorCode::InvalidValue,
                       "The criteria answers name catalogue version " +
                           request.criteria->catalogue_version +
                           " but the decision names " + request.catalogue_version + ".",
                       {{"criteriaCatalogueVersion", "Name the version the answers were made with."}}};
  auto criteria = checked_criteria(
      catalogues_,
      request.criteria ? request.criteria
                       : std::optional<core::CriteriaAnswers>(
                             core::CriteriaAnswers{request.catalogue_version, {}}),
      core::Stage::Decision, *dossier);

  core::Decision decision;
  decision.id = ids_.new_id();
  decision.outcome = request.outcome;
  decision.reasoning = request.reasoning;
  decision.proportionality_note = request.proportionality_note;
  decision.dissent = request.dissent;
  decision.participants = request.participants;
  decision.catalogue_version = request.catalogue_version;
  decision.decided_on = request.decided_on;
  decision.recorded_by = caller.actor;
  decision.recorded_at = now.timestamp;
  if (auto applied = core::record_decision(*dossier, std::move(decision), now.today); !applied)
    return applied.error();
  if (!criteria) return criteria.error();

  const core::Decision& recorded = dossier->decisions.back();
  tx.insert_decision(dossier->signal_id, recorded);
  tx.criteria_register().insert_answers(dossier->signal_id, recorded.id, *criteria);
  save_progress(tx, *dossier, transitions_before);
  start_retention_clock(tx, policies_, *dossier, core::RetentionTrigger::Decision);
  // The host's case record learns the outcome in the same transaction: both or neither.
  if (config_.has_host_statement(config::kRecordOutcomeStatement)) {
    const std::array<std::string, 4> outcome{dossier->signal_id,
                                             std::string(core::to_token(recorded.outcome)),
                                             recorded.decided_on, recorded.id};
    tx.run_host_statement(config::kRecordOutcomeStatement, outcome);
  }
  // The host's web service learns it from the outbox, which is written here so that the push
  // exists exactly when the decision does.
  if (config_.host_endpoint) {
    ports::OutcomePush push;
    push.push_id = ids_.new_id();
    push.message_id = "urn:uuid:" + ids_.new_id();
    push.signal_id = dossier->signal_id;
    push.decision_id = recorded.id;
    push.outcome = recorded.outcome;
    push.decided_on = recorded.decided_on;
    push.region = dossier->intake.region;
    push.created_at = now.timestamp;
    tx.host_outbox().enqueue(push);
  }
  return contract::Response{
      contract::DecisionRecorded{dossier->signal_id, recorded.id, dossier->state, dossier->round}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::CloseSignal& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  // The permission table let the caller in; only the process director can be refused here.
  if (!core::may_close_signal(caller.actor, *dossier))
    return core::Error{core::ErrorCode::NotAuthorized,
                       "The ZVH process director closes only signals included in the "
                       "casusoverleg.",
                       {}};

  core::Closure closure{request.closed_on, request.reason, caller.actor, now.timestamp};
  if (auto applied = core::close_signal(*dossier, std::move(closure), now.today); !applied)
    return applied.error();

  tx.insert_closure(dossier->signal_id, *dossier->closure);
  save_progress(tx, *dossier, transitions_before);
  start_retention_clock(tx, policies_, *dossier, core::RetentionTrigger::Closure);
  return contract::Response{contract::SignalClosed{dossier->signal_id, dossier->state}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::GetSignal& request, const Now&,
                                              std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  switch (core::content_access(caller.actor.role, *dossier)) {
    case core::ContentAccess::Visible: {
      subjects.push_back(dossier->intake.subject);
      auto related = related_signals(tx, caller, subject_protector_, *dossier);
      return contract::Response{
          contract::SignalDossier{std::move(dossier.value()), std::move(related)}};
    }
    case core::ContentAccess::Locked:
      return core::Error{core::ErrorCode::SignalLocked,
                         "The weegploeg decided not to pursue this signal; until it is "
                         "destroyed only the privacy officer can read it.",
                         {}};
    case core::ContentAccess::Hidden:
      break;
  }
  return unknown_signal(request.signal_id);
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::ListWorklist&, const Now&,
                                              std::vector<core::Person>&) {
  const auto states = core::states_awaiting(caller.actor.role);
  contract::Worklist worklist;
  if (core::sees_undelivered_pushes(caller.actor.role))
    worklist.undelivered_pushes = tx.host_outbox().undelivered(caller.partner->region);
  if (states.empty()) return contract::Response{std::move(worklist)};
  for (const ports::WorklistRow& row : tx.worklist_rows(caller.partner->region, states)) {
    const auto awaiting =
        core::awaited_from(caller.actor.role, caller.actor.partner_kind, row.state,
                           row.last_outcome, row.contributed_this_round);
    if (awaiting)
      worklist.items.push_back({row.signal_id, row.state, row.round, row.received_on,
                                row.registered_at, *awaiting});
  }
  return contract::Response{std::move(worklist)};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller&,
                                              const contract::VerifyAuditTrail& request, const Now&,
                                              std::vector<core::Person>&) {
  return contract::Response{
      contract::AuditTrailVerified{audit_trail_.verify(tx.audit_journal(), request.checkpoints)}};
}

contract::SubjectData Service::collect_subject_data(ports::StoreTransaction& tx, const Caller& caller,
                                                    const contract::SubjectKey& key,
                                                    bool for_release,
                                                    std::vector<core::Person>& subjects) const {
  const std::string pseudonym = subject_pseudonym(subject_protector_, identifier_of(key));
  contract::SubjectData data;
  for (const std::string& signal_id : tx.processing_log().signals_about(pseudonym)) {
    auto dossier = load_with_criteria(tx, signal_id);
    if (!dossier || dossier->intake.region != caller.partner->region) continue;
    auto withheld = tx.privacy_register().withheld_items(signal_id);
    if (for_release) strip_withheld(*dossier, withheld);
    data.dossiers.push_back(std::move(*dossier));
    std::move(withheld.begin(), withheld.end(), std::back_inserter(data.withheld));
  }
  data.processing = tx.processing_log().lines_about(pseudonym);
  if (!data.dossiers.empty()) subjects.push_back(data.dossiers.front().intake.subject);
  return data;
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::ExportSubjectData& request,
                                              const Now&, std::vector<core::Person>& subjects) {
  return contract::Response{contract::SubjectDataExported{
      collect_subject_data(tx, caller, request.subject, false, subjects)}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::ReleaseSubjectData& request,
                                              const Now&, std::vector<core::Person>& subjects) {
  return contract::Response{contract::SubjectDataReleased{
      collect_subject_data(tx, caller, request.subject, true, subjects)}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::WithholdItem& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const bool exists =
      request.item_id == kReporterItem ||
      std::ranges::any_of(dossier->contributions,
                          [&](const core::Contribution& c) { return c.id == request.item_id; }) ||
      std::ranges::any_of(dossier->decisions,
                          [&](const core::Decision& d) { return d.id == request.item_id; });
  if (!exists)
    return core::Error{core::ErrorCode::UnknownItem,
                       "Signal " + request.signal_id + " has no item '" + request.item_id + "'.",
                       {{"itemId", "Name a contributionId, a decisionId or 'reporter'."}}};
  tx.privacy_register().withhold(
      {request.signal_id, request.item_id, request.legal_ground, caller.actor, now.timestamp});
  return contract::Response{contract::ItemWithheld{request.signal_id, request.item_id}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::IsPersonKnown& request, const Now&,
                                              std::vector<core::Person>& subjects) {
  if (std::ranges::find(config_.person_known_askers, caller.partner->id) ==
      config_.person_known_askers.end())
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation is not configured to ask whether a person is known.",
                       {}};
  // Any region, so not load_visible: the check exists for ZVHs elsewhere.
  std::vector<core::Dossier> signals;
  const std::string pseudonym = subject_pseudonym(subject_protector_, identifier_of(request.subject));
  for (const std::string& signal_id : tx.processing_log().signals_about(pseudonym))
    if (auto dossier = tx.load_dossier(signal_id)) signals.push_back(std::move(*dossier));
  const bool known = core::is_person_known(signals);
  subjects.push_back(person_of(request.subject));
  return contract::Response{contract::PersonKnown{
      known, known ? config_.person_known_contact_point : std::nullopt}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction&, const Caller& caller,
                                              const contract::GetForm& request, const Now&,
                                              std::vector<core::Person>&) {
  return contract::Response{contract::FormDefinition{
      &catalogues_.in_force(), request.stage, request.partner.value_or(caller.actor.partner_kind),
      request.include_xhtml}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::GetStatistics& request, const Now&,
                                              std::vector<core::Person>&) {
  const std::string& region = caller.partner->region;
  if (request.region && *request.region != region)
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation sees the figures of region " + region + " only.",
                       {{"region", "Leave it out or name your own region."}}};
  if (request.to < request.from)
    return core::Error{core::ErrorCode::InvalidValue, "The period ends before it begins.",
                       {{"to", "Give a date on or after 'from'."}}};
  core::Statistics statistics = core::publish_statistics(
      tx.statistics_counts(region, request.from, request.to), config_.statistics_minimum_count);
  statistics.region = region;
  statistics.from = request.from;
  statistics.to = request.to;
  return contract::Response{contract::StatisticsFigures{std::move(statistics)}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::PlaceLegalHold& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  if (request.review_on < now.today)
    return core::Error{core::ErrorCode::InvalidValue,
                       "The review date " + request.review_on + " has passed.",
                       {{"reviewOn", "Give the date on which the hold is to be reviewed: today or "
                                     "later."}}};
  ports::LegalHold hold{ids_.new_id(), dossier->signal_id, request.reason, request.review_on,
                 caller.actor, now.timestamp};
  tx.retention_register().place_hold(hold);
  return contract::Response{contract::LegalHoldPlaced{hold.signal_id, hold.hold_id}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::ReleaseLegalHold& request,
                                              const Now& now, std::vector<core::Person>& subjects) {
  auto dossier = load_visible(tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  if (!tx.retention_register().release_hold(request.signal_id, request.hold_id, caller.actor,
                                            now.timestamp))
    return core::Error{core::ErrorCode::UnknownItem,
                       "Signal " + request.signal_id + " has no legal hold " + request.hold_id +
                           " in force.",
                       {{"holdId", "Name a hold placed on this signal and not yet released."}}};
  return contract::Response{contract::LegalHoldReleased{request.signal_id, request.hold_id}};
}

core::Result<contract::Response> Service::run(ports::StoreTransaction& tx, const Caller& caller,
                                              const contract::ApproveDestruction& request,
                                              const Now& now, std::vector<core::Person>&) {
  auto proposal = tx.retention_register().proposal(request.proposal_id);
  // A proposal of another region is as unknown as a signal of another region.
  if (!proposal || proposal->region != caller.partner->region)
    return core::Error{core::ErrorCode::UnknownItem,
                       "There is no destruction proposal " + request.proposal_id +
                           " for your region.",
                       {{"proposalId", "Name a proposal written by `zvh-pga retention run`."}}};
  if (proposal->approved_at)
    return core::Error{core::ErrorCode::IllegalTransition,
                       "Destruction proposal " + request.proposal_id + " was approved on " +
                           proposal->approved_at->substr(0, 10) + ".",
                       {}};
  tx.retention_register().approve_proposal(request.proposal_id, caller.actor, now.timestamp);
  return contract::Response{contract::DestructionApproved{
      request.proposal_id, static_cast<std::int64_t>(proposal->items.size())}};
}

}  // namespace zvhpga::service
