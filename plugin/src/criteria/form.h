#pragma once
// The form a case worker fills for one stage, from the catalogue in force: the questions of the
// sections of that stage with their Dutch labels, help, answer type and rules. Hosts render the
// neutral form in their own UI; hosts with web views can take the XHTML rendering.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/criteria.h"
#include "core/domain.h"
#include "criteria/form_fields.h"
#include "xml/document.h"

namespace zvhpga::criteria {

inline constexpr const char* kXhtmlNamespace = "http://www.w3.org/1999/xhtml";

// The Dutch words a form shows besides the catalogue's own texts.
std::string_view stage_title(core::Stage stage);
std::string_view partner_name(core::PartnerKind partner);
std::string_view assessment_label(core::Assessment assessment);
inline constexpr std::string_view kReasoningLabel = "Toelichting";
inline constexpr std::string_view kEvidenceLabel = "Waarop baseert u dit antwoord?";
inline constexpr std::string_view kObservedFactsLabel = "De feiten uit de melding";
inline constexpr std::string_view kContributionRefLabel =
    "Bijdrage van een partner (kenmerk van de bijdrage)";
inline constexpr std::string_view kOptionalMarker = " (niet verplicht)";
// The level of the form's own heading when the host does not say: a form inside a page that
// has its h1.
inline constexpr int kDefaultHeadingLevel = 2;

// An accessible XHTML fragment: one <form> in the XHTML namespace, lang="nl", a <fieldset> with
// <legend> per section and per question with options, every input bound to a <label for>, help
// texts tied with aria-describedby, optional fields marked "(niet verplicht)", the class names of
// the Utrecht component library, its heading at heading_level (1 to 5) and below it only
// fieldsets and legends. Written as polyglot markup: no empty non-void element closes itself,
// so it parses alike as text/html and as XHTML. Field names are the
// criterion identifiers (the answer's own input), "<id>.reasoning", "<id>.evidence" and
// "<id>.evidence-ref", so that a submitted form maps onto criteriaAnswers one to one.
//
// With a FilledIn, the form is the one a person fills: for one signal it says which melding it
// is about (the intake form has none yet: it registers one), it carries the stage's own
// questions besides the catalogue's (see own_fields), the entered answers are back in their
// fields, and a refusal is an error summary at the top that links to each field named, with the
// message at the field itself (aria-describedby).
struct Melding {
  std::string signal_id;
  core::Date received_on;
  core::SignalState state{};
  std::string responsible_organisation;  // its name; empty when none is on record
};
struct ShownProblem {
  std::string field;    // the form field it concerns; empty when it concerns no single field
  std::string label;    // the question as the person sees it
  std::string message;  // in Dutch
};
struct FilledIn {
  std::optional<Melding> melding;  // none on the intake form
  FormFields entered;
  std::string refusal;  // the Dutch sentence of a refused submission; empty: not refused
  std::vector<ShownProblem> problems;
  // The intake's choice of responsible gemeente: the gemeenten of the caller's region by
  // partner id and name; empty where the region has only one, which is then responsible.
  std::vector<core::ChoiceOption> gemeenten;
};
xml::Document render_xhtml(const core::Catalogue& catalogue, core::Stage stage,
                           core::PartnerKind partner,
                           int heading_level = kDefaultHeadingLevel,
                           const FilledIn* filled_in = nullptr);

// The questions of a stage that are the operation's own rather than the catalogue's: the form
// field, the request element it fills (the field a refusal's problem names) and the question
// as the person sees it. SubmitContribution's position, legal basis, reasoning and the
// information the partner holds.
struct OwnField {
  std::string_view name;
  std::string_view element;
  std::string_view label;
};
inline constexpr OwnField kPositionField{"contribution.position", "position", "Standpunt"};
inline constexpr OwnField kLegalBasisField{"contribution.legal-basis", "legalBasis",
                                           "Wettelijke grondslag voor het delen"};
inline constexpr OwnField kContributionReasoningField{"contribution.reasoning", "reasoning",
                                                      "Onderbouwing van het standpunt"};
inline constexpr OwnField kInformationHeldField{"contribution.information-held",
                                                "informationHeld",
                                                "Informatie die uw organisatie heeft"};
inline constexpr std::array<OwnField, 4> kContributionFields{
    kPositionField, kLegalBasisField, kContributionReasoningField, kInformationHeldField};
// RecordDecision's: the outcome, the date, the reasoning, the optional notes, and who was
// present for each weegploeg partner (the element is the field a ParticipantsMissing problem
// names).
inline constexpr OwnField kOutcomeField{"decision.outcome", "outcome", "Besluit van de weegploeg"};
inline constexpr OwnField kDecidedOnField{"decision.decided-on", "decidedOn",
                                          "Datum van het overleg (JJJJ-MM-DD)"};
inline constexpr OwnField kDecisionReasoningField{"decision.reasoning", "reasoning",
                                                  "Onderbouwing van het besluit"};
inline constexpr OwnField kProportionalityField{
    "decision.proportionality-note", "proportionalityNote",
    "Afweging van proportionaliteit en subsidiariteit"};
inline constexpr OwnField kDissentField{"decision.dissent", "dissent", "Afwijkende meningen"};
inline constexpr OwnField kPresentGemeenteField{"decision.present.gemeente",
                                                "participants/gemeente",
                                                "Aanwezig namens de gemeente (naam en functie)"};
inline constexpr OwnField kPresentPolitieField{"decision.present.politie", "participants/politie",
                                               "Aanwezig namens de politie (naam en functie)"};
inline constexpr OwnField kPresentOmField{"decision.present.om", "participants/om",
                                          "Aanwezig namens het Openbaar Ministerie (naam en functie)"};
inline constexpr std::array<OwnField, 8> kDecisionFields{
    kOutcomeField,      kDecidedOnField,       kDecisionReasoningField, kProportionalityField,
    kDissentField,      kPresentGemeenteField, kPresentPolitieField,    kPresentOmField};
// CloseSignal's: the date and the reason.
inline constexpr OwnField kClosedOnField{"closure.closed-on", "closedOn",
                                         "Datum van afsluiten (JJJJ-MM-DD)"};
inline constexpr OwnField kClosureReasonField{"closure.reason", "reason", "Reden van afsluiten"};
inline constexpr std::array<OwnField, 2> kClosureFields{kClosedOnField, kClosureReasonField};
// RegisterSignal's: what a person enters to register a signal. The receiving partner and the
// region are the caller's own and not asked. The element is the one a refusal's problem names,
// under its parent where the request nests it (a schema problem names the element alone).
// RegisterSignal stores no criteria answers, so the intake form asks none of the catalogue's.
inline constexpr OwnField kReceivedOnField{"intake.received-on", "receivedOn",
                                           "Datum van ontvangst (JJJJ-MM-DD)"};
inline constexpr OwnField kChannelField{"intake.channel", "channel",
                                        "Hoe is de melding binnengekomen?"};
inline constexpr OwnField kReporterTypeField{"intake.reporter-type", "reporter/type",
                                             "Wie heeft gemeld?"};
inline constexpr OwnField kReporterOrganisationField{"intake.reporter-organisation",
                                                     "reporter/organisation",
                                                     "Organisatie of functie van de melder"};
inline constexpr OwnField kSubjectNameField{"intake.subject.name", "subject/name",
                                            "Naam van de persoon"};
inline constexpr OwnField kSubjectBirthDateField{"intake.subject.birth-date", "subject/birthDate",
                                                 "Geboortedatum van de persoon (JJJJ-MM-DD)"};
inline constexpr OwnField kSubjectBsnField{"intake.subject.bsn", "subject/bsn",
                                           "BSN van de persoon"};
inline constexpr OwnField kSubjectMunicipalityField{"intake.subject.municipality",
                                                    "subject/municipality",
                                                    "Woongemeente van de persoon"};
inline constexpr OwnField kObservedFactsField{"intake.observed-facts", "observedFacts",
                                              "Wat is er gezien of gehoord?"};
inline constexpr OwnField kPhenomenonField{"intake.phenomenon", "phenomenonHypothesis/phenomenon",
                                           "Welk fenomeen vermoedt u?"};
inline constexpr OwnField kOnlineComponentField{"intake.online-component", "onlineComponent",
                                                "Speelt er iets online?"};
inline constexpr OwnField kCareConcernField{"intake.care-concern", "careConcern",
                                            "Is er ook zorg om de persoon?"};
inline constexpr OwnField kUrgencyField{"intake.urgency", "urgency",
                                        "Hoe dringend is de melding?"};
inline constexpr OwnField kHandlingMunicipalityField{"intake.municipality", "municipality",
                                                     "Gemeente die de melding behandelt"};
// Asked only where the region has several gemeenten to choose from (FilledIn::gemeenten).
inline constexpr OwnField kResponsibleGemeenteField{
    "intake.responsible-gemeente", "responsibleGemeente",
    "Verantwoordelijke gemeente (waar de persoon woont)"};
inline constexpr std::array<OwnField, 15> kIntakeFields{
    kReceivedOnField,       kChannelField,          kReporterTypeField,
    kReporterOrganisationField, kSubjectNameField,  kSubjectBirthDateField,
    kSubjectBsnField,       kSubjectMunicipalityField, kResponsibleGemeenteField,
    kObservedFactsField,    kPhenomenonField,       kOnlineComponentField,
    kCareConcernField,      kUrgencyField,          kHandlingMunicipalityField};
// The stage's own fields: the intake's, the contribution's, the decision's, the closure's.
std::span<const OwnField> own_fields(core::Stage stage);

// The Dutch name of a course (a partner's position, the weegploeg's outcome) and of a state.
std::string_view course_label(core::Course course);
std::string_view state_label(core::SignalState state);
// The Dutch names of the intake's choices.
std::string_view channel_label(core::Channel channel);
std::string_view reporter_type_label(core::ReporterType type);
std::string_view phenomenon_label(core::Phenomenon phenomenon);
std::string_view urgency_label(core::Urgency urgency);
// 2026-11-28 -> "28 november 2026"; a value that is no date stays as it is.
std::string dutch_date(const core::Date& date);

}  // namespace zvhpga::criteria
