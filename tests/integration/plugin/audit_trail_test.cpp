// The audit trail: every request leaves one record, written with the change or not at all, and
// verification names the first record that was changed, removed, inserted or moved.
#include <filesystem>
#include <fstream>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class AuditTrail : public PluginTest {
 protected:
  // A trail of a handful of records: the opening, a registration, contributions, reads.
  void SetUp() override {
    PluginTest::SetUp();
    signal_ = ready_signal();
    call(kChair, example("get-signal.xml", signal_));
  }

  Reply verify(const std::string& checkpoints = {}) {
    return call(kAuditor, "<VerifyAuditTrailRequest xmlns='urn:nl:zvh-pga:contract:1'>" +
                              checkpoints + "</VerifyAuditTrailRequest>");
  }
  // The first broken record's seq, or "" when the trail is intact.
  std::string first_broken(const Reply& reply) {
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    const auto broken = reply.document.find("<firstBroken>");
    if (broken == std::string::npos) {
      EXPECT_EQ(reply.text_of("intact"), "true");
      return "";
    }
    EXPECT_EQ(reply.text_of("intact"), "false");
    const Reply section{reply.status, reply.document.substr(broken)};
    return section.text_of("seq");
  }

  std::string signal_;
};

TEST_F(AuditTrail, EveryOperationLeavesOneRecordWithWhoWhatWhyAndWhere) {
  const auto rows = query(
      "SELECT action, object, result, actor_user, actor_role, organisation_oin, purpose, origin, "
      "length(trace_id), length(mac) FROM pga_audit_record WHERE action = 'GetSignal'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"GetSignal", "signal/" + signal_, "success",
                                               "test-user", "weegploeg-chair", "00000001002220647000",
                                               "pga-early-signal/dossier", "abi", "32", "64"}));
  EXPECT_EQ(query("SELECT count(*) FROM pga_audit_record WHERE action = 'SubmitContribution'")[0][0], "3");
}

TEST_F(AuditTrail, OpeningTheInstanceIsRecorded) {
  EXPECT_EQ(query("SELECT action FROM pga_audit_record WHERE seq = 1")[0][0], "OpenInstance");
}

TEST_F(AuditTrail, UntouchedTrailVerifiesAndOffersItsHeadAsCheckpoint) {
  const Reply reply = verify();
  EXPECT_EQ(first_broken(reply), "");
  // The verification's own record comes after the head it reports.
  EXPECT_EQ(std::stol(reply.text_of("recordsChecked")) + 1,
            std::stol(query("SELECT max(seq) FROM pga_audit_record")[0][0]));
  EXPECT_EQ(reply.text_of("mac").size(), 64u);
}

TEST_F(AuditTrail, ChangedRecordIsNamed) {
  tamper("UPDATE pga_audit_record SET actor_user = 'someone-else' WHERE seq = 3");
  EXPECT_EQ(first_broken(verify()), "3");
}

TEST_F(AuditTrail, RemovedRecordIsNamed) {
  tamper("DELETE FROM pga_audit_record WHERE seq = 4");
  EXPECT_EQ(first_broken(verify()), "4");
}

TEST_F(AuditTrail, ForgedRecordAtTheEndStopsNewRecordsButNotVerification) {
  const std::string next = std::to_string(std::stol(query("SELECT max(seq) FROM pga_audit_record")[0][0]) + 1);
  tamper("INSERT INTO pga_audit_record SELECT " + next + ", recorded_at, 'intruder', actor_role, "
         "organisation_id, organisation_oin, action, object, result, purpose, origin, message_id, "
         "trace_id, mac FROM pga_audit_record WHERE seq = 2");
  const Reply refused = call(kChair, example("get-signal.xml", signal_));
  EXPECT_EQ(refused.status, ZVHPGA_INTERNAL);
  EXPECT_EQ(refused.error_code(), "audit-trail-broken") << refused.document;
  EXPECT_EQ(first_broken(verify()), next);
}

TEST_F(AuditTrail, ForgedRecordAtTheEndLeavesTheStoreOpenableAndWritesNothing) {
  const std::string next = std::to_string(std::stol(query("SELECT max(seq) FROM pga_audit_record")[0][0]) + 1);
  tamper("INSERT INTO pga_audit_record SELECT " + next + ", recorded_at, 'intruder', actor_role, "
         "organisation_id, organisation_oin, action, object, result, purpose, origin, message_id, "
         "trace_id, mac FROM pga_audit_record WHERE seq = 2");
  const auto before = store_fingerprint();
  const Reply opened = reopen();
  ASSERT_EQ(opened.status, ZVHPGA_OK) << opened.document;
  EXPECT_EQ(first_broken(verify()), next);
  const Reply refused = call(kChair, example("get-signal.xml", signal_));
  EXPECT_EQ(refused.error_code(), "audit-trail-broken") << refused.document;
  EXPECT_EQ(refused.document.find("UNIQUE"), std::string::npos) << refused.document;
  EXPECT_EQ(store_fingerprint(), before);
}

