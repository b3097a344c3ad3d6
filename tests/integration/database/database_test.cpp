// The whole process through the public ABI on each driver's database, with what production
// configurations add: host statements in the decision's transaction, production mode, and
// schema upgrades through zvhpga_migrate.
#include "database_fixture.h"

#include <algorithm>
#include <array>
#include <thread>

namespace zvhpga::database_testing {
namespace {

// The host platform's case records, in the same database as the plugin's tables.
std::string outcome_table(bool postgresql) {
  return postgresql ? "public.host_case_outcome" : "host_case_outcome";
}

StoreSettings recording_outcomes(bool postgresql) {
  return {.host_statements = {{"record-outcome",
                               "INSERT INTO " + outcome_table(postgresql) +
                                   " (signal_id, outcome, decided_on, decision_id) "
                                   "VALUES (?, ?, ?, ?)"}}};
}

class ProcessTest : public DatabaseTest {
 protected:
  // As a host's case table would be: no column may be left empty.
  void create_outcome_table() const {
    execute("CREATE TABLE " + outcome_table(is_postgresql()) +
            " (signal_id VARCHAR(64) NOT NULL UNIQUE, outcome VARCHAR(64) NOT NULL, "
            "decided_on VARCHAR(10) NOT NULL, decision_id VARCHAR(64) NOT NULL)");
  }
};

TEST_P(ProcessTest, WholeProcessWritesTheOutcomeIntoTheHostCaseRecord) {
  create_outcome_table();
  const Plugin plugin(write_config(recording_outcomes(is_postgresql())));
  const std::string id = ready_signal(plugin);

  const Reply decided = plugin.call(kChair, example("record-decision.xml", id));
  ASSERT_EQ(decided.status, ZVHPGA_OK) << decided.document;
  EXPECT_EQ(decided.text_of("state"), "decided");
  const Rows host = query("SELECT signal_id, outcome, decided_on, decision_id FROM " +
                          outcome_table(is_postgresql()));
  ASSERT_EQ(host.size(), 1U);
  EXPECT_EQ(host[0][0], id);
  EXPECT_EQ(host[0][1], "include-in-casusoverleg");
  EXPECT_EQ(host[0][2], "2026-11-25");
  EXPECT_EQ(host[0][3], decided.text_of("decisionId"));

  const Reply read = plugin.call(kChair, example("get-signal.xml", id));
  ASSERT_EQ(read.status, ZVHPGA_OK) << read.document;
  EXPECT_EQ(read.text_of("state"), "decided");
}

TEST_P(ProcessTest, AFailingHostStatementLeavesTheDecisionUnrecorded) {
  create_outcome_table();
  const Plugin plugin(write_config(recording_outcomes(is_postgresql())));
  const std::string id = ready_signal(plugin);
  // The host already holds an outcome for this case: its unique key refuses a second one.
  execute("INSERT INTO " + outcome_table(is_postgresql()) +
          " (signal_id, outcome, decided_on, decision_id) VALUES ('" + id +
          "', 'earlier', '2026-01-01', 'host')");

  const Reply refused = plugin.call(kChair, example("record-decision.xml", id));
  EXPECT_NE(refused.status, ZVHPGA_OK) << refused.document;
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_decision WHERE signal_id = '" + id + "'"), 0);
  const Reply read = plugin.call(kChair, example("get-signal.xml", id));
  EXPECT_EQ(read.text_of("state"), "ready-for-weighing");
}

TEST_P(ProcessTest, ABrokenHostStatementStopsTheOpeningByName) {
  const auto config = write_config(recording_outcomes(is_postgresql()));  // no such table yet
  zvhpga_instance* instance = nullptr;
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const std::string path = config.string();
  EXPECT_EQ(zvhpga_open(path.data(), path.size(), &instance, &error), ZVHPGA_CONFIG_ERROR);
  EXPECT_EQ(instance, nullptr);
  ASSERT_NE(error.data, nullptr);
  EXPECT_NE(std::string(error.data).find("record-outcome"), std::string::npos) << error.data;
  zvhpga_free(&error);
}

TEST_P(ProcessTest, MigrateAppliesTheSchemaOnceAndReportsIt) {
  const std::string path = write_config().string();
  zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  ASSERT_EQ(zvhpga_migrate(path.data(), path.size(), &report, &error), ZVHPGA_OK)
      << (error.data != nullptr ? error.data : "");
  ASSERT_NE(report.data, nullptr);
  EXPECT_EQ(std::string(report.data).rfind("Applied schema versions 1, 2", 0), 0U) << report.data;
  zvhpga_free(&report);
  ASSERT_EQ(zvhpga_migrate(path.data(), path.size(), &report, nullptr), ZVHPGA_OK);
  EXPECT_NE(std::string(report.data).find("nothing applied"), std::string::npos) << report.data;
  zvhpga_free(&report);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE action = 'MigrateSchema'"), 1);
}

// Production mode is checked before connecting: credentials never travel unverified.
TEST_P(ProcessTest, ProductionModeRefusesAServerConnectionWithoutTlsVerification) {
  const auto open_status = [&](const std::string& connection_string, bool production) {
    const std::string path =
        write_config(connection_string, {.production = production}, "production.xml").string();
    zvhpga_instance* instance = nullptr;
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const zvhpga_status status = zvhpga_open(path.data(), path.size(), &instance, &error);
    zvhpga_free(&error);
    zvhpga_close(instance);
    return status;
  };
  const std::string unverified =
      "Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=1;Database=none;UID=none;PWD=none;"
      "sslmode=disable;";
  EXPECT_EQ(open_status(unverified, true), ZVHPGA_CONFIG_ERROR);
  EXPECT_EQ(open_status(unverified, false), ZVHPGA_UNAVAILABLE);  // tried, nobody listens
  // An embedded SQLite file has no server to verify; the test cluster is reached without TLS.
  EXPECT_EQ(open_status(connection_string_, true),
            is_postgresql() ? ZVHPGA_CONFIG_ERROR : ZVHPGA_OK);
}

// Two instances on one database, each with a thread per partner, contribute to the same
// signals at once, then two chairs decide them at once. Whatever the interleaving, each partner
// wins once per signal, each state is entered once, and the host hears each outcome once.
TEST_P(ProcessTest, TwoInstancesRacingOnTheSameSignalsChangeEachOnce) {
  constexpr std::size_t kSignals = 6;
  create_outcome_table();
  const auto config = write_config(recording_outcomes(is_postgresql()));
  const Plugin first(config);
  const Plugin second(config);
  const std::array<const Plugin*, 2> instances{&first, &second};
  std::vector<std::string> ids;
  for (std::size_t index = 0; index < kSignals; ++index) ids.push_back(register_signal(first));

  const std::array<std::pair<Caller, std::string>, 3> partners{
      {{kGemeente, "contribution-gemeente.xml"},
       {kPolitie, "contribution-politie.xml"},
       {kOm, "contribution-om.xml"}}};
  // statuses[signal][partner][instance]
  std::vector<std::array<std::array<zvhpga_status, 2>, 3>> statuses(kSignals);
  {
    std::vector<std::jthread> contributors;
    for (std::size_t instance = 0; instance < instances.size(); ++instance) {
      for (std::size_t partner = 0; partner < partners.size(); ++partner) {
        contributors.emplace_back([&, instance, partner] {
          for (std::size_t signal = 0; signal < kSignals; ++signal) {
            const auto& [caller, file] = partners[partner];
            statuses[signal][partner][instance] =
                instances[instance]->call_until_available(caller, example(file, ids[signal])).status;
          }
        });
      }
    }
  }
  for (std::size_t signal = 0; signal < kSignals; ++signal) {
    for (std::size_t partner = 0; partner < partners.size(); ++partner) {
      const auto& both = statuses[signal][partner];
      EXPECT_EQ(std::ranges::count(both, ZVHPGA_OK), 1) << "signal " << signal << " partner " << partner;
      EXPECT_EQ(std::ranges::count(both, ZVHPGA_REJECTED), 1);
    }
    const std::string where = " WHERE signal_id = '" + ids[signal] + "'";
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_contribution" + where), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_transition" + where +
                    " AND to_state = 'awaiting-contributions'"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_transition" + where +
                    " AND to_state = 'ready-for-weighing'"), 1);
  }

