// A posted form as the plugin reads it (SubmitForm): the urlencoded text a host relays, and
// the SubmitContributionRequest it makes. Input no browser sends is refused whole, with a
// clear error and nothing built.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "contract/form_submission.h"
#include "criteria/form_fields.h"
#include "xml/schema.h"
#include "xml/writer.h"

namespace zvhpga::contract {
namespace {

using criteria::FormFields;
using criteria::parse_urlencoded;

constexpr const char* kSignal = "3f0c6a52-6a43-4c1e-9a57-0f7f4f1f2b10";
const Submitter kSubmitter{core::PartnerKind::Politie, "midden-nederland"};

// Every question of the intake form answered, as a browser posts it.
constexpr const char* kIntakeAnswers =
    "intake.received-on=2026-11-16&intake.channel=meldpunt&intake.reporter-type=local-partner"
    "&intake.reporter-organisation=ROC+Midden+Nederland&intake.subject.name=J.+de+Vries"
    "&intake.subject.birth-date=2007-03-14&intake.subject.bsn=111222333"
    "&intake.subject.municipality=Utrecht&intake.observed-facts=Uitspraken+in+de+klas"
    "&intake.phenomenon=anti-institutioneel-extremisme&intake.phenomenon=unclear"
    "&intake.online-component=true&intake.care-concern=false&intake.urgency=regular"
    "&intake.municipality=Utrecht";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const xml::Schema& contract_schema() {
  static const xml::Schema schema(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-contract-v1.xsd"));
  return schema;
}

core::Criterion criterion(std::string id, core::AnswerType type, bool multiple = false) {
  core::Criterion c;
  c.id = std::move(id);
  c.label = "Vraag " + c.id;
  c.answer = type;
  c.multiple = multiple;
  if (type == core::AnswerType::Choice)
    for (const char* option : {"x", "y"}) c.options.push_back({option, option});
  return c;
}

core::Catalogue catalogue() {
  core::Catalogue c;
  c.version = "2026.1";
  c.sections.push_back({"s", "Sectie", "hulp", {core::Stage::Contribution, core::Stage::Decision},
                        {criterion("s.assess", core::AnswerType::Assessment),
                         criterion("s.text", core::AnswerType::Text),
                         criterion("s.many", core::AnswerType::Choice, true)}});
  return c;
}

std::string serialized(const core::Result<xml::Document>& document) {
  return xml::serialize(*document.value());
}

TEST(PostedForm, DecodesPlusAndPercentEscapesInOrderWithRepeats) {
  const auto fields = parse_urlencoded("a=1+2&b=%C3%A9%26&a=&c");
  ASSERT_TRUE(fields.ok()) << fields.error().message;
  EXPECT_EQ(*fields, (FormFields{{"a", "1 2"}, {"b", "\xC3\xA9&"}, {"a", ""}, {"c", ""}}));
}

TEST(PostedForm, ABadPercentEscapeRefusesTheWholeForm) {
  for (const char* body : {"a=%zz", "a=%4", "a=%", "a%G1=b", "ok=1&a=50%"}) {
    const auto fields = parse_urlencoded(body);
    ASSERT_FALSE(fields.ok()) << body;
    EXPECT_EQ(fields.error().code, core::ErrorCode::InvalidValue) << body;
    EXPECT_NE(fields.error().message.find("%-escape"), std::string::npos) << body;
  }
}

TEST(PostedForm, ACharacterNoDocumentCanCarryRefusesTheWholeForm) {
  for (const char* body : {"a=%00", "a=%FF", "a=%C3", "a%01=b"})
    EXPECT_EQ(parse_urlencoded(body).error().code, core::ErrorCode::InvalidValue) << body;
}

TEST(PostedForm, ABodyLargerThanAnyFormIsRefusedBeforeItIsRead) {
  const std::string body = "a=" + std::string(criteria::kMaxFormBytes, 'x');
  const auto fields = parse_urlencoded(body);
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.error().code, core::ErrorCode::InvalidValue);
  EXPECT_NE(fields.error().message.find("more than the"), std::string::npos);
}

TEST(PostedForm, MoreFieldsThanAnyFormHasAreRefused) {
  std::string body;
  for (std::size_t i = 0; i <= criteria::kMaxFormFields; ++i) body += "a=&";
  EXPECT_EQ(parse_urlencoded(body).error().code, core::ErrorCode::InvalidValue);
}

TEST(PostedForm, MakesASubmitContributionRequestTheContractAccepts) {
  const auto fields = parse_urlencoded(
      "s.assess=yes&s.assess.reasoning=Omdat&s.assess.evidence=observed-facts&s.text=Gezien"
      "&s.many=x&s.many=y&contribution.position=no-further-action"
      "&contribution.legal-basis=Wpg+art.+19&contribution.reasoning=Eigen+woorden");
  const auto document = stage_document(core::Stage::Contribution, kSignal, kSubmitter, catalogue(), *fields);
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_TRUE(contract_schema().validate(*document.value()).ok()) << serialized(document);
  const std::string text = serialized(document);
  ASSERT_NE(text.find("<choice>y</choice>"), std::string::npos) << text;
  EXPECT_LT(text.find("<choice>x</choice>"), text.find("<choice>y</choice>")) << text;
  EXPECT_NE(text.find("<noInformationHeld/>"), std::string::npos) << text;
  EXPECT_NE(text.find("<evidence source=\"observed-facts\"/>"), std::string::npos) << text;
}

TEST(PostedForm, MakesARecordDecisionRequestWithThoseNamedAsPresent) {
  const auto fields = parse_urlencoded(
      "s.assess=no&s.assess.reasoning=Omdat&decision.outcome=include-in-casusoverleg"
      "&decision.decided-on=2026-11-25&decision.reasoning=Samen+gewogen"
      "&decision.present.gemeente=A.+Jansen&decision.present.om=C.+Visser"
      "&decision.present.politie=&decision.dissent=");
  const auto document = stage_document(core::Stage::Decision, kSignal, kSubmitter, catalogue(), *fields);
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_TRUE(contract_schema().validate(*document.value()).ok()) << serialized(document);
  const std::string text = serialized(document);
  EXPECT_NE(text.find("<partner>gemeente</partner>"), std::string::npos) << text;
  EXPECT_NE(text.find("<partner>om</partner>"), std::string::npos) << text;
  // Nobody named for the politie, no dissent written: the plugin names what is missing.
  EXPECT_EQ(text.find("<partner>politie</partner>"), std::string::npos) << text;
  EXPECT_EQ(text.find("<dissent"), std::string::npos) << text;
  EXPECT_NE(text.find("<criteriaCatalogueVersion>2026.1</criteriaCatalogueVersion>"),
            std::string::npos);
}

TEST(PostedForm, MakesACloseSignalRequestOfTheDateAndTheReason) {
  const auto fields =
      parse_urlencoded("closure.closed-on=2026-11-27&closure.reason=Aanpak+afgerond");
  const auto document = stage_document(core::Stage::Closure, kSignal, kSubmitter, catalogue(), *fields);
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_TRUE(contract_schema().validate(*document.value()).ok()) << serialized(document);
  EXPECT_NE(serialized(document).find("<reason>Aanpak afgerond</reason>"), std::string::npos);
}

TEST(PostedForm, MakesARegisterSignalRequestTheContractAcceptsForTheCallersPartnerAndRegion) {
  const auto document =
      stage_document(core::Stage::Intake, std::nullopt, kSubmitter, catalogue(),
                     *parse_urlencoded(kIntakeAnswers));
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_TRUE(contract_schema().validate(*document.value()).ok()) << serialized(document);
  const std::string text = serialized(document);
  EXPECT_NE(text.find("<receivingPartner>politie</receivingPartner>"), std::string::npos) << text;
  EXPECT_NE(text.find("<region>midden-nederland</region>"), std::string::npos) << text;
  EXPECT_NE(text.find("<name>J. de Vries</name>"), std::string::npos) << text;
  ASSERT_NE(text.find("<phenomenon>unclear</phenomenon>"), std::string::npos) << text;
  EXPECT_LT(text.find("<phenomenon>anti-institutioneel-extremisme</phenomenon>"),
            text.find("<phenomenon>unclear</phenomenon>"));
}

TEST(PostedForm, AnIntakeWithoutTheOptionalAnswersLeavesThemOut) {
  std::string answers = kIntakeAnswers;
  for (const std::string field :
       {"intake.subject.bsn=111222333", "intake.phenomenon=anti-institutioneel-extremisme",
        "intake.phenomenon=unclear"})
    answers.replace(answers.find(field), field.size(), field.substr(0, field.find('=') + 1));
  const auto document = stage_document(core::Stage::Intake, std::nullopt, kSubmitter,
                                       catalogue(), *parse_urlencoded(answers));
  EXPECT_TRUE(contract_schema().validate(*document.value()).ok()) << serialized(document);
  EXPECT_EQ(serialized(document).find("<bsn"), std::string::npos);
  EXPECT_EQ(serialized(document).find("<phenomenonHypothesis"), std::string::npos);
}

TEST(PostedForm, TheIntakeFormNamesNoSignal) {
  const auto document = stage_document(core::Stage::Intake, kSignal, kSubmitter, catalogue(),
                                       *parse_urlencoded(kIntakeAnswers));
  EXPECT_EQ(document.error().code, core::ErrorCode::InvalidValue);
  EXPECT_EQ(document.error().problems.at(0).field, "signalId");
}

TEST(PostedForm, EveryOtherFormNamesItsSignal) {
  for (const core::Stage stage :
       {core::Stage::Contribution, core::Stage::Decision, core::Stage::Closure}) {
    const auto document = stage_document(stage, std::nullopt, kSubmitter, catalogue(), {});
    EXPECT_EQ(document.error().code, core::ErrorCode::InvalidValue) << core::to_token(stage);
    EXPECT_EQ(document.error().problems.at(0).field, "signalId") << core::to_token(stage);
  }
}

TEST(PostedForm, AFieldTheIntakeFormDoesNotHaveIsRefused) {
  const auto document =
      stage_document(core::Stage::Intake, std::nullopt, kSubmitter, catalogue(),
                     *parse_urlencoded(std::string(kIntakeAnswers) + "&feiten.wat=Gezien"));
  EXPECT_EQ(document.error().code, core::ErrorCode::InvalidValue);
  EXPECT_NE(document.error().message.find("does not have"), std::string::npos);
}

TEST(PostedForm, AnIntakeLeftHalfFilledIsRefusedAtTheQuestionsAsThePersonSeesThem) {
  const auto posted = *parse_urlencoded(
      "intake.received-on=&intake.subject.name=&intake.subject.birth-date=2007-03-14"
      "&intake.observed-facts=Gezien");
  const auto document =
      stage_document(core::Stage::Intake, std::nullopt, kSubmitter, catalogue(), posted);
  ASSERT_TRUE(document.ok()) << document.error().message;
  const auto refusal = contract_schema().validate(*document.value());
  ASSERT_FALSE(refusal.ok());
  std::vector<std::string> labels;
  for (const auto& problem : shown_problems(refusal.error(), catalogue(), core::Stage::Intake, posted))
    labels.push_back(problem.label);
  for (const char* question : {"Datum van ontvangst (JJJJ-MM-DD)", "Naam van de persoon",
                               "Hoe is de melding binnengekomen?", "Wie heeft gemeld?"})
    EXPECT_NE(std::ranges::find(labels, question), labels.end()) << question;
  EXPECT_EQ(std::ranges::find(labels, "Het formulier"), labels.end());
}

TEST(PostedForm, OfTwoIntakeQuestionsUnderOneElementNameTheOneLeftEmptyIsNamed) {
  const core::Error refusal{core::ErrorCode::SchemaInvalid, "Niet juist.",
                            {{"municipality", "Vul dit in."}}};
  const auto shown = shown_problems(
      refusal, catalogue(), core::Stage::Intake,
      *parse_urlencoded("intake.municipality=Utrecht&intake.subject.municipality="));
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].field, "intake.subject.municipality");
  EXPECT_EQ(shown[0].label, "Woongemeente van de persoon");
}

