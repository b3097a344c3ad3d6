// The processing log: one line per data subject per action, no user identity, the subject's
// identifier encrypted and findable by pseudonym, linked to the audit trail by trace id.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

using ProcessingLog = PluginTest;

TEST_F(ProcessingLog, EachActionOnASignalLogsOneLineForItsSubject) {
  const std::string id = ready_signal();
  call(kChair, example("get-signal.xml", id));
  const auto rows = query("SELECT name FROM pga_processing_log ORDER BY start_time, name");
  ASSERT_EQ(rows.size(), 5u);  // register, three contributions, one read
  EXPECT_EQ(query("SELECT count(*) FROM pga_processing_log WHERE name = 'SubmitContribution'")[0][0], "3");
}

TEST_F(ProcessingLog, LinesOfOneSubjectShareOnePseudonym) {
  const std::string id = ready_signal();
  EXPECT_EQ(query("SELECT count(DISTINCT data_subject_pseudonym) FROM pga_processing_log")[0][0], "1");
  EXPECT_EQ(query("SELECT DISTINCT data_subject_id_type FROM pga_processing_log")[0][0], "BSN");
}

TEST_F(ProcessingLog, NoIdentifierInTheClearAndNoUserIdentity) {
  ready_signal();
  for (const auto& row : query("SELECT * FROM pga_processing_log"))
    for (const std::string& value : row) {
      EXPECT_EQ(value.find("111222333"), std::string::npos) << value;
      EXPECT_EQ(value.find("test-user"), std::string::npos) << value;
    }
  // Two encryptions of the same BSN differ: a fresh nonce every time.
  EXPECT_EQ(query("SELECT count(DISTINCT data_subject_id_sealed) FROM pga_processing_log")[0][0], "4");
}

TEST_F(ProcessingLog, EveryLineLinksToItsAuditRecordByTraceId) {
  ready_signal();
  EXPECT_EQ(query("SELECT count(*) FROM pga_processing_log p JOIN pga_audit_record a "
                  "ON a.trace_id = p.trace_id AND a.action = p.name AND a.result = 'success'")[0][0],
            "4");
}

TEST_F(ProcessingLog, RequestsThatTouchNoSubjectLogNoLine) {
  register_signal();
  call(kOm, example("list-worklist.xml"));
  EXPECT_EQ(query("SELECT count(*) FROM pga_processing_log")[0][0], "1");
}

TEST_F(ProcessingLog, RefusedProcessingOfAKnownSubjectLogsAnErrorLine) {
  const std::string id = register_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).error_code(), "contributions-missing");
  const auto rows = query("SELECT name, status_code, trace_id FROM pga_processing_log WHERE status_code = 2");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "RecordDecision");
  EXPECT_EQ(query("SELECT result FROM pga_audit_record WHERE trace_id = '" + rows[0][2] + "'")[0][0],
            "refused:contributions-missing");
}

TEST_F(ProcessingLog, RefusalBeforeAnySubjectIsKnownLogsNoLine) {
  register_signal();
  call(kIntake, "<RegisterSignalRequest xmlns='urn:nl:zvh-pga:contract:1'>");
  EXPECT_EQ(query("SELECT count(*) FROM pga_processing_log WHERE status_code = 2")[0][0], "0");
}

TEST_F(ProcessingLog, SubjectWithoutBsnIsNamedByATypedNameAndBirthDate) {
  std::string request = example("register-signal.xml");
  request.erase(request.find("<bsn>111222333</bsn>"), 20);
  ASSERT_EQ(call(kIntake, request).status, ZVHPGA_OK);
  EXPECT_EQ(query("SELECT data_subject_id_type FROM pga_processing_log")[0][0],
            "urn:nl:zvh-pga:subject-id:name-birthdate");
}

}  // namespace
}  // namespace zvhpga::testing
