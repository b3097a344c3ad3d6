#include "plugin_fixture.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace zvhpga::testing {
namespace {

constexpr const char* kExampleSignalId = "0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90";
constexpr const char* kExampleRevises = "5e0c2f1a-8b7d-4e3c-a1f9-6d2b8c4e7a10";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::string Reply::text_of(const std::string& element) const {
  const std::string open = "<" + element + ">";
  const auto start = document.find(open);
  if (start == std::string::npos) return {};
  const auto end = document.find("</" + element + ">", start);
  return document.substr(start + open.size(), end - start - open.size());
}

void PluginTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "zvhpga-plugin-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  directory_ = pattern;
  std::string config = read(ZVHPGA_CONFIG_TEMPLATE);
  replace_all(config, "<dataDirectory>../var/data</dataDirectory>", "<dataDirectory>data</dataDirectory>");
  std::ofstream(directory_ / "zvhpga.xml") << config;

  const std::string path = (directory_ / "zvhpga.xml").string();
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  ASSERT_EQ(zvhpga_open(path.data(), path.size(), &instance_, &error), ZVHPGA_OK)
      << (error.data ? error.data : "");
  zvhpga_free(&error);
}

void PluginTest::TearDown() {
  zvhpga_close(instance_);
  std::filesystem::remove_all(directory_);
}

Reply PluginTest::call(const Caller& caller, const std::string& document) {
  zvhpga_caller identity{};
  identity.struct_size = sizeof identity;
  identity.abi_version = ZVHPGA_ABI_VERSION;
  identity.organisation = caller.organisation.data();
  identity.organisation_size = caller.organisation.size();
  identity.user = caller.user.data();
  identity.user_size = caller.user.size();
  identity.role = caller.role.data();
  identity.role_size = caller.role.size();
  zvhpga_output output{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const zvhpga_status status =
      zvhpga_call(instance_, &identity, document.data(), document.size(), &output);
  Reply reply{status, output.data != nullptr ? std::string(output.data, output.size) : ""};
  zvhpga_free(&output);
  return reply;
}

Reply PluginTest::run_retention() {
  zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const zvhpga_status status = zvhpga_run_retention(instance_, &report, &error);
  const zvhpga_output& text = status == ZVHPGA_OK ? report : error;
  Reply reply{status, text.data != nullptr ? std::string(text.data, text.size) : ""};
  zvhpga_free(&report);
  zvhpga_free(&error);
  return reply;
}

void PluginTest::destroy_through_retention(const std::string& signal_id) {
  tamper("UPDATE pga_retention_clock SET due_at = triggered_at WHERE signal_id = '" + signal_id + "'");
  const Reply proposed = run_retention();
  ASSERT_EQ(proposed.status, ZVHPGA_OK) << proposed.document;
  const auto proposals = query("SELECT proposal_id FROM pga_retention_proposal_item WHERE signal_id = '" +
                               signal_id + "'");
  ASSERT_EQ(proposals.size(), 1u) << proposed.document;
  const Reply approved = call(kPrivacyOfficer,
                              "<ApproveDestructionRequest xmlns='urn:nl:zvh-pga:contract:1'><proposalId>" +
                                  proposals[0][0] + "</proposalId></ApproveDestructionRequest>");
  ASSERT_EQ(approved.status, ZVHPGA_OK) << approved.document;
  const Reply destroyed = run_retention();
  ASSERT_EQ(destroyed.status, ZVHPGA_OK) << destroyed.document;
  ASSERT_EQ(query("SELECT outcome FROM pga_retention_proposal_item WHERE signal_id = '" + signal_id + "'"),
            (std::vector<std::vector<std::string>>{{"destroyed"}}))
      << destroyed.document;
}

std::string PluginTest::example(const std::string& file, const std::string& signal_id,
                                const std::string& revises) {
  std::string text = read(std::filesystem::path(ZVHPGA_EXAMPLES_DIR) / file);
  if (!signal_id.empty()) replace_all(text, kExampleSignalId, signal_id);
  if (!revises.empty()) replace_all(text, kExampleRevises, revises);
  return text;
}

zvhpga_status PluginTest::reopen_with_catalogue(const std::string& catalogue) {
  std::ofstream(directory_ / "criteria.xml", std::ios::trunc) << catalogue;
  std::string config = read(directory_ / "zvhpga.xml");
  if (config.find("<catalogue>criteria.xml</catalogue>") == std::string::npos)
    replace_all(config, "</configuration>",
                "<criteria><catalogue>criteria.xml</catalogue></criteria></configuration>");
  std::ofstream(directory_ / "zvhpga.xml", std::ios::trunc) << config;
  const Reply reopened = reopen();
  EXPECT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  return reopened.status;
}

Reply PluginTest::reopen_with_retention_policy(const std::string& policy) {
  std::ofstream(directory_ / "retention.xml", std::ios::trunc) << policy;
  std::string config = read(directory_ / "zvhpga.xml");
  if (config.find("<policy>retention.xml</policy>") == std::string::npos)
    replace_all(config, "</configuration>",
                "<retention><policy>retention.xml</policy></retention></configuration>");
  std::ofstream(directory_ / "zvhpga.xml", std::ios::trunc) << config;
  return reopen();
}

Reply PluginTest::reopen() {
  zvhpga_close(instance_);
  instance_ = nullptr;
  const std::string path = (directory_ / "zvhpga.xml").string();
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const zvhpga_status status = zvhpga_open(path.data(), path.size(), &instance_, &error);
  Reply reply{status, error.data != nullptr ? std::string(error.data, error.size) : ""};
  zvhpga_free(&error);
  return reply;
}

std::string PluginTest::shipped_retention_policy() {
  return read(std::filesystem::path(ZVHPGA_CONFIG_TEMPLATE).parent_path() / "retention" /
              "pga-retention-2026-2.xml");
}

Reply PluginTest::check_catalogue(const std::string& catalogue) const {
  std::ofstream(directory_ / "candidate.xml", std::ios::trunc) << catalogue;
  const std::string config = (directory_ / "zvhpga.xml").string();
  const std::string candidate = (directory_ / "candidate.xml").string();
  zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const zvhpga_status status = zvhpga_check_catalogue(
      config.data(), config.size(), candidate.data(), candidate.size(), &report, &error);
  const zvhpga_output& output = status == ZVHPGA_OK ? report : error;
  Reply reply{status, output.data != nullptr ? std::string(output.data, output.size) : ""};
  zvhpga_free(&report);
  zvhpga_free(&error);
  return reply;
}

std::string PluginTest::shipped_catalogue() {
  return read(std::filesystem::path(ZVHPGA_CONFIG_TEMPLATE).parent_path() / "criteria" /
              "pga-criteria-2026-1.xml");
}

std::string PluginTest::register_signal() {
  const Reply reply = call(kIntake, example("register-signal.xml"));
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  return reply.text_of("signalId");
}

std::string PluginTest::contribute(const std::string& signal_id, const Caller& caller,
                                   const std::string& file) {
  const Reply reply = call(caller, example(file, signal_id));
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  return reply.text_of("contributionId");
}

std::string PluginTest::ready_signal() {
  const std::string id = register_signal();
  contribute(id, kGemeente, "contribution-gemeente.xml");
  contribute(id, kPolitie, "contribution-politie.xml");
  contribute(id, kOm, "contribution-om.xml");
  return id;
}

namespace {

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Database open_store_file(const std::filesystem::path& directory, int flags) {
  sqlite3* raw = nullptr;
  const std::string path = (directory / "data" / "zvhpga.sqlite").string();
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, flags, nullptr), SQLITE_OK);
  return Database(raw, sqlite3_close);
}

}  // namespace

