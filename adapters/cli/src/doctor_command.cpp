// zvh-pga doctor: the plugin's findings about an installation, as a list an administrator
// works through from the top.
#include <iostream>
#include <sstream>

#include "command_line.h"
#include "commands.h"
#include "locations.h"
#include "plugin.h"

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga doctor [--plugin PATH] [--config FILE]",
    "Examines the installation that the configuration describes, changing nothing: the file\n"
    "against its schema, the partner table, the data directory and key files, the database and\n"
    "its schema version, the criteria catalogue, and the certificates of the web service and of\n"
    "the host endpoint (chain, expiry within 30 days, OIN). Prints one line per finding, problems\n"
    "marked PROBLEM, and exits with 7 when there is at least one. Run it as the service's user\n"
    "(for the Debian package: runuser -u zvh-pga -- zvh-pga doctor)."};

struct Tally {
  int warnings = 0;
  int problems = 0;
};

// "verdict<TAB>check<TAB>message" lines, as zvhpga_diagnose writes them.
Tally print_findings(const std::string& report, std::ostream& out) {
  Tally tally;
  std::istringstream lines(report);
  std::string verdict;
  std::string check;
  std::string message;
  while (std::getline(lines, verdict, '\t') && std::getline(lines, check, '\t') &&
         std::getline(lines, message)) {
    std::string label = "ok     ";
    if (verdict == "warning") {
      label = "WARNING";
      ++tally.warnings;
    } else if (verdict != "pass") {
      label = "PROBLEM";
      ++tally.problems;
    }
    out << label << "  " << check << ": " << message << "\n";
  }
  return tally;
}

}  // namespace

ExitCode run_doctor(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kHelp, host_options());
  if (!options) return ExitCode::success;
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  const auto configuration = configuration_location(path_option(*options, "config"));
  std::cout << "zvh-pga doctor: " << configuration.string() << " (plugin "
            << plugin.abi_info().plugin_version << ", " << plugin.library().string() << ")\n";
  const Response response = plugin.diagnose(configuration);
  const Tally tally = print_findings(response.document, std::cout);
  std::cout << tally.problems << " problem(s), " << tally.warnings << " warning(s).\n";
  return tally.problems > 0 || response.status != ZVHPGA_OK ? ExitCode::problems_found
                                                            : ExitCode::success;
}

}  // namespace zvhpga::cli