TEST_F(AuditTrail, HeadMovedBackLeavesTheStoreOpenableAndStopsNewRecords) {
  const std::string last = query("SELECT max(seq) FROM pga_audit_record")[0][0];
  const std::string back = std::to_string(std::stol(last) - 2);
  tamper("UPDATE pga_audit_head SET last_seq = " + back +
         ", last_mac = (SELECT mac FROM pga_audit_record WHERE seq = " + back + ")");
  const auto before = store_fingerprint();
  const Reply opened = reopen();
  ASSERT_EQ(opened.status, ZVHPGA_OK) << opened.document;
  EXPECT_EQ(first_broken(verify()), std::to_string(std::stol(back) + 1));
  EXPECT_EQ(call(kChair, example("get-signal.xml", signal_)).error_code(), "audit-trail-broken");
  EXPECT_EQ(store_fingerprint(), before);
}

TEST_F(AuditTrail, ChangedHeadMacStopsNewRecords) {
  const auto before = store_fingerprint();
  tamper("UPDATE pga_audit_head SET last_mac = '" + std::string(64, 'a') + "'");
  const Reply refused = call(kChair, example("get-signal.xml", signal_));
  EXPECT_EQ(refused.error_code(), "audit-trail-broken") << refused.document;
  EXPECT_EQ(store_fingerprint(), before);
  // Every genuine record still fits: verification blames the head, not one of them.
  const Reply reply = verify();
  EXPECT_EQ(first_broken(reply),
            std::to_string(std::stol(query("SELECT max(seq) FROM pga_audit_record")[0][0]) + 1));
  EXPECT_NE(reply.text_of("problem").find("the trail's head does not match its last record"),
            std::string::npos) << reply.document;
}

TEST_F(AuditTrail, LastRecordForgedWithTheHeadStopsNewRecords) {
  const std::string last = query("SELECT max(seq) FROM pga_audit_record")[0][0];
  tamper("UPDATE pga_audit_record SET actor_user = 'intruder' WHERE seq = " + last);
  EXPECT_EQ(call(kChair, example("get-signal.xml", signal_)).error_code(), "audit-trail-broken");
  EXPECT_EQ(first_broken(verify()), last);
}

TEST_F(AuditTrail, TruncatedTailIsReportedAsRecordsMissingFromItsFirstAfterReopening) {
  const std::string last = query("SELECT max(seq) FROM pga_audit_record")[0][0];
  const std::string first_removed = std::to_string(std::stol(last) - 1);
  tamper("DELETE FROM pga_audit_record WHERE seq >= " + first_removed);
  ASSERT_EQ(reopen().status, ZVHPGA_OK);
  const Reply reply = verify();
  EXPECT_EQ(first_broken(reply), first_removed);
  EXPECT_EQ(reply.text_of("problem"), "records from " + first_removed +
                                           " on are missing: the end of the trail was removed");
}

TEST_F(AuditTrail, InsertedRecordIsNamed) {
  tamper("UPDATE pga_audit_record SET seq = seq + 1000 WHERE seq >= 3");
  tamper("UPDATE pga_audit_record SET seq = seq - 999 WHERE seq >= 1003");
  tamper("INSERT INTO pga_audit_record SELECT 3, recorded_at, 'intruder', actor_role, "
         "organisation_id, organisation_oin, action, object, result, purpose, origin, message_id, "
         "trace_id, mac FROM pga_audit_record WHERE seq = 2");
  EXPECT_EQ(first_broken(verify()), "3");
}

TEST_F(AuditTrail, ReorderedRecordsAreNamed) {
  tamper("UPDATE pga_audit_record SET seq = -1 WHERE seq = 4");
  tamper("UPDATE pga_audit_record SET seq = 4 WHERE seq = 5");
  tamper("UPDATE pga_audit_record SET seq = 5 WHERE seq = -1");
  EXPECT_EQ(first_broken(verify()), "4");
}

TEST_F(AuditTrail, RemovedEndOfTheTrailIsNamed) {
  const std::string last = query("SELECT max(seq) FROM pga_audit_record")[0][0];
  tamper("DELETE FROM pga_audit_record WHERE seq = " + last);
  EXPECT_EQ(first_broken(verify()), last);
}

