// Roles are bound to partner kinds, deny by default (docs/roles.md, "Roles per partner kind"):
// a role a partner may not assert is refused at the ABI for every operation, on record with what
// the caller claimed, and changes nothing. And identity fields are valid text: refused when they
// are not, and a dossier that already holds such a value still reads.
#include "plugin_fixture.h"

#include <tuple>

namespace zvhpga::testing {
namespace {

// Every partner of the shipped configuration (config/zvhpga.xml) with the roles its kind does
// not assert at the ABI (docs/roles.md), and the zvh's that its partner entry narrows away.
const std::vector<std::pair<std::string, std::vector<std::string>>> kRolesNotGranted = {
    {"gemeente-utrecht", {"process-director"}},
    {"politie-midden-nederland", {"process-director", "privacy-officer"}},
    {"om-midden-nederland", {"process-director", "privacy-officer"}},
    {"zvh-utrecht",
     {"intake-officer", "weegploeg-member", "weegploeg-chair", "privacy-officer", "auditor",
      "administrator"}},
};

const char* const kOperations[] = {
    "RegisterSignal",     "SubmitContribution", "RecordDecision",     "CloseSignal",
    "GetSignal",          "ListWorklist",       "VerifyAuditTrail",   "ExportSubjectData",
    "ReleaseSubjectData", "WithholdItem",       "IsPersonKnown",      "GetForm",
    "GetStatistics",      "PlaceLegalHold",     "ReleaseLegalHold",   "ApproveDestruction",
    "ProposeTransfer",    "RespondToTransfer",  "RecordInforming",    "RecordInclusionReview",
    "WithdrawSignal",     "TriageOutSignal",    "ForecastRetention",  "SubmitForm",
};

using Claim = std::tuple<std::string, std::string, std::string>;  // partner, role, operation

std::vector<Claim> claims_not_granted() {
  std::vector<Claim> claims;
  for (const auto& [partner, roles] : kRolesNotGranted)
    for (const std::string& role : roles)
      for (const char* operation : kOperations) claims.emplace_back(partner, role, operation);
  return claims;
}

class RoleNotGranted : public PluginTest, public ::testing::WithParamInterface<Claim> {
 protected:
  // A signal the weegploeg decided not to pursue: locked to all but the privacy officer.
  std::string locked_signal() {
    const std::string id = ready_signal();
    std::string decision = example("record-decision.xml", id);
    const std::string outcome = "<outcome>include-in-casusoverleg</outcome>";
    decision.replace(decision.find(outcome), outcome.size(), "<outcome>no-further-action</outcome>");
    EXPECT_EQ(call(kChair, decision).status, ZVHPGA_OK);
    return id;
  }

