// Criteria answers through the public ABI: contributions and decisions are checked against the
// catalogue version they name, every problem is listed by criterion, the answers are kept and
// returned pinned to their version, and adopting a catalogue follows its rules.
#include <algorithm>
#include <map>
#include <regex>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

constexpr const char* kUnusedId = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

std::string replaced(const std::string& text, const std::string& pattern, const std::string& with) {
  return std::regex_replace(text, std::regex(pattern), with, std::regex_constants::format_first_only);
}

std::string without_answers(const std::string& document) {
  return replaced(document, R"(\s*<criteriaAnswers[\s\S]*?</criteriaAnswers>)", "");
}

// Replaces the whole <answer> element of one criterion.
std::string with_answer(const std::string& document, const std::string& criterion,
                        const std::string& answer) {
  return replaced(document, "<answer criterion=\"" + criterion + "\">[\\s\\S]*?</answer>", answer);
}

std::vector<std::string> problem_fields(const Reply& reply) {
  std::vector<std::string> fields;
  const std::regex field("<field>([^<]*)</field>");
  for (auto it = std::sregex_iterator(reply.document.begin(), reply.document.end(), field);
       it != std::sregex_iterator(); ++it)
    fields.push_back((*it)[1]);
  return fields;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t found = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++found;
  return found;
}

std::string version(const std::string& catalogue, const std::string& number) {
  return replaced(catalogue, R"(version="2026\.1" issuedOn="2026-11-28")",
                  "version=\"" + number + "\" issuedOn=\"2027-01-15\"");
}

std::string without_section(const std::string& catalogue, const std::string& section) {
  return replaced(catalogue, "<section id=\"" + section + "\"[\\s\\S]*?</section>\\s*", "");
}


class Criteria : public PluginTest {
 protected:
  // Version 2026.2: the shipped catalogue with one more question on the sources still to ask.
  static std::string with_new_criterion() {
    return replaced(version(shipped_catalogue(), "2026.2"),
                    R"(</criterion>(\s*</section>\s*<section id="proportionaliteit"))",
                    "</criterion>\n    <criterion id=\"onbekend.bronnen\" answer=\"text\" "
                    "reasoning=\"optional\" evidence=\"optional\"><label>Wie kan de ontbrekende "
                    "informatie aanvullen?</label><help>Noem organisaties of personen.</help>"
                    "</criterion>$1");
  }
  std::string dossier(const std::string& signal_id) {
    const Reply reply = call(kGemeente, example("get-signal.xml", signal_id));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply.document;
  }
  // The store's row counts without the logs, which record a refused request too.
  std::map<std::string, long> records() const {
    auto counts = store_fingerprint();
    counts.erase("pga_audit_record");
    counts.erase("pga_processing_log");
    return counts;
  }
  std::string adopted_result() const {
    const auto rows = query(
        "SELECT result FROM pga_audit_record WHERE action = 'AdoptCriteriaCatalogue' "
        "ORDER BY seq DESC LIMIT 1");
    return rows.empty() ? std::string() : rows[0][0];
  }
};

TEST_F(Criteria, AContributionWithoutAnswersGetsEveryCriterionOfItsFormListed) {
  const std::string signal_id = register_signal();
  const auto before = records();
  const Reply reply =
      call(kGemeente, without_answers(example("contribution-gemeente.xml", signal_id)));
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED);
  EXPECT_EQ(reply.error_code(), "criteria-incomplete");
  EXPECT_EQ(problem_fields(reply),
            (std::vector<std::string>{
                "feiten.wat", "feiten.wanneer", "feiten.door-wie", "feiten.bron",
                "radicalisering.terroristisch", "radicalisering.extremistisch",
                "samenhang.signalen", "samenhang.stevigheid", "sociaal.relaties",
                "zelfredzaamheid.beperkt", "beschermend.factoren", "onbekend.ontbrekend",
                "proportionaliteit.lichtere-route", "proportionaliteit.evenredig",
                "duiding.fenomeen", "duiding.zekerheid"}));
  EXPECT_EQ(records(), before);
}

