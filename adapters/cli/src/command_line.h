#pragma once
// What every subcommand shares: reading its command line with --help derived from the option
// descriptions, and the options that say where the plugin and its configuration are.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "locations.h"
#include "plugin.h"

namespace zvhpga::cli {

struct CommandHelp {
  std::string_view usage;        // e.g. "zvh-pga call [OPTIONS] FILE"
  std::string_view explanation;  // what the command does, in a few lines
};

// Parses a subcommand's arguments. With --help it prints the help and returns nullopt; a wrong
// command line throws CliError(ExitCode::usage). Options in `hidden` (positional arguments) are
// parsed but left out of the option list, the explanation describes them.
std::optional<boost::program_options::variables_map> parse_command_line(
    const std::vector<std::string>& arguments, const CommandHelp& help,
    const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden = {},
    const boost::program_options::positional_options_description& positional = {});

// An empty group of options that prints as wide as the rest of the help.
boost::program_options::options_description option_group();

// --plugin and --config.
boost::program_options::options_description host_options();

// A loaded plugin with one open instance.
struct Host {
  Plugin plugin;
  std::filesystem::path configuration;
  PluginInstance instance;
};

// Loads the plugin named by the host options (checking its ABI first) and opens an instance on
// the configuration they name.
Host open_host(const boost::program_options::variables_map& options);

// The value of a path option, if it was given.
PathOption path_option(const boost::program_options::variables_map& options, const char* name);

}  // namespace zvhpga::cli
