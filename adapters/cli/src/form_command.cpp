// zvh-pga form: the form of one stage from the criteria catalogue in force, as the neutral
// document a host renders itself, and optionally as an XHTML page to open in a browser.
#include <fstream>
#include <iostream>

#include "command_line.h"
#include "commands.h"
#include "form_server.h"
#include "xml_document.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga form [--plugin PATH] [--config FILE] --partner P [--user U] [--role R]\n"
    "             --stage STAGE [--partner-kind KIND] [--xhtml FILE]\n"
    "       zvh-pga form ... --stage intake --serve [--port N] [--html]\n"
    "       zvh-pga form ... --stage contribution|decision|closure --serve --signal ID\n"
    "             [--port N] [--html]",
    "Asks the plugin for the form of STAGE (intake, contribution, decision or closure) for a\n"
    "partner of KIND (gemeente, politie, om, zvh; default: the caller's own) and prints the\n"
    "neutral form document: sections, questions, answer types, Dutch labels and help, required\n"
    "flags. With --xhtml it also writes the plugin's accessible XHTML rendering as a page to\n"
    "FILE, to open in a browser. The form holds questions only; answers go with\n"
    "SubmitContribution or RecordDecision (docs/criteria.md).\n"
    "With --serve it serves the intake form (no --signal: it registers one) or the\n"
    "contribution, decision or closure form for signal ID on http://127.0.0.1 (loopback\n"
    "only), as GetForm gives it, and hands every\n"
    "posted form to the plugin with SubmitForm as the caller, showing the plugin's answer:\n"
    "stored, or the form again as it was filled in with every problem at the top and at its\n"
    "question. Ctrl-C stops it.\n"
    "Every account on this machine can reach the loopback port, so the address it prints holds\n"
    "a secret made anew at each start: only whoever has that address gets the form or can post\n"
    "one, as the caller. Open it yourself and give it to nobody."};

// The form is the page's main content, so its heading is the page's h1.
std::string form_request(const std::string& stage, const std::string& partner_kind, bool xhtml) {
  std::string request = "<GetFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><stage>" + stage +
                        "</stage>";
  if (!partner_kind.empty()) request += "<partner>" + partner_kind + "</partner>";
  if (xhtml) request += "<includeXhtml>true</includeXhtml><headingLevel>1</headingLevel>";
  return request + "</GetFormRequest>";
}

void write_page(const std::string& file, const std::string& fragment) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << xhtml_page("Formulier PGA", fragment);
  if (!out) throw CliError(ExitCode::setup, "Cannot write the page " + file + ".");
}

}  // namespace

ExitCode run_form(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the caller's partner organisation: an id or OIN from the configuration's partner table")
      ("user", po::value<std::string>()->default_value("zvh-pga-form")->value_name("U"),
       "the person asking, as the host platform identifies them")
      ("role", po::value<std::string>()->default_value("weegploeg-member")->value_name("R"),
       "the caller's role (docs/roles.md)")
      ("stage", po::value<std::string>()->required()->value_name("STAGE"),
       "intake, contribution, decision or closure")
      ("partner-kind", po::value<std::string>()->value_name("KIND"),
       "the partner kind the form is for: gemeente, politie, om or zvh")
      ("xhtml", po::value<std::string>()->value_name("FILE"),
       "also write the XHTML rendering as a page to FILE")
      ("serve", "serve the form on the loopback interface and submit what is posted")
      ("signal", po::value<std::string>()->value_name("ID"),
       "with --serve: the signal the form is for (not for the intake form)")
      ("port", po::value<std::uint16_t>()->default_value(0)->value_name("N"),
       "with --serve: the port on 127.0.0.1 (0: any free port, announced on standard output)")
      ("html", "with --serve: serve the pages as text/html, as most host platforms serve theirs, "
               "rather than as application/xhtml+xml");
  visible.add(host_options());
  const auto options = parse_command_line(arguments, kHelp, visible);
  if (!options) return ExitCode::success;

  const bool serve = options->count("serve") > 0;
  const std::string stage = (*options)["stage"].as<std::string>();
  const bool intake = stage == "intake";
  if (serve && (intake ? options->count("signal") > 0 : options->count("signal") == 0))
    throw CliError(ExitCode::usage,
                   "--serve needs --stage intake without --signal, or --stage contribution, "
                   "decision or closure with --signal ID.");
  const Host host = open_host(*options);
  const CallerIdentity caller{(*options)["partner"].as<std::string>(),
                              (*options)["user"].as<std::string>(),
                              (*options)["role"].as<std::string>()};
  if (serve) {
    serve_form(host.instance,
               FormServerSettings{caller,
                                  intake ? std::string() : (*options)["signal"].as<std::string>(),
                                  stage,
                                  (*options)["port"].as<std::uint16_t>(),
                                  options->count("html") > 0},
               std::cout);
    return ExitCode::success;
  }
  const bool xhtml = options->count("xhtml") > 0;
  const std::string partner_kind =
      options->count("partner-kind") > 0 ? (*options)["partner-kind"].as<std::string>() : "";
  const Response response = host.instance.call(
      caller, form_request((*options)["stage"].as<std::string>(), partner_kind, xhtml));

  std::cout << response.document;
  if (!response.document.empty() && response.document.back() != '\n') std::cout << '\n';
  if (response.status != ZVHPGA_OK) {
    std::cerr << "zvh-pga: the plugin answered " << response.status_name << "\n";
    return exit_code_for(response.status);
  }
  if (xhtml) {
    const auto document = XmlDocument::parse(response.document);
    const auto fragment = document ? document->element_inside("xhtml") : std::nullopt;
    if (!fragment) throw CliError(ExitCode::internal, "The plugin's form has no XHTML rendering.");
    write_page((*options)["xhtml"].as<std::string>(), *fragment);
  }
  return ExitCode::success;
}

}  // namespace zvhpga::cli
