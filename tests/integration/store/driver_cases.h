#pragma once
// The databases the store tests run against. Adding a driver means adding one DriverCase in
// driver_cases.cpp; the test bodies stay the same.
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace zvhpga::odbc::testing {

struct DriverCase {
  std::string name;
  // A connection string to an empty database, using `scratch` for any files; nullopt when
  // the driver is not configured on this machine (the test is skipped).
  std::function<std::optional<std::string>(const std::filesystem::path& scratch)> fresh_database;
  // A connection string that names a database that cannot be reached.
  std::function<std::string(const std::filesystem::path& scratch)> unreachable_database;
};

std::vector<DriverCase> driver_cases();

// For readable failure messages from value-parameterised tests.
inline void PrintTo(const DriverCase& driver, std::ostream* out) { *out << driver.name; }

}  // namespace zvhpga::odbc::testing
