// Privacy: a data subject's access request (export, and the release without withheld items),
// withholding an item from that release, and whether a person is known to the PGA, the one
// question a ZVH of any region may ask.
#include "service/handlers.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>

#include "core/data_subject.h"
#include "service/dossier_access.h"
#include "service/subject_pseudonyms.h"

namespace zvhpga::service {
namespace {

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

// Everything held about one data subject within the caller's need-to-know: the signals its
// gemeente is responsible for; for a release, withheld
// items are taken out of the dossiers.
contract::SubjectData collect_subject_data(const HandlerContext& context,
                                           ports::StoreTransaction& tx, const Caller& caller,
                                           const contract::SubjectKey& key, bool for_release,
                                           std::vector<core::Person>& subjects) {
  const std::string pseudonym = subject_pseudonym(context.subject_protector, identifier_of(key));
  contract::SubjectData data;
  for (const std::string& signal_id : tx.processing_log().signals_about(pseudonym)) {
    auto dossier = load_visible(context, tx, caller, signal_id);
    if (!dossier) continue;
    auto withheld = tx.privacy_register().withheld_items(signal_id);
    if (for_release) strip_withheld(*dossier, withheld);
    data.dossiers.push_back(std::move(*dossier));
    std::move(withheld.begin(), withheld.end(), std::back_inserter(data.withheld));
  }
  data.processing = tx.processing_log().lines_about(pseudonym);
  if (!data.dossiers.empty()) subjects.push_back(data.dossiers.front().intake.subject);
  return data;
}

}  // namespace

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ExportSubjectData& request, const Now&,
                  std::vector<core::Person>& subjects) {
  return contract::Response{contract::SubjectDataExported{
      collect_subject_data(context, tx, caller, request.subject, false,
                           subjects)}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::ReleaseSubjectData& request, const Now&,
                  std::vector<core::Person>& subjects) {
  return contract::Response{contract::SubjectDataReleased{
      collect_subject_data(context, tx, caller, request.subject, true,
                           subjects)}};
}

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::WithholdItem& request, const Now& now,
                  std::vector<core::Person>& subjects) {
  auto dossier = load_visible(context, tx, caller, request.signal_id);
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

HandlerResult run(const HandlerContext& context, ports::StoreTransaction& tx, const Caller& caller,
                  const contract::IsPersonKnown& request, const Now&,
                  std::vector<core::Person>& subjects) {
  if (std::ranges::find(context.config.person_known_askers, caller.partner->id) ==
      context.config.person_known_askers.end())
    return core::Error{core::ErrorCode::NotAuthorized,
                       "Your organisation is not configured to ask whether a person is known.",
                       {}};
  // Any region, so not load_visible: the check exists for ZVHs elsewhere.
  std::vector<core::Dossier> signals;
  const std::string pseudonym =
      subject_pseudonym(context.subject_protector, identifier_of(request.subject));
  for (const std::string& signal_id : tx.processing_log().signals_about(pseudonym))
    if (auto dossier = tx.load_dossier(signal_id)) signals.push_back(std::move(*dossier));
  const bool known = core::is_person_known(signals);
  subjects.push_back(person_of(request.subject));
  contract::PersonKnown answer{known, known ? context.config.person_known_contact_point : std::nullopt,
                               {}};
  // The answer follows the responsible gemeente, also after a transfer: the asker is told whose
  // mayor to turn to, never which signal or what it says.
  for (const core::Dossier& dossier : signals) {
    if (!core::is_current_case(dossier)) continue;
    const config::Partner* gemeente = context.config.find_partner(dossier.responsible_gemeente);
    if (gemeente == nullptr ||
        std::ranges::find(answer.responsible_gemeenten, gemeente->name) !=
            answer.responsible_gemeenten.end())
      continue;
    answer.responsible_gemeenten.push_back(gemeente->name);
  }
  return contract::Response{std::move(answer)};
}

}  // namespace zvhpga::service
