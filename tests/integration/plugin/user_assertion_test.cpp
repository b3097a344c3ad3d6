// User assertions through the C ABI, as a host sees them (docs/configuration.md, "User
// assertions"): the gemeente's partner entry names its identity provider's key, so each of its
// requests must carry a fresh assertion signed with it; the other partners are unchanged.
#include <fstream>
#include <sstream>

#include "plugin_fixture.h"
#include "test_identity_provider.h"

namespace zvhpga::testing {
namespace {

constexpr const char* kServiceOin = "00000099823288444000";
// The door presents the organisation only, as the web service does.
const Caller kGemeenteSystem{"gemeente-utrecht", "", ""};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The document with a requestedBy holding `inner` as its first child.
std::string requested_by(std::string document, const std::string& inner) {
  const std::string root_end = "xmlns=\"urn:nl:zvh-pga:contract:1\">";
  document.insert(document.find(root_end) + root_end.size(), "<requestedBy>" + inner + "</requestedBy>");
  return document;
}

// requestedBy as the gemeente's system fills it in: the user and role its identity provider
// signed for, and the assertion.
std::string with_assertion(const std::string& document, const std::string& token,
                           const std::string& role = "intake-officer") {
  return requested_by(document, "<user>a.jansen</user><role>" + role + "</role><assertion>" +
                                    token + "</assertion>");
}

class UserAssertions : public PluginTest {
 protected:
  void SetUp() override {
    PluginTest::SetUp();
    if (HasFatalFailure()) return;
    provider_.write_public_key(directory_ / "gemeente-idp.pem");
    std::string config = read(directory_ / "zvhpga.xml");
    const std::string region = "<region>midden-nederland</region>";  // the gemeente's, first
    config.insert(config.find(region) + region.size(), "<assertionKey>gemeente-idp.pem</assertionKey>");
    config.insert(config.find("</partners>") + std::string("</partners>").size(),
                  std::string("<userAssertions><serviceOin>") + kServiceOin +
                      "</serviceOin></userAssertions>");
    std::ofstream(directory_ / "zvhpga.xml") << config;
    const Reply reopened = reopen();
    ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
  }

  std::string sign(const std::string& role = "intake-officer") const {
    auto claims = AssertionClaims::valid_for(kServiceOin);
    claims.role = role;
    return provider_.sign(claims);
  }

  // Expects a refusal with this code that left every table but the audit trail and the
  // processing log as it was, with the refusal as the newest audit record.
  void expect_refused(const Caller& caller, const std::string& request, const std::string& code) {
    auto before = store_fingerprint();
    const Reply reply = call(caller, request);
    EXPECT_EQ(reply.status, ZVHPGA_REJECTED) << reply.document;
    EXPECT_EQ(reply.error_code(), code) << reply.document;
    auto after = store_fingerprint();
    EXPECT_EQ(after["pga_audit_record"], before["pga_audit_record"] + 1);
    EXPECT_EQ(last_audit_result(), "refused:" + code);
    for (const char* log : {"pga_audit_record", "pga_processing_log"}) {
      before.erase(log);
      after.erase(log);
    }
    EXPECT_EQ(after, before);
  }

