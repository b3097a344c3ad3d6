// Retention through the public ABI: the policy in force is recorded by version, a decision or
// closure starts its signal's clock in its own transaction from the rule in force then, and a
// later policy version governs only the clocks started after it; a due signal is destroyed only
// on a privacy officer's approval, never while held, with a statement that verifies.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class Retention : public PluginTest {
 protected:
  static std::string decision(const std::string& signal_id, const std::string& outcome) {
    return replaced(PluginTest::example("record-decision.xml", signal_id),
                    "<outcome>include-in-casusoverleg</outcome>", "<outcome>" + outcome + "</outcome>");
  }

  // A policy version 2027.1 whose no-further-action term is two years.
  static std::string two_year_policy() {
    std::string policy = replaced(PluginTest::shipped_retention_policy(), R"(version="2026.2")",
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

  std::string included_and_closed() {
    const std::string id = ready_signal();
    EXPECT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
    EXPECT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
    return id;
  }

  zvhpga_status verify_statement(const std::string& statement) const {
    const std::string config = (directory_ / "zvhpga.xml").string();
    zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const zvhpga_status status = zvhpga_verify_statement(config.data(), config.size(), statement.data(),
                                                         statement.size(), &report, &error);
    zvhpga_free(&report);
    zvhpga_free(&error);
    return status;
  }

  std::string only_statement() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory_ / "data" / "statements"))
      files.push_back(entry.path());
    EXPECT_EQ(files.size(), 1u);
    if (files.empty()) return {};
    std::ifstream in(files.front(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static std::string approval(const std::string& proposal_id) {
    return "<ApproveDestructionRequest xmlns='urn:nl:zvh-pga:contract:1'><proposalId>" +
           proposal_id + "</proposalId></ApproveDestructionRequest>";
  }
};

TEST_F(Retention, ShippedPolicyIsRecordedByVersionWhenAnInstanceOpens) {
  EXPECT_EQ(query("SELECT version FROM pga_retention_policy"),
            (std::vector<std::vector<std::string>>{{"2026.2"}}));
}

TEST_F(Retention, DecisionNotToPursueStartsAOneYearClockAtItsStateChange) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  const std::string decided_at = entered_at(id, "decided");
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R2", "2026.2", "decision:no-further-action",
                                                    decided_at, years_later(decided_at, 1)}));
}

TEST_F(Retention, InclusionRunsOnTheStalledRuleAndClosureStartsFiveYears) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const std::string decided_at = entered_at(id, "decided");
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R1-stalled", "2026.2", "stalled:decided",
                                                    decided_at, years_later(decided_at, 2)}));
  ASSERT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
  const std::string closed_at = entered_at(id, "closed");
  EXPECT_EQ(clock_of(id),
            (std::vector<std::string>{"R4", "2026.2", "closure:include-in-casusoverleg", closed_at,
                                      years_later(closed_at, 5)}));
}

TEST_F(Retention, ReviewOfAnInclusionRestartsItsStalledTermFromTheReview) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const Reply reviewed = call(kDirector, example("record-inclusion-review.xml", id));
  ASSERT_EQ(reviewed.status, ZVHPGA_OK) << reviewed.document;
  const std::string reviewed_at =
      query("SELECT recorded_at FROM pga_inclusion_review WHERE signal_id = '" + id + "'").at(0).at(0);
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R1-stalled", "2026.2", "stalled:decided",
                                                    reviewed_at, years_later(reviewed_at, 2)}));
}

TEST_F(Retention, RegistrationStartsTheStalledRuleAndARefusedDecisionLeavesIt) {
  const std::string id = register_signal();
  const std::vector<std::string> registered = clock_of(id);
  const std::string registered_at = entered_at(id, "received");
  EXPECT_EQ(registered, (std::vector<std::string>{"R1-stalled", "2026.2", "stalled:received",
                                                  registered_at, years_later(registered_at, 2)}));
  ASSERT_NE(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  EXPECT_EQ(clock_of(id), registered);
}

TEST_F(Retention, RegisteringPartnerWithdrawsASignalAndItsOwnRuleStarts) {
  const std::string id = register_signal();
  const Reply withdrawn = call(kIntake, example("withdraw-signal.xml", id));
  ASSERT_EQ(withdrawn.status, ZVHPGA_OK) << withdrawn.document;
  EXPECT_NE(withdrawn.document.find("<state>withdrawn</state>"), std::string::npos);
  const std::string at = entered_at(id, "withdrawn");
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R1-withdrawn", "2026.2", "withdrawal", at,
                                                    years_later(at, 1)}));
  EXPECT_EQ(last_audit_result(), "success");
}

