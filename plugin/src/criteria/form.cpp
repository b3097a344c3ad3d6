#include "criteria/form.h"

#include <algorithm>
#include <string>
#include <vector>

#include "criteria/form_refill.h"
#include "xml/writer.h"

namespace zvhpga::criteria {
namespace {

// Dutch government guidance marks the optional fields, not the required ones: most are
// required, and a form full of "(verplicht)" says nothing.
std::string_view marker_for(const core::Criterion& criterion, core::Requirement requirement) {
  switch (requirement) {
    case core::Requirement::Required: return "";
    case core::Requirement::ForYesAndNo:
      return criterion.answer == core::AnswerType::Assessment ? " (verplicht bij ja of nee)"
                                                              : kOptionalMarker;
    case core::Requirement::Optional: return kOptionalMarker;
  }
  return "";
}

// The choices of a contract enumeration with their Dutch names, in the contract's order.
template <typename Enum>
std::vector<core::ChoiceOption> choices_of(std::string_view (*label)(Enum)) {
  std::vector<core::ChoiceOption> choices;
  for (const auto& [value, token] : core::TokenTable<Enum>::entries)
    choices.push_back({std::string(token), std::string(label(value))});
  return choices;
}

const std::vector<core::ChoiceOption>& yes_or_no() {
  static const std::vector<core::ChoiceOption> choices{{"true", "Ja"}, {"false", "Nee"}};
  return choices;
}

// The class names of the NL Design System's Utrecht component library, so that a host with an
// NL Design System theme styles the form with no CSS of ours.
void add_class(xml::Writer& writer, xmlNode* node, const std::string& name) {
  writer.set_attribute(node, "class", name);
}

// An optional question's label says so, with what leaving it empty means when that needs saying.
std::string marked(std::string_view label, bool required, std::string_view if_empty) {
  return std::string(label) + (required ? "" : " (niet verplicht" + std::string(if_empty) + ")");
}

// A form field's description: the id the control names in aria-describedby, and its text.
struct Description {
  std::string id, text;
};

class XhtmlForm {
 public:
  explicit XhtmlForm(int heading_level)
      : writer_(kXhtmlNamespace, "form"), heading_level_(heading_level) {}

  xml::Document render(const core::Catalogue& catalogue, core::Stage stage,
                       core::PartnerKind partner, const FilledIn* filled_in) {
    xmlNode* form = writer_.root();
    attribute(form, "lang", "nl");
    add_class(writer_, form, "zvhpga-form utrecht-form");
    attribute(form, "method", "post");
    attribute(form, "data-catalogue-version", catalogue.version);
    attribute(form, "data-stage", std::string(core::to_token(stage)));
    attribute(form, "data-partner", std::string(core::to_token(partner)));
    const std::string level = std::to_string(heading_level_);
    xmlNode* heading = writer_.add(form, "h" + level, std::string(stage_title(stage)) +
                                                          " \xE2\x80\x93 " +
                                                          std::string(partner_name(partner)));
    add_class(writer_, heading, "utrecht-heading-" + level);
    if (filled_in != nullptr && filled_in->melding) melding(form, *filled_in->melding);
    // The intake a person fills is RegisterSignal's, which stores no criteria answers: asking
    // the catalogue's questions there would lose what was typed. A stage the catalogue asks
    // nothing of (the closure) is not introduced to its criteria either.
    const bool asks_criteria =
        (filled_in == nullptr || stage != core::Stage::Intake) &&
        std::ranges::any_of(catalogue.sections,
                            [stage](const core::Section& section) { return section.serves(stage); });
    if (asks_criteria) {
      paragraph(form, catalogue.title + " (versie " + catalogue.version + ", " +
                          catalogue.issued_on + ")");
      paragraph(form, catalogue.introduction);
      for (const core::Section& section : catalogue.sections) {
        if (section.serves(stage)) render_section(form, section);
      }
    }
    if (filled_in != nullptr) {
      switch (stage) {
        case core::Stage::Intake: intake_fields(form, partner, filled_in->gemeenten); break;
        case core::Stage::Contribution: contribution_fields(form); break;
        case core::Stage::Decision: decision_fields(form); break;
        case core::Stage::Closure: {
          xmlNode* group = own_group(form, "afsluiting", "Afsluiting");
          own_text(group, kClosedOnField, "input", true);
          own_text(group, kClosureReasonField, "textarea", true);
          break;
        }
      }
    }
    xmlNode* submit = writer_.add(form, "button", "Versturen");
    attribute(submit, "type", "submit");
    add_class(writer_, submit, "utrecht-button utrecht-button--primary-action");
    if (filled_in != nullptr) fill_in(form, *filled_in);
    return writer_.release();
  }

