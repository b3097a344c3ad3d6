// Informing the person and reviewing an inclusion through the C ABI (docs/contract.md): each a
// contract operation of its own role, on record in the audit trail, and part of what the
// data-subject export holds.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class InformingAndReview : public PluginTest {
 protected:
  std::string last_audit_action() const {
    return query("SELECT action FROM pga_audit_record ORDER BY seq DESC LIMIT 1").at(0).at(0);
  }
};

TEST_F(InformingAndReview, ThePrivacyOfficersPostponementIsOnRecordAndInTheExport) {
  const std::string id = register_signal();
  const Reply recorded = call(kPrivacyOfficer, example("record-informing.xml", id));
  ASSERT_EQ(recorded.status, ZVHPGA_OK) << recorded.document;
  EXPECT_EQ(recorded.text_of("kind"), "postponed");
  EXPECT_EQ(last_audit_action(), "RecordInforming");

  const Reply exported = call(kPrivacyOfficer, example("export-subject-data.xml"));
  ASSERT_EQ(exported.status, ZVHPGA_OK) << exported.document;
  EXPECT_NE(exported.document.find("<groundCode>uavg-41</groundCode>"), std::string::npos)
      << exported.document;
  EXPECT_NE(exported.document.find("informeren nu zou dat onderzoek schaden"), std::string::npos);
  EXPECT_NE(exported.document.find("<reviewOn>2099-03-01</reviewOn>"), std::string::npos);
}

TEST_F(InformingAndReview, InformingThePersonIsRecordedWithDateWhoAndHow) {
  const std::string id = register_signal();
  const std::string informed =
      "<RecordInformingRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" + id +
      "</signalId><informed><informedOn>" + query("SELECT received_on FROM pga_signal")[0][0] +
      "</informedOn><informedBy>J. Smit, wijkagent</informedBy><means>gesprek aan huis</means>"
      "</informed></RecordInformingRequest>";
  const Reply recorded = call(kPrivacyOfficer, informed);
  ASSERT_EQ(recorded.status, ZVHPGA_OK) << recorded.document;
  EXPECT_EQ(recorded.text_of("kind"), "informed");
  const Reply dossier = call(kPrivacyOfficer, example("get-signal.xml", id));
  EXPECT_NE(dossier.document.find("<informedBy>J. Smit, wijkagent</informedBy>"), std::string::npos)
      << dossier.document;
  EXPECT_EQ(query("SELECT means FROM pga_informing")[0][0].find("gesprek"), std::string::npos)
      << "how the person was told is sealed with the signal's key";
}

TEST_F(InformingAndReview, AGroundOutsideTheConfiguredListIsRefusedAndNothingIsRecorded) {
  const std::string id = register_signal();
  const Reply refused = expect_refused(
      kPrivacyOfficer, replaced(example("record-informing.xml", id), "uavg-41", "zomaar"),
      "invalid-value");
  EXPECT_NE(refused.document.find("postponed/groundCode"), std::string::npos) << refused.document;
}

TEST_F(InformingAndReview, ACaseWorkerCannotRecordInforming) {
  const std::string id = register_signal();
  expect_refused(kGemeente, example("record-informing.xml", id), "not-authorized");
}

TEST_F(InformingAndReview, TheDirectorsReviewOfAnInclusionIsOnRecordAndNamesTheNextReview) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const Reply reviewed = call(kDirector, example("record-inclusion-review.xml", id));
  ASSERT_EQ(reviewed.status, ZVHPGA_OK) << reviewed.document;
  EXPECT_FALSE(reviewed.text_of("nextReviewDue").empty());
  EXPECT_EQ(last_audit_action(), "RecordInclusionReview");
  const Reply dossier = call(kDirector, example("get-signal.xml", id));
  EXPECT_NE(dossier.document.find("Het plan van aanpak loopt"), std::string::npos)
      << dossier.document;
}

TEST_F(InformingAndReview, TheDirectorDoesNotKnowASignalBeforeItsInclusion) {
  const std::string id = ready_signal();
  expect_refused(kDirector, example("record-inclusion-review.xml", id), "unknown-signal");
}

TEST_F(InformingAndReview, ASignalNotYetDecidedIsNotReviewed) {
  const std::string id = ready_signal();
  expect_refused(kChair, example("record-inclusion-review.xml", id), "illegal-transition");
}

}  // namespace
}  // namespace zvhpga::testing
