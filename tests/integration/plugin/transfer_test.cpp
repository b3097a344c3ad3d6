// Transfer when the person moves (overdracht, docs/contract.md "Transfer"): the responsible
// gemeente proposes, the receiving gemeente accepts or declines; access follows the answer.
#include "gemeenten_fixture.h"

namespace zvhpga::testing {
namespace {

class TransferTest : public GemeentenTest {
 protected:
  static std::string proposal(const std::string& signal_id, const std::string& to) {
    return "<ProposeTransferRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" + signal_id +
           "</signalId><toGemeente>" + to + "</toGemeente><reason>Verhuisd naar " + to +
           ".</reason></ProposeTransferRequest>";
  }
  static std::string answer(const std::string& signal_id, const std::string& transfer,
                            const std::string& what) {
    return "<RespondToTransferRequest xmlns='urn:nl:zvh-pga:contract:1'><signalId>" + signal_id +
           "</signalId><transferId>" + transfer + "</transferId><answer>" + what +
           "</answer></RespondToTransferRequest>";
  }
  std::string propose(const Caller& caller, const std::string& signal_id, const std::string& to) {
    const Reply reply = call(caller, proposal(signal_id, to));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply.text_of("transferId");
  }
  Reply respond(const Caller& caller, const std::string& signal_id, const std::string& transfer,
                const std::string& what) {
    const Reply reply = call(caller, answer(signal_id, transfer, what));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
    return reply;
  }
  // A signal of Utrecht that its gemeente and the politie have contributed to: an open round.
  std::string open_round() {
    const std::string id = register_signal();
    contribute(id, kGemeente, "contribution-gemeente.xml");
    contribute(id, kPolitie, "contribution-politie.xml");
    return id;
  }
  bool reads(const Caller& caller, const std::string& signal_id) {
    return call(caller, example("get-signal.xml", signal_id)).status == ZVHPGA_OK;
  }
  void expect_cannot_read(const Caller& caller, const std::string& signal_id) {
    expect_unknown(caller, example("get-signal.xml", signal_id),
                   example("get-signal.xml", kNoSuchSignal), signal_id);
  }
};

TEST_F(TransferTest, TheReceivingGemeenteSeesTheOfferButNotTheSignalBeforeItAnswers) {
  const std::string id = open_round();
  const std::string transfer = propose(kGemeente, id, "gemeente-zeist");
  expect_cannot_read(kZeistMember, id);
  const Reply worklist = call(kZeistMember, example("list-worklist.xml"));
  EXPECT_NE(worklist.document.find("<transferId>" + transfer + "</transferId>"), std::string::npos)
      << worklist.document;
  EXPECT_EQ(worklist.text_of("fromGemeente"), "gemeente-utrecht");
  EXPECT_TRUE(reads(kGemeente, id)) << "the proposing gemeente stays responsible until the answer";
}

TEST_F(TransferTest, AnAcceptedTransferInsideTheRegionMovesAccessToTheReceivingGemeente) {
  const std::string id = open_round();
  const std::string transfer = propose(kGemeente, id, "gemeente-zeist");
  const Reply accepted = respond(kZeistChair, id, transfer, "accept");
  EXPECT_EQ(accepted.text_of("transferState"), "accepted");
  EXPECT_EQ(accepted.text_of("responsibleGemeente"), "gemeente-zeist");

  expect_cannot_read(kGemeente, id);
  EXPECT_TRUE(reads(kZeistMember, id));
  EXPECT_TRUE(reads(kPolitie, id)) << "the region's politie stays in the weegploeg";
  EXPECT_EQ(call(kZeistMember, example("list-worklist.xml")).document.find(transfer),
            std::string::npos)
      << "an answered offer leaves the worklist";
}

TEST_F(TransferTest, AcceptanceRestartsTheOpenRoundForTheNewWeegploegAndRecordsTheHandover) {
  const std::string id = open_round();
  const Reply accepted =
      respond(kZeistChair, id, propose(kGemeente, id, "gemeente-zeist"), "accept");
  EXPECT_EQ(accepted.text_of("state"), "awaiting-contributions");
  EXPECT_EQ(accepted.text_of("round"), "2");
  const Reply dossier = call(kZeistMember, example("get-signal.xml", id));
  EXPECT_NE(dossier.document.find("responsibility transferred from gemeente-utrecht"),
            std::string::npos)
      << dossier.document;
  EXPECT_NE(dossier.document.find("<state>accepted</state>"), std::string::npos);
  // The new gemeente contributes to the new round; the old gemeente's contribution is history.
  const Reply contribution = call(kZeistMember, example("contribution-gemeente.xml", id));
  ASSERT_EQ(contribution.status, ZVHPGA_OK) << contribution.document;
  EXPECT_EQ(contribution.text_of("round"), "2");
}

TEST_F(TransferTest, ADeclinedTransferLeavesAccessAsItWas) {
  const std::string id = open_round();
  const std::string transfer = propose(kGemeente, id, "gemeente-zeist");
  const Reply declined = respond(kZeistChair, id, transfer, "decline");
  EXPECT_EQ(declined.text_of("transferState"), "declined");
  EXPECT_EQ(declined.text_of("responsibleGemeente"), "gemeente-utrecht");
  EXPECT_EQ(declined.text_of("round"), "1");
  EXPECT_TRUE(reads(kGemeente, id));
  expect_cannot_read(kZeistMember, id);
  // The responsible gemeente may propose again, to the same or another gemeente.
  propose(kGemeente, id, "gemeente-zeist");
}

TEST_F(TransferTest, AnAcceptedTransferToAnotherRegionMakesItsPolitieAndOmTheWeegploeg) {
  const std::string id = open_round();
  expect_cannot_read(kPolitieHaaglanden, id);
  const std::string transfer = propose(kGemeente, id, "gemeente-den-haag");
  expect_cannot_read(kDenHaagMember, id);
  respond(kDenHaagChair, id, transfer, "accept");

  expect_cannot_read(kGemeente, id);
  expect_cannot_read(kPolitie, id);
  expect_cannot_read(kOm, id);
  EXPECT_TRUE(reads(kDenHaagMember, id));
  EXPECT_TRUE(reads(kPolitieHaaglanden, id));
  for (const Caller* member : {&kDenHaagMember, &kPolitieHaaglanden}) {
    const Reply worklist = call(*member, example("list-worklist.xml"));
    EXPECT_NE(worklist.document.find(id), std::string::npos) << member->organisation;
  }
  const Reply contribution = call(kOmHaaglanden, example("contribution-om.xml", id));
  EXPECT_EQ(contribution.status, ZVHPGA_OK) << contribution.document;
}

TEST_F(TransferTest, ADeclinedTransferToAnotherRegionOpensNothingThere) {
  const std::string id = open_round();
  respond(kDenHaagChair, id, propose(kGemeente, id, "gemeente-den-haag"), "decline");
  expect_cannot_read(kDenHaagMember, id);
  expect_cannot_read(kPolitieHaaglanden, id);
  EXPECT_TRUE(reads(kGemeente, id));
  EXPECT_TRUE(reads(kPolitie, id));
}

TEST_F(TransferTest, TheRetentionClockRunsOnAcrossATransfer) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  ASSERT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
  const auto clock = query("SELECT rule_id, triggered_at, due_at FROM pga_retention_clock");
  ASSERT_EQ(clock.size(), 1u);
  const Reply accepted =
      respond(kDenHaagChair, id, propose(kChair, id, "gemeente-den-haag"), "accept");
  EXPECT_EQ(accepted.text_of("state"), "closed") << "a closed signal has no round to restart";
  EXPECT_EQ(query("SELECT rule_id, triggered_at, due_at FROM pga_retention_clock"), clock);
}

TEST_F(TransferTest, DestroyingATransferredSignalDestroysItsTransfers) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  ASSERT_EQ(call(kChair, example("close-signal.xml", id)).status, ZVHPGA_OK);
  respond(kZeistChair, id, propose(kChair, id, "gemeente-zeist"), "decline");
  destroy_through_retention(id);
  EXPECT_TRUE(query("SELECT transfer_id FROM pga_transfer").empty());
}

