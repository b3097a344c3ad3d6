#pragma once
// The command's exit codes are part of its interface (scripts branch on them), so they live in
// one table from which both the code and the --help text are derived.
#include <stdexcept>
#include <string>

#include <zvhpga/zvhpga.h>

namespace zvhpga::cli {

enum class ExitCode : int {
  success = 0,
  rejected = 1,     // the plugin refused the request; the Error document says why
  usage = 2,        // the command line was wrong
  unavailable = 3,  // the store was temporarily unavailable; the same request may be retried
  internal = 4,     // the plugin failed internally, or host and plugin disagree on the ABI
  setup = 5,        // plugin, configuration or input file could not be loaded
  broken_trail = 6, // audit verify: the audit trail was changed outside the plugin
  problems_found = 7, // doctor: the installation has at least one problem
};

// The "Exit codes:" section of every --help text.
std::string exit_code_help();

ExitCode exit_code_for(zvhpga_status status);

// A failure that ends the command: a sentence for the person and the exit code to return.
class CliError : public std::runtime_error {
 public:
  CliError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

}  // namespace zvhpga::cli
