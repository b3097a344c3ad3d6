// Crypto-shredding and repeat signals as a host sees them (docs/crypto-shredding.md): the store
// file holds the personal fields sealed, GetSignal still answers in plaintext, and a second
// signal about the same person shows the first.
#include <string>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class RepeatSignals : public PluginTest {};

std::string get_signal(const std::string& signal_id) {
  return "<GetSignalRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" + signal_id +
         "</signalId></GetSignalRequest>";
}

// The example intake about another person: other name, other BSN.
std::string other_person(std::string intake) {
  intake.replace(intake.find("J. de Vries"), std::string("J. de Vries").size(), "K. Smit");
  intake.replace(intake.find("111222333"), std::string("111222333").size(), "123456782");
  return intake;
}

TEST_F(RepeatSignals, TheStoreFileHoldsNoPlaintextOfTheSubject) {
  register_signal();

  const auto row = query(
      "SELECT subject_name, subject_bsn, subject_birth_date, observed_facts FROM pga_signal")[0];

  for (const std::string& value : row) {
    EXPECT_EQ(value.find("de Vries"), std::string::npos) << value;
    EXPECT_EQ(value.find("111222333"), std::string::npos) << value;
    EXPECT_EQ(value.find("2007-03-14"), std::string::npos) << value;
    EXPECT_EQ(value.find("system deserves"), std::string::npos) << value;
  }
}

TEST_F(RepeatSignals, GetSignalAnswersInPlaintext) {
  const std::string signal = register_signal();

  const Reply reply = call(kGemeente, get_signal(signal));

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.text_of("name"), "J. de Vries");
  EXPECT_EQ(reply.text_of("bsn"), "111222333");
}

TEST_F(RepeatSignals, ASecondSignalAboutThePersonListsTheFirst) {
  const std::string first = register_signal();
  const std::string second = register_signal();

  const Reply reply = call(kGemeente, get_signal(second));

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_NE(reply.document.find("relatedSignal"), std::string::npos) << reply.document;
  EXPECT_NE(reply.document.find("<signalId>" + first + "</signalId>"), std::string::npos)
      << reply.document;
}

TEST_F(RepeatSignals, ASignalWithoutBsnLinksByNameAndBirthDate) {
  const std::string first = register_signal();
  std::string intake = example("register-signal.xml");
  intake.erase(intake.find("<bsn>"), std::string("<bsn>111222333</bsn>").size());
  const Reply registered = call(kIntake, intake);
  ASSERT_EQ(registered.status, ZVHPGA_OK) << registered.document;

  const Reply reply = call(kGemeente, get_signal(registered.text_of("signalId")));

  EXPECT_NE(reply.document.find("<signalId>" + first + "</signalId>"), std::string::npos)
      << reply.document;
}

TEST_F(RepeatSignals, ASignalAboutAnotherPersonListsNothing) {
  register_signal();
  const Reply registered = call(kIntake, other_person(example("register-signal.xml")));
  ASSERT_EQ(registered.status, ZVHPGA_OK) << registered.document;

  const Reply reply = call(kGemeente, get_signal(registered.text_of("signalId")));

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.document.find("relatedSignal"), std::string::npos) << reply.document;
}

TEST_F(RepeatSignals, ADestroyedSignalNoLongerLinks) {
  const std::string first = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", first)).status, ZVHPGA_OK);
  ASSERT_EQ(call(kChair, example("close-signal.xml", first)).status, ZVHPGA_OK);
  destroy_through_retention(first);

  const std::string second = register_signal();
  const Reply reply = call(kGemeente, get_signal(second));

  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(reply.document.find("relatedSignal"), std::string::npos) << reply.document;
}

}  // namespace
}  // namespace zvhpga::testing