TEST_F(TransferTest, BothGemeentenHaveAuditRecordsOfTheirStep) {
  const std::string id = open_round();
  respond(kDenHaagChair, id, propose(kGemeente, id, "gemeente-den-haag"), "accept");
  EXPECT_EQ(query("SELECT organisation_id, action, result FROM pga_audit_record WHERE object = "
                  "'signal/" + id + "' AND action LIKE '%Transfer' ORDER BY seq"),
            (std::vector<std::vector<std::string>>{
                {"gemeente-utrecht", "ProposeTransfer", "success"},
                {"gemeente-den-haag", "RespondToTransfer", "success"}}));
}

TEST_F(TransferTest, OnlyTheResponsibleGemeenteProposes) {
  const std::string id = open_round();
  const auto before = content_fingerprint();
  expect_unknown(kZeistMember, proposal(id, "gemeente-zeist"), proposal(kNoSuchSignal, "gemeente-zeist"),
                 id);
  EXPECT_EQ(call(kPolitie, proposal(id, "gemeente-zeist")).error_code(), "not-authorized");
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(TransferTest, OnlyTheReceivingGemeenteAnswers) {
  const std::string id = open_round();
  const std::string transfer = propose(kGemeente, id, "gemeente-den-haag");
  const auto before = content_fingerprint();
  expect_unknown(kZeistChair, answer(id, transfer, "accept"),
                 answer(kNoSuchSignal, transfer, "accept"), id);
  expect_unknown(kGemeente, answer(id, transfer, "accept"),
                 answer(kNoSuchSignal, transfer, "accept"), id);
  EXPECT_EQ(call(kPolitieHaaglanden, answer(id, transfer, "accept")).error_code(), "not-authorized");
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(TransferTest, ATransferToAPartnerThatIsNoGemeenteIsRefusedAndNothingChanges) {
  const std::string id = open_round();
  const auto before = content_fingerprint();
  EXPECT_EQ(call(kGemeente, proposal(id, "politie-haaglanden")).error_code(), "invalid-value");
  EXPECT_EQ(call(kGemeente, proposal(id, "gemeente-utrecht")).error_code(), "invalid-value");
  EXPECT_EQ(content_fingerprint(), before);
}

TEST_F(TransferTest, ASecondProposalWhileOneAwaitsItsAnswerIsRefused) {
  const std::string id = open_round();
  propose(kGemeente, id, "gemeente-zeist");
  const auto before = content_fingerprint();
  EXPECT_EQ(call(kGemeente, proposal(id, "gemeente-den-haag")).error_code(), "illegal-transition");
  EXPECT_EQ(content_fingerprint(), before);
}

// "Is this person known" names the gemeente whose mayor the person turns to, and that follows
// the signal when it is transferred: after acceptance the receiving gemeente, not the old one.
TEST_F(TransferTest, IsPersonKnownNamesTheResponsibleGemeenteAlsoAfterATransfer) {
  const std::string id = ready_signal();
  ASSERT_EQ(call(kChair, example("record-decision.xml", id)).status, ZVHPGA_OK);
  // The signal was registered with the BSN, so the person is found by it.
  const std::string ask = replaced(example("is-person-known.xml"),
                                  "<name>J. de Vries</name><birthDate>2007-03-14</birthDate>",
                                  "<bsn>111222333</bsn>");
  const Reply before = call(kDirector, ask);
  ASSERT_EQ(before.text_of("known"), "true") << before.document;
  EXPECT_EQ(before.text_of("responsibleGemeente"), "Gemeente Utrecht");

  respond(kZeistChair, id, propose(kChair, id, "gemeente-zeist"), "accept");

  const Reply after = call(kDirector, ask);
  EXPECT_EQ(after.text_of("responsibleGemeente"), "gemeente-zeist") << after.document;
  EXPECT_EQ(after.document.find("Gemeente Utrecht"), std::string::npos) << after.document;
  EXPECT_EQ(after.document.find(id), std::string::npos);
}

}  // namespace
}  // namespace zvhpga::testing
