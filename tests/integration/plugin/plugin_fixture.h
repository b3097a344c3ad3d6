#pragma once
// A plugin instance on a fresh embedded store in a temporary directory, driven through the
// public C ABI, with helpers to send the example documents.
#include <zvhpga/zvhpga.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace zvhpga::testing {

struct Reply {
  zvhpga_status status;
  std::string document;

  // Text of the first element with this local name, or "" (enough for these documents).
  std::string text_of(const std::string& element) const;
  std::string error_code() const { return text_of("code"); }
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
inline const Caller kDirector{"zvh-utrecht", "process-director"};
inline const Caller kPrivacyOfficer{"gemeente-utrecht", "privacy-officer"};
inline const Caller kAuditor{"gemeente-utrecht", "auditor"};

// The text with the first `from` replaced by `to`; a test whose `from` is missing fails.
std::string replaced(std::string text, const std::string& from, const std::string& to);

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Reply call(const Caller& caller, const std::string& document);
  // zvhpga_run_retention: the document is its report, or its error on failure.
  Reply run_retention();
  // Runs retention until the signal's due clock is proposed, approves that as the privacy
  // officer and runs again: the signal is destroyed as a year-later run would. The clock is
  // moved to now first, as time passing would.
  void destroy_through_retention(const std::string& signal_id);
  // An example document, with its signalId (and revises, if given) replaced.
  static std::string example(const std::string& file, const std::string& signal_id = {},
                             const std::string& revises = {});

  // Sends the request, expects a refusal with this code, and checks that the case data is
  // exactly as it was while the audit trail gained one record of the refused attempt (and the
  // processing log at most ERROR lines for a subject whose processing began).
  Reply expect_refused(const Caller& caller, const std::string& request, const std::string& code,
                       zvhpga_status status = ZVHPGA_REJECTED);
  std::string successful_processing_lines() const;

  std::string register_signal();
  std::string contribute(const std::string& signal_id, const Caller& caller, const std::string& file);
  std::string ready_signal();  // registered and contributed to by all three partners

  // Closes the instance and opens it again with the same configuration file: zvhpga_open's
  // status and its error text.
  Reply reopen();
  // Closes the instance and opens it again with a <criteria> element naming a catalogue file
  // with this text, as a region adopting a new version does; returns zvhpga_open's status.
  zvhpga_status reopen_with_catalogue(const std::string& catalogue);
  // The same with a <retention> element naming a retention policy file with this text; returns
  // zvhpga_open's status and its error text.
  Reply reopen_with_retention_policy(const std::string& policy);
  // The shipped retention policy's text (config/retention/).
  static std::string shipped_retention_policy();
  // Asks zvhpga_check_catalogue about a catalogue file with this text.
  Reply check_catalogue(const std::string& catalogue) const;
  // The shipped criteria catalogue's text (config/criteria/).
  static std::string shipped_catalogue();

  // Row count of every pga_ table, read with SQLite directly: equal fingerprints mean a
  // refused request changed nothing.
  std::map<std::string, long> store_fingerprint() const;
  // Rows of a query run on the store file directly; NULL reads as "".
  std::vector<std::vector<std::string>> query(const std::string& sql) const;
  // The result column of the newest audit record, read directly.
  std::string last_audit_result() const;
  // Runs one statement on the store file directly, as someone with database access would.
  void tamper(const std::string& sql) const;

  std::filesystem::path directory_;
  zvhpga_instance* instance_ = nullptr;
};

}  // namespace zvhpga::testing
