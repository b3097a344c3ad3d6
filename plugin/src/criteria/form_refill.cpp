#include "criteria/form_refill.h"

#include <algorithm>
#include <string>

namespace zvhpga::criteria {
namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, x(name));
  std::string text = value == nullptr ? std::string() : reinterpret_cast<const char*>(value);
  xmlFree(value);
  return text;
}

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, x(name)) != 0;
}

std::vector<xmlNode*> elements(xmlNode* root) {
  std::vector<xmlNode*> found;
  for (xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    found.push_back(child);
    const auto below = elements(child);
    found.insert(found.end(), below.begin(), below.end());
  }
  return found;
}

// A new element in the form's namespace with text; the text is a text node, so that '&' in it
// stays a character.
xmlNode* new_element(xmlNode* like, const char* name, const std::string& text = {}) {
  xmlNode* node = xmlNewNode(like->ns, x(name));
  if (!text.empty())
    xmlAddChild(node, xmlNewTextLen(x(text.c_str()), static_cast<int>(text.size())));
  return node;
}

void put_answers(const std::vector<xmlNode*>& all, const FormFields& fields) {
  for (xmlNode* node : all) {
    const std::string name = attribute(node, "name");
    if (name.empty()) continue;
    const auto values = values_of(fields, name);
    if (named(node, "textarea")) {
      // An empty text node even for no answer: an empty textarea must keep its end tag.
      xmlNodeSetContent(node, nullptr);
      const std::string text = values.empty() ? std::string() : values.front();
      xmlAddChild(node, xmlNewTextLen(x(text.c_str()), static_cast<int>(text.size())));
    } else if (named(node, "input")) {
      const std::string type = attribute(node, "type");
      if (type == "radio" || type == "checkbox") {
        const bool chosen = std::ranges::find(values, attribute(node, "value")) != values.end();
        if (chosen) {
          xmlSetProp(node, x("checked"), x("checked"));
        } else {
          xmlUnsetProp(node, x("checked"));
        }
      } else if (!values.empty()) {
        xmlSetProp(node, x("value"), x(values.front().c_str()));
      }
    }
  }
}

// Where a field's message goes: the group of radio buttons or check boxes it is part of, or
// the control itself.
xmlNode* described_element(xmlNode* control) {
  const std::string type = attribute(control, "type");
  if (type != "radio" && type != "checkbox") return control;
  for (xmlNode* up = control->parent; up != nullptr && up->type == XML_ELEMENT_NODE; up = up->parent)
    if (named(up, "fieldset")) return up;
  return control;
}

void describe(xmlNode* node, const std::string& id) {
  const std::string existing = attribute(node, "aria-describedby");
  xmlSetProp(node, x("aria-describedby"), x((existing.empty() ? id : id + " " + existing).c_str()));
  if (!named(node, "fieldset")) xmlSetProp(node, x("aria-invalid"), x("true"));
}

bool has_class(const xmlNode* node, const std::string& name) {
  const std::string classes = " " + attribute(node, "class") + " ";
  return classes.find(" " + name + " ") != std::string::npos;
}

// The message at the field: inside the group after its legend, or in the control's Utrecht form
// field between its label (and description) and the control, the field marked invalid.
void place_message(xmlNode* control, xmlNode* message) {
  xmlNode* described = described_element(control);
  if (named(described, "fieldset")) {
    xmlSetProp(message, x("class"), x("utrecht-form-field-error-message"));
    xmlNode* legend = nullptr;
    for (xmlNode* child = described->children; child != nullptr; child = child->next)
      if (named(child, "legend")) legend = child;
    if (legend != nullptr) {
      xmlAddNextSibling(legend, message);
    } else {
      xmlAddChild(described, message);
    }
    return;
  }
  xmlSetProp(message, x("class"),
             x("utrecht-form-field__error-message utrecht-form-field-error-message"));
  xmlNode* input_part = control->parent;
  xmlAddPrevSibling(input_part, message);
  xmlNode* field = input_part->parent;
  if (has_class(field, "utrecht-form-field") && !has_class(field, "utrecht-form-field--invalid"))
    xmlSetProp(field, x("class"), x((attribute(field, "class") + " utrecht-form-field--invalid").c_str()));
}

}  // namespace