 private:
  void attribute(xmlNode* node, const std::string& name, const std::string& value) {
    writer_.set_attribute(node, name, value);
  }

  void paragraph(xmlNode* parent, const std::string& text) {
    add_class(writer_, writer_.add(parent, "p", text), "utrecht-paragraph");
  }

  xmlNode* help(xmlNode* parent, const std::string& id, const std::string& text) {
    xmlNode* node = writer_.add(parent, "p", text);
    attribute(node, "id", id);
    add_class(writer_, node, "help utrecht-form-field-description");
    return node;
  }

  xmlNode* legend(xmlNode* fieldset, const std::string& text) {
    xmlNode* node = writer_.add(fieldset, "legend", text);
    add_class(writer_, node, "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend");
    return node;
  }

  // A fieldset of the Utrecht library, as the HTML element itself.
  xmlNode* fieldset(xmlNode* parent, const std::string& extra_class) {
    xmlNode* node = writer_.add(parent, "fieldset");
    add_class(writer_, node, "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset" +
                                 (extra_class.empty() ? "" : " " + extra_class));
    return node;
  }

  // A part of an Utrecht form field: a theme lays the label, description, error message and
  // control out by these parts, so each sits in its own.
  xmlNode* part(xmlNode* field, const char* name) {
    xmlNode* node = writer_.add(field, "div");
    add_class(writer_, node, std::string("utrecht-form-field__") + name);
    return node;
  }

  // A <label for> and its control as an Utrecht form field, with the question's help as the
  // field's description between them, which also describes the control.
  xmlNode* labelled(xmlNode* parent, const std::string& control, const std::string& id,
                    const std::string& label, const Description& description = {}) {
    xmlNode* field = writer_.add(parent, "div");
    // A text field is the plain form field: the Utrecht CSS has modifiers for radio and
    // check box fields only.
    add_class(writer_, field, "utrecht-form-field");
    xmlNode* label_node = writer_.add(part(field, "label"), "label", label);
    attribute(label_node, "for", id);
    add_class(writer_, label_node, "utrecht-form-label");
    if (!description.id.empty()) {
      xmlNode* node = writer_.add(field, "p", description.text);
      attribute(node, "id", description.id);
      add_class(writer_, node, "help utrecht-form-field__description utrecht-form-field-description");
    }
    xmlNode* input_part = part(field, "input");
    // An empty textarea must not collapse to <textarea/>, which HTML parsers misread.
    xmlNode* input = control == "textarea" ? writer_.add(input_part, control, "")
                                           : writer_.add(input_part, control);
    attribute(input, "id", id);
    add_class(writer_, input, control == "textarea"
                                  ? "utrecht-textarea utrecht-textarea--html-textarea"
                                  : "utrecht-textbox utrecht-textbox--html-input");
    if (!description.id.empty()) attribute(input, "aria-describedby", description.id);
    return input;
  }

