// The state machine and the integral rule, on plain values.
#include "core/workflow.h"

#include <gtest/gtest.h>

namespace zvhpga::core {
namespace {

const Date kToday = "2026-11-28";

Actor member(PartnerKind kind) {
  return {std::string(to_token(kind)) + "-1", kind, "user-" + std::string(to_token(kind)),
          Role::WeegploegMember};
}
const Actor kChair{"gemeente-1", PartnerKind::Gemeente, "chair", Role::WeegploegChair};

SignalIntake intake() {
  SignalIntake value;
  value.received_on = "2026-11-16";
  value.subject = {"J. de Vries", "2007-03-14", std::string("111222333"), "Utrecht"};
  value.observed_facts = "facts";
  value.region = "midden-nederland";
  return value;
}

Dossier fresh() {
  return open_dossier("signal-1", intake(), "gemeente-1", kChair, "2026-11-16T10:00:00.000Z");
}

Contribution contribution(PartnerKind kind, std::string id = "", std::optional<std::string> revises = {}) {
  Contribution value;
  value.id = id.empty() ? "c-" + std::string(to_token(kind)) : id;
  value.contributor = member(kind);
  value.legal_basis = "basis";
  value.position = Course::IncludeInCasusoverleg;
  value.reasoning = "reasoning";
  value.revises = std::move(revises);
  value.submitted_at = "2026-11-17T10:00:00.000Z";
  return value;
}

Decision decision(Course outcome = Course::IncludeInCasusoverleg) {
  Decision value;
  value.id = "d-1";
  value.outcome = outcome;
  value.reasoning = "reasoning";
  value.participants = {{PartnerKind::Gemeente, "A"}, {PartnerKind::Politie, "B"}, {PartnerKind::Om, "C"}};
  value.catalogue_version = "2026.1";
  value.decided_on = "2026-11-25";
  value.recorded_by = kChair;
  value.recorded_at = "2026-11-25T10:00:00.000Z";
  return value;
}

Dossier ready() {
  Dossier dossier = fresh();
  for (PartnerKind kind : kWeegploegPartners) EXPECT_TRUE(submit_contribution(dossier, contribution(kind)).ok());
  return dossier;
}

Dossier decided() {
  Dossier dossier = ready();
  EXPECT_TRUE(record_decision(dossier, decision(), kToday).ok());
  return dossier;
}

TEST(Workflow, NewDossierIsReceivedWithItsRegistrationRecorded) {
  const Dossier dossier = fresh();
  EXPECT_EQ(dossier.state, SignalState::Received);
  ASSERT_EQ(dossier.transitions.size(), 1u);
  EXPECT_FALSE(dossier.transitions[0].from.has_value());
  EXPECT_EQ(dossier.transitions[0].actor.user, "chair");
}

TEST(Workflow, FirstContributionMovesToAwaitingContributions) {
  Dossier dossier = fresh();
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Politie)).ok());
  EXPECT_EQ(dossier.state, SignalState::AwaitingContributions);
  EXPECT_EQ(dossier.transitions.back().actor.partner_kind, PartnerKind::Politie);
}

TEST(Workflow, ThirdPartnersContributionMakesSignalReadyForWeighing) {
  const Dossier dossier = ready();
  EXPECT_EQ(dossier.state, SignalState::ReadyForWeighing);
  EXPECT_TRUE(missing_partners(dossier).empty());
  EXPECT_EQ(dossier.transitions.size(), 3u);
}

TEST(Workflow, SecondContributionOfSamePartnerIsRefusedAsDuplicate) {
  Dossier dossier = fresh();
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Om)).ok());
  const Dossier before = dossier;
  auto result = submit_contribution(dossier, contribution(PartnerKind::Om, "c-om-2"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::DuplicateContribution);
  EXPECT_EQ(dossier.contributions.size(), before.contributions.size());
}

