// zvh-pga: a host for the zvh-pga plugin. It reaches libzvhpga.so only through the public C ABI,
// exactly as any other platform would.
#include <array>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "exit_codes.h"

namespace {

using zvhpga::cli::ExitCode;

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  ExitCode (*run)(const std::vector<std::string>& arguments);
};

constexpr std::array<Subcommand, 11> kSubcommands{{
    {"audit", "verify the tamper-evident audit trail; keep and check checkpoints",
     zvhpga::cli::run_audit},
    {"call", "send one request document as a given caller and print the response document",
     zvhpga::cli::run_call},
    {"criteria", "check a criteria catalogue before adopting it: 'criteria check FILE'",
     zvhpga::cli::run_criteria},
    {"db", "administer the database: 'db migrate' upgrades its schema, 'db rotate-keys' the "
           "signal master key",
     zvhpga::cli::run_db},
    {"doctor", "examine the installation: configuration, database, keys, certificates, catalogue",
     zvhpga::cli::run_doctor},
    {"demo", "walk the whole PGA process with the example documents and say what happened",
     zvhpga::cli::run_demo},
    {"form", "print the form of a stage from the criteria catalogue; --xhtml writes a web page",
     zvhpga::cli::run_form},
    {"pki", "make a test PKI for the configuration's partners: 'pki dev DIR' (never for production)",
     zvhpga::cli::run_pki},
    {"retention", "run the retention sweep, approve a destruction, verify a statement of destruction",
     zvhpga::cli::run_retention},
    {"serve", "run the web service (SOAP over mutual TLS) of the configuration until Ctrl-C",
     zvhpga::cli::run_serve},
    {"stats", "print the anonymous management information of the region; --csv, --svg",
     zvhpga::cli::run_stats},
}};

void print_overview(std::ostream& out) {
  out << "Usage: zvh-pga COMMAND [OPTIONS]\n\n"
         "A host for the zvh-pga plugin (libzvhpga.so): it loads the plugin through its public\n"
         "C ABI, checks the ABI first, and sends it request documents.\n\n"
         "Commands:\n";
  for (const Subcommand& subcommand : kSubcommands) {
    out << "  " << subcommand.name << "  " << subcommand.summary << "\n";
  }
  out << "\nRun 'zvh-pga COMMAND --help' for a command's options.\n\n" << zvhpga::cli::exit_code_help();
}

ExitCode run(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    print_overview(std::cerr);
    return ExitCode::usage;
  }
  const std::string& name = arguments.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_overview(std::cout);
    return ExitCode::success;
  }
  for (const Subcommand& subcommand : kSubcommands) {
    if (subcommand.name == name) {
      return subcommand.run(std::vector<std::string>(arguments.begin() + 1, arguments.end()));
    }
  }
  throw zvhpga::cli::CliError(ExitCode::usage,
                              "unknown command '" + name + "'. Run 'zvh-pga --help' for the commands.");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return static_cast<int>(run(std::vector<std::string>(argv + 1, argv + argc)));
  } catch (const zvhpga::cli::CliError& error) {
    std::cerr << "zvh-pga: " << error.what() << "\n";
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    std::cerr << "zvh-pga: unexpected failure: " << error.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  }
}