TEST(PostedForm, TheRegistrationsOwnProblemIsShownAtItsQuestion) {
  const core::Error refusal{core::ErrorCode::InvalidValue, "Kan niet kloppen.",
                            {{"subject/bsn", "Controleer het."}}};
  const auto shown = shown_problems(refusal, catalogue(), core::Stage::Intake, {});
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].field, "intake.subject.bsn");
  EXPECT_EQ(shown[0].label, "BSN van de persoon");
}

TEST(PostedForm, ADecisionProblemOfAPartnerIsShownAtWhoWasPresentForIt) {
  const core::Error refusal{core::ErrorCode::ParticipantsMissing, "Niet compleet.",
                            {{"participants/politie", "Vul in wie er was."}}};
  const auto shown = shown_problems(refusal, catalogue(), core::Stage::Decision, {});
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].field, "decision.present.politie");
  EXPECT_EQ(shown[0].label, "Aanwezig namens de politie (naam en functie)");
}

TEST(PostedForm, AnUnansweredQuestionIsLeftOutForThePluginToName) {
  const auto fields = parse_urlencoded("s.text=&s.assess=yes");
  const std::string text = serialized(stage_document(core::Stage::Contribution, kSignal, kSubmitter, catalogue(), *fields));
  EXPECT_EQ(text.find("criterion=\"s.text\""), std::string::npos) << text;
  EXPECT_NE(text.find("criterion=\"s.assess\""), std::string::npos) << text;
}

