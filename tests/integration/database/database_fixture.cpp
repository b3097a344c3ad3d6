#include "database_fixture.h"

#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "odbc/handles.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::database_testing {
namespace {

constexpr const char* kExampleSignalId = "0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90";
// Retrying a request the plugin found unavailable (a lost connection; contention the plugin
// waits out or retries itself, contention_test.cpp), bounded so that a broken store fails the
// test instead of hanging it.
constexpr int kMaxAttempts = 50;

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

std::string xml_escaped(std::string text) {
  replace_all(text, "&", "&amp;");
  replace_all(text, "<", "&lt;");
  replace_all(text, ">", "&gt;");
  return text;
}

// Replaces the content of the first <element> of the template.
void replace_element(std::string& xml, const std::string& element, const std::string& content) {
  const std::string open = "<" + element + ">";
  const auto start = xml.find(open);
  const auto end = xml.find("</" + element + ">", start);
  ASSERT_NE(start, std::string::npos);
  xml.replace(start + open.size(), end - start - open.size(), content);
}

zvhpga_output empty_output() { return {sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0}; }

}  // namespace

std::vector<std::string> drivers() { return {"SQLite", "PostgreSQL"}; }

std::string Reply::text_of(const std::string& element) const {
  const std::string open = "<" + element + ">";
  const auto start = document.find(open);
  if (start == std::string::npos) return {};
  const auto end = document.find("</" + element + ">", start);
  return document.substr(start + open.size(), end - start - open.size());
}

Plugin::Plugin(const std::filesystem::path& config_file) {
  const std::string path = config_file.string();
  zvhpga_output error = empty_output();
  const zvhpga_status status = zvhpga_open(path.data(), path.size(), &instance_, &error);
  EXPECT_EQ(status, ZVHPGA_OK) << (error.data != nullptr ? error.data : "");
  zvhpga_free(&error);
}

Reply Plugin::call(const Caller& caller, const std::string& document) const {
  zvhpga_caller identity{};
  identity.struct_size = sizeof identity;
  identity.abi_version = ZVHPGA_ABI_VERSION;
  identity.organisation = caller.organisation.data();
  identity.organisation_size = caller.organisation.size();
  identity.user = caller.user.data();
  identity.user_size = caller.user.size();
  identity.role = caller.role.data();
  identity.role_size = caller.role.size();
  zvhpga_output output = empty_output();
  const zvhpga_status status =
      zvhpga_call(instance_, &identity, document.data(), document.size(), &output);
  Reply reply{status, output.data != nullptr ? std::string(output.data, output.size) : ""};
  zvhpga_free(&output);
  return reply;
}

Reply Plugin::call_until_available(const Caller& caller, const std::string& document) const {
  Reply reply = call(caller, document);
  for (int attempt = 1; attempt < kMaxAttempts && reply.status == ZVHPGA_UNAVAILABLE; ++attempt)
    reply = call(caller, document);
  return reply;
}

void DatabaseTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "zvhpga-db-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  directory_ = pattern;
  if (!is_postgresql()) {
    connection_string_ = "Driver=SQLite3;Database=" + (directory_ / "zvhpga.sqlite").string() + ";";
    return;
  }
  const char* pg = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
  if (pg == nullptr || *pg == '\0') GTEST_SKIP() << "ZVHPGA_TEST_PG_CONNECTION is not set";
  connection_string_ = pg;
  // The cluster keeps state between tests: start from a database without the plugin's schema
  // and without the host tables these tests create.
  execute("DROP SCHEMA IF EXISTS zvhpga CASCADE");
  execute("DROP TABLE IF EXISTS public.host_case_outcome");
}

void DatabaseTest::TearDown() { std::filesystem::remove_all(directory_); }

std::filesystem::path DatabaseTest::write_config(const StoreSettings& settings,
                                                 const std::string& name) const {
  return write_config(connection_string_, settings, name);
}

std::filesystem::path DatabaseTest::write_config(const std::string& connection_string,
                                                 const StoreSettings& settings,
                                                 const std::string& name) const {
  std::string config = read(ZVHPGA_CONFIG_TEMPLATE);
  replace_element(config, "dataDirectory", (directory_ / "data").string());
  replace_element(config, "connectionString", xml_escaped(connection_string));
  if (settings.production)
    replace_all(config, "</maxConnections>", "</maxConnections>\n      <production>true</production>");
  if (!settings.host_statements.empty()) {
    std::string statements = "</odbc>\n    <hostStatements>";
    for (const auto& [statement_name, sql] : settings.host_statements)
      statements += "<statement><name>" + statement_name + "</name><sql>" + xml_escaped(sql) +
                    "</sql></statement>";
    replace_all(config, "</odbc>", statements + "</hostStatements>");
  }
  const auto path = directory_ / name;
  std::ofstream(path) << config;
  return path;
}

void DatabaseTest::execute(const std::string& sql) const {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string_);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute(sql);
  transaction.commit();
}

Rows DatabaseTest::query(const std::string& sql) const {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string_);
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  odbc::Statement statement(connection, sql);
  statement.execute({});
  const auto columns = statement.column_count();
  Rows rows;
  while (statement.fetch()) {
    auto& row = rows.emplace_back();
    for (SQLSMALLINT column = 1; column <= columns; ++column)
      row.push_back(statement.text(static_cast<SQLUSMALLINT>(column)));
  }
  transaction.commit();
  return rows;
}

long DatabaseTest::count(const std::string& sql) const {
  const Rows rows = query(sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stol(*rows[0][0]);
}

std::string DatabaseTest::example(const std::string& file, const std::string& signal_id) {
  std::string text = read(std::filesystem::path(ZVHPGA_EXAMPLES_DIR) / file);
  if (!signal_id.empty()) replace_all(text, kExampleSignalId, signal_id);
  return text;
}

std::string DatabaseTest::register_signal(const Plugin& plugin) const {
  const Reply reply = plugin.call(kIntake, example("register-signal.xml"));
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  return reply.text_of("signalId");
}

std::string DatabaseTest::ready_signal(const Plugin& plugin) const {
  const std::string id = register_signal(plugin);
  for (const auto& [caller, file] : {std::pair{kGemeente, "contribution-gemeente.xml"},
                                     std::pair{kPolitie, "contribution-politie.xml"},
                                     std::pair{kOm, "contribution-om.xml"}}) {
    const Reply reply = plugin.call(caller, example(file, id));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  }
  return id;
}

}  // namespace zvhpga::database_testing
