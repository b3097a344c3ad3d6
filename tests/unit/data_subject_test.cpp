// The "is this person known" rule: which signals make a person known to a ZVH elsewhere.
#include "core/data_subject.h"

#include <gtest/gtest.h>

namespace zvhpga::core {
namespace {

Dossier signal_in(SignalState state, std::optional<Course> last_outcome) {
  Dossier dossier;
  dossier.signal_id = "signal-1";
  dossier.state = state;
  if (last_outcome) {
    Decision decision;
    decision.outcome = *last_outcome;
    dossier.decisions.push_back(decision);
  }
  return dossier;
}

const Dossier kIncluded = signal_in(SignalState::Decided, Course::IncludeInCasusoverleg);

TEST(PersonKnown, ASignalIncludedInTheCasusoverlegIsACurrentCase) {
  EXPECT_TRUE(is_current_case(kIncluded));
}

TEST(PersonKnown, ASignalDecidedOtherwiseIsNoCurrentCase) {
  for (const auto& [outcome, token] : TokenTable<Course>::entries)
    if (outcome != Course::IncludeInCasusoverleg) {
      EXPECT_FALSE(is_current_case(signal_in(SignalState::Decided, outcome))) << token;
    }
}

TEST(PersonKnown, AClosedCaseIsNoLongerCurrent) {
  EXPECT_FALSE(is_current_case(signal_in(SignalState::Closed, Course::IncludeInCasusoverleg)));
}

TEST(PersonKnown, ASignalStillBeingWeighedIsNoCurrentCase) {
  for (SignalState state : {SignalState::Received, SignalState::AwaitingContributions,
                            SignalState::ReadyForWeighing})
    EXPECT_FALSE(is_current_case(signal_in(state, std::nullopt))) << to_token(state);
}

TEST(PersonKnown, ASignalSentBackForMoreInformationIsNoCurrentCase) {
  EXPECT_FALSE(is_current_case(
      signal_in(SignalState::AwaitingContributions, Course::MoreInformationNeeded)));
}

TEST(PersonKnown, APersonWithoutSignalsIsUnknown) { EXPECT_FALSE(is_person_known({})); }

TEST(PersonKnown, OneCurrentCaseAmongOtherSignalsMakesThePersonKnown) {
  EXPECT_TRUE(is_person_known({signal_in(SignalState::Closed, Course::IncludeInCasusoverleg),
                               kIncluded,
                               signal_in(SignalState::Decided, Course::NoFurtherAction)}));
}

TEST(PersonKnown, SignalsWithoutACurrentCaseLeaveThePersonUnknown) {
  EXPECT_FALSE(is_person_known({signal_in(SignalState::Closed, Course::IncludeInCasusoverleg),
                                signal_in(SignalState::ReadyForWeighing, std::nullopt)}));
}

}  // namespace
}  // namespace zvhpga::core