  TestIdentityProvider provider_;
};

TEST_F(UserAssertions, AValidAssertionNamesTheUserAndRoleThatActAndAreAudited) {
  const Reply reply = call(kGemeenteSystem, with_assertion(example("register-signal.xml"), sign()));

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  const auto audit = query(
      "SELECT actor_user, actor_role, result FROM pga_audit_record ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(audit[0], (std::vector<std::string>{"a.jansen", "intake-officer", "success"}));
}

TEST_F(UserAssertions, AReplayedAssertionIsRefusedAndChangesNothing) {
  const std::string request = with_assertion(example("register-signal.xml"), sign());
  ASSERT_EQ(call(kGemeenteSystem, request).status, ZVHPGA_OK);

  expect_refused(kGemeenteSystem, request, "not-authorized");
  EXPECT_EQ(query("SELECT count(*) FROM pga_signal")[0][0], "1");
}

TEST_F(UserAssertions, AnAssertionUsedThroughOneInstanceIsRefusedByAnotherOnTheSameStore) {
  const std::string request = with_assertion(example("register-signal.xml"), sign());
  zvhpga_instance* other = nullptr;
  const std::string path = (directory_ / "zvhpga.xml").string();
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  ASSERT_EQ(zvhpga_open(path.data(), path.size(), &other, &error), ZVHPGA_OK)
      << (error.data ? error.data : "");
  zvhpga_free(&error);
  ASSERT_EQ(call(kGemeenteSystem, request).status, ZVHPGA_OK);

  std::swap(instance_, other);
  expect_refused(kGemeenteSystem, request, "not-authorized");
  std::swap(instance_, other);
  zvhpga_close(other);
}

TEST_F(UserAssertions, ARequestWithoutAnAssertionIsRefusedForThatPartner) {
  expect_refused(kIntake, example("register-signal.xml"), "not-authorized");
  expect_refused(kGemeenteSystem,
                 requested_by(example("register-signal.xml"),
                              "<user>a.jansen</user><role>intake-officer</role>"),
                 "not-authorized");
}

TEST_F(UserAssertions, AnExpiredAssertionIsRefused) {
  auto claims = AssertionClaims::valid_for(kServiceOin);
  claims.iat -= 1000;
  claims.exp = claims.iat + 300;

  expect_refused(kGemeenteSystem, with_assertion(example("register-signal.xml"), provider_.sign(claims)),
                 "not-authorized");
}

TEST_F(UserAssertions, AnAssertionSignedByAnotherProviderIsRefused) {
  const TestIdentityProvider impostor;

  expect_refused(kGemeenteSystem,
                 with_assertion(example("register-signal.xml"),
                                impostor.sign(AssertionClaims::valid_for(kServiceOin))),
                 "not-authorized");
}

TEST_F(UserAssertions, AnAssertionForAnotherServiceIsRefused) {
  expect_refused(kGemeenteSystem,
                 with_assertion(example("register-signal.xml"),
                                provider_.sign(AssertionClaims::valid_for("00000001003214345000"))),
                 "not-authorized");
}

TEST_F(UserAssertions, TheUserAndRoleInRequestedByMustBeThoseTheAssertionNames) {
  expect_refused(kGemeenteSystem,
                 requested_by(example("register-signal.xml"),
                              "<user>b.bakker</user><role>intake-officer</role><assertion>" +
                                  sign() + "</assertion>"),
                 "not-authorized");
  expect_refused(kGemeenteSystem,
                 with_assertion(example("register-signal.xml"), sign(), "weegploeg-chair"),
                 "not-authorized");
  const Caller door_with_other_role{"gemeente-utrecht", "weegploeg-chair", ""};
  expect_refused(door_with_other_role, with_assertion(example("register-signal.xml"), sign()),
                 "not-authorized");
}

TEST_F(UserAssertions, TheAssertedRoleIsCheckedAsAnyRole) {
  // An auditor may not register a signal, however well it is asserted.
  expect_refused(kGemeenteSystem,
                 with_assertion(example("register-signal.xml"), sign("auditor"), "auditor"),
                 "not-authorized");
}

TEST_F(UserAssertions, AMalformedAssertionIsRefused) {
  expect_refused(kGemeenteSystem, with_assertion(example("register-signal.xml"), "not.a.jws"),
                 "not-authorized");
}

TEST_F(UserAssertions, APartnerWithoutAKeyActsAsBeforeAndMayNotSendAnAssertion) {
  const std::string signal = [&] {
    const Reply registered = call(kGemeenteSystem, with_assertion(example("register-signal.xml"), sign()));
    return registered.text_of("signalId");
  }();
  ASSERT_FALSE(signal.empty());

  EXPECT_EQ(call(kPolitie, example("contribution-politie.xml", signal)).status, ZVHPGA_OK);
  expect_refused(kPolitie, with_assertion(example("contribution-om.xml", signal), sign()),
                 "not-authorized");
}

TEST_F(UserAssertions, AnAssertionKeyFileThatIsMissingStopsTheOpenWithItsName) {
  std::filesystem::remove(directory_ / "gemeente-idp.pem");

  const Reply reopened = reopen();

  EXPECT_EQ(reopened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(reopened.document.find("gemeente-idp.pem does not exist"), std::string::npos)
      << reopened.document;
  EXPECT_NE(reopened.document.find("gemeente-utrecht"), std::string::npos) << reopened.document;
}

TEST_F(UserAssertions, AnAssertionKeyOnAnotherCurveStopsTheOpen) {
  TestIdentityProvider("P-384").write_public_key(directory_ / "gemeente-idp.pem");

  const Reply reopened = reopen();

  EXPECT_EQ(reopened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(reopened.document.find("P-256"), std::string::npos) << reopened.document;
}

TEST_F(UserAssertions, AnAssertionKeyWithoutTheServiceOinStopsTheOpen) {
  std::string config = read(directory_ / "zvhpga.xml");
  const auto start = config.find("<userAssertions>");
  const auto end = config.find("</userAssertions>") + std::string("</userAssertions>").size();
  config.erase(start, end - start);
  std::ofstream(directory_ / "zvhpga.xml") << config;

  const Reply reopened = reopen();

  EXPECT_EQ(reopened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(reopened.document.find("serviceOin"), std::string::npos) << reopened.document;
}

}  // namespace
}  // namespace zvhpga::testing
