// Forms: the questions of a stage, and the form one person fills for one signal. A host only
// relays: it asks for the form, shows it in its own page and hands back what the browser
// posted; the plugin reads the fields, runs the stage's operation and answers with what was
// stored or with the same form again, filled in as it was sent.
#include <string>

#include "contract/form_submission.h"
#include "core/access_policy.h"
#include "core/person_messages.h"
#include "service/dossier_access.h"
#include "service/handlers.h"

namespace zvhpga::service {
namespace {

// Which melding a form is about, from the dossier the caller may open with GetSignal: its
// kenmerk, when it was received, its stage and the responsible organisation by name.
core::Result<criteria::Melding> melding_of(const HandlerContext& context,
                                           ports::StoreTransaction& tx, const Caller& caller,
                                           const std::string& signal_id,
                                           std::vector<core::Person>& subjects) {
  if (!core::is_permitted(caller.actor.role, caller.actor.partner_kind, core::Operation::GetSignal))
    return core::Error{core::ErrorCode::NotAuthorized,
                       "A form for a signal names the signal, which this role may not read.",
                       {}};
  auto dossier = load_visible(context, tx, caller, signal_id);
  if (!dossier) return dossier.error();
  if (core::content_access(caller.actor.role, *dossier) != core::ContentAccess::Visible)
    return unknown_signal(signal_id);
  subjects.push_back(dossier->intake.subject);
  const config::Partner* responsible = context.config.find_partner(dossier->responsible_gemeente);
  return criteria::Melding{dossier->signal_id, dossier->intake.received_on, dossier->state,
                           responsible ? responsible->name : dossier->responsible_gemeente};
}

contract::FormDefinition form_for(const HandlerContext& context, const Caller& caller,
                                  core::Stage stage, int heading_level,
                                  criteria::FilledIn filled_in) {
  return contract::FormDefinition{&context.catalogues.in_force(), stage,
                                  caller.actor.partner_kind,  true,
                                  heading_level,               std::move(filled_in)};
}

// The melding a form for one signal is about; none on the intake form, which registers one.
core::Result<std::optional<criteria::Melding>> melding_for(const HandlerContext& context,
                                                           ports::StoreTransaction& tx,
                                                           const Caller& caller, core::Stage stage,
                                                           const std::optional<std::string>& signal_id,
                                                           std::vector<core::Person>& subjects) {
  if (stage == core::Stage::Intake || !signal_id) return std::optional<criteria::Melding>();
  auto melding = melding_of(context, tx, caller, *signal_id, subjects);
  if (!melding) return melding.error();
  return std::optional<criteria::Melding>(std::move(melding.value()));
}

// The gemeenten the intake form lets a person name as responsible: those of the caller's
// region, where it has more than one.
std::vector<core::ChoiceOption> gemeenten_to_choose(const HandlerContext& context,
                                                    const Caller& caller, core::Stage stage) {
  std::vector<core::ChoiceOption> gemeenten;
  if (stage != core::Stage::Intake) return gemeenten;
  for (const config::Partner& partner : context.config.partners)
    if (partner.kind == core::PartnerKind::Gemeente && partner.region == caller.partner->region)
      gemeenten.push_back({partner.id, partner.name});
  if (gemeenten.size() < 2) gemeenten.clear();
  return gemeenten;
}

}  // namespace

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::GetForm& request, const Now&,
                  std::vector<core::Person>& subjects) {
  contract::FormDefinition form{&context.catalogues.in_force(), request.stage,
                                request.partner.value_or(caller.actor.partner_kind),
                                request.include_xhtml, request.heading_level, std::nullopt};
  // Without a signal only the intake is a form a person fills: it registers one.
  if (!request.signal_id && request.stage != core::Stage::Intake)
    return contract::Response{std::move(form)};
  if (request.signal_id && request.stage == core::Stage::Intake)
    return core::Error{core::ErrorCode::InvalidValue,
                       "The intake form registers a new signal and names none.",
                       {{"signalId", "Leave signalId out for stage intake."}}};
  auto melding = melding_for(context, tx, caller, request.stage, request.signal_id, subjects);
  if (!melding) return melding.error();
  criteria::FilledIn filled_in{std::move(melding.value()), {}, {}, {},
                               gemeenten_to_choose(context, caller, request.stage)};
  if (request.entered) {
    auto entered = criteria::parse_urlencoded(*request.entered);
    if (!entered) return entered.error();
    filled_in.entered = std::move(entered.value());
  }
  // The form a person fills is the caller's own partner's, and always has its XHTML.
  return contract::Response{
      form_for(context, caller, request.stage, request.heading_level, std::move(filled_in))};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::SubmitForm& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto melding = melding_for(context, tx, caller, request.stage, request.signal_id, subjects);
  if (!melding) return melding.error();
  std::optional<core::Error> refused = request.refused;
  if (!refused && request.stage_request) {
    // The stage's own handler decides, in this transaction; a handler that refuses has written
    // nothing (it checks everything before its first write), so the form again stores nothing.
    std::vector<core::Person> stage_subjects;
    auto stored = std::visit(
        [&](const auto& stage_request) {
          return run(context, tx, caller, stage_request, now, stage_subjects);
        },
        *request.stage_request);
    if (stored) {
      if (auto* registered = std::get_if<contract::SignalRegistered>(&stored.value()))
        return contract::Response{contract::FormSubmitted{*registered, std::nullopt}};
      if (auto* contribution = std::get_if<contract::ContributionAccepted>(&stored.value()))
        return contract::Response{contract::FormSubmitted{*contribution, std::nullopt}};
      if (auto* decision = std::get_if<contract::DecisionRecorded>(&stored.value()))
        return contract::Response{contract::FormSubmitted{*decision, std::nullopt}};
      return contract::Response{contract::FormSubmitted{
          std::get<contract::SignalClosed>(stored.value()), std::nullopt}};
    }
    // Only what the person can put right comes back as the form; the rest is the caller's.
    if (core::error_class(stored.error().code) != core::ErrorClass::Rejected ||
        stored.error().code == core::ErrorCode::NotAuthorized ||
        stored.error().code == core::ErrorCode::UnknownSignal)
      return stored.error();
    refused = stored.error();
  }
  if (!refused) return core::Error{core::ErrorCode::Internal, "The form was not read.", {}};
  // In the person's words: the catalogue's Dutch sentences, the question as the form asks it.
  const core::Error dutch = core::in_language(*refused, core::Language::Dutch);
  criteria::FilledIn filled_in{
      std::move(melding.value()), request.posted, dutch.message,
      contract::shown_problems(dutch, context.catalogues.in_force(), request.stage, request.posted),
      gemeenten_to_choose(context, caller, request.stage)};
  return contract::Response{contract::FormSubmitted{
      form_for(context, caller, request.stage, request.heading_level, std::move(filled_in)),
      refused->code}};
}

}  // namespace zvhpga::service