TEST(Workflow, ExplicitRevisionReplacesThePartnersCurrentContribution) {
  Dossier dossier = fresh();
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Om)).ok());
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Om, "c-om-2", "c-om")).ok());
  const auto current = current_contributions(dossier);
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0]->id, "c-om-2");
  EXPECT_FALSE(is_current(dossier, dossier.contributions[0]));
}

TEST(Workflow, RevisionOfAnotherContributionIsRefused) {
  Dossier dossier = fresh();
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Om)).ok());
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Politie)).ok());
  auto result = submit_contribution(dossier, contribution(PartnerKind::Om, "c-om-2", "c-politie"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::UnknownContribution);
}

TEST(Workflow, ZvhCannotContributeToThePreWeighing) {
  Dossier dossier = fresh();
  Contribution value = contribution(PartnerKind::Zvh);
  auto result = submit_contribution(dossier, value);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::NotAuthorized);
  EXPECT_EQ(dossier.state, SignalState::Received);
}

TEST(Workflow, DecisionWithOnePartnerMissingIsRefusedAndNamesIt) {
  Dossier dossier = fresh();
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Gemeente)).ok());
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Politie)).ok());
  const Dossier before = dossier;
  auto result = record_decision(dossier, decision(), kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ContributionsMissing);
  ASSERT_EQ(result.error().problems.size(), 1u);
  EXPECT_EQ(result.error().problems[0].field, "contribution/om");
  EXPECT_EQ(dossier.state, before.state);
  EXPECT_TRUE(dossier.decisions.empty());
  EXPECT_EQ(dossier.transitions.size(), before.transitions.size());
}

TEST(Workflow, DecisionOnAFreshSignalListsAllThreeMissingPartners) {
  Dossier dossier = fresh();
  auto result = record_decision(dossier, decision(), kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().problems.size(), 3u);
}

TEST(Workflow, DecisionNeedsSomeonePresentForEachPartner) {
  Dossier dossier = ready();
  Decision value = decision();
  value.participants = {{PartnerKind::Gemeente, "A"}, {PartnerKind::Zvh, "Z"}};
  auto result = record_decision(dossier, value, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ParticipantsMissing);
  EXPECT_EQ(result.error().problems.size(), 2u);
  EXPECT_EQ(dossier.state, SignalState::ReadyForWeighing);
}

TEST(Workflow, DecisionDatedInTheFutureIsRefused) {
  Dossier dossier = ready();
  Decision value = decision();
  value.decided_on = "2026-12-01";
  auto result = record_decision(dossier, value, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidValue);
}

TEST(Workflow, DecisionMovesToDecidedAndRecordsWhy) {
  const Dossier dossier = decided();
  EXPECT_EQ(dossier.state, SignalState::Decided);
  EXPECT_EQ(dossier.decisions.size(), 1u);
  EXPECT_NE(dossier.transitions.back().reason.find("include-in-casusoverleg"), std::string::npos);
}

TEST(Workflow, MoreInformationNeededStartsANewRoundAwaitingAllPartners) {
  Dossier dossier = ready();
  ASSERT_TRUE(record_decision(dossier, decision(Course::MoreInformationNeeded), kToday).ok());
  EXPECT_EQ(dossier.state, SignalState::AwaitingContributions);
  EXPECT_EQ(dossier.round, 2);
  EXPECT_EQ(missing_partners(dossier).size(), 3u);
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Om, "c-om-r2")).ok());
  EXPECT_EQ(dossier.contributions.back().round, 2);
}