TEST_F(Criteria, EveryProblemOfAContributionIsListedByCriterion) {
  const std::string signal_id = register_signal();
  std::string document = example("contribution-gemeente.xml", signal_id);
  document = with_answer(document, "radicalisering.extremistisch",
                         "<answer criterion=\"radicalisering.extremistisch\"><assessment>yes"
                         "</assessment><evidence source=\"observed-facts\"/></answer>");
  document = with_answer(document, "sociaal.relaties",
                         "<answer criterion=\"sociaal.relaties\"><text>Friends</text></answer>"
                         "<answer criterion=\"sociaal.vrienden\"><text>Many</text></answer>");
  document = with_answer(document, "duiding.zekerheid",
                         "<answer criterion=\"duiding.zekerheid\"><choice>zeker</choice>"
                         "<reasoning>Feels so.</reasoning></answer>");
  const auto before = records();
  const Reply reply = call(kGemeente, document);
  EXPECT_EQ(reply.error_code(), "criteria-incomplete");
  EXPECT_EQ(problem_fields(reply),
            (std::vector<std::string>{"sociaal.vrienden", "radicalisering.extremistisch",
                                      "sociaal.relaties", "duiding.zekerheid"}));
  EXPECT_EQ(records(), before);
}

TEST_F(Criteria, EvidenceMustNameAContributionOfTheSignal) {
  const std::string signal_id = register_signal();
  const std::string politie = contribute(signal_id, kPolitie, "contribution-politie.xml");
  const std::string answer =
      "<answer criterion=\"sociaal.relaties\"><assessment>yes</assessment><reasoning>A group."
      "</reasoning><evidence source=\"contribution\" ref=\"ID\"/></answer>";
  const std::string document = example("contribution-gemeente.xml", signal_id);

  const Reply refused = call(kGemeente, with_answer(document, "sociaal.relaties",
                                                    replaced(answer, "ID", kUnusedId)));
  EXPECT_EQ(refused.error_code(), "criteria-incomplete");
  EXPECT_EQ(problem_fields(refused), std::vector<std::string>{"sociaal.relaties"});

  const Reply accepted =
      call(kGemeente, with_answer(document, "sociaal.relaties", replaced(answer, "ID", politie)));
  EXPECT_EQ(accepted.status, ZVHPGA_OK) << accepted.document;
  EXPECT_NE(dossier(signal_id).find("ref=\"" + politie + "\""), std::string::npos);
}

TEST_F(Criteria, AnswersNamingAVersionNeverAdoptedAreRefused) {
  const std::string signal_id = register_signal();
  const Reply reply = call(kGemeente, replaced(example("contribution-gemeente.xml", signal_id),
                                               "catalogueVersion=\"2026.1\"",
                                               "catalogueVersion=\"2030.1\""));
  EXPECT_EQ(reply.error_code(), "unknown-catalogue-version");
  EXPECT_EQ(problem_fields(reply), std::vector<std::string>{"catalogueVersion"});
}

TEST_F(Criteria, GetSignalReturnsTheAnswersWithTheirVersion) {
  const std::string signal_id = ready_signal();
  const std::string document = dossier(signal_id);
  EXPECT_EQ(count(document, "<criteriaAnswers catalogueVersion=\"2026.1\">"), 3u);
  EXPECT_NE(document.find("<choice>anti-institutioneel-extremisme</choice>"), std::string::npos);
  EXPECT_NE(document.find("<assessment>not-applicable</assessment>"), std::string::npos);
}

TEST_F(Criteria, ADecisionWithoutAnswersGetsEveryCriterionOfItsFormListed) {
  const std::string signal_id = ready_signal();
  const Reply reply = call(kChair, without_answers(example("record-decision.xml", signal_id)));
  EXPECT_EQ(reply.error_code(), "criteria-incomplete");
  const auto fields = problem_fields(reply);
  EXPECT_EQ(fields.size(), 12u);
  EXPECT_EQ(std::ranges::count_if(fields, [](const std::string& f) { return f.starts_with("feiten."); }), 0);
}

TEST_F(Criteria, ADecisionKeepsItsAnswers) {
  const std::string signal_id = ready_signal();
  const Reply reply = call(kChair, example("record-decision.xml", signal_id));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  const std::string document = dossier(signal_id);
  EXPECT_EQ(count(document, "<criteriaAnswers catalogueVersion=\"2026.1\">"), 4u);
  EXPECT_NE(document.find("<choice>redelijk</choice>"), std::string::npos);
}

TEST_F(Criteria, ADecisionsAnswersMustNameTheDecisionsCatalogueVersion) {
  const std::string signal_id = ready_signal();
  const Reply reply = call(kChair, replaced(example("record-decision.xml", signal_id),
                                            "<criteriaCatalogueVersion>2026.1",
                                            "<criteriaCatalogueVersion>2026.2"));
  EXPECT_EQ(reply.error_code(), "invalid-value");
}

