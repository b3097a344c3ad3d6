#pragma once
// zvh-pga doctor: examines an installation without opening an instance on it, and says in words
// an administrator can act on what is fine, what deserves attention and what stops it working.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace zvhpga::doctor {

enum class Verdict { Pass, Warning, Problem };

struct Finding {
  Verdict verdict;
  std::string check;    // what was examined, e.g. "database"
  std::string message;  // the finding, one sentence or two
};

// Certificates expiring sooner than this are a warning: time to order the next one.
inline constexpr std::chrono::days kCertificateRenewalWindow{30};

// Every finding about the installation that the configuration file describes, in the order
// an administrator would fix them. A configuration that cannot be read is the only finding.
std::vector<Finding> examine(const std::filesystem::path& config_file,
                             std::chrono::system_clock::time_point now);

bool has_problem(const std::vector<Finding>& findings);

// "pass", "warning" or "problem".
const char* verdict_name(Verdict verdict);

}  // namespace zvhpga::doctor
