// Data-subject rights: the privacy officer of the gemeente exports everything held about one
// person, withholds items with a legal ground before release; the national "is this person
// known?" check answers known or not and a contact point, never content.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

const Caller kPrivacyOfficer{"gemeente-utrecht", "privacy-officer"};

class DataSubject : public PluginTest {
 protected:
  std::string withhold(const std::string& signal_id, const std::string& item_id) {
    const Reply reply = call(kPrivacyOfficer,
                             "<WithholdItemRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" +
                                 signal_id + "</signalId><itemId>" + item_id +
                                 "</itemId><legalGround>AVG art. 23 lid 1 onder i</legalGround>"
                                 "</WithholdItemRequest>");
    return reply.status == ZVHPGA_OK ? "" : reply.error_code();
  }
};

TEST_F(DataSubject, ExportHoldsEveryDossierAboutThePersonWithAllPartnersContributions) {
  const std::string first = ready_signal();
  const std::string second = register_signal();
  const Reply reply = call(kPrivacyOfficer, example("export-subject-data.xml"));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_NE(reply.document.find(first), std::string::npos);
  EXPECT_NE(reply.document.find(second), std::string::npos);
  for (const char* partner : {"<partnerKind>gemeente</partnerKind>", "<partnerKind>politie</partnerKind>",
                              "<partnerKind>om</partnerKind>"})
    EXPECT_NE(reply.document.find(partner), std::string::npos) << partner;
  EXPECT_NE(reply.document.find("<processing>"), std::string::npos);
}

TEST_F(DataSubject, ExportOfSomeoneUnknownIsEmpty) {
  ready_signal();
  const Reply reply = call(kPrivacyOfficer, replaced(example("export-subject-data.xml"), "111222333", "123456782"));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.document.find("<signal>"), std::string::npos);
}

TEST_F(DataSubject, WithheldItemIsMarkedInTheExportAndLeftOutOfTheRelease) {
  const std::string id = register_signal();
  const std::string politie = contribute(id, kPolitie, "contribution-politie.xml");
  contribute(id, kOm, "contribution-om.xml");
  ASSERT_EQ(withhold(id, politie), "");
  ASSERT_EQ(withhold(id, "reporter"), "");

  const Reply draft = call(kPrivacyOfficer, example("export-subject-data.xml"));
  EXPECT_NE(draft.document.find("<contributionId>" + politie), std::string::npos);
  EXPECT_NE(draft.document.find("<itemId>" + politie + "</itemId>"), std::string::npos);
  EXPECT_NE(draft.document.find("ROC Midden Nederland"), std::string::npos);

  const Reply release = call(kPrivacyOfficer, example("release-subject-data.xml"));
  ASSERT_EQ(release.status, ZVHPGA_OK) << release.document;
  EXPECT_EQ(release.document.find("<contributionId>" + politie), std::string::npos);
  EXPECT_NE(release.document.find("<itemId>" + politie + "</itemId>"), std::string::npos);
  EXPECT_NE(release.document.find("<legalGround>AVG art. 23 lid 1 onder i</legalGround>"), std::string::npos);
  EXPECT_EQ(release.document.find("ROC Midden Nederland"), std::string::npos);
  EXPECT_NE(release.document.find("<organisation>[withheld]</organisation>"), std::string::npos);
}

TEST_F(DataSubject, ExportAndReleaseAreThemselvesRecorded) {
  ready_signal();
  call(kPrivacyOfficer, example("export-subject-data.xml"));
  call(kPrivacyOfficer, example("release-subject-data.xml"));
  EXPECT_EQ(query("SELECT action, object, purpose FROM pga_audit_record WHERE action LIKE '%SubjectData' "
                  "ORDER BY seq"),
            (std::vector<std::vector<std::string>>{
                {"ExportSubjectData", "data-subject", "privacy/data-subject-access"},
                {"ReleaseSubjectData", "data-subject", "privacy/data-subject-access-release"}}));
  EXPECT_EQ(query("SELECT count(*) FROM pga_processing_log WHERE name LIKE '%SubjectData'")[0][0], "2");
}

TEST_F(DataSubject, WithholdingAnItemTheSignalDoesNotHaveIsRefused) {
  const std::string id = register_signal();
  EXPECT_EQ(withhold(id, "00000000-0000-4000-8000-000000000000"), "unknown-item");
}

TEST_F(DataSubject, OnlyTheGemeentesPrivacyOfficerAnswersDataSubjectRequests) {
  ready_signal();
  EXPECT_EQ(call({"politie-midden-nederland", "privacy-officer"}, example("export-subject-data.xml")).error_code(),
            "not-authorized");
}

TEST_F(DataSubject, PersonInACurrentPgaCaseIsKnownWithAContactPointOnly) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const std::string ask = replaced(example("is-person-known.xml"),
                                  "<name>J. de Vries</name><birthDate>2007-03-14</birthDate>",
                                  "<bsn>111222333</bsn>");
  const Reply reply = call(kDirector, ask);
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("known"), "true");
  EXPECT_NE(reply.text_of("contactPoint").find("Zorg- en Veiligheidshuis"), std::string::npos);
  EXPECT_EQ(reply.document.find(id), std::string::npos);
  EXPECT_EQ(reply.document.find("de Vries"), std::string::npos);
}

TEST_F(DataSubject, PersonNotYetIncludedIsNotKnown) {
  ready_signal();
  const Reply reply = call(kDirector, replaced(example("is-person-known.xml"),
                                              "<name>J. de Vries</name><birthDate>2007-03-14</birthDate>",
                                              "<bsn>111222333</bsn>"));
  EXPECT_EQ(reply.text_of("known"), "false");
  EXPECT_EQ(reply.document.find("<contactPoint>"), std::string::npos);
}

TEST_F(DataSubject, OrganisationNotConfiguredForTheCheckIsRefused) {
  ready_signal();
  EXPECT_EQ(call(kChair, example("is-person-known.xml")).error_code(), "not-authorized");
}

}  // namespace
}  // namespace zvhpga::testing