  // Radio buttons or check boxes in their own fieldset, the question's label as its legend.
  void options(xmlNode* parent, const core::Criterion& criterion, const std::string& help_id,
               const std::vector<core::ChoiceOption>& choices, const std::string& type) {
    xmlNode* group = fieldset(parent, "question");
    attribute(group, "aria-describedby", help_id);
    if (type == "radio") attribute(group, "role", "radiogroup");
    legend(group, criterion.label);
    help(group, help_id, criterion.help);
    bool first = true;
    for (const core::ChoiceOption& choice : choices) {
      xmlNode* item = option_item(group, type);
      const std::string id = criterion.id + "--" + choice.value;
      xmlNode* input = option_input(item, type);
      attribute(input, "id", id);
      attribute(input, "name", criterion.id);
      attribute(input, "value", choice.value);
      // A radio group is required as a whole; check boxes cannot say "at least one" in HTML,
      // the plugin says it when the form is submitted.
      if (type == "radio" && first) attribute(input, "required", "required");
      option_label(item, id, choice.label, type);
      first = false;
    }
  }

  xmlNode* option_item(xmlNode* group, const std::string& type) {
    xmlNode* item = writer_.add(group, "div");
    add_class(writer_, item, "utrecht-form-field utrecht-form-field--" +
                                 std::string(type == "radio" ? "radio" : "checkbox"));
    return item;
  }

  xmlNode* option_input(xmlNode* item, const std::string& type) {
    xmlNode* input = writer_.add(part(item, "input"), "input");
    attribute(input, "type", type);
    add_class(writer_, input, type == "radio"
                                  ? "utrecht-radio-button utrecht-radio-button--html-input"
                                  : "utrecht-checkbox utrecht-checkbox--html-input");
    return input;
  }

  void option_label(xmlNode* item, const std::string& id, const std::string& text,
                    const std::string& type) {
    xmlNode* label = writer_.add(part(item, "label"), "label", text);
    attribute(label, "for", id);
    add_class(writer_, label, "utrecht-form-label utrecht-form-label--" +
                                  std::string(type == "radio" ? "radio" : "checkbox"));
  }

  // Which melding the form is about, as the case worker knows it; the page says it, so that no
  // URL has to carry it.
  void melding(xmlNode* form, const Melding& about) {
    xmlNode* list = writer_.add(form, "dl");
    attribute(list, "id", "melding");
    add_class(writer_, list, "zvhpga-melding");
    const auto item = [&](const std::string& term, const std::string& value) {
      writer_.add(list, "dt", term);
      writer_.add(list, "dd", value);
    };
    item("Kenmerk van de melding", about.signal_id);
    item("Ontvangen op", dutch_date(about.received_on));
    item("Fase", std::string(state_label(about.state)));
    item("Verantwoordelijke organisatie", about.responsible_organisation.empty()
                                              ? "Niet vastgelegd"
                                              : about.responsible_organisation);
  }

  // A group of the stage's own questions, found by its id.
  xmlNode* own_group(xmlNode* form, const std::string& id, const std::string& title) {
    xmlNode* group = fieldset(form, "");
    attribute(group, "id", id);
    legend(group, title);
    return group;
  }

  // RegisterSignal's questions: how the melding came in, about whom, and what was seen.
  void intake_fields(xmlNode* form, core::PartnerKind partner,
                     const std::vector<core::ChoiceOption>& gemeenten) {
    xmlNode* received = own_group(form, "ontvangst", "De melding");
    own_text(received, kReceivedOnField, "input", true);
    own_choices(received, kChannelField, choices_of(&channel_label), "radio", true);
    own_choices(received, kReporterTypeField, choices_of(&reporter_type_label), "radio", true);
    own_text(received, kReporterOrganisationField, "input", true);
    xmlNode* person = own_group(form, "persoon", "De persoon");
    own_text(person, kSubjectNameField, "input", true);
    own_text(person, kSubjectBirthDateField, "input", true);
    own_text(person, kSubjectBsnField, "input", false);
    own_text(person, kSubjectMunicipalityField, "input", true);
    // A gemeente registering is responsible itself unless it names another; the politie and
    // the OM must name one, as guessing would show the signal to the wrong gemeente.
    if (!gemeenten.empty())
      own_choices(person, kResponsibleGemeenteField, gemeenten, "radio",
                  partner != core::PartnerKind::Gemeente, "; leeg laten: uw eigen gemeente");
    xmlNode* seen = own_group(form, "waarneming", "Wat er is gemeld");
    own_text(seen, kObservedFactsField, "textarea", true);
    own_choices(seen, kPhenomenonField, choices_of(&phenomenon_label), "checkbox", false);
    own_choices(seen, kOnlineComponentField, yes_or_no(), "radio", true);
    own_choices(seen, kCareConcernField, yes_or_no(), "radio", true);
    own_choices(seen, kUrgencyField, choices_of(&urgency_label), "radio", true);
    own_text(seen, kHandlingMunicipalityField, "input", true);
  }

