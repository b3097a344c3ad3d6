#pragma once
// zvh-pga form --serve: the plugin's rendered contribution form for one signal, served to a
// browser on the loopback interface, and every posted form handed to the plugin as a
// SubmitContribution of the configured caller, with the plugin's answer shown as a page.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "form_submission.h"
#include "plugin.h"

namespace zvhpga::cli {

// A complete polyglot HTML5/XHTML page (lang="nl") around a body fragment.
std::string xhtml_page(std::string_view title, std::string_view body);

struct FormServerSettings {
  CallerIdentity caller;
  std::string signal_id;  // kept here, never in a URL
  std::uint16_t port = 0;  // 0: any free port
  bool as_html = false;    // serve the pages as text/html rather than application/xhtml+xml
};

// Listens on 127.0.0.1 only, announces the address on `announce`, and serves until the process
// is stopped. `form_fragment` is GetForm's XHTML rendering, `questions` its neutral form.
void serve_contribution_form(const PluginInstance& instance, const FormServerSettings& settings,
                             const std::string& form_fragment, const FormQuestions& questions,
                             std::ostream& announce);

}  // namespace zvhpga::cli
