// Retention policies and terms: the shipped policy, the refusals a region's policy gets with
// every reason listed, and the arithmetic that turns a state change into a due date.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/retention.h"
#include "retention/policy_reader.h"

namespace zvhpga::retention {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const xml::Schema& schema() {
  static const xml::Schema compiled(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-retention-v1.xsd"));
  return compiled;
}

std::string shipped() {
  return read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" / "pga-retention-2026-1.xml");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> fields(const core::Error& error) {
  std::vector<std::string> result;
  for (const core::Problem& problem : error.problems) result.push_back(problem.field);
  return result;
}

core::RetentionPolicy shipped_policy() {
  auto policy = read_policy(shipped(), schema());
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.value();
}

TEST(RetentionPolicy, ShippedPolicyKeepsIncludedSignalsFiveYearsAfterClosure) {
  const core::RetentionPolicy policy = shipped_policy();
  EXPECT_EQ(policy.version, "2026.1");
  const core::RetentionRule* rule =
      policy.rule_for(core::RetentionTrigger::Closure, core::Course::IncludeInCasusoverleg);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->period.years, 5);
  EXPECT_EQ(rule->action, core::RetentionAction::Destroy);
  EXPECT_EQ(policy.rule_for(core::RetentionTrigger::Decision, core::Course::IncludeInCasusoverleg),
            nullptr);
}

TEST(RetentionPolicy, ShippedPolicyDestroysOtherOutcomesOneYearAfterTheDecision) {
  const core::RetentionPolicy policy = shipped_policy();
  for (const core::Course outcome : {core::Course::NoFurtherAction, core::Course::ReferElsewhere,
                                     core::Course::CriminalRoute}) {
    const core::RetentionRule* rule = policy.rule_for(core::RetentionTrigger::Decision, outcome);
    ASSERT_NE(rule, nullptr) << core::to_token(outcome);
    EXPECT_EQ(rule->period.years, 1);
    EXPECT_EQ(rule->period.months, 0);
    EXPECT_EQ(rule->action, core::RetentionAction::Destroy);
  }
}

TEST(RetentionPolicy, ShippedPolicyMarksEveryRuleUnconfirmedWithItsLegalSource) {
  for (const core::RetentionRule& rule : shipped_policy().rules) {
    EXPECT_FALSE(rule.confirmed) << rule.id;
    EXPECT_FALSE(rule.legal_source.empty()) << rule.id;
  }
}

TEST(RetentionPolicy, TwoRulesForOneStateChangeAreRefused) {
  const std::string text = replaced(shipped(), R"(outcome="refer-elsewhere")",
                                    R"(outcome="no-further-action")");
  const auto policy = read_policy(text, schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().code, core::ErrorCode::RetentionPolicyRefused);
  EXPECT_EQ(fields(policy.error()), std::vector<std::string>{"R3-refer"});
}

TEST(RetentionPolicy, DecisionRuleWithoutOutcomeIsRefused) {
  const auto policy =
      read_policy(replaced(shipped(), R"(outcome="criminal-route")", ""), schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(fields(policy.error()), std::vector<std::string>{"R3-criminal"});
}

TEST(RetentionPolicy, SignalTermStartingAtRecordedIsRefused) {
  const auto policy = read_policy(
      replaced(shipped(), R"(records="signal" trigger="closure" outcome="include-in-casusoverleg")",
               R"(records="signal" trigger="recorded")"),
      schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(fields(policy.error()), std::vector<std::string>{"R4"});
}

TEST(RetentionPolicy, EmptyPeriodIsRefused) {
  const auto policy = read_policy(replaced(shipped(), R"(period="P5Y")", R"(period="P0Y")"), schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(fields(policy.error()), std::vector<std::string>{"R4"});
}

TEST(RetentionPolicy, PeriodInHoursFailsTheSchema) {
  const auto policy = read_policy(replaced(shipped(), R"(period="P5Y")", R"(period="PT5H")"), schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().code, core::ErrorCode::RetentionPolicyRefused);
  EXPECT_FALSE(policy.error().problems.empty());
}

TEST(RetentionPolicy, RuleIdentifierUsedTwiceFailsTheSchema) {
  const auto policy = read_policy(replaced(shipped(), R"(id="R3-refer")", R"(id="R2")"), schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().code, core::ErrorCode::RetentionPolicyRefused);
}

TEST(RetentionPolicy, UnreadableTextIsRefused) {
  const auto policy = read_policy("<retentionPolicy", schema());
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().code, core::ErrorCode::RetentionPolicyRefused);
}

TEST(RetentionPolicy, PeriodWithEveryUnitReads) {
  const auto policy =
      read_policy(replaced(shipped(), R"(period="P5Y")", R"(period="P2Y3M10D")"), schema());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const core::RetentionRule* rule = policy->find("R4");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->period.years, 2);
  EXPECT_EQ(rule->period.months, 3);
  EXPECT_EQ(rule->period.days, 10);
}

TEST(RetentionTerm, EndsAtTheSameInstantOfTheDayTheTermRunsOut) {
  EXPECT_EQ(core::add_period("2026-11-28T23:59:59.999Z", {1, 0, 0}), "2027-11-28T23:59:59.999Z");
  EXPECT_EQ(core::add_period("2026-01-31T08:00:00.000Z", {0, 0, 1}), "2026-02-01T08:00:00.000Z");
}

TEST(RetentionTerm, DayTheTargetMonthLacksBecomesItsLastDay) {
  EXPECT_EQ(core::add_period("2028-02-29T12:00:00.000Z", {1, 0, 0}), "2029-02-28T12:00:00.000Z");
  EXPECT_EQ(core::add_period("2026-03-31T12:00:00.000Z", {0, 1, 0}), "2026-04-30T12:00:00.000Z");
}

TEST(RetentionTerm, MonthsCarryIntoYears) {
  EXPECT_EQ(core::add_period("2026-11-15T00:00:00.000Z", {0, 14, 20}), "2028-02-04T00:00:00.000Z");
}

TEST(RetentionTerm, TextThatIsNoTimestampHasNoEnd) {
  EXPECT_FALSE(core::add_period("28-11-2026", {1, 0, 0}));
  EXPECT_FALSE(core::add_period("2026-13-01T00:00:00.000Z", {1, 0, 0}));
}

TEST(RetentionClock, DecisionStartsTheRuleInForceThenWithItsVersion) {
  const auto clock =
      core::start_clock(shipped_policy(), "s-1", core::RetentionTrigger::Decision,
                        core::Course::NoFurtherAction, "2026-11-28T10:00:00.000Z");
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R2");
  EXPECT_EQ(clock->policy_version, "2026.1");
  EXPECT_EQ(clock->trigger_event, "decision:no-further-action");
  EXPECT_EQ(clock->triggered_at, "2026-11-28T10:00:00.000Z");
  EXPECT_EQ(clock->due_at, "2027-11-28T10:00:00.000Z");
}

TEST(RetentionClock, InclusionStartsNoClockUntilClosure) {
  const core::RetentionPolicy policy = shipped_policy();
  EXPECT_FALSE(core::start_clock(policy, "s-1", core::RetentionTrigger::Decision,
                                 core::Course::IncludeInCasusoverleg, "2026-11-28T10:00:00.000Z"));
  const auto clock = core::start_clock(policy, "s-1", core::RetentionTrigger::Closure,
                                       core::Course::IncludeInCasusoverleg,
                                       "2026-11-28T10:00:00.000Z");
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->due_at, "2031-11-28T10:00:00.000Z");
}

TEST(RetentionClock, RequestForMoreInformationStartsNoClock) {
  EXPECT_FALSE(core::start_clock(shipped_policy(), "s-1", core::RetentionTrigger::Decision,
                                 core::Course::MoreInformationNeeded, "2026-11-28T10:00:00.000Z"));
}

TEST(RetentionClock, KeepRuleStartsNoClock) {
  const auto policy = read_policy(
      replaced(shipped(), R"(period="P1Y" action="destroy" confirmed="false">
    <legalSource>Wet PGA: termijn na een besluit)",
               R"(period="P1Y" action="keep" confirmed="false">
    <legalSource>Wet PGA: termijn na een besluit)"),
      schema());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_FALSE(core::start_clock(*policy, "s-1", core::RetentionTrigger::Decision,
                                 core::Course::NoFurtherAction, "2026-11-28T10:00:00.000Z"));
}

}  // namespace
}  // namespace zvhpga::retention
