// zvh-pga call: one request document in, one response document out.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command_line.h"
#include "commands.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kHelp{
    "zvh-pga call [--plugin PATH] [--config FILE] --partner P --user U --role R FILE",
    "Sends the request document FILE (- reads standard input) to the plugin as the given caller\n"
    "and prints the response document on standard output. When the plugin refuses the request,\n"
    "the Error document is printed all the same and the exit code says what kind of refusal it\n"
    "was."};

std::string read_request(const std::string& file) {
  std::ostringstream content;
  if (file == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream input(file, std::ios::binary);
  if (!input) throw CliError(ExitCode::setup, "Cannot read the request document " + file + ".");
  content << input.rdbuf();
  return content.str();
}

}  // namespace

ExitCode run_call(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()
      ("partner", po::value<std::string>()->required()->value_name("P"),
       "the caller's partner organisation: an id or OIN from the configuration's partner table")
      ("user", po::value<std::string>()->required()->value_name("U"),
       "the person calling, as the host platform identifies them")
      ("role", po::value<std::string>()->required()->value_name("R"),
       "the caller's role: intake-officer, weegploeg-member, weegploeg-chair, process-director, "
       "privacy-officer, auditor or administrator");
  visible.add(host_options());
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>()->required());
  po::positional_options_description positional;
  positional.add("file", 1);

  const auto options = parse_command_line(arguments, kHelp, visible, hidden, positional);
  if (!options) return ExitCode::success;

  const std::string request = read_request((*options)["file"].as<std::string>());
  const Host host = open_host(*options);
  const Response response = host.instance.call(
      CallerIdentity{(*options)["partner"].as<std::string>(), (*options)["user"].as<std::string>(),
                     (*options)["role"].as<std::string>()},
      request);

  std::cout << response.document;
  if (!response.document.empty() && response.document.back() != '\n') std::cout << '\n';
  if (response.status != ZVHPGA_OK) {
    std::cerr << "zvh-pga: the plugin answered " << response.status_name << "\n";
  }
  return exit_code_for(response.status);
}

}  // namespace zvhpga::cli