TEST(Workflow, SecondDecisionOnADecidedSignalIsAnIllegalTransition) {
  Dossier dossier = decided();
  auto result = record_decision(dossier, decision(), kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
}

TEST(Workflow, ContributionAfterTheDecisionIsAnIllegalTransition) {
  Dossier dossier = decided();
  auto result = submit_contribution(dossier, contribution(PartnerKind::Om, "late"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
}

TEST(Workflow, ClosingBeforeADecisionIsAnIllegalTransition) {
  Dossier dossier = ready();
  auto result = close_signal(dossier, {"2026-11-26", "done", kChair, "t"}, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
  EXPECT_FALSE(dossier.closure.has_value());
}

TEST(Workflow, ClosingADecidedSignalRecordsTheClosure) {
  Dossier dossier = decided();
  ASSERT_TRUE(close_signal(dossier, {"2026-11-26", "case closed", kChair, "t"}, kToday).ok());
  EXPECT_EQ(dossier.state, SignalState::Closed);
  ASSERT_TRUE(dossier.closure.has_value());
  EXPECT_EQ(dossier.closure->closed_on, "2026-11-26");
}

TEST(Workflow, ClosingDateBeforeTheDecisionIsRefused) {
  Dossier dossier = decided();
  auto result = close_signal(dossier, {"2026-11-20", "x", kChair, "t"}, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidValue);
  EXPECT_EQ(dossier.state, SignalState::Decided);
}

TEST(Workflow, ClosedSignalCannotBeClosedAgain) {
  Dossier dossier = decided();
  ASSERT_TRUE(close_signal(dossier, {"2026-11-26", "x", kChair, "t"}, kToday).ok());
  auto result = close_signal(dossier, {"2026-11-27", "y", kChair, "t"}, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
}

TEST(Workflow, AGemeenteThatIsNotResponsibleCannotContribute) {
  Dossier dossier = fresh();
  Contribution other = contribution(PartnerKind::Gemeente);
  other.contributor.partner_id = "gemeente-2";
  auto result = submit_contribution(dossier, other);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::NotAuthorized);
  EXPECT_TRUE(dossier.contributions.empty());
}

TEST(Workflow, AnotherGemeentesStoredContributionDoesNotStandForTheResponsibleOne) {
  Dossier dossier = fresh();
  Contribution other = contribution(PartnerKind::Gemeente, "c-other");
  other.contributor.partner_id = "gemeente-2";
  other.round = dossier.round;
  dossier.contributions.push_back(other);  // as a store from before the responsible gemeente holds it
  EXPECT_TRUE(current_contributions(dossier).empty());
  ASSERT_TRUE(submit_contribution(dossier, contribution(PartnerKind::Gemeente)).ok());
  ASSERT_EQ(current_contributions(dossier).size(), 1u);
  EXPECT_EQ(current_contributions(dossier).front()->contributor.partner_id, "gemeente-1");
}

const Actor kPrivacyOfficer{"gemeente-1", PartnerKind::Gemeente, "fg", Role::PrivacyOfficer};
const std::vector<std::string> kGroundCodes{"avg-14-5-b", "uavg-41"};

Informing informed(Date on = "2026-11-20") {
  Informing value;
  value.id = "i-1";
  value.kind = InformingKind::Informed;
  value.informed_on = std::move(on);
  value.informed_by = "wijkagent";
  value.means = "gesprek";
  value.recorded_by = kPrivacyOfficer;
  value.recorded_at = "2026-11-28T10:00:00.000Z";
  return value;
}

Informing postponed(std::string code = "uavg-41", Date review_on = "2027-02-01") {
  Informing value;
  value.id = "i-2";
  value.kind = InformingKind::Postponed;
  value.ground_code = std::move(code);
  value.ground = "Informeren schaadt het lopende onderzoek.";
  value.review_on = std::move(review_on);
  value.recorded_by = kPrivacyOfficer;
  value.recorded_at = "2026-11-28T10:00:00.000Z";
  return value;
}

TEST(Informing, InformingThePersonIsRecordedWithDateWhoAndHow) {
  Dossier dossier = fresh();
  ASSERT_TRUE(record_informing(dossier, informed(), kToday, kGroundCodes).ok());
  ASSERT_EQ(dossier.informings.size(), 1u);
  EXPECT_EQ(dossier.informings[0].informed_by, "wijkagent");
  EXPECT_EQ(dossier.state, SignalState::Received) << "informing moves no state";
}

TEST(Informing, APostponementOnAConfiguredGroundIsRecordedWithItsReviewDate) {
  Dossier dossier = fresh();
  ASSERT_TRUE(record_informing(dossier, postponed(), kToday, kGroundCodes).ok());
  EXPECT_EQ(dossier.informings.back().review_on, "2027-02-01");
}

TEST(Informing, APostponementOnAGroundOutsideTheConfiguredListIsRefused) {
  Dossier dossier = fresh();
  const auto status = record_informing(dossier, postponed("zomaar"), kToday, kGroundCodes);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::InvalidValue);
  EXPECT_EQ(status.error().problems.at(0).field, "postponed/groundCode");
  EXPECT_TRUE(dossier.informings.empty());
}

TEST(Informing, APostponementWhoseReviewDateIsNotAfterTodayIsRefused) {
  Dossier dossier = fresh();
  EXPECT_FALSE(record_informing(dossier, postponed("uavg-41", kToday), kToday, kGroundCodes).ok());
}

TEST(Informing, AnInformedDateBeforeReceiptOrInTheFutureIsRefused) {
  Dossier dossier = fresh();
  EXPECT_FALSE(record_informing(dossier, informed("2026-11-15"), kToday, kGroundCodes).ok());
  EXPECT_FALSE(record_informing(dossier, informed("2026-11-29"), kToday, kGroundCodes).ok());
  EXPECT_TRUE(dossier.informings.empty());
}

TEST(Informing, ALaterPostponementExtendsTheFirstAndInformingEndsIt) {
  Dossier dossier = fresh();
  ASSERT_TRUE(record_informing(dossier, postponed(), kToday, kGroundCodes).ok());
  ASSERT_TRUE(record_informing(dossier, postponed("avg-14-5-b", "2027-05-01"), kToday, kGroundCodes).ok());
  ASSERT_TRUE(record_informing(dossier, informed(), kToday, kGroundCodes).ok());
  EXPECT_EQ(dossier.informings.size(), 3u);
}

TEST(Informing, NothingFollowsOnceThePersonWasInformed) {
  Dossier dossier = fresh();
  ASSERT_TRUE(record_informing(dossier, informed(), kToday, kGroundCodes).ok());
  const auto status = record_informing(dossier, postponed(), kToday, kGroundCodes);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::IllegalTransition);
  EXPECT_EQ(dossier.informings.size(), 1u);
}

InclusionReview review(Date on = "2026-11-27") {
  return {"r-1", std::move(on), "Voortzetten: het plan loopt.",
          {"zvh-1", PartnerKind::Zvh, "director", Role::ProcessDirector},
          "2026-11-28T10:00:00.000Z"};
}

TEST(InclusionReview, AnIncludedSignalIsReviewedWithWhoWhenAndConclusion) {
  Dossier dossier = decided();
  ASSERT_TRUE(record_inclusion_review(dossier, review(), kToday).ok());
  ASSERT_EQ(dossier.reviews.size(), 1u);
  EXPECT_EQ(dossier.reviews[0].conclusion, "Voortzetten: het plan loopt.");
  EXPECT_EQ(dossier.state, SignalState::Decided);
}

TEST(InclusionReview, ASignalNotIncludedIsNotReviewed) {
  Dossier dossier = ready();
  ASSERT_TRUE(record_decision(dossier, decision(Course::ReferElsewhere), kToday).ok());
  const auto status = record_inclusion_review(dossier, review(), kToday);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::IllegalTransition);
}

TEST(InclusionReview, AReviewDatedBeforeTheDecisionOrInTheFutureIsRefused) {
  Dossier dossier = decided();
  EXPECT_FALSE(record_inclusion_review(dossier, review("2026-11-24"), kToday).ok());
  EXPECT_FALSE(record_inclusion_review(dossier, review("2026-11-29"), kToday).ok());
  EXPECT_TRUE(dossier.reviews.empty());
}

// Ends before a decision (issue 23): the registering partner's withdrawal and the triage-out.
const Actor kRegistrar{"gemeente-1", PartnerKind::Gemeente, "intake", Role::IntakeOfficer};

TEST(Workflow, RegisteringPartnerWithdrawsAnUndecidedSignalWithItsReason) {
  Dossier dossier = ready();
  ASSERT_TRUE(withdraw_signal(dossier, kRegistrar, "2026-11-26T10:00:00.000Z", "melding berust op een vergissing").ok());
  EXPECT_EQ(dossier.state, SignalState::Withdrawn);
  EXPECT_EQ(dossier.transitions.back().from, SignalState::ReadyForWeighing);
  EXPECT_EQ(dossier.transitions.back().reason,
            "withdrawn by the registering partner: melding berust op een vergissing");
  EXPECT_EQ(dossier.transitions.back().at, "2026-11-26T10:00:00.000Z");
}

TEST(Workflow, OnlyTheRegisteringPartnerWithdraws) {
  Dossier dossier = fresh();
  const Dossier before = dossier;
  auto refused = withdraw_signal(dossier, member(PartnerKind::Politie), "2026-11-26T10:00:00.000Z", "reden");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::NotAuthorized);
  EXPECT_EQ(dossier.transitions.size(), before.transitions.size());
  EXPECT_EQ(dossier.state, SignalState::Received);
}

