// The time limits per stage and the grounds for postponing informing the person are
// configuration, unconfirmed unless the region says otherwise (docs/configuration.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/configuration.h"
#include "xml/schema.h"

namespace zvhpga::config {
namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ConfiguredLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "zvhpga-configured-limits-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // The shipped configuration with `elements` added at its end.
  core::Result<Configuration> load_with(const std::string& elements) const {
    static const xml::Schema schema(
        read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-config-v1.xsd"));
    std::string text = read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "zvhpga.xml");
    text.insert(text.rfind("</configuration>"), elements);
    const auto file = directory_ / "zvhpga.xml";
    std::ofstream(file) << text;
    return load_configuration(file, schema);
  }

  std::filesystem::path directory_;
};

TEST_F(ConfiguredLimits, WithoutTheElementsTheShippedLimitsAndGroundsHoldUnconfirmed) {
  const auto config = load_with("");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->time_limits.first_contribution_days, 14);
  EXPECT_EQ(config->time_limits.inclusion_review_months, 12);
  EXPECT_FALSE(config->time_limits_confirmed);
  EXPECT_EQ(config->informing_grounds.size(), default_informing_grounds().size());
  EXPECT_FALSE(config->informing_grounds_confirmed);
}

TEST_F(ConfiguredLimits, AConfiguredLimitReplacesItsDefaultAndLeavesTheOthers) {
  const auto config = load_with(
      "<timeLimits confirmed='true'><decisionDays>10</decisionDays></timeLimits>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->time_limits.decision_days, 10);
  EXPECT_EQ(config->time_limits.all_contributions_days, 28);
  EXPECT_TRUE(config->time_limits_confirmed);
}

TEST_F(ConfiguredLimits, ConfiguredGroundsReplaceTheShippedList) {
  const auto config = load_with(
      "<informingGrounds><ground code='eigen-1'>Eigen grond.</ground></informingGrounds>");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->informing_grounds.size(), 1u);
  EXPECT_EQ(config->informing_grounds[0].code, "eigen-1");
  EXPECT_EQ(config->informing_grounds[0].meaning, "Eigen grond.");
  EXPECT_FALSE(config->informing_grounds_confirmed);
}

TEST_F(ConfiguredLimits, TwoGroundsWithOneCodeAreRefused) {
  EXPECT_FALSE(load_with("<informingGrounds><ground code='a'>Een.</ground>"
                         "<ground code='a'>Twee.</ground></informingGrounds>"));
}

}  // namespace
}  // namespace zvhpga::config