TEST(PostedForm, AFieldTheFormHasOnceSentTwiceIsRefusedAndNothingBuilt) {
  for (const char* body : {"s.text=a&s.text=b", "s.assess=yes&s.assess=no",
                           "contribution.position=criminal-route&contribution.position=refer-elsewhere",
                           "s.assess.reasoning=a&s.assess.reasoning=b"}) {
    const auto document = stage_document(core::Stage::Contribution, kSignal, kSubmitter, catalogue(), *parse_urlencoded(body));
    ASSERT_FALSE(document.ok()) << body;
    EXPECT_EQ(document.error().code, core::ErrorCode::InvalidValue) << body;
    EXPECT_NE(document.error().message.find("more than once"), std::string::npos) << body;
  }
}

TEST(PostedForm, CheckBoxesMayRepeat) {
  const auto fields = parse_urlencoded("s.many=x&s.many=y&s.assess.evidence=observed-facts"
                                       "&s.assess.evidence-ref=c1&s.assess.evidence-ref=c2");
  EXPECT_TRUE(stage_document(core::Stage::Contribution, kSignal, kSubmitter, catalogue(), *fields).ok());
}

TEST(PostedForm, ProblemsAreNamedByTheQuestionAsThePersonSeesIt) {
  const core::Error refusal{core::ErrorCode::CriteriaIncomplete, "Niet compleet.",
                            {{"s.text", "Beantwoord deze vraag."},
                             {"legalBasis", "Beantwoord deze vraag."},
                             {"s.text", "Beantwoord deze vraag."},
                             {"document", "Beantwoord deze vraag."}}};
  const auto shown = shown_problems(refusal, catalogue(), core::Stage::Contribution, {});
  ASSERT_EQ(shown.size(), 3u);
  EXPECT_EQ(shown[0].field, "s.text");
  EXPECT_EQ(shown[0].label, "Vraag s.text");
  EXPECT_EQ(shown[1].field, "contribution.legal-basis");
  EXPECT_EQ(shown[1].label, "Wettelijke grondslag voor het delen");
  EXPECT_EQ(shown[2].field, "");
  EXPECT_EQ(shown[2].label, "Het formulier");
}

}  // namespace
}  // namespace zvhpga::contract