  // SubmitContribution's own questions after the catalogue's.
  void contribution_fields(xmlNode* form) {
    xmlNode* group = own_group(form, "bijdrage", "Uw bijdrage");
    own_choices(group, kPositionField, choices_of(&course_label), "radio", true);
    own_text(group, kLegalBasisField, "input", true);
    own_text(group, kContributionReasoningField, "textarea", true);
    // Left empty, the partner holds no information on the person (noInformationHeld).
    own_text(group, kInformationHeldField, "textarea", false, "; leeg laten: geen informatie");
  }

  // A radio group or check boxes of one of the stage's own questions, its label as the legend.
  void own_choices(xmlNode* parent, const OwnField& field,
                   const std::vector<core::ChoiceOption>& choices, const std::string& type,
                   bool required, std::string_view if_empty = {}) {
    xmlNode* group = fieldset(parent, "question");
    if (type == "radio") attribute(group, "role", "radiogroup");
    legend(group, marked(field.label, required, if_empty));
    bool first = true;
    for (const core::ChoiceOption& choice : choices) {
      xmlNode* item = option_item(group, type);
      const std::string id = std::string(field.name) + "--" + choice.value;
      xmlNode* input = option_input(item, type);
      attribute(input, "id", id);
      attribute(input, "name", std::string(field.name));
      attribute(input, "value", choice.value);
      if (required && type == "radio" && first) attribute(input, "required", "required");
      option_label(item, id, choice.label, type);
      first = false;
    }
  }

  xmlNode* own_text(xmlNode* parent, const OwnField& field, const std::string& control,
                    bool required, std::string_view if_empty = {}) {
    xmlNode* input =
        labelled(parent, control, std::string(field.name), marked(field.label, required, if_empty));
    if (control == "input") attribute(input, "type", "text");
    attribute(input, "name", std::string(field.name));
    if (required) attribute(input, "required", "required");
    if (control == "textarea") attribute(input, "rows", "4");
    return input;
  }

  // RecordDecision's own questions after the catalogue's.
  void decision_fields(xmlNode* form) {
    xmlNode* group = own_group(form, "besluit", "Het besluit");
    own_choices(group, kOutcomeField, choices_of(&course_label), "radio", true);
    own_text(group, kDecidedOnField, "input", true);
    own_text(group, kDecisionReasoningField, "textarea", true);
    own_text(group, kProportionalityField, "textarea", false);
    own_text(group, kDissentField, "textarea", false);
    xmlNode* present = fieldset(group, "question");
    attribute(present, "id", "aanwezig");
    legend(present, "Wie waren aanwezig?");
    for (const OwnField& field : {kPresentGemeenteField, kPresentPolitieField, kPresentOmField})
      own_text(present, field, "input", true);
  }

