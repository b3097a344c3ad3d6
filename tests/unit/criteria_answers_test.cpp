// The completeness rules for criteria answers, per answer type: what check_answers accepts and
// every problem it reports, each tied to its criterion.
#include <gtest/gtest.h>

#include "core/criteria.h"

namespace zvhpga::core {
namespace {

using R = Requirement;

Criterion criterion(std::string id, AnswerType type, Requirement reasoning, Requirement evidence,
                    std::vector<std::string> options = {}, bool multiple = false) {
  Criterion c{std::move(id), "label", "help", type, reasoning, evidence, multiple, {}};
  for (auto& option : options) c.options.push_back({option, option});
  return c;
}

Catalogue catalogue() {
  Catalogue c;
  c.version = "2026.1";
  c.issued_on = "2026-11-28";
  c.sections.push_back(
      {"s", "Section", "help", {Stage::Contribution},
       {criterion("s.assess", AnswerType::Assessment, R::ForYesAndNo, R::ForYesAndNo),
        criterion("s.text", AnswerType::Text, R::Optional, R::Optional),
        criterion("s.one", AnswerType::Choice, R::Required, R::Optional, {"x", "y"}),
        criterion("s.many", AnswerType::Choice, R::Optional, R::Optional, {"x", "y", "z"}, true)}});
  c.sections.push_back({"d", "Decision only", "help", {Stage::Decision},
                        {criterion("d.assess", AnswerType::Assessment, R::Optional, R::Optional)}});
  return c;
}

Answer assessment(std::string id, Assessment value, std::optional<std::string> reasoning = {},
                  std::vector<EvidenceRef> evidence = {}) {
  return {std::move(id), value, {}, {}, std::move(reasoning), std::move(evidence)};
}
Answer text(std::string id, std::string value) { return {std::move(id), {}, value, {}, {}, {}}; }
Answer choices(std::string id, std::vector<std::string> values,
               std::optional<std::string> reasoning = {}) {
  return {std::move(id), {}, {}, std::move(values), std::move(reasoning), {}};
}

const EvidenceRef kFacts{EvidenceSource::ObservedFacts, {}};

// Complete answers to the contribution form of catalogue(); tests change one thing each.
CriteriaAnswers complete() {
  return {"2026.1",
          {assessment("s.assess", Assessment::Yes, "because", {kFacts}), text("s.text", "what"),
           choices("s.one", {"x"}, "because"), choices("s.many", {"x", "z"})}};
}

std::vector<Problem> check(const CriteriaAnswers& answers) {
  return check_answers(catalogue(), Stage::Contribution, answers,
                       [](const EvidenceRef& ref) {
                         return ref.source == EvidenceSource::ObservedFacts || ref.ref == "known";
                       });
}

std::vector<std::string> fields(const std::vector<Problem>& problems) {
  std::vector<std::string> result;
  for (const Problem& problem : problems) result.push_back(problem.field);
  return result;
}

TEST(CriteriaAnswers, CompleteAnswersHaveNoProblems) { EXPECT_TRUE(check(complete()).empty()); }

TEST(CriteriaAnswers, UnknownIsAnAnswerThatNeedsNoReasoning) {
  auto answers = complete();
  answers.answers[0] = assessment("s.assess", Assessment::Unknown);
  EXPECT_TRUE(check(answers).empty());
}

TEST(CriteriaAnswers, NotApplicableNeedsNoReasoning) {
  auto answers = complete();
  answers.answers[0] = assessment("s.assess", Assessment::NotApplicable);
  EXPECT_TRUE(check(answers).empty());
}

TEST(CriteriaAnswers, SilenceIsNotAnAnswer) {
  auto answers = complete();
  answers.answers.erase(answers.answers.begin() + 1);
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.text"});
  EXPECT_NE(problems[0].message.find("Not answered"), std::string::npos);
}

TEST(CriteriaAnswers, YesNeedsAReasoning) {
  auto answers = complete();
  answers.answers[0] = assessment("s.assess", Assessment::Yes, std::nullopt, {kFacts});
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.assess"});
  EXPECT_NE(problems[0].message.find("reasoning"), std::string::npos);
}

TEST(CriteriaAnswers, NoNeedsAnEvidenceReference) {
  auto answers = complete();
  answers.answers[0] = assessment("s.assess", Assessment::No, "because");
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.assess"});
  EXPECT_NE(problems[0].message.find("evidence"), std::string::npos);
}

TEST(CriteriaAnswers, EvidenceMustNameAContributionOfTheSignal) {
  auto answers = complete();
  answers.answers[0].evidence = {{EvidenceSource::Contribution, "known"},
                                 {EvidenceSource::Contribution, "missing"}};
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.assess"});
  EXPECT_NE(problems[0].message.find("missing"), std::string::npos);
}

TEST(CriteriaAnswers, TextCriterionRefusesAnAssessment) {
  auto answers = complete();
  answers.answers[1] = assessment("s.text", Assessment::Unknown);
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.text"});
  EXPECT_NE(problems[0].message.find("with a text"), std::string::npos);
}

TEST(CriteriaAnswers, AssessmentCriterionRefusesAText) {
  auto answers = complete();
  answers.answers[0] = text("s.assess", "yes, really");
  EXPECT_EQ(fields(check(answers)), std::vector<std::string>{"s.assess"});
}

TEST(CriteriaAnswers, ChoiceMustBeOneOfTheOptions) {
  auto answers = complete();
  answers.answers[3] = choices("s.many", {"x", "w"});
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"s.many"});
  EXPECT_NE(problems[0].message.find("'w'"), std::string::npos);
}