std::vector<std::vector<std::string>> PluginTest::query(const std::string& sql) const {
  Database db = open_store_file(directory_, SQLITE_OPEN_READONLY);
  std::vector<std::vector<std::string>> rows;
  sqlite3_exec(db.get(), sql.c_str(),
               [](void* out, int columns, char** values, char**) {
                 auto& row = static_cast<std::vector<std::vector<std::string>>*>(out)->emplace_back();
                 for (int i = 0; i < columns; ++i) row.emplace_back(values[i] != nullptr ? values[i] : "");
                 return 0;
               },
               &rows, nullptr);
  return rows;
}

Reply PluginTest::expect_refused(const Caller& caller, const std::string& request,
                                 const std::string& code, zvhpga_status status) {
  const std::string ok_lines_before = successful_processing_lines();
  auto before = store_fingerprint();
  Reply reply = call(caller, request);
  EXPECT_EQ(reply.status, status) << reply.document;
  EXPECT_EQ(reply.error_code(), code) << reply.document;
  EXPECT_NE(reply.document.find("<Error xmlns=\"urn:nl:zvh-pga:contract:1\">"), std::string::npos);
  EXPECT_FALSE(reply.text_of("message").empty());
  auto after = store_fingerprint();
  EXPECT_EQ(after["pga_audit_record"], before["pga_audit_record"] + 1);
  EXPECT_EQ(last_audit_result(), "refused:" + code);
  EXPECT_EQ(successful_processing_lines(), ok_lines_before);
  for (const char* log : {"pga_audit_record", "pga_processing_log"}) {
    before.erase(log);
    after.erase(log);
  }
  EXPECT_EQ(after, before);
  return reply;
}

std::string PluginTest::successful_processing_lines() const {
  return query("SELECT count(*) FROM pga_processing_log WHERE status_code = 1")[0][0];
}

std::string PluginTest::last_audit_result() const {
  const auto rows = query("SELECT result FROM pga_audit_record ORDER BY seq DESC LIMIT 1");
  return rows.empty() ? std::string() : rows[0][0];
}

void PluginTest::tamper(const std::string& sql) const {
  Database db = open_store_file(directory_, SQLITE_OPEN_READWRITE);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
}

std::map<std::string, long> PluginTest::store_fingerprint() const {
  Database db = open_store_file(directory_, SQLITE_OPEN_READONLY);
  std::map<std::string, long> counts;
  auto collect_tables = [](void* out, int, char** values, char**) {
    static_cast<std::map<std::string, long>*>(out)->emplace(values[0], 0);
    return 0;
  };
  sqlite3_exec(db.get(), "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'pga_%'",
               collect_tables, &counts, nullptr);
  for (auto& [table, count] : counts) {
    const std::string sql = "SELECT count(*) FROM \"" + table + "\"";
    sqlite3_exec(db.get(), sql.c_str(),
                 [](void* out, int, char** values, char**) {
                   *static_cast<long*>(out) = std::stol(values[0]);
                   return 0;
                 },
                 &count, nullptr);
  }
  EXPECT_FALSE(counts.empty());
  return counts;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace zvhpga::testing
