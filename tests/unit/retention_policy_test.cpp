// Retention policies and terms: the shipped policy, the refusals a region's policy gets with
// every reason listed, and the arithmetic that turns a state change into a due date.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/retention.h"
#include "core/workflow.h"
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

// Policy 2026.2: every signal has a term, also one that never reaches a decision (issue 23).
core::RetentionPolicy policy_2026_2() {
  auto policy = read_policy(
      read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" / "pga-retention-2026-2.xml"),
      schema());
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.value();
}

const core::Actor kIntake{"gemeente-1", core::PartnerKind::Gemeente, "intake",
                          core::Role::IntakeOfficer};
constexpr const char* kRegistered = "2026-03-01T09:00:00.000Z";

core::Dossier registered() {
  core::SignalIntake intake;
  intake.received_on = "2026-03-01";
  intake.region = "midden-nederland";
  return core::open_dossier("s-1", intake, "gemeente-1", kIntake, kRegistered);
}

core::Dossier decided(core::Course outcome) {
  core::Dossier dossier = registered();
  core::Decision decision;
  decision.outcome = outcome;
  decision.recorded_at = "2026-04-01T10:00:00.000Z";
  dossier.decisions.push_back(decision);
  dossier.state = core::SignalState::Decided;
  dossier.transitions.push_back({core::SignalState::ReadyForWeighing, core::SignalState::Decided,
                                 kIntake, decision.recorded_at, "decided"});
  return dossier;
}

TEST(RetentionPolicy, Policy2026_2GivesEndsBeforeADecisionUnconfirmedRulesOfTheirOwn) {
  const core::RetentionPolicy policy = policy_2026_2();
  EXPECT_EQ(policy.version, "2026.2");
  for (auto trigger : {core::RetentionTrigger::Withdrawal, core::RetentionTrigger::TriageOut,
                       core::RetentionTrigger::Stalled}) {
    const core::RetentionRule* rule = policy.rule_for(trigger);
    ASSERT_NE(rule, nullptr) << core::to_token(trigger);
    EXPECT_FALSE(rule->confirmed) << rule->id;
  }
  EXPECT_EQ(policy.rule_for(core::RetentionTrigger::Stalled)->stalled_after->years, 1);
}

TEST(RetentionClock, WithdrawalStartsItsOwnRuleAtTheTransition) {
  core::Dossier dossier = registered();
  ASSERT_TRUE(core::withdraw_signal(dossier, kIntake, "2026-03-02T09:00:00.000Z", "vergissing").ok());
  const auto clock = core::clock_for(policy_2026_2(), dossier);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R1-withdrawn");
  EXPECT_EQ(clock->trigger_event, "withdrawal");
  EXPECT_EQ(clock->triggered_at, "2026-03-02T09:00:00.000Z");
  EXPECT_EQ(clock->due_at, "2027-03-02T09:00:00.000Z");
}

TEST(RetentionClock, TriageOutStartsItsOwnRuleAtTheTransition) {
  core::Dossier dossier = registered();
  ASSERT_TRUE(core::triage_out_signal(dossier, kIntake, "2026-03-01T10:00:00.000Z", "buiten PGA").ok());
  const auto clock = core::clock_for(policy_2026_2(), dossier);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R1-triage-out");
  EXPECT_EQ(clock->due_at, "2027-03-01T10:00:00.000Z");
}

TEST(RetentionClock, UndecidedSignalRunsOnTheStalledRuleFromItsLastStateChange) {
  const auto clock = core::clock_for(policy_2026_2(), registered());
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R1-stalled");
  EXPECT_EQ(clock->trigger_event, "stalled:received");
  EXPECT_EQ(clock->triggered_at, kRegistered);
  EXPECT_EQ(clock->due_at, "2028-03-01T09:00:00.000Z") << "a year to count as stalled, a year's term";
}

TEST(RetentionClock, InclusionWithoutADecisionRuleRunsOnTheStalledRuleUntilClosure) {
  const auto clock = core::clock_for(policy_2026_2(), decided(core::Course::IncludeInCasusoverleg));
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R1-stalled");
  EXPECT_EQ(clock->trigger_event, "stalled:decided");
  core::Dossier closed = decided(core::Course::IncludeInCasusoverleg);
  closed.state = core::SignalState::Closed;
  closed.transitions.push_back({core::SignalState::Decided, core::SignalState::Closed, kIntake,
                                "2026-09-01T10:00:00.000Z", "closed"});
  EXPECT_EQ(core::clock_for(policy_2026_2(), closed)->rule_id, "R4");
}

TEST(RetentionClock, ReviewOfAnInclusionRestartsTheStalledRuleFromTheReview) {
  core::Dossier dossier = decided(core::Course::IncludeInCasusoverleg);
  dossier.reviews.push_back({"r-1", "2027-02-01", "Het plan van aanpak loopt.", kIntake,
                             "2027-02-01T11:00:00.000Z"});
  const auto clock = core::clock_for(policy_2026_2(), dossier);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->rule_id, "R1-stalled");
  EXPECT_EQ(clock->triggered_at, "2027-02-01T11:00:00.000Z");
  EXPECT_EQ(clock->due_at, "2029-02-01T11:00:00.000Z");
}

TEST(RetentionClock, DecisionRuleWinsAndAClosureWithoutARuleKeepsIt) {
  EXPECT_EQ(core::clock_for(policy_2026_2(), decided(core::Course::NoFurtherAction))->rule_id, "R2");
  core::Dossier closed = decided(core::Course::NoFurtherAction);
  closed.state = core::SignalState::Closed;
  closed.transitions.push_back({core::SignalState::Decided, core::SignalState::Closed, kIntake,
                                "2026-09-01T10:00:00.000Z", "closed"});
  EXPECT_FALSE(core::clock_for(policy_2026_2(), closed)) << "the decision's clock runs on";
}

TEST(RetentionPolicy, StalledRuleNeedsAfterAndOnlyItHasOne) {
  const std::string text = read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "retention" /
                                "pga-retention-2026-2.xml");
  const auto without_after = read_policy(replaced(text, R"(after="P1Y" )", ""), schema());
  ASSERT_FALSE(without_after.ok());
  EXPECT_EQ(fields(without_after.error()), (std::vector<std::string>{"R1-stalled"}));
  const auto after_on_withdrawal = read_policy(
      replaced(text, R"(trigger="withdrawal" period="P1Y")", R"(trigger="withdrawal" after="P1M" period="P1Y")"),
      schema());
  ASSERT_FALSE(after_on_withdrawal.ok());
  EXPECT_EQ(fields(after_on_withdrawal.error()), (std::vector<std::string>{"R1-withdrawn"}));
  const auto outcome_on_triage = read_policy(
      replaced(text, R"(trigger="triage-out" period)", R"(trigger="triage-out" outcome="no-further-action" period)"),
      schema());
  ASSERT_FALSE(outcome_on_triage.ok());
  EXPECT_EQ(fields(outcome_on_triage.error()), (std::vector<std::string>{"R1-triage-out"}));
}

}  // namespace
}  // namespace zvhpga::retention