TEST_F(AuditTrail, CheckpointRevealsATruncationThatAlsoRewroteTheHead) {
  const Reply checkpoint = verify();
  const std::string seq = checkpoint.text_of("seq");
  const std::string mac = checkpoint.text_of("mac");
  const std::string kept = std::to_string(std::stol(seq) - 2);
  tamper("DELETE FROM pga_audit_record WHERE seq > " + kept);
  tamper("UPDATE pga_audit_head SET last_seq = " + kept +
         ", last_mac = (SELECT mac FROM pga_audit_record WHERE seq = " + kept + ")");
  // The head now agrees with the shortened chain; only the checkpoint still knows better.
  EXPECT_EQ(first_broken(verify("<checkpoint><seq>" + seq + "</seq><mac>" + mac + "</mac></checkpoint>")),
            std::to_string(std::stol(kept) + 1));
}

TEST_F(AuditTrail, CheckpointStillMatchesAfterLaterRecords) {
  const Reply checkpoint = verify();
  call(kChair, example("get-signal.xml", signal_));
  EXPECT_EQ(first_broken(verify("<checkpoint><seq>" + checkpoint.text_of("seq") + "</seq><mac>" +
                                checkpoint.text_of("mac") + "</mac></checkpoint>")),
            "");
}

TEST_F(AuditTrail, NoAuditRecordMeansNoChange) {
  tamper("DELETE FROM pga_audit_head");
  const auto signals = query("SELECT count(*) FROM pga_signal")[0][0];
  const Reply reply = call(kIntake, example("register-signal.xml"));
  EXPECT_EQ(reply.status, ZVHPGA_INTERNAL) << reply.document;
  EXPECT_EQ(query("SELECT count(*) FROM pga_signal")[0][0], signals);
}

TEST_F(AuditTrail, VerificationItselfIsRecorded) {
  verify();
  EXPECT_EQ(last_audit_result(), "success");
  EXPECT_EQ(query("SELECT action, actor_role FROM pga_audit_record ORDER BY seq DESC LIMIT 1")[0],
            (std::vector<std::string>{"VerifyAuditTrail", "auditor"}));
}

TEST_F(AuditTrail, AuditorCannotReadCaseContent) {
  const Reply reply = call(kAuditor, example("get-signal.xml", signal_));
  EXPECT_EQ(reply.error_code(), "not-authorized");
  EXPECT_EQ(reply.text_of("message"), "An auditor of the gemeente may not perform GetSignal.");
  EXPECT_EQ(last_audit_result(), "refused:not-authorized");
}

TEST(AuditKeys, ConfiguredKeyFileThatIsMissingStopsTheOpening) {
  const auto directory = std::filesystem::temp_directory_path() / "zvhpga-keys-missing";
  std::filesystem::create_directories(directory);
  std::ofstream(directory / "zvhpga.xml")
      << "<configuration xmlns='urn:nl:zvh-pga:config:1'><dataDirectory>data</dataDirectory>"
         "<store><odbc><connectionString>Driver=SQLite3;Database=${dataDirectory}/z.sqlite"
         "</connectionString></odbc></store><partners><partner><id>g</id>"
         "<oin>00000001002220647000</oin><kind>gemeente</kind><name>G</name><region>r</region>"
         "</partner></partners><keys><auditKeyFile>/nonexistent/audit.key</auditKeyFile></keys>"
         "</configuration>";
  const std::string path = (directory / "zvhpga.xml").string();
  zvhpga_instance* instance = nullptr;
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  EXPECT_EQ(zvhpga_open(path.data(), path.size(), &instance, &error), ZVHPGA_CONFIG_ERROR);
  ASSERT_NE(error.data, nullptr);
  EXPECT_NE(std::string(error.data).find("/nonexistent/audit.key does not exist"), std::string::npos);
  zvhpga_free(&error);
  std::filesystem::remove_all(directory);
}

using NeedToKnow = PluginTest;

TEST_F(NeedToKnow, ProcessDirectorDoesNotSeeASignalBeforeInclusion) {
  const std::string id = ready_signal();
  EXPECT_EQ(call(kDirector, example("get-signal.xml", id)).error_code(), "unknown-signal");
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  EXPECT_EQ(call(kDirector, example("get-signal.xml", id)).status, ZVHPGA_OK);
}

TEST_F(NeedToKnow, SignalNotPursuedIsLockedToAllButThePrivacyOfficer) {
  const std::string id = ready_signal();
  std::string decision = example("record-decision.xml", id);
  const std::string outcome = "<outcome>include-in-casusoverleg</outcome>";
  decision.replace(decision.find(outcome), outcome.size(), "<outcome>no-further-action</outcome>");
  ASSERT_EQ(call(kChair, decision).status, ZVHPGA_OK);
  for (const Caller& caller : {kChair, kGemeente, kPolitie, kOm, kIntake})
    EXPECT_EQ(call(caller, example("get-signal.xml", id)).error_code(), "signal-locked") << caller.role;
  EXPECT_EQ(call(kPrivacyOfficer, example("get-signal.xml", id)).status, ZVHPGA_OK);
}

}  // namespace
}  // namespace zvhpga::testing