TEST_F(Retention, AnotherPartnerCannotWithdrawTheSignal) {
  const std::string id = register_signal();
  const Reply refused = call(kPolitie, example("withdraw-signal.xml", id));
  EXPECT_NE(refused.status, ZVHPGA_OK) << refused.document;
  EXPECT_NE(refused.document.find("not-authorized"), std::string::npos) << refused.document;
  EXPECT_EQ(clock_of(id)[0], "R1-stalled");
}

TEST_F(Retention, ChairFindsASignalOutsideThePgaAndItsOwnRuleStarts) {
  const std::string id = register_signal();
  const Reply triaged = call(kChair, example("triage-out-signal.xml", id));
  ASSERT_EQ(triaged.status, ZVHPGA_OK) << triaged.document;
  const std::string at = entered_at(id, "triaged-out");
  EXPECT_EQ(clock_of(id), (std::vector<std::string>{"R1-triage-out", "2026.2", "triage-out", at,
                                                    years_later(at, 1)}));
}

TEST_F(Retention, IntakeOfficerAloneCannotTriageOut) {
  const std::string id = register_signal();
  const Reply refused = call(kIntake, example("triage-out-signal.xml", id));
  EXPECT_NE(refused.status, ZVHPGA_OK);
  EXPECT_NE(refused.document.find("not-authorized"), std::string::npos) << refused.document;
}

TEST_F(Retention, ForecastListsTheRegionsTermsByTheDateAndChangesNothing) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, decision(id, "no-further-action")).status, ZVHPGA_OK);
  const std::string due = clock_of(id)[4];
  const std::string until = due.substr(0, 10);
  const Reply forecast = call(kPrivacyOfficer,
                              "<ForecastRetentionRequest xmlns='urn:nl:zvh-pga:contract:1'><until>" +
                                  until + "</until></ForecastRetentionRequest>");
  ASSERT_EQ(forecast.status, ZVHPGA_OK) << forecast.document;
  EXPECT_EQ(forecast.text_of("signalId"), id) << forecast.document;
  EXPECT_EQ(forecast.text_of("ruleId"), "R2");
  EXPECT_EQ(forecast.text_of("dueAt"), due);
  EXPECT_EQ(forecast.text_of("held"), "false");
  EXPECT_TRUE(query("SELECT * FROM pga_retention_proposal").empty());
  const Reply by_member = call(kGemeente,
                               "<ForecastRetentionRequest xmlns='urn:nl:zvh-pga:contract:1'><until>" +
                                   until + "</until></ForecastRetentionRequest>");
  EXPECT_NE(by_member.status, ZVHPGA_OK) << "retention is the privacy officer's";
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
  EXPECT_EQ(clock_of(id)[1], "2026.2");
}

TEST_F(Retention, ChangedContentUnderAnAdoptedVersionIsRefused) {
  const Reply reopened = reopen_with_retention_policy(replaced(
      shipped_retention_policy(), R"(period="P5Y")", R"(period="P6Y")"));
  ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  EXPECT_EQ(query("SELECT result FROM pga_audit_record WHERE action = 'AdoptRetentionPolicy' "
                  "ORDER BY seq"),
            (std::vector<std::vector<std::string>>{{"success"}, {"refused:retention-policy-refused"}}));
}

TEST_F(Retention, DueSignalIsOnlyProposedUntilAPrivacyOfficerApproves) {
  const std::string id = included_and_closed();
  tamper("UPDATE pga_retention_clock SET due_at = triggered_at");

  const Reply run = run_retention();

  ASSERT_EQ(run.status, ZVHPGA_OK) << run.document;
  EXPECT_NE(run.document.find("awaiting a privacy officer's approval"), std::string::npos) << run.document;
  EXPECT_EQ(query("SELECT signal_id FROM pga_signal"), (std::vector<std::vector<std::string>>{{id}}));
}