  void render_question(xmlNode* section, const core::Criterion& criterion) {
    xmlNode* question = writer_.add(section, "div");
    add_class(writer_, question, "criterion");
    attribute(question, "id", "criterium-" + criterion.id);
    const std::string help_id = criterion.id + "--help";
    switch (criterion.answer) {
      case core::AnswerType::Assessment:
        options(question, criterion, help_id, choices_of(&assessment_label), "radio");
        break;
      case core::AnswerType::Choice:
        options(question, criterion, help_id, criterion.options,
                criterion.multiple ? "checkbox" : "radio");
        break;
      case core::AnswerType::Text: {
        xmlNode* input = labelled(question, "textarea", criterion.id, criterion.label,
                                  {help_id, criterion.help});
        attribute(input, "name", criterion.id);
        attribute(input, "required", "required");
        attribute(input, "rows", "4");
        break;
      }
    }
    const std::string reasoning_id = criterion.id + ".reasoning";
    xmlNode* reasoning =
        labelled(question, "textarea", reasoning_id,
                 std::string(kReasoningLabel) +
                     std::string(marker_for(criterion, criterion.reasoning)));
    attribute(reasoning, "name", reasoning_id);
    attribute(reasoning, "rows", "3");
    if (criterion.reasoning == core::Requirement::Required)
      attribute(reasoning, "required", "required");

    xmlNode* evidence = fieldset(question, "evidence");
    legend(evidence, std::string(kEvidenceLabel) +
                         std::string(marker_for(criterion, criterion.evidence)));
    xmlNode* facts_item = option_item(evidence, "checkbox");
    const std::string facts_id = criterion.id + ".evidence--observed-facts";
    xmlNode* facts = option_input(facts_item, "checkbox");
    attribute(facts, "id", facts_id);
    attribute(facts, "name", criterion.id + ".evidence");
    attribute(facts, "value", "observed-facts");
    option_label(facts_item, facts_id, std::string(kObservedFactsLabel), "checkbox");
    // Naming a contribution is one way of answering the group; the field alone is optional.
    xmlNode* ref = labelled(evidence, "input", criterion.id + ".evidence-ref",
                            std::string(kContributionRefLabel) + std::string(kOptionalMarker));
    attribute(ref, "type", "text");
    attribute(ref, "name", criterion.id + ".evidence-ref");
  }

  void render_section(xmlNode* form, const core::Section& section) {
    xmlNode* group = fieldset(form, "");
    attribute(group, "id", "sectie-" + section.id);
    attribute(group, "aria-describedby", section.id + "--help");
    legend(group, section.label);
    help(group, section.id + "--help", section.help);
    for (const core::Criterion& criterion : section.criteria) render_question(group, criterion);
  }

