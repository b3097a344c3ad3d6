#pragma once
// A refused form shown again as the person left it: every entered answer back in its field, an
// error summary at the top that links to each field named, and the message at the field itself
// (aria-describedby), so that nothing typed is lost and every problem is found from the top.
#include <optional>
#include <string>
#include <vector>

#include "form_submission.h"

namespace zvhpga::cli {

struct ShownProblem {
  std::string name;     // the form field it concerns; empty when it concerns no single field
  std::string label;    // the question as the person sees it
  std::string message;  // the plugin's sentence in the person's language
};

// form_markup is one XHTML <form> element (the plugin's fragment with the host's fields); the
// answer is that form filled with `fields` and carrying the summary and the messages. nullopt
// when form_markup is not well-formed.
std::optional<std::string> refused_form(const std::string& form_markup, const FormFields& fields,
                                        const std::string& message,
                                        const std::vector<ShownProblem>& problems);

}  // namespace zvhpga::cli