TEST_F(Retention, ApprovalByAnotherRoleIsRefusedAndDestroysNothing) {
  const std::string id = included_and_closed();
  tamper("UPDATE pga_retention_clock SET due_at = triggered_at");
  ASSERT_EQ(run_retention().status, ZVHPGA_OK);
  const std::string proposal = query("SELECT proposal_id FROM pga_retention_proposal")[0][0];

  const Reply refused = call(kChair, approval(proposal));
  ASSERT_EQ(run_retention().status, ZVHPGA_OK);

  EXPECT_EQ(refused.error_code(), "not-authorized") << refused.document;
  EXPECT_EQ(query("SELECT signal_id FROM pga_signal"), (std::vector<std::vector<std::string>>{{id}}));
}

TEST_F(Retention, ApprovedDestructionWritesAStatementThatVerifiesUntilAByteChanges) {
  const std::string id = included_and_closed();
  destroy_through_retention(id);

  const std::string statement = only_statement();
  std::string changed = statement;
  changed[changed.find(id)] ^= 1;

  EXPECT_EQ(verify_statement(statement), ZVHPGA_OK);
  EXPECT_EQ(verify_statement(changed), ZVHPGA_REJECTED);
  EXPECT_TRUE(query("SELECT signal_id FROM pga_signal").empty());
  EXPECT_EQ(query("SELECT signal_id FROM pga_retention_tombstone"),
            (std::vector<std::vector<std::string>>{{id}}));
}

TEST_F(Retention, HeldSignalIsNotProposedWhileTheHoldStands) {
  const std::string id = included_and_closed();
  const Reply held = call(kPrivacyOfficer,
                          "<PlaceLegalHoldRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" + id +
                              "</signalId><reason>Bezwaar van betrokkene in behandeling.</reason>"
                              "<reviewOn>2099-01-01</reviewOn></PlaceLegalHoldRequest>");
  ASSERT_EQ(held.status, ZVHPGA_OK) << held.document;
  tamper("UPDATE pga_retention_clock SET due_at = triggered_at");

  const Reply run = run_retention();

  ASSERT_EQ(run.status, ZVHPGA_OK) << run.document;
  EXPECT_TRUE(query("SELECT * FROM pga_retention_proposal").empty());
  EXPECT_EQ(query("SELECT result FROM pga_audit_record WHERE action = 'PlaceLegalHold'"),
            (std::vector<std::vector<std::string>>{{"success"}}));
}

TEST_F(Retention, AuditRecordsPastTheirTermAreRemovedAndTheTrailStillVerifies) {
  const std::string id = register_signal();
  ASSERT_EQ(call(kChair, example("get-signal.xml", id)).status, ZVHPGA_OK);
  // The opening, the registration and the read, written eleven years ago as time passing would
  // have them: R7 keeps audit records ten years.
  const auto traces = query("SELECT trace_id FROM pga_audit_record WHERE seq <= 3");
  tamper("UPDATE pga_audit_record SET recorded_at = '2015-01-01T00:00:00.000Z' WHERE seq <= 3");

  const Reply run = run_retention();

  ASSERT_EQ(run.status, ZVHPGA_OK) << run.document;
  EXPECT_NE(run.document.find("Removed 3 audit record(s) at the end of their term; the trail now "
                              "starts after record 3"),
            std::string::npos)
      << run.document;
  EXPECT_TRUE(query("SELECT seq FROM pga_audit_record WHERE seq <= 3").empty());
  for (const auto& trace : traces)
    EXPECT_TRUE(query("SELECT span_id FROM pga_processing_log WHERE trace_id = '" + trace[0] + "'").empty());
  const Reply verified = call(kAuditor,
                              "<VerifyAuditTrailRequest xmlns='urn:nl:zvh-pga:contract:1'/>");
  ASSERT_EQ(verified.status, ZVHPGA_OK) << verified.document;
  EXPECT_EQ(verified.text_of("intact"), "true") << verified.document;
  EXPECT_EQ(verified.text_of("startsAfter"), "3");
}

}  // namespace
}  // namespace zvhpga::testing