TEST_F(Criteria, ANewVersionNeverRewritesRecordsOfTheOldOne) {
  const std::string old_signal = ready_signal();
  const std::string before = dossier(old_signal);
  ASSERT_EQ(reopen_with_catalogue(with_new_criterion()), ZVHPGA_OK);
  EXPECT_EQ(adopted_result(), "success");

  EXPECT_EQ(dossier(old_signal), before);
  EXPECT_EQ(query("SELECT version FROM pga_criteria_catalogue ORDER BY version"),
            (std::vector<std::vector<std::string>>{{"2026.1"}, {"2026.2"}}));
  const Reply decided = call(kChair, example("record-decision.xml", old_signal));
  EXPECT_EQ(decided.status, ZVHPGA_OK) << decided.document;
}

TEST_F(Criteria, AnswersAreCheckedAgainstTheVersionTheyName) {
  ASSERT_EQ(reopen_with_catalogue(with_new_criterion()), ZVHPGA_OK);
  const std::string signal_id = register_signal();
  const std::string document = example("contribution-gemeente.xml", signal_id);
  const Reply on_new = call(kGemeente, replaced(document, "catalogueVersion=\"2026.1\"",
                                                "catalogueVersion=\"2026.2\""));
  EXPECT_EQ(on_new.error_code(), "criteria-incomplete");
  EXPECT_EQ(problem_fields(on_new), std::vector<std::string>{"onbekend.bronnen"});
  const Reply on_old = call(kGemeente, document);
  EXPECT_EQ(on_old.status, ZVHPGA_OK) << on_old.document;
}

TEST_F(Criteria, ARefusedCatalogueLeavesThePreviousOneInForce) {
  const std::string duplicate = replaced(with_new_criterion(), R"(id="onbekend.bronnen")",
                                         R"(id="onbekend.ontbrekend")");
  ASSERT_EQ(reopen_with_catalogue(duplicate), ZVHPGA_OK);
  EXPECT_EQ(adopted_result(), "refused:catalogue-refused");
  EXPECT_EQ(query("SELECT version FROM pga_criteria_catalogue"),
            (std::vector<std::vector<std::string>>{{"2026.1"}}));
  const std::string signal_id = register_signal();
  EXPECT_EQ(contribute(signal_id, kGemeente, "contribution-gemeente.xml").size(), 36u);
}

TEST_F(Criteria, CheckReportsAnAdoptableCatalogueAndChangesNothing) {
  const auto before = store_fingerprint();
  const Reply reply = check_catalogue(with_new_criterion());
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_NE(reply.document.find("2026.2"), std::string::npos);
  EXPECT_EQ(store_fingerprint(), before);
}

TEST_F(Criteria, CheckRefusesLeavingOutACriterionAnOpenSignalNeeds) {
  const std::string catalogue = without_section(with_new_criterion(), "sociaal");
  EXPECT_EQ(check_catalogue(catalogue).status, ZVHPGA_OK);

  const std::string signal_id = register_signal();
  contribute(signal_id, kGemeente, "contribution-gemeente.xml");
  const Reply reply = check_catalogue(catalogue);
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED);
  EXPECT_EQ(reply.error_code(), "catalogue-refused");
  EXPECT_EQ(problem_fields(reply), std::vector<std::string>{"sociaal.relaties"});
  EXPECT_NE(reply.document.find("Answered in 1 signal(s)"), std::string::npos);
}

TEST_F(Criteria, CheckRefusesChangingAnAdoptedVersion) {
  const Reply reply = check_catalogue(replaced(shipped_catalogue(), "Zelfredzaamheid</label>",
                                               "Zelfstandigheid</label>"));
  EXPECT_EQ(reply.error_code(), "catalogue-refused");
  EXPECT_EQ(problem_fields(reply), std::vector<std::string>{"version"});
}

TEST_F(Criteria, CheckRefusesGivingAnIdentifierAnotherAnswerType) {
  const Reply reply = check_catalogue(
      replaced(with_new_criterion(), R"(id="onbekend.ontbrekend" answer="text")",
               R"(id="onbekend.ontbrekend" answer="assessment")"));
  EXPECT_EQ(reply.error_code(), "catalogue-refused");
  EXPECT_EQ(problem_fields(reply), std::vector<std::string>{"onbekend.ontbrekend"});
}

TEST_F(Criteria, CheckRefusesACatalogueThatFailsItsSchema) {
  const Reply reply = check_catalogue(replaced(with_new_criterion(), R"(answer="text")", R"(answer="number")"));
  EXPECT_EQ(reply.error_code(), "catalogue-refused");
  EXPECT_FALSE(problem_fields(reply).empty());
}

}  // namespace
}  // namespace zvhpga::testing
