#pragma once
// Plugin instances driven through the public C ABI, on a database of each driver that is set up
// here: an SQLite file in a temporary directory, and the throwaway PostgreSQL cluster named by
// ZVHPGA_TEST_PG_CONNECTION (installer/test.sh); PostgreSQL cases are skipped without it. The
// database is also read and written directly, as the host platform would, through the store
// adapter's ODBC wrappers.
#include <zvhpga/zvhpga.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zvhpga::database_testing {

struct Reply {
  zvhpga_status status;
  std::string document;

  // Text of the first element with this local name, or "".
  std::string text_of(const std::string& element) const;
};

struct Caller {
  std::string organisation;
  std::string role;
  std::string user = "test-user";
};

inline const Caller kIntake{"gemeente-utrecht", "intake-officer"};
inline const Caller kGemeente{"gemeente-utrecht", "weegploeg-member"};
inline const Caller kPolitie{"politie-midden-nederland", "weegploeg-member"};
inline const Caller kOm{"om-midden-nederland", "weegploeg-member"};
inline const Caller kChair{"gemeente-utrecht", "weegploeg-chair"};

// What a configuration adds to the store section.
struct StoreSettings {
  bool production = false;
  std::vector<std::pair<std::string, std::string>> host_statements{};  // name, SQL
};

// One open plugin instance; closed on destruction.
class Plugin {
 public:
  explicit Plugin(const std::filesystem::path& config_file);
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  ~Plugin() { zvhpga_close(instance_); }

  Reply call(const Caller& caller, const std::string& document) const;
  // Calls again while the plugin answers ZVHPGA_UNAVAILABLE, as the ABI allows a host to.
  Reply call_until_available(const Caller& caller, const std::string& document) const;

 private:
  zvhpga_instance* instance_ = nullptr;
};

using Rows = std::vector<std::vector<std::optional<std::string>>>;

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  bool is_postgresql() const { return GetParam() == "PostgreSQL"; }
  // Writes a configuration on this test's database and returns its path.
  std::filesystem::path write_config(const StoreSettings& settings = {},
                                     const std::string& name = "zvhpga.xml") const;
  std::filesystem::path write_config(const std::string& connection_string,
                                     const StoreSettings& settings,
                                     const std::string& name) const;

  // Direct access, as the host platform has it: one statement in a transaction of its own.
  void execute(const std::string& sql) const;
  Rows query(const std::string& sql) const;
  long count(const std::string& sql) const;

  static std::string example(const std::string& file, const std::string& signal_id = {});
  std::string register_signal(const Plugin& plugin) const;
  std::string ready_signal(const Plugin& plugin) const;  // all three partners contributed

  std::filesystem::path directory_;
  std::string connection_string_;
};

// Test parameter names: the drivers.
std::vector<std::string> drivers();

}  // namespace zvhpga::database_testing
