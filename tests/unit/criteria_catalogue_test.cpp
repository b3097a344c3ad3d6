// Reading a criteria catalogue: the shipped one, and the refusals a region's catalogue gets
// with every reason listed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/statistics.h"
#include "criteria/catalogue_reader.h"

namespace zvhpga::criteria {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const xml::Schema& schema() {
  static const xml::Schema compiled(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-criteria-v1.xsd"));
  return compiled;
}

std::string shipped() {
  return read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "criteria" / "pga-criteria-2026-1.xml");
}

std::string replaced(std::string text, const std::string& pattern, const std::string& with) {
  return std::regex_replace(text, std::regex(pattern), with, std::regex_constants::format_first_only);
}

std::vector<std::string> fields(const core::Error& error) {
  std::vector<std::string> result;
  for (const core::Problem& problem : error.problems) result.push_back(problem.field);
  return result;
}

TEST(CriteriaCatalogue, ShippedCatalogueCoversWhatTheWeighingNeeds) {
  const auto catalogue = read_catalogue(shipped(), schema());
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  EXPECT_EQ(catalogue->version, "2026.1");
  EXPECT_EQ(catalogue->issued_on, "2026-11-28");
  std::vector<std::string> sections;
  for (const core::Section& section : catalogue->sections) sections.push_back(section.id);
  EXPECT_EQ(sections, (std::vector<std::string>{"feiten", "radicalisering", "samenhang", "sociaal",
                                                "zelfredzaamheid", "beschermend", "onbekend",
                                                "proportionaliteit", "duiding"}));
  const core::Criterion* phenomenon = catalogue->find("duiding.fenomeen");
  ASSERT_NE(phenomenon, nullptr);
  EXPECT_TRUE(phenomenon->multiple);
  std::vector<std::string> options;
  for (const auto& option : phenomenon->options) options.push_back(option.value);
  for (const char* expected : {"jihadisme", "rechts-extremisme", "links-extremisme",
                               "anti-institutioneel-extremisme", "onduidelijk", "geen"})
    EXPECT_NE(std::ranges::find(options, expected), options.end()) << expected;
  EXPECT_NE(catalogue->find("duiding.zekerheid"), nullptr);
}

// The statistics' phenomena (the intake's phenomenon hypothesis, and "none" for a hypothesis
// naming none) are the phenomena the form offers: a category the form offers but the figures
// cannot count is a blind spot in the bias monitor. The contract's tokens are the catalogue's
// values but for the three the catalogue says in Dutch.
TEST(CriteriaCatalogue, StatisticsCountThePhenomenaTheFormOffers) {
  const auto catalogue = read_catalogue(shipped(), schema());
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  const core::Criterion* phenomenon = catalogue->find("duiding.fenomeen");
  ASSERT_NE(phenomenon, nullptr);
  const std::map<std::string, std::string> in_english{
      {"anders", "other"}, {"onduidelijk", "unclear"}, {"geen", std::string(core::kNoPhenomenon)}};
  std::vector<std::string> offered;
  for (const auto& option : phenomenon->options) {
    const auto english = in_english.find(option.value);
    offered.push_back(english == in_english.end() ? option.value : english->second);
  }
  // Every breakdown lists every category, zeros included.
  std::vector<std::string> counted;
  for (const auto& figure : core::publish_statistics({}, 5).by_phenomenon.figures)
    counted.push_back(figure.category);
  std::ranges::sort(offered);
  std::ranges::sort(counted);
  EXPECT_EQ(counted, offered);
}

TEST(CriteriaCatalogue, ShippedCatalogueAsksTheDecisionNoFactsOfItsOwn) {
  const auto catalogue = read_catalogue(shipped(), schema());
  ASSERT_TRUE(catalogue.ok());
  for (const core::Criterion* criterion : catalogue->criteria_for(core::Stage::Decision))
    EXPECT_FALSE(criterion->id.starts_with("feiten.")) << criterion->id;
  EXPECT_EQ(catalogue->criteria_for(core::Stage::Contribution).size(),
            catalogue->criteria_for(core::Stage::Decision).size() + 4);
}

TEST(CriteriaCatalogue, SchemaViolationIsRefusedWithEveryProblem) {
  std::string text = replaced(shipped(), R"(answer="assessment")", R"(answer="score")");
  text = replaced(text, R"(stages="contribution decision")", R"(stages="ranking")");
  const auto catalogue = read_catalogue(text, schema());
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::CatalogueRefused);
  EXPECT_GE(catalogue.error().problems.size(), 2u);
}

TEST(CriteriaCatalogue, ReusedIdentifierIsRefusedNamingBothPlaces) {
  const auto catalogue = read_catalogue(
      replaced(shipped(), R"(id="zelfredzaamheid.beperkt")", R"(id="sociaal.relaties")"), schema());
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::CatalogueRefused);
  ASSERT_EQ(fields(catalogue.error()), std::vector<std::string>{"sociaal.relaties"});
  EXPECT_NE(catalogue.error().problems[0].message.find("section 'sociaal'"), std::string::npos);
  EXPECT_NE(catalogue.error().problems[0].message.find("section 'zelfredzaamheid'"),
            std::string::npos);
}

TEST(CriteriaCatalogue, InconsistentCriteriaAreAllListed) {
  std::string text = replaced(shipped(),
                              R"(<option value="voorlopig">[^<]*</option>\s*<option value="redelijk">[^<]*</option>)",
                              "");
  text = replaced(text, R"(id="onbekend.ontbrekend" answer="text" reasoning="optional")",
                  R"(id="onbekend.ontbrekend" answer="text" reasoning="for-yes-and-no")");
  text = replaced(text, R"(id="sociaal.relaties" answer="assessment")",
                  R"(id="sociaal.relaties" answer="assessment" multiple="true")");
  const auto catalogue = read_catalogue(text, schema());
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(fields(catalogue.error()),
            (std::vector<std::string>{"sociaal.relaties", "onbekend.ontbrekend",
                                      "duiding.zekerheid"}));
}

TEST(CriteriaCatalogue, MalformedTextIsRefused) {
  const auto catalogue = read_catalogue("<catalogue", schema());
  ASSERT_FALSE(catalogue.ok());
  EXPECT_EQ(catalogue.error().code, core::ErrorCode::CatalogueRefused);
}

}  // namespace
}  // namespace zvhpga::criteria
