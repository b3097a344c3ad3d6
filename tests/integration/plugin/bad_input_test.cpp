// Every bad input gets a structured Error document with a stable code, and changes nothing.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

using BadInput = PluginTest;

TEST_F(BadInput, DecisionWithOnePartnerMissingIsRefusedAndStateUnchanged) {
  const std::string id = register_signal();
  contribute(id, kGemeente, "contribution-gemeente.xml");
  contribute(id, kPolitie, "contribution-politie.xml");
  const std::string dossier_before = call(kChair, example("get-signal.xml", id)).document;
  const Reply reply = expect_refused(kChair, example("record-decision.xml", id), "contributions-missing");
  EXPECT_NE(reply.document.find("<field>contribution/om</field>"), std::string::npos);
  const Reply after = call(kChair, example("get-signal.xml", id));
  EXPECT_EQ(after.text_of("state"), "awaiting-contributions");
  EXPECT_EQ(after.document, dossier_before);
}

TEST_F(BadInput, MalformedXmlIsRefused) {
  register_signal();
  expect_refused(kIntake, "<RegisterSignalRequest xmlns='urn:nl:zvh-pga:contract:1'>", "malformed-xml");
}

TEST_F(BadInput, ABadCharacterReferenceIsRefusedInTheProjectsOwnWords) {
  register_signal();
  const Reply reply = expect_refused(
      kIntake, "<GetSignalRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>&#0;</signalId></GetSignalRequest>",
      "malformed-xml");
  EXPECT_EQ(reply.text_of("message"),
            "The document is not well-formed XML (line 1: a character (or a character reference) "
            "names a character XML does not allow).");
}

TEST_F(BadInput, SchemaProblemsNameTheElementAndLineInTheProjectsOwnWords) {
  register_signal();
  std::string request = example("get-signal.xml");
  request.insert(request.find("<signalId>"), "<bogus/>");
  const Reply reply = expect_refused(kIntake, request, "schema-invalid");
  EXPECT_EQ(reply.text_of("field"), "bogus") << reply.document;
  EXPECT_NE(reply.document.find("<message>line 3: element 'bogus' is not allowed here in "
                                "'GetSignalRequest'; expected 'requestedBy' or 'signalId'.</message>"),
            std::string::npos)
      << reply.document;
  EXPECT_EQ(reply.document.find("not expected"), std::string::npos) << reply.document;
}

TEST_F(BadInput, SchemaViolationIsRefusedWithEveryProblem) {
  register_signal();
  std::string request = example("register-signal.xml");
  request.replace(request.find("<channel>meldpunt</channel>"), 27, "<channel>twitter</channel>");
  request.replace(request.find("<urgency>regular</urgency>"), 26, "<urgency>later</urgency>");
  const Reply reply = expect_refused(kIntake, request, "schema-invalid");
  EXPECT_NE(reply.document.find("<field>channel</field>"), std::string::npos);
  EXPECT_NE(reply.document.find("<field>urgency</field>"), std::string::npos);
}

// A host that shows the refusal to a person asks for it in a language (the request attribute
// `language`): the message catalogue's sentences, the code and the fields kept, none of the
// element names, lines or validator wording of the detailed English.
std::string with_language(std::string request, const std::string& language) {
  request.insert(request.find(" xmlns="), " language=\"" + language + "\"");
  request.replace(request.find("<channel>meldpunt</channel>"), 27, "<channel>twitter</channel>");
  return request;
}

TEST_F(BadInput, ARefusalAskedForInDutchSpeaksTheCataloguesDutch) {
  register_signal();
  const Reply reply = expect_refused(kIntake, with_language(example("register-signal.xml"), "nl"),
                                     "schema-invalid");
  EXPECT_EQ(reply.text_of("field"), "channel") << reply.document;
  EXPECT_NE(reply.document.find("<message>Niet alle antwoorden zijn juist ingevuld. Verbeter de "
                                "genoemde vragen.</message>"),
            std::string::npos)
      << reply.document;
  EXPECT_NE(reply.document.find("<message>Vul dit antwoord in zoals gevraagd.</message>"),
            std::string::npos)
      << reply.document;
  const std::string after_code = reply.document.substr(reply.document.find("</code>"));
  for (const char* developer_text : {"line ", "element", "twitter", "schema", "facet"})
    EXPECT_EQ(after_code.find(developer_text), std::string::npos) << reply.document;
}

TEST_F(BadInput, ARefusalAskedForInEnglishSpeaksTheCataloguesEnglish) {
  register_signal();
  const Reply reply = expect_refused(kIntake, with_language(example("register-signal.xml"), "en"),
                                     "schema-invalid");
  EXPECT_EQ(reply.text_of("message"),
            "Not every answer is filled in correctly. Correct the questions listed.");
  EXPECT_EQ(reply.document.find("line "), std::string::npos) << reply.document;
}

TEST_F(BadInput, UnknownOperationIsRefused) {
  register_signal();
  expect_refused(kIntake, "<DeleteEverythingRequest xmlns='urn:nl:zvh-pga:contract:1'/>",
                 "unknown-operation");
}

TEST_F(BadInput, UnknownSignalIdIsRefused) {
  register_signal();
  expect_refused(kOm, example("contribution-om.xml", "00000000-0000-4000-8000-000000000000"),
                 "unknown-signal");
}

TEST_F(BadInput, ForbiddenTransitionIsRefused) {
  const std::string id = ready_signal();
  expect_refused(kChair, example("close-signal.xml", id), "illegal-transition");
}

