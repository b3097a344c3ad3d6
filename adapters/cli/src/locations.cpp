#include "locations.h"

#include <cstdlib>
#include <initializer_list>

namespace zvhpga::cli {
namespace {

// The directory above the executable's bin/. The build tree (build/bin, build/lib) mirrors the
// installed layout (bin/, lib/, share/), so paths below it work in both.
std::filesystem::path installation_prefix() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
}

// The command-line value, else the environment variable (if any), else the first fallback that
// exists, else the last fallback (so a missing file is reported under its expected name).
std::filesystem::path resolve(const PathOption& from_command_line, const char* environment_variable,
                              std::initializer_list<std::filesystem::path> fallbacks) {
  if (from_command_line) return *from_command_line;
  if (environment_variable != nullptr) {
    if (const char* value = std::getenv(environment_variable); value != nullptr && *value != '\0') {
      return value;
    }
  }
  // A place the user may not look into counts as absent, not as a failure.
  for (const auto& candidate : fallbacks) {
    std::error_code inaccessible;
    if (std::filesystem::exists(candidate, inaccessible)) return candidate;
  }
  return *std::prev(fallbacks.end());
}

}  // namespace

std::filesystem::path plugin_location(const PathOption& from_command_line) {
  // The installed layout (a multiarch libdir on Debian), then the build tree's lib/. The
  // soname, not the development link: a host needs only the runtime file.
  return resolve(from_command_line, "ZVHPGA_PLUGIN",
                 {installation_prefix() / ZVHPGA_INSTALL_LIBDIR / "libzvhpga.so.1",
                  installation_prefix() / "lib" / "libzvhpga.so.1"});
}

std::filesystem::path configuration_location(const PathOption& from_command_line) {
  return resolve(from_command_line, "ZVHPGA_CONFIG",
                 {std::filesystem::path("config") / "zvhpga.xml",
                  std::filesystem::path(ZVHPGA_INSTALL_SYSCONFDIR) / "zvh-pga" / "zvhpga.xml"});
}

std::filesystem::path examples_location(const PathOption& from_command_line) {
  return resolve(from_command_line, nullptr,
                 {"examples", installation_prefix() / ZVHPGA_INSTALL_DATADIR / "zvh-pga" / "examples"});
}

}  // namespace zvhpga::cli
