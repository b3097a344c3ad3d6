// Retention through the public ABI: the policy in force is recorded by version, a decision or
// closure starts its signal's clock in its own transaction from the rule in force then, and a
// later policy version governs only the clocks started after it.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class Retention : public PluginTest {
 protected:
  static std::string decision(const std::string& signal_id, const std::string& outcome) {
    return replaced(PluginTest::example("record-decision.xml", signal_id),
                    "<outcome>include-in-casusoverleg</outcome>", "<outcome>" + outcome + "</outcome>");
  }

  // A policy version 2027.1 whose no-further-action term is two years.
  static std::string two_year_policy() {
    std::string policy = replaced(PluginTest::shipped_retention_policy(), R"(version="2026.1")",
                                  R"(version="2027.1")");
    const auto rule = policy.find(R"(outcome="no-further-action")");
    policy.replace(policy.find(R"(period="P1Y")", rule), 12, R"(period="P2Y")");
    return policy;
  }

  // clock columns: rule, policy version, trigger event, triggered_at, due_at
  std::vector<std::string> clock_of(const std::string& signal_id) const {
    const auto rows = query("SELECT rule_id, policy_version, trigger_event, triggered_at, due_at "
                            "FROM pga_retention_clock WHERE signal_id = '" + signal_id + "'");
    return rows.empty() ? std::vector<std::string>{} : rows[0];
  }
  std::string entered_at(const std::string& signal_id, const std::string& state) const {
    const auto rows = query("SELECT occurred_at FROM pga_transition WHERE signal_id = '" +
                            signal_id + "' AND to_state = '" + state + "'");
    return rows.empty() ? std::string() : rows[0][0];
  }
  static std::string years_later(const std::string& timestamp, int years) {
    return std::to_string(std::stoi(timestamp.substr(0, 4)) + years) + timestamp.substr(4);
  }
};

TEST_F(Retention, ShippedPolicyIsRecordedByVersionWhenAnInstanceOpens) {
  EXPECT_EQ(query("SELECT version FROM pga_retention_policy"),
            (std::vector<std::vector<std::string>>{{"2026.1"}}));
}

TEST_F(Retention, DecisionNotToPursueStartsAOneYearClockAtItsStateChange) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  const std::string decided_at = entered_at(id, "decided");
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R2", "2026.1", "decision:no-further-action",
                                                    decided_at, years_later(decided_at, 1)}));
}

TEST_F(Retention, InclusionStartsNoClockAndClosureStartsFiveYears) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  EXPECT_TRUE(clock_of(id).empty());
  ASSERT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
  const std::string closed_at = entered_at(id, "closed");
  EXPECT_EQ(clock_of(id),
            (std::vector<std::string>{"R4", "2026.1", "closure:include-in-casusoverleg", closed_at,
                                      years_later(closed_at, 5)}));
}

TEST_F(Retention, RefusedDecisionStartsNoClock) {
  const std::string id = register_signal();
  ASSERT_NE(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  EXPECT_TRUE(query("SELECT * FROM pga_retention_clock").empty());
}

TEST_F(Retention, NewPolicyVersionLeavesRunningClocksAsTheyWere) {
  const std::string before = ready_signal();
  ASSERT_EQ(call(kChair, decision(before, "no-further-action")).status, ZVHPGA_OK);
  const std::vector<std::string> running = clock_of(before);

  const Reply reopened = reopen_with_retention_policy(two_year_policy());
  ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  const std::string after = ready_signal();
  ASSERT_EQ(call(kChair, decision(after, "no-further-action")).status, ZVHPGA_OK);

  EXPECT_EQ(clock_of(before), running);
  const std::vector<std::string> started = clock_of(after);
  ASSERT_EQ(started.size(), 5u);
  EXPECT_EQ(started[1], "2027.1");
  EXPECT_EQ(started[4], years_later(started[3], 2));
  EXPECT_EQ(last_audit_result(), "success");
  EXPECT_EQ(query("SELECT version FROM pga_retention_policy ORDER BY in_force_since").size(), 2u);
}

TEST_F(Retention, RefusedPolicyKeepsThePolicyInForceAndIsAudited) {
  const Reply reopened = reopen_with_retention_policy(
      replaced(two_year_policy(), R"(outcome="refer-elsewhere")", R"(outcome="no-further-action")"));
  ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  EXPECT_EQ(query("SELECT result FROM pga_audit_record WHERE action = 'AdoptRetentionPolicy' "
                  "ORDER BY seq"),
            (std::vector<std::vector<std::string>>{{"success"}, {"refused:retention-policy-refused"}}));
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  EXPECT_EQ(clock_of(id)[1], "2026.1");
}

TEST_F(Retention, ChangedContentUnderAnAdoptedVersionIsRefused) {
  const Reply reopened = reopen_with_retention_policy(replaced(
      shipped_retention_policy(), R"(period="P5Y")", R"(period="P6Y")"));
  ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  EXPECT_EQ(query("SELECT result FROM pga_audit_record WHERE action = 'AdoptRetentionPolicy' "
                  "ORDER BY seq"),
            (std::vector<std::vector<std::string>>{{"success"}, {"refused:retention-policy-refused"}}));
}

}  // namespace
}  // namespace zvhpga::testing
