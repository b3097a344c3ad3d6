#pragma once
// zvh-pga form --serve: a thin host over GetForm and SubmitForm, as any platform embeds the
// form (docs/integration-guide.md). It asks the plugin for the contribution form of one signal,
// shows it in a page of its own on the loopback interface, and hands every posted body back to
// the plugin untouched but for its own CSRF token; the plugin answers with what it stored or
// with the form again. Page, secret path and CSRF token are the host's.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "plugin.h"

namespace zvhpga::cli {

// A complete polyglot HTML5/XHTML page (lang="nl") around a body fragment.
std::string xhtml_page(std::string_view title, std::string_view body);

struct FormServerSettings {
  CallerIdentity caller;
  std::string signal_id;  // kept here, never in a URL; empty for the intake form
  std::string stage;      // contribution or decision
  std::uint16_t port = 0;  // 0: any free port
  bool as_html = false;    // serve the pages as text/html rather than application/xhtml+xml
};

// Listens on 127.0.0.1 only, announces the address on `announce`, and serves until the process
// is stopped.
void serve_form(const PluginInstance& instance, const FormServerSettings& settings,
                             std::ostream& announce);

}  // namespace zvhpga::cli
