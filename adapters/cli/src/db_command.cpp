// zvh-pga db: administration of the plugin's database. Today one action: migrate.
#include <iostream>

#include "command_line.h"
#include "commands.h"

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kMigrateHelp{
    "zvh-pga db migrate [--plugin PATH] [--config FILE]",
    "Upgrades the schema of the configuration's database to the plugin's version, in one\n"
    "transaction where the database allows, and says which schema versions it applied. The\n"
    "plugin refuses to open a database with an older schema, so that an upgrade never happens\n"
    "as a side effect of a restart: run this after installing a newer plugin, with every\n"
    "instance on that database stopped. A database newer than the plugin is refused."};

constexpr std::string_view kDbUsage =
    "Usage: zvh-pga db ACTION [OPTIONS]\n\n"
    "Actions:\n"
    "  migrate  upgrade the database schema to the plugin's version\n\n"
    "Run 'zvh-pga db ACTION --help' for an action's options.\n";

ExitCode run_migrate(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kMigrateHelp, host_options());
  if (!options) return ExitCode::success;
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  const auto configuration = configuration_location(path_option(*options, "config"));
  std::cout << plugin.migrate(configuration) << "\n";
  return ExitCode::success;
}

}  // namespace

ExitCode run_db(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    std::cerr << kDbUsage;
    return ExitCode::usage;
  }
  const std::string& action = arguments.front();
  if (action == "--help" || action == "-h") {
    std::cout << kDbUsage << "\n" << exit_code_help();
    return ExitCode::success;
  }
  if (action == "migrate") return run_migrate({arguments.begin() + 1, arguments.end()});
  throw CliError(ExitCode::usage,
                 "unknown action 'db " + action + "'. Run 'zvh-pga db --help' for the actions.");
}

}  // namespace zvhpga::cli
