#include "criteria/form.h"

#include <string>

#include "xml/writer.h"

namespace zvhpga::criteria {
namespace {

std::string_view required_for(const core::Criterion& criterion, core::Requirement requirement) {
  switch (requirement) {
    case core::Requirement::Required: return " (verplicht)";
    case core::Requirement::ForYesAndNo:
      return criterion.answer == core::AnswerType::Assessment ? " (verplicht bij ja of nee)" : "";
    case core::Requirement::Optional: return "";
  }
  return "";
}

class XhtmlForm {
 public:
  XhtmlForm() : writer_(kXhtmlNamespace, "form") {}

  xml::Document render(const core::Catalogue& catalogue, core::Stage stage,
                       core::PartnerKind partner) {
    xmlNode* form = writer_.root();
    attribute(form, "lang", "nl");
    attribute(form, "class", "zvhpga-form");
    attribute(form, "method", "post");
    attribute(form, "data-catalogue-version", catalogue.version);
    attribute(form, "data-stage", std::string(core::to_token(stage)));
    attribute(form, "data-partner", std::string(core::to_token(partner)));
    writer_.add(form, "h2", std::string(stage_title(stage)) + " \xE2\x80\x93 " +
                                std::string(partner_name(partner)));
    writer_.add(form, "p", catalogue.title + " (versie " + catalogue.version + ", " +
                               catalogue.issued_on + ")");
    writer_.add(form, "p", catalogue.introduction);
    for (const core::Section& section : catalogue.sections) {
      if (section.serves(stage)) render_section(form, section);
    }
    xmlNode* submit = writer_.add(form, "button", "Versturen");
    attribute(submit, "type", "submit");
    return writer_.release();
  }

 private:
  void attribute(xmlNode* node, const std::string& name, const std::string& value) {
    writer_.set_attribute(node, name, value);
  }

  xmlNode* help(xmlNode* parent, const std::string& id, const std::string& text) {
    xmlNode* node = writer_.add(parent, "p", text);
    attribute(node, "id", id);
    attribute(node, "class", "help");
    return node;
  }

  // A <label for> and its control; the control is described by the help text.
  xmlNode* labelled(xmlNode* parent, const std::string& control, const std::string& id,
                    const std::string& label, const std::string& described_by) {
    xmlNode* label_node = writer_.add(parent, "label", label);
    attribute(label_node, "for", id);
    // An empty textarea must not collapse to <textarea/>, which HTML parsers misread.
    xmlNode* input = control == "textarea" ? writer_.add(parent, control, "")
                                           : writer_.add(parent, control);
    attribute(input, "id", id);
    if (!described_by.empty()) attribute(input, "aria-describedby", described_by);
    return input;
  }

  // Radio buttons or check boxes in their own fieldset, the question's label as its legend.
  void options(xmlNode* parent, const core::Criterion& criterion, const std::string& help_id,
               const std::vector<core::ChoiceOption>& choices, const std::string& type) {
    xmlNode* group = writer_.add(parent, "fieldset");
    attribute(group, "class", "question");
    attribute(group, "aria-describedby", help_id);
    if (type == "radio") attribute(group, "role", "radiogroup");
    writer_.add(group, "legend", criterion.label + " (" + std::string(kRequiredMarker) + ")");
    help(group, help_id, criterion.help);
    bool first = true;
    for (const core::ChoiceOption& choice : choices) {
      xmlNode* item = writer_.add(group, "div");
      const std::string id = criterion.id + "--" + choice.value;
      xmlNode* input = writer_.add(item, "input");
      attribute(input, "type", type);
      attribute(input, "id", id);
      attribute(input, "name", criterion.id);
      attribute(input, "value", choice.value);
      // A radio group is required as a whole; check boxes cannot say "at least one" in HTML,
      // the plugin says it when the form is submitted.
      if (type == "radio" && first) attribute(input, "required", "required");
      xmlNode* label = writer_.add(item, "label", choice.label);
      attribute(label, "for", id);
      first = false;
    }
  }

  void render_question(xmlNode* section, const core::Criterion& criterion) {
    xmlNode* question = writer_.add(section, "div");
    attribute(question, "class", "criterion");
    attribute(question, "id", "criterium-" + criterion.id);
    const std::string help_id = criterion.id + "--help";
    switch (criterion.answer) {
      case core::AnswerType::Assessment: {
        std::vector<core::ChoiceOption> choices;
        for (const auto& [value, token] : core::TokenTable<core::Assessment>::entries)
          choices.push_back({std::string(token), std::string(assessment_label(value))});
        options(question, criterion, help_id, choices, "radio");
        break;
      }
      case core::AnswerType::Choice:
        options(question, criterion, help_id, criterion.options,
                criterion.multiple ? "checkbox" : "radio");
        break;
      case core::AnswerType::Text: {
        help(question, help_id, criterion.help);
        xmlNode* input = labelled(question, "textarea", criterion.id,
                                  criterion.label + " (" + std::string(kRequiredMarker) + ")",
                                  help_id);
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
                     std::string(required_for(criterion, criterion.reasoning)),
                 "");
    attribute(reasoning, "name", reasoning_id);
    attribute(reasoning, "rows", "3");
    if (criterion.reasoning == core::Requirement::Required)
      attribute(reasoning, "required", "required");

    xmlNode* evidence = writer_.add(question, "fieldset");
    attribute(evidence, "class", "evidence");
    writer_.add(evidence, "legend", std::string(kEvidenceLabel) +
                                        std::string(required_for(criterion, criterion.evidence)));
    xmlNode* facts_item = writer_.add(evidence, "div");
    const std::string facts_id = criterion.id + ".evidence--observed-facts";
    xmlNode* facts = writer_.add(facts_item, "input");
    attribute(facts, "type", "checkbox");
    attribute(facts, "id", facts_id);
    attribute(facts, "name", criterion.id + ".evidence");
    attribute(facts, "value", "observed-facts");
    xmlNode* facts_label = writer_.add(facts_item, "label", std::string(kObservedFactsLabel));
    attribute(facts_label, "for", facts_id);
    xmlNode* ref_item = writer_.add(evidence, "div");
    xmlNode* ref = labelled(ref_item, "input", criterion.id + ".evidence-ref",
                            std::string(kContributionRefLabel), "");
    attribute(ref, "type", "text");
    attribute(ref, "name", criterion.id + ".evidence-ref");
  }

  void render_section(xmlNode* form, const core::Section& section) {
    xmlNode* fieldset = writer_.add(form, "fieldset");
    attribute(fieldset, "id", "sectie-" + section.id);
    attribute(fieldset, "aria-describedby", section.id + "--help");
    writer_.add(fieldset, "legend", section.label);
    help(fieldset, section.id + "--help", section.help);
    for (const core::Criterion& criterion : section.criteria) render_question(fieldset, criterion);
  }

  xml::Writer writer_;
};

}  // namespace

std::string_view stage_title(core::Stage stage) {
  switch (stage) {
    case core::Stage::Intake: return "Melding";
    case core::Stage::Contribution: return "Bijdrage aan de weging";
    case core::Stage::Decision: return "Besluit van de weegploeg";
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

xml::Document render_xhtml(const core::Catalogue& catalogue, core::Stage stage,
                           core::PartnerKind partner) {
  return XhtmlForm().render(catalogue, stage, partner);
}

}  // namespace zvhpga::criteria
