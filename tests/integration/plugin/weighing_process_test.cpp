// The early-signal process end to end through the C ABI, on the real SQLite ODBC driver.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

using WeighingProcess = PluginTest;

TEST_F(WeighingProcess, RegisteredSignalIsReceived) {
  const Reply reply = call(kIntake, example("register-signal.xml"));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("signalId").size(), 36u);
  EXPECT_EQ(reply.text_of("state"), "received");
}

TEST_F(WeighingProcess, ContributionsReportWhichPartnersAreStillAwaited) {
  const std::string id = register_signal();
  const Reply first = call(kPolitie, example("contribution-politie.xml", id));
  ASSERT_EQ(first.status, ZVHPGA_OK) << first.document;
  EXPECT_EQ(first.text_of("state"), "awaiting-contributions");
  EXPECT_NE(first.document.find("<partner>gemeente</partner>"), std::string::npos);
  EXPECT_NE(first.document.find("<partner>om</partner>"), std::string::npos);
  EXPECT_EQ(first.document.find("<partner>politie</partner>"), std::string::npos);
}

TEST_F(WeighingProcess, ThreeContributionsMakeTheSignalReadyForWeighing) {
  const std::string id = ready_signal();
  const Reply dossier = call(kChair, example("get-signal.xml", id));
  EXPECT_EQ(dossier.text_of("state"), "ready-for-weighing");
}

TEST_F(WeighingProcess, DecisionAfterAllContributionsIsRecorded) {
  const std::string id = ready_signal();
  const Reply reply = call(kChair, example("record-decision.xml", id));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("state"), "decided");
  EXPECT_EQ(reply.text_of("decisionId").size(), 36u);
}

TEST_F(WeighingProcess, DossierReadBackHoldsEveryStepWithWhoAndWhy) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  ASSERT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
  const Reply dossier = call(kChair, example("get-signal.xml", id));
  ASSERT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
  EXPECT_EQ(dossier.text_of("state"), "closed");
  for (const char* state : {"<to>received</to>", "<to>awaiting-contributions</to>",
                            "<to>ready-for-weighing</to>", "<to>decided</to>", "<to>closed</to>"})
    EXPECT_NE(dossier.document.find(state), std::string::npos) << state;
  EXPECT_NE(dossier.document.find("J. de Vries"), std::string::npos);
  EXPECT_NE(dossier.document.find("<closedOn>2026-11-27</closedOn>"), std::string::npos);
  EXPECT_NE(dossier.document.find("<user>test-user</user>"), std::string::npos);
}

TEST_F(WeighingProcess, MoreInformationNeededReturnsTheSignalForANewRound) {
  const std::string id = ready_signal();
  std::string request = example("record-decision.xml", id);
  const std::string outcome = "<outcome>include-in-casusoverleg</outcome>";
  request.replace(request.find(outcome), outcome.size(), "<outcome>more-information-needed</outcome>");
  const Reply reply = call(kChair, request);
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("state"), "awaiting-contributions");
  EXPECT_EQ(reply.text_of("round"), "2");
  const Reply again = call(kOm, example("contribution-om.xml", id));
  EXPECT_EQ(again.status, ZVHPGA_OK) << again.document;
}

TEST_F(WeighingProcess, ExplicitRevisionReplacesAContribution) {
  const std::string id = register_signal();
  const std::string first = contribute(id, kOm, "contribution-om.xml");
  const Reply revision = call(kOm, example("revise-contribution-om.xml", id, first));
  ASSERT_EQ(revision.status, ZVHPGA_OK) << revision.document;
  const Reply dossier = call(kOm, example("get-signal.xml", id));
  EXPECT_NE(dossier.document.find("<revises>" + first + "</revises>"), std::string::npos);
  EXPECT_NE(dossier.document.find("<current>false</current>"), std::string::npos);
}

TEST_F(WeighingProcess, WorklistShowsWhatAwaitsTheCallersPartnerOldestFirst) {
  const std::string older = register_signal();
  const std::string newer = register_signal();
  contribute(newer, kOm, "contribution-om.xml");
  const Reply om = call(kOm, example("list-worklist.xml"));
  ASSERT_EQ(om.status, ZVHPGA_OK) << om.document;
  EXPECT_NE(om.document.find(older), std::string::npos);
  EXPECT_EQ(om.document.find(newer), std::string::npos);
  const Reply politie = call(kPolitie, example("list-worklist.xml"));
  EXPECT_LT(politie.document.find(older), politie.document.find(newer));
}

TEST_F(WeighingProcess, ProcessDirectorClosesAnIncludedSignal) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const Reply reply = call(kDirector, example("close-signal.xml", id));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("state"), "closed");
}

TEST_F(WeighingProcess, CallersMayNameTheirOrganisationByOin) {
  const Reply reply = call({"00000001002220647000", "intake-officer"}, example("register-signal.xml"));
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
}

TEST_F(WeighingProcess, DoorWithoutUserIdentityTakesItFromRequestedBy) {
  std::string request = example("register-signal.xml");
  const std::string open = "<RegisterSignalRequest xmlns=\"urn:nl:zvh-pga:contract:1\">";
  request.insert(request.find(open) + open.size(),
                 "<requestedBy><user>m.devries</user><role>intake-officer</role></requestedBy>");
  const Reply reply = call({"gemeente-utrecht", "", ""}, request);
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  const Reply dossier = call(kChair, example("get-signal.xml", reply.text_of("signalId")));
  EXPECT_NE(dossier.document.find("<user>m.devries</user>"), std::string::npos);
}

}  // namespace
}  // namespace zvhpga::testing