  std::array<std::vector<zvhpga_status>, 2> decisions;
  {
    std::vector<std::jthread> chairs;
    for (std::size_t instance = 0; instance < instances.size(); ++instance) {
      chairs.emplace_back([&, instance] {
        for (const std::string& id : ids)
          decisions[instance].push_back(
              instances[instance]->call_until_available(kChair, example("record-decision.xml", id))
                  .status);
      });
    }
  }
  for (std::size_t signal = 0; signal < kSignals; ++signal) {
    EXPECT_NE(decisions[0][signal] == ZVHPGA_OK, decisions[1][signal] == ZVHPGA_OK)
        << "signal " << signal << ": " << decisions[0][signal] << ", " << decisions[1][signal];
    const std::string where = " WHERE signal_id = '" + ids[signal] + "'";
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_decision" + where), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM pga_transition" + where + " AND to_state = 'decided'"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM " + outcome_table(is_postgresql()) + where), 1);
  }
}

TEST_P(ProcessTest, TwoInstancesSentOneRequestIdAtOnceRegisterOneSignal) {
  constexpr std::size_t kCallsPerInstance = 4;
  const auto config = write_config();
  const Plugin first(config);
  const Plugin second(config);
  const std::array<const Plugin*, 2> instances{&first, &second};
  std::string registration = example("register-signal.xml");
  registration.insert(registration.find("RegisterSignalRequest xmlns=") +
                          std::string("RegisterSignalRequest").size(),
                      " requestId=\"intake-2026-0001\"");
  std::vector<Reply> replies(instances.size() * kCallsPerInstance);
  {
    std::vector<std::jthread> callers;
    for (std::size_t index = 0; index < replies.size(); ++index)
      callers.emplace_back([&, index] {
        replies[index] = instances[index % instances.size()]->call_until_available(kIntake, registration);
      });
  }
  for (const Reply& reply : replies) {
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    EXPECT_EQ(reply.text_of("signalId"), replies.front().text_of("signalId"));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_signal"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pga_audit_record WHERE result = 'replayed'"),
            static_cast<long>(replies.size() - 1));
}

INSTANTIATE_TEST_SUITE_P(Drivers, ProcessTest, ::testing::ValuesIn(drivers()),
                         [](const auto& driver) { return driver.param; });

}  // namespace
}  // namespace zvhpga::database_testing
