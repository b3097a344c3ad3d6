// The responsible gemeente (docs/contract.md, "The responsible gemeente"): of the gemeenten of a
// region only the one where the person lives sees a signal and acts in its weegploeg; to every
// other gemeente of the region the signal is as unknown as one that does not exist.
#include "gemeenten_fixture.h"

namespace zvhpga::testing {
namespace {

class ResponsibleGemeenteTest : public GemeentenTest {
 protected:
  // The byGemeente breakdown of the region's statistics, as the process director reads them.
  std::string by_gemeente() {
    const Reply figures = call(kDirector, example("get-statistics.xml"));
    EXPECT_EQ(figures.status, ZVHPGA_OK) << figures.document;
    const auto start = figures.document.find("<byGemeente>");
    const auto end = figures.document.find("</byGemeente>");
    if (start == std::string::npos || end == std::string::npos) return {};
    std::string text = figures.document.substr(start, end - start);
    std::erase_if(text, [](char c) { return c == ' ' || c == '\n'; });
    return text;
  }
};

TEST_F(ResponsibleGemeenteTest, TheDossierNamesTheGemeenteTheDocumentNames) {
  const std::string id = register_for(kPolitie, "gemeente-zeist");
  const Reply dossier = call(kZeistMember, example("get-signal.xml", id));
  ASSERT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
  EXPECT_EQ(dossier.text_of("responsibleGemeente"), "gemeente-zeist");
}

TEST_F(ResponsibleGemeenteTest, AGemeenteNamedByItsOinIsRecordedByItsPartnerId) {
  const std::string id = register_for(kPolitie, kZeistOin);
  EXPECT_EQ(call(kZeistMember, example("get-signal.xml", id)).text_of("responsibleGemeente"),
            "gemeente-zeist");
}

TEST_F(ResponsibleGemeenteTest, ARegisteringGemeenteThatNamesNoneIsResponsibleItself) {
  const Reply registered = call(kZeistIntake, without_responsible_gemeente());
  ASSERT_EQ(registered.status, ZVHPGA_OK) << registered.document;
  EXPECT_EQ(call(kZeistMember, example("get-signal.xml", registered.text_of("signalId")))
                .text_of("responsibleGemeente"),
            "gemeente-zeist");
}

TEST_F(ResponsibleGemeenteTest, ThePolitieMustNameOneWhereTheRegionHasSeveralGemeenten) {
  const auto before = content_fingerprint();
  const Reply refused = call(kPolitie, without_responsible_gemeente());
  EXPECT_EQ(refused.error_code(), "invalid-value") << refused.document;
  EXPECT_NE(refused.document.find("responsibleGemeente"), std::string::npos);
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(ResponsibleGemeenteTest, APartnerThatIsNoGemeenteIsRefusedAndNothingChanges) {
  const auto before = content_fingerprint();
  const Reply refused = call(kPolitie, registration_for("om-midden-nederland"));
  EXPECT_EQ(refused.error_code(), "invalid-value") << refused.document;
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(ResponsibleGemeenteTest, AGemeenteOfAnotherRegionIsRefusedAndNothingChanges) {
  const auto before = content_fingerprint();
  const Reply refused = call(kIntake, registration_for("gemeente-den-haag"));
  EXPECT_EQ(refused.error_code(), "invalid-value") << refused.document;
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeenteCannotReadTheSignalAndLearnsNothing) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  expect_unknown(kZeistMember, example("get-signal.xml", id), example("get-signal.xml", kNoSuchSignal), id);
  EXPECT_EQ(call(kGemeente, example("get-signal.xml", id)).status, ZVHPGA_OK);
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeenteCannotContributeAndDoesNotBlockTheResponsibleOne) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  const auto before = content_fingerprint();
  expect_unknown(kZeistMember, example("contribution-gemeente.xml", id),
                 example("contribution-gemeente.xml", kNoSuchSignal), id);
  EXPECT_EQ(content_fingerprint(), before);
  const Reply own = call(kGemeente, example("contribution-gemeente.xml", id));
  EXPECT_EQ(own.status, ZVHPGA_OK) << own.document;
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeenteCannotReviseTheResponsibleOnesContribution) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  const std::string contribution = contribute(id, kGemeente, "contribution-gemeente.xml");
  const auto before = content_fingerprint();
  expect_unknown(kZeistMember, revision_of(id, contribution),
                 revision_of(kNoSuchSignal, contribution), id);
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeentesChairCannotDecideOrClose) {
  const std::string id = ready_signal();
  expect_unknown(kZeistChair, example("record-decision.xml", id),
                 example("record-decision.xml", kNoSuchSignal), id);
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  expect_unknown(kZeistChair, example("close-signal.xml", id),
                 example("close-signal.xml", kNoSuchSignal), id);
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeentesWorklistLeavesTheSignalOut) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  EXPECT_EQ(call(kZeistMember, example("list-worklist.xml")).document.find(id), std::string::npos);
  EXPECT_NE(call(kGemeente, example("list-worklist.xml")).document.find(id), std::string::npos);
  EXPECT_NE(call(kPolitie, example("list-worklist.xml")).document.find(id), std::string::npos);
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeentesPrivacyOfficerExportsNothingOfTheSignal) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  const Reply other = call(kZeistPrivacyOfficer, example("export-subject-data.xml"));
  ASSERT_EQ(other.status, ZVHPGA_OK) << other.document;
  EXPECT_EQ(other.document.find(id), std::string::npos);
  const Reply own = call(kPrivacyOfficer, example("export-subject-data.xml"));
  EXPECT_NE(own.document.find(id), std::string::npos) << own.document;
}

