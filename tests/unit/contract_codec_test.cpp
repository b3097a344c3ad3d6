// Every example validates, decodes into the operation it names, and every response the codec
// writes validates against the same contract.
#include "contract/codec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "xml/schema.h"

namespace zvhpga::contract {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const xml::Schema& contract_schema() {
  static const xml::Schema schema(read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-contract-v1.xsd"));
  return schema;
}

xml::Document example(const std::string& name) {
  auto doc = xml::parse_untrusted(read(std::filesystem::path(ZVHPGA_EXAMPLES_DIR) / name), 1 << 20);
  EXPECT_TRUE(doc.ok()) << name;
  return std::move(doc.value());
}

struct ExampleCase {
  const char* file;
  core::Operation operation;
};

class Example : public ::testing::TestWithParam<ExampleCase> {};

TEST_P(Example, ValidatesAndDecodesAsItsOperation) {
  xml::Document doc = example(GetParam().file);
  ASSERT_TRUE(contract_schema().validate(*doc).ok()) << GetParam().file;
  const xmlNode& root = *xmlDocGetRootElement(doc.get());
  ASSERT_EQ(identify_operation(root), GetParam().operation);
  EXPECT_EQ(operation_of(decode_request(GetParam().operation, root)), GetParam().operation);
}

INSTANTIATE_TEST_SUITE_P(
    AllExamples, Example,
    ::testing::Values(ExampleCase{"register-signal.xml", core::Operation::RegisterSignal},
                      ExampleCase{"contribution-gemeente.xml", core::Operation::SubmitContribution},
                      ExampleCase{"contribution-politie.xml", core::Operation::SubmitContribution},
                      ExampleCase{"contribution-om.xml", core::Operation::SubmitContribution},
                      ExampleCase{"revise-contribution-om.xml", core::Operation::SubmitContribution},
                      ExampleCase{"record-decision.xml", core::Operation::RecordDecision},
                      ExampleCase{"close-signal.xml", core::Operation::CloseSignal},
                      ExampleCase{"get-signal.xml", core::Operation::GetSignal},
                      ExampleCase{"list-worklist.xml", core::Operation::ListWorklist},
                      ExampleCase{"get-form.xml", core::Operation::GetForm},
                      ExampleCase{"get-statistics.xml", core::Operation::GetStatistics},
                      ExampleCase{"withdraw-signal.xml", core::Operation::WithdrawSignal},
                      ExampleCase{"triage-out-signal.xml", core::Operation::TriageOutSignal},
                      ExampleCase{"forecast-retention.xml", core::Operation::ForecastRetention},
                      ExampleCase{"submit-form.xml", core::Operation::SubmitForm},
                      ExampleCase{"submit-form-intake.xml", core::Operation::SubmitForm}),
    [](const auto& param_info) {
      std::string name = param_info.param.file;
      name = name.substr(0, name.find('.'));
      for (char& c : name)
        if (c == '-') c = '_';
      return name;
    });

TEST(Codec, RegisterSignalDecodesEveryIntakeField) {
  xml::Document doc = example("register-signal.xml");
  const auto request = std::get<RegisterSignal>(
      decode_request(core::Operation::RegisterSignal, *xmlDocGetRootElement(doc.get())));
  const core::SignalIntake& intake = request.intake;
  EXPECT_EQ(intake.receiving_partner, core::PartnerKind::Gemeente);
  EXPECT_EQ(intake.channel, core::Channel::Meldpunt);
  EXPECT_EQ(intake.reporter_type, core::ReporterType::LocalPartner);
  EXPECT_EQ(intake.received_on, "2026-11-16");
  EXPECT_EQ(intake.subject.bsn, "111222333");
  EXPECT_EQ(intake.phenomenon_hypothesis.size(), 2u);
  EXPECT_TRUE(intake.online_component);
  EXPECT_EQ(intake.region, "midden-nederland");
}

TEST(Codec, ContributionWithoutInformationHeldDecodesAsExplicitNone) {
  xml::Document doc = example("contribution-om.xml");
  const auto request = std::get<SubmitContribution>(
      decode_request(core::Operation::SubmitContribution, *xmlDocGetRootElement(doc.get())));
  EXPECT_FALSE(request.information_held.has_value());
  EXPECT_EQ(request.position, core::Course::NoFurtherAction);
}

TEST(Codec, ResponseDocumentIsNotARequest) {
  auto doc = xml::parse_untrusted(
      "<RegisterSignalResponse xmlns='urn:nl:zvh-pga:contract:1'/>", 1024);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(identify_operation(*xmlDocGetRootElement(doc.value().get())).has_value());
}

TEST(Codec, RequestInAnotherNamespaceIsNotRecognised) {
  auto doc = xml::parse_untrusted("<GetSignalRequest xmlns='urn:other'/>", 1024);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(identify_operation(*xmlDocGetRootElement(doc.value().get())).has_value());
}

TEST(Codec, ErrorDocumentWithProblemsValidates) {
  xml::Document doc = encode_error({core::ErrorCode::ContributionsMissing, "missing <om> & co",
                                    {{"contribution/om", "the OM has not contributed"}}});
  EXPECT_TRUE(contract_schema().validate(*doc).ok());
  const std::string text = xml::serialize(*doc);
  EXPECT_NE(text.find("contributions-missing"), std::string::npos);
  EXPECT_NE(text.find("missing &lt;om&gt; &amp; co"), std::string::npos);
}

TEST(Codec, SchemaViolationsAreAllListedWithTheirLines) {
  auto doc = xml::parse_untrusted(
      "<CloseSignalRequest xmlns='urn:nl:zvh-pga:contract:1'>\n"
      "<signalId>not-an-id</signalId>\n<closedOn>yesterday</closedOn>\n<reason>r</reason>"
      "</CloseSignalRequest>",
      4096);
  ASSERT_TRUE(doc.ok());
  auto valid = contract_schema().validate(*doc.value());
  ASSERT_FALSE(valid.ok());
  EXPECT_EQ(valid.error().code, core::ErrorCode::SchemaInvalid);
  ASSERT_GE(valid.error().problems.size(), 2u);
  EXPECT_EQ(valid.error().problems[0].field, "signalId");
  EXPECT_NE(valid.error().problems[0].message.find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace zvhpga::contract