TEST_F(BadInput, RoleThatMayNotDoThisIsRefused) {
  const std::string id = ready_signal();
  expect_refused(kGemeente, example("record-decision.xml", id), "not-authorized");
}

TEST_F(BadInput, PartnerThatMayNotDoThisIsRefused) {
  const std::string id = register_signal();
  expect_refused({"zvh-utrecht", "weegploeg-member"}, example("contribution-gemeente.xml", id),
                 "not-authorized");
}

TEST_F(BadInput, UnknownPartnerIsRefused) {
  register_signal();
  expect_refused({"gemeente-elders", "intake-officer"}, example("register-signal.xml"), "unknown-partner");
}

TEST_F(BadInput, UnknownRoleIsRefused) {
  register_signal();
  expect_refused({"gemeente-utrecht", "superuser"}, example("register-signal.xml"), "unknown-role");
}

TEST_F(BadInput, RequestedByThatContradictsTheCallerIsRefused) {
  register_signal();
  std::string request = example("list-worklist.xml");
  request.replace(request.find("/>"), 2,
                  "><requestedBy><user>test-user</user><role>weegploeg-chair</role></requestedBy>"
                  "</ListWorklistRequest>");
  expect_refused(kGemeente, request, "not-authorized");
}

TEST_F(BadInput, RequestWithoutAnyUserIdentityIsRefused) {
  register_signal();
  expect_refused({"gemeente-utrecht", "intake-officer", ""}, example("register-signal.xml"),
                 "not-authorized");
}

TEST_F(BadInput, RoleThePartnerTableDoesNotGrantIsRefused) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  const Reply reply = expect_refused({"zvh-utrecht", "privacy-officer"}, example("get-signal.xml", id),
                                     "not-authorized");
  EXPECT_NE(reply.text_of("message").find("does not grant the role privacy-officer"), std::string::npos);
}

TEST_F(BadInput, AttemptToChangeTheAuditTrailThroughThePluginIsRefusedAndRecorded) {
  register_signal();
  expect_refused(kChair, "<DeleteAuditRecordRequest xmlns='urn:nl:zvh-pga:contract:1'><seq>2</seq>"
                         "</DeleteAuditRecordRequest>",
                 "unknown-operation");
}

TEST_F(BadInput, SecondContributionOfTheSamePartnerIsRefused) {
  const std::string id = register_signal();
  contribute(id, kOm, "contribution-om.xml");
  expect_refused(kOm, example("contribution-om.xml", id), "duplicate-contribution");
}

TEST_F(BadInput, DoctypeIsRefused) {
  register_signal();
  expect_refused(kIntake,
                 "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                 "<GetSignalRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>&e;</signalId>"
                 "</GetSignalRequest>",
                 "doctype-refused");
}

TEST_F(BadInput, ImplausibleValuesAreRefused) {
  register_signal();
  std::string request = example("register-signal.xml");
  request.replace(request.find("<bsn>111222333</bsn>"), 20, "<bsn>123456789</bsn>");
  expect_refused(kIntake, request, "invalid-value");
}

TEST_F(BadInput, SignalOfAnotherRegionIsRefused) {
  register_signal();
  std::string request = example("register-signal.xml");
  request.replace(request.find("<region>midden-nederland</region>"), 33, "<region>elders</region>");
  expect_refused(kIntake, request, "not-authorized");
}

TEST_F(BadInput, OversizedRequestIsRefused) {
  register_signal();
  std::string request = example("register-signal.xml");
  request.insert(request.find("</observedFacts>"), std::string(1100 * 1024, 'x'));
  expect_refused(kIntake, request, "request-too-large");
}

TEST_F(BadInput, ErrorMessagesLeakNoInternals) {
  register_signal();
  const Reply reply = expect_refused(kIntake, "<a", "malformed-xml");
  for (const char* internal : {"sqlite", "SELECT", "/work/", ".cpp", "libxml"})
    EXPECT_EQ(reply.document.find(internal), std::string::npos) << internal;
}

TEST(Abi, ReportsItsVersionAndMagic) {
  const zvhpga_abi_info* info = zvhpga_get_abi_info();
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->magic, ZVHPGA_ABI_MAGIC);
  EXPECT_EQ(info->abi_version, ZVHPGA_ABI_VERSION);
  EXPECT_GE(info->struct_size, sizeof(zvhpga_abi_info));
}

TEST(Abi, OpenWithAMissingConfigurationFailsWithAMessage) {
  zvhpga_instance* instance = reinterpret_cast<zvhpga_instance*>(1);
  zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  const std::string path = "/nonexistent/zvhpga.xml";
  EXPECT_EQ(zvhpga_open(path.data(), path.size(), &instance, &error), ZVHPGA_CONFIG_ERROR);
  EXPECT_EQ(instance, nullptr);
  ASSERT_NE(error.data, nullptr);
  EXPECT_EQ(std::string(error.data), "The configuration file /nonexistent/zvhpga.xml does not exist.");
  zvhpga_free(&error);
}

TEST(Abi, CallerFromANewerAbiIsRefused) {
  zvhpga_caller caller{};
  caller.struct_size = sizeof caller;
  caller.abi_version = ZVHPGA_ABI_VERSION + 1;
  zvhpga_output output{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
  EXPECT_EQ(zvhpga_call(nullptr, &caller, "", 0, &output),
            ZVHPGA_ABI_MISMATCH);
}

}  // namespace
}  // namespace zvhpga::testing