void fill_in(xmlNode* form, const FilledIn& filled_in) {
  const std::vector<xmlNode*> all = elements(form);
  put_answers(all, filled_in.entered);
  if (filled_in.refusal.empty()) return;

  xmlNode* summary = new_element(form, "div");
  xmlSetProp(summary, x("id"), x("foutmeldingen"));
  xmlSetProp(summary, x("class"), x("utrecht-alert utrecht-alert--error"));
  xmlSetProp(summary, x("role"), x("alert"));
  // Focused when the page opens (no script: the pages forbid it), so that keyboard and screen
  // reader users start at what went wrong.
  xmlSetProp(summary, x("tabindex"), x("-1"));
  xmlSetProp(summary, x("autofocus"), x("autofocus"));
  xmlSetProp(summary, x("aria-labelledby"), x("foutmeldingen--kop"));
  // The Utrecht alert lays its icon and its content side by side: heading, message and list
  // go together into its content, not each into a column of their own.
  xmlNode* content = xmlAddChild(summary, new_element(form, "div"));
  xmlSetProp(content, x("class"), x("utrecht-alert__content"));
  xmlNode* said = xmlAddChild(content, new_element(form, "div"));
  xmlSetProp(said, x("class"), x("utrecht-alert__message"));
  // One level below the form's own heading, wherever the host put that.
  xmlNode* form_heading = xmlFirstElementChild(form);
  const int level = form_heading != nullptr && form_heading->name[0] == 'h' &&
                            form_heading->name[1] >= '1' && form_heading->name[1] <= '5' &&
                            form_heading->name[2] == '\0'
                        ? form_heading->name[1] - '0'
                        : 0;
  const std::string summary_heading = "h" + std::to_string(level + 1);
  xmlNode* heading = xmlAddChild(
      said, new_element(form, summary_heading.c_str(), "Het formulier is niet verstuurd"));
  xmlSetProp(heading, x("class"), x(("utrecht-heading-" + std::to_string(level + 1)).c_str()));
  xmlSetProp(heading, x("id"), x("foutmeldingen--kop"));
  xmlSetProp(xmlAddChild(said, new_element(form, "p", filled_in.refusal)), x("id"), x("message"));
  xmlNode* list = xmlAddChild(said, new_element(form, "ul"));
  xmlSetProp(list, x("id"), x("problems"));

  for (const ShownProblem& problem : filled_in.problems) {
    xmlNode* item = xmlAddChild(list, new_element(form, "li"));
    const auto control = std::ranges::find_if(all, [&](const xmlNode* node) {
      return attribute(node, "name") == problem.field && !problem.field.empty() &&
             (named(node, "input") || named(node, "textarea"));
    });
    if (control == all.end()) {
      xmlAddChild(item, xmlNewText(x((problem.label + ": " + problem.message).c_str())));
      continue;
    }
    xmlNode* link = xmlAddChild(item, new_element(form, "a", problem.label));
    xmlSetProp(link, x("href"), x(("#" + attribute(*control, "id")).c_str()));
    xmlAddChild(item, xmlNewText(x((": " + problem.message).c_str())));
    const std::string error_id = "fout-" + attribute(*control, "id");
    xmlNode* at_field = new_element(form, "p", problem.message);
    xmlSetProp(at_field, x("id"), x(error_id.c_str()));
    place_message(*control, at_field);
    describe(described_element(*control), error_id);
  }

  // At the top, after the form's heading, where a screen reader and the eye start.
  if (level > 0) {
    xmlAddNextSibling(form_heading, summary);
  } else if (form_heading != nullptr) {
    xmlAddPrevSibling(form_heading, summary);
  } else {
    xmlAddChild(form, summary);
  }
}

}  // namespace zvhpga::criteria
