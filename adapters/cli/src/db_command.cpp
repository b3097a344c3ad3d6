// zvh-pga db: administration of the plugin's database: schema migration and the rotation of
// the signal master key.
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

constexpr CommandHelp kRotateKeysHelp{
    "zvh-pga db rotate-keys [--plugin PATH] [--config FILE]",
    "Rotates the signal master key (docs/crypto-shredding.md): makes a new key file beside the\n"
    "configured one (<key file>.next), rewraps every signal's data key in the key store under\n"
    "it, retires the old key and renames the new file over the old one. Stop every instance on\n"
    "the key store first; one left running refuses to register signals until restarted. If it\n"
    "is interrupted, run it again: it finishes the rotation. Back up the new key file offline."};

constexpr std::string_view kDbUsage =
    "Usage: zvh-pga db ACTION [OPTIONS]\n\n"
    "Actions:\n"
    "  migrate      upgrade the database schema to the plugin's version\n"
    "  rotate-keys  rotate the signal master key\n\n"
    "Run 'zvh-pga db ACTION --help' for an action's options.\n";

ExitCode run_migrate(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kMigrateHelp, host_options());
  if (!options) return ExitCode::success;
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  const auto configuration = configuration_location(path_option(*options, "config"));
  std::cout << plugin.migrate(configuration) << "\n";
  return ExitCode::success;
}

ExitCode run_rotate_keys(const std::vector<std::string>& arguments) {
  const auto options = parse_command_line(arguments, kRotateKeysHelp, host_options());
  if (!options) return ExitCode::success;
  const Plugin plugin = Plugin::load(plugin_location(path_option(*options, "plugin")));
  const auto configuration = configuration_location(path_option(*options, "config"));
  std::cout << plugin.rotate_master_key(configuration) << "\n";
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
  if (action == "rotate-keys") return run_rotate_keys({arguments.begin() + 1, arguments.end()});
  throw CliError(ExitCode::usage,
                 "unknown action 'db " + action + "'. Run 'zvh-pga db --help' for the actions.");
}

}  // namespace zvhpga::cli
