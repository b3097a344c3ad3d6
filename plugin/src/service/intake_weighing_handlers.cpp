// Intake and weighing: a signal registered, contributed to by the gemeente, the politie and
// the OM, decided by the weegploeg and closed. core/workflow enforces the procedure; these
// handlers load the dossier, build the records and write what the core changed.
#include "service/handlers.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "core/access_policy.h"
#include "core/criteria.h"
#include "core/retention.h"
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

// The gemeente the signal is registered for: the one the document names, which must be a
// gemeente of the caller's region; without one, a registering gemeente itself, and for the
// politie and the OM the region's only gemeente.
core::Result<std::string> chosen_responsible_gemeente(const config::Configuration& config,
                                                      const Caller& caller,
                                                      const std::optional<std::string>& named) {
  const std::string& region = caller.partner->region;
  if (!named) {
    if (caller.actor.partner_kind == core::PartnerKind::Gemeente) return caller.partner->id;
    if (const config::Partner* only = sole_gemeente(config, region)) return only->id;
    return core::Error{core::ErrorCode::InvalidValue,
                       "The signal was not registered: region " + region +
                           " has several gemeenten, so the document must name the responsible "
                           "one.",
                       {{"responsibleGemeente",
                         "Name the gemeente where the person lives, by its partner id or OIN."}}};
  }
  const config::Partner* partner = config.find_partner(*named);
  if (partner == nullptr || partner->kind != core::PartnerKind::Gemeente || partner->region != region)
    return core::Error{core::ErrorCode::InvalidValue,
                       "The signal was not registered: '" + *named +
                           "' is not a gemeente of region " + region + " in the partner table.",
                       {{"responsibleGemeente",
                         "Name a gemeente of your region, by its partner id or OIN."}}};
  return partner->id;
}

}  // namespace

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RegisterSignal& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  if (request.intake.region != caller.partner->region)
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation registers signals for region " +
                           caller.partner->region + " only.",
                       {{"region", "Use your own region."}}};
  if (auto valid = core::validate_intake(request.intake, now.today); !valid) return valid.error();
  auto responsible = chosen_responsible_gemeente(context.config, caller, request.responsible_gemeente);
  if (!responsible) return responsible.error();

  core::Dossier dossier = core::open_dossier(context.ids.new_id(), request.intake,
                                             std::move(*responsible), caller.actor, now.timestamp);
  tx.insert_signal(dossier);
  const auto pseudonyms = pseudonyms_of(context.subject_protector, dossier.intake.subject);
  tx.set_subject_pseudonyms(dossier.signal_id, pseudonyms.bsn, pseudonyms.name_and_birth_date);
  for (const core::Transition& transition : dossier.transitions)
    tx.append_transition(dossier.signal_id, transition);
  start_retention_clock(tx, context.policies, dossier);
  subjects.push_back(dossier.intake.subject);
  return contract::Response{contract::SignalRegistered{dossier.signal_id, dossier.state}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::SubmitContribution& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  auto criteria =
      checked_criteria(context.catalogues, request.criteria, core::Stage::Contribution, *dossier);

  core::Contribution contribution;
  contribution.id = context.ids.new_id();
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
  if (dossier->transitions.size() != transitions_before)
    start_retention_clock(tx, context.policies, *dossier);
  return contract::Response{contract::ContributionAccepted{
      dossier->signal_id, dossier->contributions.back().id, dossier->state, dossier->round,
      core::missing_partners(*dossier)}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::RecordDecision& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
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
      context.catalogues,
      request.criteria ? request.criteria
                       : std::optional<core::CriteriaAnswers>(
                             core::CriteriaAnswers{request.catalogue_version, {}}),
      core::Stage::Decision, *dossier);

  core::Decision decision;
  decision.id = context.ids.new_id();
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
  start_retention_clock(tx, context.policies, *dossier);
  // The host's case record learns the outcome in the same transaction: both or neither.
  if (context.config.has_host_statement(config::kRecordOutcomeStatement)) {
    const std::array<std::string, 4> outcome{dossier->signal_id,
                                             std::string(core::to_token(recorded.outcome)),
                                             recorded.decided_on, recorded.id};
    tx.run_host_statement(config::kRecordOutcomeStatement, outcome);
  }
  // The host's web service learns it from the outbox, which is written here so that the push
  // exists exactly when the decision does.
  if (context.config.host_endpoint) {
    ports::OutcomePush push;
    push.push_id = context.ids.new_id();
    push.message_id = "urn:uuid:" + context.ids.new_id();
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

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::CloseSignal& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
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
  start_retention_clock(tx, context.policies, *dossier);
  return contract::Response{contract::SignalClosed{dossier->signal_id, dossier->state}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::WithdrawSignal& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  if (auto applied = core::withdraw_signal(*dossier, caller.actor, now.timestamp, request.reason);
      !applied)
    return applied.error();
  save_progress(tx, *dossier, transitions_before);
  start_retention_clock(tx, context.policies, *dossier);
  return contract::Response{contract::SignalWithdrawn{dossier->signal_id, dossier->state}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::TriageOutSignal& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
  if (!dossier) return dossier.error();
  subjects.push_back(dossier->intake.subject);
  const std::size_t transitions_before = dossier->transitions.size();
  if (auto applied = core::triage_out_signal(*dossier, caller.actor, now.timestamp, request.reason);
      !applied)
    return applied.error();
  save_progress(tx, *dossier, transitions_before);
  start_retention_clock(tx, context.policies, *dossier);
  return contract::Response{contract::SignalTriagedOut{dossier->signal_id, dossier->state}};
}

}  // namespace zvhpga::service
