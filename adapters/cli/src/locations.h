#pragma once
// Where the command finds its plugin, configuration and examples: an explicit option first,
// then the environment, then the places an installed or freshly built tree puts them.
#include <filesystem>
#include <optional>

namespace zvhpga::cli {

using PathOption = std::optional<std::filesystem::path>;

// --plugin, else $ZVHPGA_PLUGIN, else <dir of executable>/../<libdir>/libzvhpga.so.1, else
// <dir of executable>/../lib/libzvhpga.so.1 (the build tree).
std::filesystem::path plugin_location(const PathOption& from_command_line);

// --config, else $ZVHPGA_CONFIG, else ./config/zvhpga.xml if it exists, else
// <sysconfdir>/zvh-pga/zvhpga.xml (/etc/zvh-pga/zvhpga.xml when installed under /usr).
std::filesystem::path configuration_location(const PathOption& from_command_line);

// --examples, else ./examples if it exists, else <dir of executable>/../<datadir>/zvh-pga/examples.
std::filesystem::path examples_location(const PathOption& from_command_line);

}  // namespace zvhpga::cli