TEST(Workflow, DecidedSignalCannotBeWithdrawn) {
  Dossier dossier = ready();
  ASSERT_TRUE(record_decision(dossier, decision(), kToday).ok());
  auto refused = withdraw_signal(dossier, kRegistrar, "2026-11-26T10:00:00.000Z", "reden");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::IllegalTransition);
  EXPECT_EQ(dossier.state, SignalState::Decided);
}

TEST(Workflow, WithdrawalAndTriageOutNeedAReason) {
  Dossier dossier = fresh();
  EXPECT_EQ(withdraw_signal(dossier, kRegistrar, "2026-11-26T10:00:00.000Z", " \n").error().code,
            ErrorCode::InvalidValue);
  EXPECT_EQ(triage_out_signal(dossier, kChair, "2026-11-26T10:00:00.000Z", "").error().code,
            ErrorCode::InvalidValue);
  EXPECT_EQ(dossier.state, SignalState::Received);
}

TEST(Workflow, SignalOutsideThePgaIsTriagedOutAtIntakeOnly) {
  Dossier received = fresh();
  ASSERT_TRUE(triage_out_signal(received, kChair, "2026-11-16T11:00:00.000Z", "geen radicaliseringselement").ok());
  EXPECT_EQ(received.state, SignalState::TriagedOut);
  EXPECT_EQ(received.transitions.back().reason, "outside the PGA at intake: geen radicaliseringselement");

  Dossier contributed = fresh();
  ASSERT_TRUE(submit_contribution(contributed, contribution(PartnerKind::Politie)).ok());
  auto refused = triage_out_signal(contributed, kChair, "2026-11-18T11:00:00.000Z", "reden");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::IllegalTransition);
}

TEST(Workflow, EndedSignalTakesNoContributionOrDecision) {
  Dossier dossier = fresh();
  ASSERT_TRUE(withdraw_signal(dossier, kRegistrar, "2026-11-16T11:00:00.000Z", "reden").ok());
  EXPECT_EQ(submit_contribution(dossier, contribution(PartnerKind::Om)).error().code,
            ErrorCode::IllegalTransition);
  EXPECT_EQ(record_decision(dossier, decision(), kToday).error().code, ErrorCode::IllegalTransition);
  EXPECT_TRUE(ended_before_decision(dossier.state));
}

TEST(IntakeValidation, AcceptsAPlausibleIntake) { EXPECT_TRUE(validate_intake(intake(), kToday).ok()); }

TEST(IntakeValidation, ListsEveryImplausibleValue) {
  SignalIntake value = intake();
  value.received_on = "2026-12-24";
  value.subject.birth_date = "2027-01-01";
  value.subject.bsn = "123456789";  // fails the eleven-test
  auto result = validate_intake(value, kToday);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidValue);
  EXPECT_EQ(result.error().problems.size(), 3u);
}

}  // namespace
}  // namespace zvhpga::core
