// The partner table narrows a partner kind's default roles and widens them only explicitly, per
// role and door (docs/configuration.md, "Partners").
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/configuration.h"
#include "xml/schema.h"

namespace zvhpga::config {
namespace {

using core::Door;
using core::Role;

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const xml::Schema& config_schema() {
  static const xml::Schema schema(
      read(std::filesystem::path(ZVHPGA_SCHEMAS_DIR) / "zvhpga-config-v1.xsd"));
  return schema;
}

class PartnerRoles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "zvhpga-partner-roles-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // The shipped configuration with `elements` added to the entry of gemeente-utrecht.
  core::Result<Configuration> load_with_gemeente(const std::string& elements) const {
    std::string text = read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / "zvhpga.xml");
    const std::string region = "<region>midden-nederland</region>";
    text.insert(text.find(region) + region.size(), elements);
    const auto file = directory_ / "zvhpga.xml";
    std::ofstream(file) << text;
    return load_configuration(file, config_schema());
  }

  static const Partner& gemeente(const Configuration& config) {
    return *config.find_partner("gemeente-utrecht");
  }

  std::filesystem::path directory_;
};

TEST_F(PartnerRoles, WithoutRoleElementsThePartnerHasItsKindsDefaults) {
  const auto config = load_with_gemeente("");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(gemeente(*config).grants(Role::PrivacyOfficer, Door::Abi));
  EXPECT_FALSE(gemeente(*config).grants(Role::PrivacyOfficer, Door::WebService));
  EXPECT_TRUE(gemeente(*config).grants(Role::WeegploegMember, Door::WebService));
  EXPECT_FALSE(gemeente(*config).grants(Role::ProcessDirector, Door::Abi));
}

TEST_F(PartnerRoles, RoleElementsNarrowTheDefaults) {
  const auto config = load_with_gemeente("<role>intake-officer</role><role>privacy-officer</role>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(gemeente(*config).grants(Role::IntakeOfficer, Door::WebService));
  EXPECT_FALSE(gemeente(*config).grants(Role::WeegploegMember, Door::Abi));
  EXPECT_TRUE(gemeente(*config).grants(Role::PrivacyOfficer, Door::Abi));
}

TEST_F(PartnerRoles, NarrowingNeverWidensAtADoorWhereTheKindLacksTheRole) {
  const auto config = load_with_gemeente("<role>privacy-officer</role>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_FALSE(gemeente(*config).grants(Role::PrivacyOfficer, Door::WebService));
}

TEST_F(PartnerRoles, RoleElementOutsideTheKindsDefaultsIsRefusedAsAWidening) {
  const auto config = load_with_gemeente("<role>process-director</role>");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, core::ErrorCode::InvalidConfiguration);
  EXPECT_NE(config.error().message.find("<extraRole>"), std::string::npos)
      << config.error().message;
}

TEST_F(PartnerRoles, ExtraRoleWidensOnlyAtTheDoorItNames) {
  const auto config = load_with_gemeente("<extraRole door=\"web-service\">privacy-officer</extraRole>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(gemeente(*config).grants(Role::PrivacyOfficer, Door::WebService));
  EXPECT_FALSE(gemeente(*config).grants(Role::Auditor, Door::WebService));
}

TEST_F(PartnerRoles, ExtraRoleWithoutADoorWidensAtBoth) {
  const auto config = load_with_gemeente("<extraRole>process-director</extraRole>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(gemeente(*config).grants(Role::ProcessDirector, Door::Abi));
  EXPECT_TRUE(gemeente(*config).grants(Role::ProcessDirector, Door::WebService));
}

TEST_F(PartnerRoles, ExtraRoleWidensBesideANarrowing) {
  const auto config = load_with_gemeente(
      "<role>weegploeg-member</role><extraRole door=\"abi\">process-director</extraRole>");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(gemeente(*config).grants(Role::ProcessDirector, Door::Abi));
  EXPECT_FALSE(gemeente(*config).grants(Role::ProcessDirector, Door::WebService));
  EXPECT_FALSE(gemeente(*config).grants(Role::IntakeOfficer, Door::Abi));
}

TEST_F(PartnerRoles, UnknownDoorIsRefusedByTheSchema) {
  const auto config = load_with_gemeente("<extraRole door=\"fax\">auditor</extraRole>");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, core::ErrorCode::InvalidConfiguration);
}

TEST_F(PartnerRoles, ShippedConfigurationsGrantEachPartnerOnlyItsKindsDefaults) {
  for (const char* name : {"zvhpga.xml", "zvhpga-dev.xml", "zvhpga-installed.xml"}) {
    const std::string text = read(std::filesystem::path(ZVHPGA_CONFIG_DIR) / name);
    EXPECT_EQ(text.find("<extraRole"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace zvhpga::config
