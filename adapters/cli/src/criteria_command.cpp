// zvh-pga criteria: the criteria catalogue of a region. Today one action: check.
#include <iostream>

#include "command_line.h"
#include "commands.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kCheckHelp{
    "zvh-pga criteria check [--plugin PATH] [--config FILE] FILE",
    "Checks whether the criteria catalogue FILE could be put in force on the configuration's\n"
    "database, changing nothing. It is refused when it fails schemas/zvhpga-criteria-v1.xsd,\n"
    "uses an identifier twice, changes a version adopted before, changes the answer type of an\n"
    "identifier, or leaves out a criterion that a signal still being weighed has answers for.\n"
    "On refusal the Error document lists every reason by identifier (exit code 1). Run this\n"
    "before pointing the configuration's <criteria> element at a new version (docs/criteria.md)."};

constexpr std::string_view kCriteriaUsage =
    "Usage: zvh-pga criteria ACTION [OPTIONS]\n\n"
    "Actions:\n"
    "  check  check a criteria catalogue a region wants to adopt\n\n"
    "Run 'zvh-pga criteria ACTION --help' for an action's options.\n";

ExitCode run_check(const std::vector<std::string>& arguments) {
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>()->required());
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto options = parse_command_line(arguments, kCheckHelp, host_options(), hidden, positional);
  if (!options) return ExitCode::success;
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  const auto configuration = configuration_location(path_option(*options, "config"));
  const Response response =
      plugin.check_catalogue(configuration, (*options)["file"].as<std::string>());
  std::cout << response.document;
  if (!response.document.empty() && response.document.back() != '\n') std::cout << '\n';
  return exit_code_for(response.status);
}

}  // namespace

ExitCode run_criteria(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    std::cerr << kCriteriaUsage;
    return ExitCode::usage;
  }
  const std::string& action = arguments.front();
  if (action == "--help" || action == "-h") {
    std::cout << kCriteriaUsage << "\n" << exit_code_help();
    return ExitCode::success;
  }
  if (action == "check") return run_check({arguments.begin() + 1, arguments.end()});
  throw CliError(ExitCode::usage, "unknown action 'criteria " + action +
                                      "'. Run 'zvh-pga criteria --help' for the actions.");
}

}  // namespace zvhpga::cli