  xml::Writer writer_;
  int heading_level_;
};

}  // namespace

std::string_view stage_title(core::Stage stage) {
  switch (stage) {
    case core::Stage::Intake: return "Nieuwe melding";
    case core::Stage::Contribution: return "Bijdrage aan de weging";
    case core::Stage::Decision: return "Besluit van de weegploeg";
    case core::Stage::Closure: return "Afsluiting van de melding";
  }
  return "";
}

std::string_view partner_name(core::PartnerKind partner) {
  switch (partner) {
    case core::PartnerKind::Gemeente: return "Gemeente";
    case core::PartnerKind::Politie: return "Politie";
    case core::PartnerKind::Om: return "Openbaar Ministerie";
    case core::PartnerKind::Zvh: return "Zorg- en Veiligheidshuis";
  }
  return "";
}

std::string_view assessment_label(core::Assessment assessment) {
  switch (assessment) {
    case core::Assessment::Yes: return "Ja";
    case core::Assessment::No: return "Nee";
    case core::Assessment::Unknown: return "Onbekend";
    case core::Assessment::NotApplicable: return "Niet van toepassing";
  }
  return "";
}

std::span<const OwnField> own_fields(core::Stage stage) {
  switch (stage) {
    case core::Stage::Intake: return kIntakeFields;
    case core::Stage::Contribution: return kContributionFields;
    case core::Stage::Decision: return kDecisionFields;
    case core::Stage::Closure: return kClosureFields;
  }
  return {};
}

std::string_view channel_label(core::Channel channel) {
  switch (channel) {
    case core::Channel::Meldpunt: return "Via het meldpunt";
    case core::Channel::Wijkagent: return "Via de wijkagent";
    case core::Channel::PartnerReferral: return "Doorverwezen door een partner";
    case core::Channel::ZvhPortal: return "Via het portaal van het Zorg- en Veiligheidshuis";
    case core::Channel::DetentionExit: return "Bij terugkeer uit detentie";
    case core::Channel::Other: return "Op een andere manier";
  }
  return "";
}

std::string_view reporter_type_label(core::ReporterType type) {
  switch (type) {
    case core::ReporterType::LocalPartner: return "Een lokale partner (bijvoorbeeld school of zorg)";
    case core::ReporterType::Citizen: return "Een inwoner";
    case core::ReporterType::MunicipalDepartment: return "Een afdeling van de gemeente";
    case core::ReporterType::DjiOrReclassering: return "DJI of de reclassering";
    case core::ReporterType::Other: return "Iemand anders";
  }
  return "";
}

// The same names as the statistics use (adapters/cli/src/dutch_labels.cpp).
std::string_view phenomenon_label(core::Phenomenon phenomenon) {
  switch (phenomenon) {
    case core::Phenomenon::Jihadisme: return "Jihadisme";
    case core::Phenomenon::RechtsExtremisme: return "Rechts-extremisme";
    case core::Phenomenon::LinksExtremisme: return "Links-extremisme";
    case core::Phenomenon::AntiInstitutioneelExtremisme: return "Anti-institutioneel extremisme";
    case core::Phenomenon::Dierenrechtenextremisme: return "Dierenrechtenextremisme";
    case core::Phenomenon::AsielGerelateerdExtremisme: return "Extremisme rond asiel en migratie";
    case core::Phenomenon::KlimaatExtremisme: return "Klimaat- of milieu-extremisme";
    case core::Phenomenon::Other: return "Een ander fenomeen";
    case core::Phenomenon::Unclear: return "Onduidelijk of gemengd";
  }
  return "";
}

std::string_view urgency_label(core::Urgency urgency) {
  switch (urgency) {
    case core::Urgency::Regular: return "Gewoon";
    case core::Urgency::Urgent: return "Dringend";
    case core::Urgency::Acute: return "Acuut";
  }
  return "";
}

std::string_view course_label(core::Course course) {
  switch (course) {
    case core::Course::IncludeInCasusoverleg: return "Bespreken in het casusoverleg";
    case core::Course::ReferElsewhere: return "Doorverwijzen naar een ander traject";
    case core::Course::CriminalRoute: return "Strafrechtelijke route";
    case core::Course::NoFurtherAction: return "Geen verdere actie";
    case core::Course::MoreInformationNeeded: return "Meer informatie nodig";
  }
  return "";
}

std::string_view state_label(core::SignalState state) {
  switch (state) {
    case core::SignalState::Received: return "Ontvangen";
    case core::SignalState::AwaitingContributions: return "Wacht op bijdragen van de partners";
    case core::SignalState::ReadyForWeighing: return "Klaar voor de weging";
    case core::SignalState::Decided: return "Besloten";
    case core::SignalState::Closed: return "Afgesloten";
    case core::SignalState::Withdrawn: return "Ingetrokken";
    case core::SignalState::TriagedOut: return "Buiten de PGA (intake)";
  }
  return "";
}

std::string dutch_date(const core::Date& date) {
  constexpr std::array<std::string_view, 12> kMonths{
      "januari", "februari", "maart",     "april",   "mei",      "juni",
      "juli",    "augustus", "september", "oktober", "november", "december"};
  if (date.size() != 10) return date;
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  if (month < 1 || month > 12) return date;
  const std::string day = date[8] == '0' ? date.substr(9, 1) : date.substr(8, 2);
  return day + " " + std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " +
         date.substr(0, 4);
}

xml::Document render_xhtml(const core::Catalogue& catalogue, core::Stage stage,
                           core::PartnerKind partner, int heading_level,
                           const FilledIn* filled_in) {
  return XhtmlForm(heading_level).render(catalogue, stage, partner, filled_in);
}

}  // namespace zvhpga::criteria