  static std::string request(const std::string& operation, const std::string& id) {
    const std::string ns = "xmlns='urn:nl:zvh-pga:contract:1'";
    if (operation == "PlaceLegalHold")
      return "<PlaceLegalHoldRequest " + ns + "><signalId>" + id + "</signalId><reason>Bezwaar."
             "</reason><reviewOn>2099-01-01</reviewOn></PlaceLegalHoldRequest>";
    if (operation == "ReleaseLegalHold")
      return "<ReleaseLegalHoldRequest " + ns + "><signalId>" + id + "</signalId><holdId>" + id +
             "</holdId></ReleaseLegalHoldRequest>";
    if (operation == "ApproveDestruction")
      return "<ApproveDestructionRequest " + ns + "><proposalId>" + id +
             "</proposalId></ApproveDestructionRequest>";
    const std::map<std::string, std::string> examples = {
        {"RegisterSignal", "register-signal.xml"},
        {"SubmitContribution", "contribution-gemeente.xml"},
        {"RecordDecision", "record-decision.xml"},
        {"CloseSignal", "close-signal.xml"},
        {"GetSignal", "get-signal.xml"},
        {"ListWorklist", "list-worklist.xml"},
        {"VerifyAuditTrail", "verify-audit-trail.xml"},
        {"ExportSubjectData", "export-subject-data.xml"},
        {"ReleaseSubjectData", "release-subject-data.xml"},
        {"WithholdItem", "withhold-item.xml"},
        {"IsPersonKnown", "is-person-known.xml"},
        {"GetForm", "get-form.xml"},
        {"GetStatistics", "get-statistics.xml"},
        {"ProposeTransfer", "propose-transfer.xml"},
        {"RespondToTransfer", "respond-to-transfer.xml"},
        {"RecordInforming", "record-informing.xml"},
        {"RecordInclusionReview", "record-inclusion-review.xml"},
        {"WithdrawSignal", "withdraw-signal.xml"},
        {"TriageOutSignal", "triage-out-signal.xml"},
        {"ForecastRetention", "forecast-retention.xml"},
        {"SubmitForm", "submit-form.xml"},
    };
    return example(examples.at(operation), id);
  }
};

TEST_P(RoleNotGranted, IsRefusedOnRecordWithTheClaimAndChangesNothing) {
  const auto& [partner, role, operation] = GetParam();
  const std::string id = locked_signal();
  const Caller claimed{partner, role, "claimed.user"};
  const Reply reply = expect_refused(claimed, request(operation, id), "not-authorized");
  EXPECT_NE(reply.text_of("message").find("does not grant the role " + role + " to " + partner),
            std::string::npos)
      << reply.document;
  EXPECT_EQ(query("SELECT actor_user, actor_role, organisation_id, action FROM pga_audit_record "
                  "ORDER BY seq DESC LIMIT 1")[0],
            (std::vector<std::string>{"claimed.user", role, partner, operation}));
}

std::string claim_name(const ::testing::TestParamInfo<Claim>& param_info) {
  const auto& [partner, role, operation] = param_info.param;
  std::string name = partner + "_" + role + "_" + operation;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryOperation, RoleNotGranted, ::testing::ValuesIn(claims_not_granted()),
                         claim_name);

using IdentityText = PluginTest;

TEST_F(IdentityText, UserWithLatin1BytesIsRefusedAndChangesNothing) {
  const Reply reply = expect_refused({"gemeente-utrecht", "intake-officer", "Jos\xE9 Pe\xF1" "a"},
                                     example("register-signal.xml"), "invalid-value");
  EXPECT_EQ(reply.text_of("field"), "user");
  EXPECT_NE(reply.text_of("message").find("is not valid UTF-8"), std::string::npos);
}

TEST_F(IdentityText, UserWithAControlCharacterIsRefusedAndChangesNothing) {
  const Reply reply = expect_refused({"gemeente-utrecht", "intake-officer", "a.jansen\x1b[2J"},
                                     example("register-signal.xml"), "invalid-value");
  EXPECT_NE(reply.text_of("message").find("holds a control character"), std::string::npos);
}

TEST_F(IdentityText, UserWithALineBreakIsRefused) {
  expect_refused({"gemeente-utrecht", "intake-officer", "a.jansen\nsucces"},
                 example("register-signal.xml"), "invalid-value");
}

TEST_F(IdentityText, UserLongerThan200CharactersIsRefused) {
  const Reply reply = expect_refused({"gemeente-utrecht", "intake-officer", std::string(201, 'u')},
                                     example("register-signal.xml"), "invalid-value");
  EXPECT_NE(reply.text_of("message").find("longer than 200 characters"), std::string::npos);
}

TEST_F(IdentityText, UserOf200AccentedCharactersIsAccepted) {
  std::string user;
  for (int i = 0; i < 200; ++i) user += "\xC3\xA9";  // é: 400 bytes, 200 characters
  EXPECT_EQ(call({"gemeente-utrecht", "intake-officer", user}, example("register-signal.xml")).status,
            ZVHPGA_OK);
}

TEST_F(IdentityText, RoleWithAControlCharacterIsRefused) {
  expect_refused({"gemeente-utrecht", "intake-officer\x7f", "a.jansen"},
                 example("register-signal.xml"), "invalid-value");
}

TEST_F(IdentityText, RefusalIsOnRecordWithTheInvalidBytesShownAsReplacementCharacters) {
  expect_refused({"gemeente-utrecht", "intake-officer", "Jos\xE9"}, example("register-signal.xml"),
                 "invalid-value");
  EXPECT_EQ(query("SELECT actor_user FROM pga_audit_record ORDER BY seq DESC LIMIT 1")[0][0],
            "Jos\xEF\xBF\xBD");
}

TEST_F(IdentityText, RequestedByWithAControlCharacterInTheDocumentIsRefused) {
  std::string request = example("list-worklist.xml");
  request.replace(request.find("/>"), 2,
                  "><requestedBy><user>a.jansen&#x85;</user><role>weegploeg-member</role>"
                  "</requestedBy></ListWorklistRequest>");
  expect_refused({"gemeente-utrecht", "", ""}, request, "invalid-value");
}

// A dossier recorded before identities were checked, with a Latin-1 user and a control
// character in another, still reads: the values are shown with U+FFFD, not an internal-error.
TEST_F(IdentityText, DossierWithAStoredInvalidUserStillReads) {
  const std::string id = ready_signal();
  tamper("UPDATE pga_signal SET registered_by_user = CAST(X'4A6F73E9' AS TEXT)");
  tamper("UPDATE pga_contribution SET contributor_user = CAST(X'612E6A616E73656E1B' AS TEXT)");
  const Reply dossier = call(kChair, example("get-signal.xml", id));
  ASSERT_EQ(dossier.status, ZVHPGA_OK) << dossier.document;
  EXPECT_NE(dossier.document.find("<user>Jos\xEF\xBF\xBD</user>"), std::string::npos);
  EXPECT_NE(dossier.document.find("<user>a.jansen\xEF\xBF\xBD</user>"), std::string::npos);
  const Reply exported = call(kPrivacyOfficer, example("export-subject-data.xml"));
  ASSERT_EQ(exported.status, ZVHPGA_OK) << exported.document;
  EXPECT_NE(exported.document.find("<user>Jos\xEF\xBF\xBD</user>"), std::string::npos);
}

}  // namespace
}  // namespace zvhpga::testing