TEST_F(ResponsibleGemeenteTest, AnotherGemeentesPrivacyOfficerCannotWithholdOrHold) {
  const std::string id = register_for(kIntake, "gemeente-utrecht");
  expect_unknown(kZeistPrivacyOfficer, example("withhold-item.xml", id),
                 example("withhold-item.xml", kNoSuchSignal), id);
}

TEST_F(ResponsibleGemeenteTest, TheRelatedSignalsOfADossierLeaveOutAnotherGemeentesSignals) {
  const std::string utrecht = register_for(kIntake, "gemeente-utrecht");
  const std::string zeist = register_for(kPolitie, "gemeente-zeist");
  const Reply dossier = call(kZeistMember, example("get-signal.xml", zeist));
  ASSERT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
  EXPECT_EQ(dossier.document.find(utrecht), std::string::npos);
  EXPECT_NE(call(kPolitie, example("get-signal.xml", zeist)).document.find(utrecht),
            std::string::npos);
}

TEST_F(ResponsibleGemeenteTest, AStoredSignalWithoutAResponsibleGemeenteIsSeenByNoGemeenteOfARegionWithSeveral) {
  const std::string id = register_for(kPolitie, "gemeente-utrecht");
  tamper("UPDATE pga_signal SET responsible_gemeente = NULL WHERE signal_id = '" + id + "'");
  expect_unknown(kGemeente, example("get-signal.xml", id), example("get-signal.xml", kNoSuchSignal), id);
  expect_unknown(kZeistMember, example("get-signal.xml", id), example("get-signal.xml", kNoSuchSignal), id);
  const Reply politie = call(kPolitie, example("get-signal.xml", id));
  EXPECT_EQ(politie.status, ZVHPGA_OK) << politie.document;
}

TEST_F(ResponsibleGemeenteTest, StatisticsCountTheSignalsOfEachGemeenteOfTheRegion) {
  for (int i = 0; i < 5; ++i) register_for(kIntake, "gemeente-utrecht");
  for (int i = 0; i < 6; ++i) register_for(kPolitie, "gemeente-zeist");
  const std::string figures = by_gemeente();
  EXPECT_NE(figures.find("<category>gemeente-utrecht</category><count>5</count>"), std::string::npos)
      << figures;
  EXPECT_NE(figures.find("<category>gemeente-zeist</category><count>6</count>"), std::string::npos)
      << figures;
  EXPECT_EQ(figures.find("gemeente-den-haag"), std::string::npos) << "another region's gemeente";
}

TEST_F(ResponsibleGemeenteTest, AGemeentesSmallCountIsSuppressed) {
  for (int i = 0; i < 5; ++i) register_for(kIntake, "gemeente-utrecht");
  register_for(kPolitie, "gemeente-zeist");
  const std::string figures = by_gemeente();
  EXPECT_NE(figures.find("<category>gemeente-zeist</category><suppressed/>"), std::string::npos)
      << figures;
  EXPECT_EQ(figures.find("<count>1</count>"), std::string::npos) << figures;
}

}  // namespace
}  // namespace zvhpga::testing
