#pragma once
// One function per subcommand: each takes the arguments after its name and returns the exit
// code (see exit_codes.h); failures that end the command are thrown as CliError.
#include <string>
#include <vector>

#include "exit_codes.h"

namespace zvhpga::cli {

ExitCode run_audit(const std::vector<std::string>& arguments);
ExitCode run_call(const std::vector<std::string>& arguments);
ExitCode run_criteria(const std::vector<std::string>& arguments);
ExitCode run_db(const std::vector<std::string>& arguments);
ExitCode run_doctor(const std::vector<std::string>& arguments);
ExitCode run_demo(const std::vector<std::string>& arguments);
ExitCode run_form(const std::vector<std::string>& arguments);
ExitCode run_pki(const std::vector<std::string>& arguments);
ExitCode run_retention(const std::vector<std::string>& arguments);
ExitCode run_serve(const std::vector<std::string>& arguments);
ExitCode run_stats(const std::vector<std::string>& arguments);

}  // namespace zvhpga::cli
