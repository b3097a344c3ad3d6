#include "exit_codes.h"

#include <array>
#include <string_view>
#include <utility>

namespace zvhpga::cli {
namespace {

constexpr std::array<std::pair<ExitCode, std::string_view>, 8> kExitCodeMeanings{{
    {ExitCode::success, "success (ZVHPGA_OK)"},
    {ExitCode::rejected, "the request was refused (ZVHPGA_REJECTED); the Error document says why"},
    {ExitCode::usage, "the command line was wrong"},
    {ExitCode::unavailable,
     "the store was temporarily unavailable (ZVHPGA_UNAVAILABLE); retrying may work"},
    {ExitCode::internal,
     "the plugin failed internally (ZVHPGA_INTERNAL, ZVHPGA_INVALID_ARGUMENT)"},
    {ExitCode::setup,
     "the plugin, its configuration or the input could not be loaded\n"
     "     (ABI mismatch, ZVHPGA_CONFIG_ERROR, unreadable file)"},
    {ExitCode::broken_trail,
     "audit verify: the audit trail is broken; the output names the first bad record"},
    {ExitCode::problems_found, "doctor: the installation has at least one problem; the output lists it"},
}};

}  // namespace

std::string exit_code_help() {
  std::string help = "Exit codes:\n";
  for (const auto& [code, meaning] : kExitCodeMeanings) {
    help += "  " + std::to_string(static_cast<int>(code)) + "  " + std::string(meaning) + "\n";
  }
  return help;
}

ExitCode exit_code_for(zvhpga_status status) {
  switch (status) {
    case ZVHPGA_OK:
      return ExitCode::success;
    case ZVHPGA_REJECTED:
      return ExitCode::rejected;
    case ZVHPGA_UNAVAILABLE:
      return ExitCode::unavailable;
    case ZVHPGA_CONFIG_ERROR:
    case ZVHPGA_ABI_MISMATCH:
      return ExitCode::setup;
    case ZVHPGA_INVALID_ARGUMENT:
    case ZVHPGA_INTERNAL:
      break;
  }
  // Also reached for a status a newer plugin might add: treat what we don't know as internal.
  return ExitCode::internal;
}

}  // namespace zvhpga::cli
