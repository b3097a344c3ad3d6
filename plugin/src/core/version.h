#pragma once
// The plugin's version, from its one declaration: project(... VERSION ...) in CMakeLists.txt,
// passed to every layer as ZVHPGA_PLUGIN_VERSION.
#include <string_view>

namespace zvhpga::core {

inline constexpr std::string_view kPluginVersion = ZVHPGA_PLUGIN_VERSION;

}  // namespace zvhpga::core
