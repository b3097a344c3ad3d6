#include "command_line.h"

#include <iostream>

#include "exit_codes.h"

namespace po = boost::program_options;

namespace zvhpga::cli {
namespace {

constexpr unsigned kHelpWidth = 100;

}  // namespace

std::optional<po::variables_map> parse_command_line(const std::vector<std::string>& arguments,
                                                    const CommandHelp& help,
                                                    const po::options_description& visible,
                                                    const po::options_description& hidden,
                                                    const po::positional_options_description& positional) {
  po::options_description help_option = option_group();
  help_option.add_options()("help,h", "show this help and exit");
  po::options_description all;
  all.add(visible).add(help_option).add(hidden);

  po::variables_map values;
  try {
    po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), values);
    if (values.count("help") != 0) {
      po::options_description shown("Options", kHelpWidth, kHelpWidth / 2);
      shown.add(visible).add(help_option);
      std::cout << "Usage: " << help.usage << "\n\n" << help.explanation << "\n\n" << shown << "\n"
                << exit_code_help();
      return std::nullopt;
    }
    po::notify(values);  // after --help, so that --help works without the required options
  } catch (const po::error& error) {
    throw CliError(ExitCode::usage, std::string(error.what()) + "\nUsage: " + std::string(help.usage) +
                                        "\nRun with --help for the options.");
  }
  return values;
}

po::options_description option_group() { return po::options_description(kHelpWidth, kHelpWidth / 2); }

po::options_description host_options() {
  po::options_description options = option_group();
  options.add_options()
      ("plugin", po::value<std::string>()->value_name("PATH"),
       "the plugin library; else $ZVHPGA_PLUGIN, else the one installed beside the command")
      ("config", po::value<std::string>()->value_name("FILE"),
       "the plugin configuration; else $ZVHPGA_CONFIG, else ./config/zvhpga.xml if it exists, "
       "else /etc/zvh-pga/zvhpga.xml");
  return options;
}

PathOption path_option(const po::variables_map& options, const char* name) {
  if (options.count(name) == 0) return std::nullopt;
  return std::filesystem::path(options[name].as<std::string>());
}

Host open_host(const po::variables_map& options) {
  Plugin plugin = Plugin::load(plugin_location(path_option(options, "plugin")));
  std::filesystem::path configuration = configuration_location(path_option(options, "config"));
  PluginInstance instance = plugin.open(configuration);
  return Host{std::move(plugin), std::move(configuration), std::move(instance)};
}

}  // namespace zvhpga::cli