TEST(CriteriaAnswers, SingleChoiceTakesOneOption) {
  auto answers = complete();
  answers.answers[2] = choices("s.one", {"x", "y"}, "because");
  EXPECT_EQ(fields(check(answers)), std::vector<std::string>{"s.one"});
}

TEST(CriteriaAnswers, ChoiceWithRequiredReasoningNeedsOne) {
  auto answers = complete();
  answers.answers[2] = choices("s.one", {"y"});
  EXPECT_EQ(fields(check(answers)), std::vector<std::string>{"s.one"});
}

TEST(CriteriaAnswers, UnknownCriterionIsReportedByItsIdentifier) {
  auto answers = complete();
  answers.answers.push_back(text("s.invented", "text"));
  EXPECT_EQ(fields(check(answers)), std::vector<std::string>{"s.invented"});
}

TEST(CriteriaAnswers, CriterionOfAnotherFormIsReported) {
  auto answers = complete();
  answers.answers.push_back(assessment("d.assess", Assessment::Unknown));
  const auto problems = check(answers);
  ASSERT_EQ(fields(problems), std::vector<std::string>{"d.assess"});
  EXPECT_NE(problems[0].message.find("contribution form"), std::string::npos);
}

TEST(CriteriaAnswers, ACriterionAnsweredTwiceIsReported) {
  auto answers = complete();
  answers.answers.push_back(text("s.text", "again"));
  EXPECT_EQ(fields(check(answers)), std::vector<std::string>{"s.text"});
}

TEST(CriteriaAnswers, EveryProblemIsListedNotJustTheFirst) {
  const CriteriaAnswers answers{"2026.1",
                                {assessment("s.assess", Assessment::Yes),
                                 choices("s.one", {"q"}), text("s.unknown", "x")}};
  EXPECT_EQ(fields(check(answers)),
            (std::vector<std::string>{"s.unknown", "s.assess", "s.assess", "s.text", "s.one",
                                      "s.one", "s.many"}));
}

TEST(CriteriaAnswers, NoAnswersListEveryCriterionOfTheForm) {
  EXPECT_EQ(fields(check_answers(catalogue(), Stage::Decision, {"2026.1", {}},
                                 [](const EvidenceRef&) { return true; })),
            std::vector<std::string>{"d.assess"});
}

}  // namespace
}  // namespace zvhpga::core
