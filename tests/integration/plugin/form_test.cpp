// GetForm through the public ABI: the neutral form of each stage from the catalogue in force,
// and its XHTML rendering with every input bound to a label.
#include <regex>
#include <set>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

std::string form_request(const std::string& stage, const std::string& extra = {}) {
  return "<GetFormRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><stage>" + stage + "</stage>" +
         extra + "</GetFormRequest>";
}

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> found;
  const std::regex expression(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), expression);
       it != std::sregex_iterator(); ++it)
    found.push_back((*it)[1]);
  return found;
}

class Forms : public PluginTest {
 protected:
  std::string form(const Caller& caller, const std::string& stage, const std::string& extra = {}) {
    const Reply reply = call(caller, form_request(stage, extra));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply.document;
  }
};

TEST_F(Forms, TheContributionFormAsksEveryCriterionOfItsStage) {
  const std::string document = form(kPolitie, "contribution");
  const auto criteria = all(document, "<criterion>([^<]*)</criterion>");
  EXPECT_EQ(criteria.size(), 16u);
  EXPECT_EQ(criteria.front(), "feiten.wat");
  EXPECT_EQ(criteria.back(), "duiding.zekerheid");
  EXPECT_EQ(all(document, "<required>(true)</required>").size(), 16u);
  EXPECT_NE(document.find("<catalogueVersion>2026.1</catalogueVersion>"), std::string::npos);
  EXPECT_NE(document.find("<label>Niet van toepassing</label>"), std::string::npos);
  EXPECT_NE(document.find("<label>Hangen de signalen met elkaar samen?</label>"), std::string::npos);
}

TEST_F(Forms, TheDecisionFormLeavesTheFactsToTheIntakeAndThePartners) {
  const auto criteria = all(form(kChair, "decision"), "<criterion>([^<]*)</criterion>");
  EXPECT_EQ(criteria.size(), 12u);
  for (const std::string& criterion : criteria) EXPECT_FALSE(criterion.starts_with("feiten."));
}

TEST_F(Forms, TheIntakeFormAsksTheObservedFacts) {
  EXPECT_EQ(all(form(kIntake, "intake"), "<criterion>([^<]*)</criterion>"),
            (std::vector<std::string>{"feiten.wat", "feiten.wanneer", "feiten.door-wie",
                                      "feiten.bron"}));
}

TEST_F(Forms, TheFormIsForTheCallersPartnerUnlessAnotherIsNamed) {
  EXPECT_NE(form(kPolitie, "contribution").find("<partner>politie</partner>"), std::string::npos);
  EXPECT_NE(form(kPolitie, "contribution", "<partner>om</partner>").find("<partner>om</partner>"),
            std::string::npos);
}

TEST_F(Forms, TheXhtmlRenderingBindsEveryInputToALabel) {
  const std::string document = form(kGemeente, "contribution", "<includeXhtml>true</includeXhtml>");
  ASSERT_NE(document.find("<form xmlns=\"http://www.w3.org/1999/xhtml\""), std::string::npos);
  EXPECT_NE(document.find("lang=\"nl\""), std::string::npos);
  const auto controls = all(document, "<(?:input|textarea)[^>]* id=\"([^\"]+)\"");
  const auto labels = all(document, "<label for=\"([^\"]+)\"");
  ASSERT_FALSE(controls.empty());
  const std::set<std::string> labelled(labels.begin(), labels.end());
  for (const std::string& control : controls)
    EXPECT_TRUE(labelled.contains(control)) << control << " has no label";
  // One fieldset per section, each with its legend.
  EXPECT_EQ(all(document, "<fieldset (id)=\"sectie-").size(), 9u);
  EXPECT_NE(document.find("<legend>Samenhang en stevigheid van de signalen</legend>"),
            std::string::npos);
}

}  // namespace
}  // namespace zvhpga::testing
