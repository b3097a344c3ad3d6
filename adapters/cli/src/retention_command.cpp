// zvh-pga retention: runs the retention sweep (from a systemd timer), approves a destruction
// proposal and forecasts what falls due as the privacy officer, and verifies a statement of destruction (docs/retention.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include "command_line.h"
#include "commands.h"
#include "xml_document.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kRunHelp{
    "zvh-pga retention run [--plugin PATH] [--config FILE]",
    "Carries out the destruction proposals a privacy officer approved, writes a signed\n"
    "statement of destruction for each into the data directory, and proposes what has newly\n"
    "come due. Held signals are never destroyed. Prints a warning while a retention rule in use\n"
    "is unconfirmed. Exit code 3 when another instance is running retention or the database\n"
    "failed: run it again and it finishes what was begun. Meant for a systemd timer."};

constexpr CommandHelp kApproveHelp{
    "zvh-pga retention approve [--plugin PATH] [--config FILE] --partner P --user U PROPOSAL",
    "Approves the destruction proposal PROPOSAL as the privacy officer (ApproveDestruction,\n"
    "recorded in the audit trail), then runs retention so that it is carried out at once."};

constexpr CommandHelp kVerifyHelp{
    "zvh-pga retention verify [--plugin PATH] [--config FILE] STATEMENT",
    "Checks that the statement of destruction in the file STATEMENT is exactly as signed with\n"
    "the configuration's statement key. Exit code 1 when any byte differs."};

constexpr CommandHelp kForecastHelp{
    "zvh-pga retention forecast [--plugin PATH] [--config FILE] --partner P --user U --until DATE",
    "Lists what falls due for destruction in the privacy officer's region by the end of DATE\n"
    "(YYYY-MM-DD, UTC), held or not, and changes nothing (ForecastRetention, recorded in the\n"
    "audit trail): what `zvh-pga retention run` on that day would propose, and the rest marked\n"
    "held or with the proposal it is in already."};

constexpr std::string_view kRetentionUsage =
    "Usage: zvh-pga retention ACTION [OPTIONS]\n\n"
    "Actions:\n"
    "  run      carry out approved destructions and propose what is due\n"
    "  approve  approve a destruction proposal (privacy officer)\n"
    "  forecast list what falls due by a date (privacy officer)\n"
    "  verify   check a statement of destruction\n\n"
    "Legal holds are contract operations: send PlaceLegalHoldRequest or\n"
    "ReleaseLegalHoldRequest with 'zvh-pga call'.\n"
    "Run 'zvh-pga retention ACTION --help' for an action's options.\n";

ExitCode print(const Response& response) {
  std::cout << response.document;
  if (!response.document.empty() && response.document.back() != '\n') std::cout << '\n';
  return exit_code_for(response.status);
}

ExitCode run_run(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kRunHelp, host_options());
  if (!options) return ExitCode::success;
  const Host host = open_host(*options);
  return print(host.instance.run_retention());
}

ExitCode run_approve(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the privacy officer's partner organisation (a gemeente): an id or OIN")
      ("user", po::value<std::string>()->required()->value_name("U"), "the privacy officer");
  visible.add(host_options());
  po::options_description hidden;
  hidden.add_options()("proposal", po::value<std::string>()->required());
  po::positional_options_description positional;
  positional.add("proposal", 1);
  const auto options = parse_command_line(arguments, kApproveHelp, visible, hidden, positional);
  if (!options) return ExitCode::success;
  const Host host = open_host(*options);
  const Response approved = host.instance.call(
      CallerIdentity{(*options)["partner"].as<std::string>(), (*options)["user"].as<std::string>(),
                     "privacy-officer"},
      "<ApproveDestructionRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><proposalId>" +
          xml_escaped((*options)["proposal"].as<std::string>()) + "</proposalId></ApproveDestructionRequest>");
  if (approved.status != ZVHPGA_OK) return print(approved);
  return print(host.instance.run_retention());
}

ExitCode run_forecast(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the privacy officer's partner organisation (a gemeente): an id or OIN")
      ("user", po::value<std::string>()->required()->value_name("U"), "the privacy officer")
      ("until", po::value<std::string>()->required()->value_name("DATE"),
       "the last day (YYYY-MM-DD) the forecast covers");
  visible.add(host_options());
  const auto options = parse_command_line(arguments, kForecastHelp, visible);
  if (!options) return ExitCode::success;
  const Host host = open_host(*options);
  return print(host.instance.call(
      CallerIdentity{(*options)["partner"].as<std::string>(), (*options)["user"].as<std::string>(),
                     "privacy-officer"},
      "<ForecastRetentionRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><until>" +
          xml_escaped((*options)["until"].as<std::string>()) +
          "</until></ForecastRetentionRequest>"));
}

ExitCode run_verify(const std::vector<std::string>& arguments) {
  po::options_description hidden;
  hidden.add_options()("statement", po::value<std::string>()->required());
  po::positional_options_description positional;
  positional.add("statement", 1);
  const auto options = parse_command_line(arguments, kVerifyHelp, host_options(), hidden, positional);
  if (!options) return ExitCode::success;
  const std::string path = (*options)["statement"].as<std::string>();
  std::ifstream input(path, std::ios::binary);
  if (!input) throw CliError(ExitCode::setup, "Cannot read the statement " + path + ".");
  std::ostringstream statement;
  statement << input.rdbuf();
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  return print(plugin.verify_statement(configuration_location(path_option(*options, "config")),
                                       statement.str()));
}

}  // namespace

ExitCode run_retention(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    std::cerr << kRetentionUsage;
    return ExitCode::usage;
  }
  const std::string& action = arguments.front();
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  if (action == "--help" || action == "-h") {
    std::cout << kRetentionUsage << "\n" << exit_code_help();
    return ExitCode::success;
  }
  if (action == "run") return run_run(rest);
  if (action == "approve") return run_approve(rest);
  if (action == "forecast") return run_forecast(rest);
  if (action == "verify") return run_verify(rest);
  throw CliError(ExitCode::usage, "unknown action 'retention " + action +
                                      "'. Run 'zvh-pga retention --help' for the actions.");
}

}  // namespace zvhpga::cli
