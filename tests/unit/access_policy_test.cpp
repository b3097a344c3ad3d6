// Every role-by-operation cell of the permission table, who may close which signal, and what
// a worklist awaits.
#include "core/access_policy.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace zvhpga::core {
namespace {

// Every combination of the token tables' values, in table order: the whole of a decision table.
template <typename A, typename B, typename C>
std::vector<std::tuple<A, B, C>> every_cell() {
  std::vector<std::tuple<A, B, C>> cells;
  for (const auto& [a, ignored_a] : TokenTable<A>::entries)
    for (const auto& [b, ignored_b] : TokenTable<B>::entries)
      for (const auto& [c, ignored_c] : TokenTable<C>::entries) cells.push_back({a, b, c});
  return cells;
}

// A cell's test name: its tokens joined with '_', which is also what stands for '-'.
template <typename Cell>
std::string cell_name(const ::testing::TestParamInfo<Cell>& param_info) {
  std::string name = std::apply(
      [](const auto&... value) { return ((std::string(to_token(value)) + "_") + ...); },
      param_info.param);
  name.pop_back();
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

using Cell = std::tuple<Role, PartnerKind, Operation>;

// The permitted cells; every other cell is refused. docs/roles.md shows the same table.
const std::set<Cell> kPermitted = [] {
  std::set<Cell> cells;
  for (PartnerKind kind : kWeegploegPartners) {
    for (Role role : {Role::IntakeOfficer, Role::WeegploegMember, Role::WeegploegChair})
      cells.insert({role, kind, Operation::RegisterSignal});
    cells.insert({Role::WeegploegMember, kind, Operation::SubmitContribution});
    cells.insert({Role::WeegploegChair, kind, Operation::RecordDecision});
    cells.insert({Role::WeegploegChair, kind, Operation::CloseSignal});
    for (Role role : {Role::IntakeOfficer, Role::WeegploegMember, Role::WeegploegChair})
      cells.insert({role, kind, Operation::WithdrawSignal});
    cells.insert({Role::WeegploegChair, kind, Operation::TriageOutSignal});
  }
  for (Operation operation : {Operation::ExportSubjectData, Operation::ReleaseSubjectData,
                              Operation::WithholdItem, Operation::PlaceLegalHold,
                              Operation::ReleaseLegalHold, Operation::ApproveDestruction,
                              Operation::RecordInforming, Operation::ListWorklist,
                              Operation::ForecastRetention})
    cells.insert({Role::PrivacyOfficer, PartnerKind::Gemeente, operation});
  for (PartnerKind kind : kWeegploegPartners)
    cells.insert({Role::WeegploegChair, kind, Operation::RecordInclusionReview});
  for (Operation operation : {Operation::ProposeTransfer, Operation::RespondToTransfer})
    for (Role role : {Role::WeegploegMember, Role::WeegploegChair})
      cells.insert({role, PartnerKind::Gemeente, operation});
  for (const auto& [kind, token] : TokenTable<PartnerKind>::entries) {
    cells.insert({Role::ProcessDirector, kind, Operation::CloseSignal});
    cells.insert({Role::ProcessDirector, kind, Operation::RecordInclusionReview});
    for (Role role : {Role::IntakeOfficer, Role::WeegploegMember, Role::WeegploegChair,
                      Role::ProcessDirector, Role::PrivacyOfficer})
      cells.insert({role, kind, Operation::GetSignal});
    for (Role role : {Role::WeegploegMember, Role::WeegploegChair, Role::ProcessDirector})
      cells.insert({role, kind, Operation::ListWorklist});
    for (Role role : {Role::Auditor, Role::PrivacyOfficer})
      cells.insert({role, kind, Operation::VerifyAuditTrail});
    for (Role role : {Role::IntakeOfficer, Role::WeegploegChair, Role::ProcessDirector})
      cells.insert({role, kind, Operation::IsPersonKnown});
    // A submitted form is allowed as the operation of its stage, which the pipeline checks.
    for (const auto& [role, name] : TokenTable<Role>::entries) {
      cells.insert({role, kind, Operation::GetForm});
      cells.insert({role, kind, Operation::SubmitForm});
    }
    for (Role role : {Role::ProcessDirector, Role::PrivacyOfficer, Role::Auditor})
      cells.insert({role, kind, Operation::GetStatistics});
  }
  return cells;
}();

class PermissionCell : public ::testing::TestWithParam<Cell> {};

TEST_P(PermissionCell, IsPermittedExactlyWhenTheTableSaysSo) {
  const auto& [role, kind, operation] = GetParam();
  EXPECT_EQ(is_permitted(role, kind, operation), kPermitted.contains(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(AllRolesPartnersOperations, PermissionCell,
                         ::testing::ValuesIn(every_cell<Role, PartnerKind, Operation>()),
                         cell_name<Cell>);

using DefaultCell = std::tuple<PartnerKind, Door, Role>;

// The roles each partner kind asserts by default at each door; docs/roles.md, "Roles per
// partner kind", shows the same table. Every other cell is refused.
const std::set<DefaultCell> kAssertedByDefault = [] {
  std::set<DefaultCell> cells;
  for (Door door : {Door::Abi, Door::WebService}) {
    for (PartnerKind kind : kWeegploegPartners)
      for (Role role : {Role::IntakeOfficer, Role::WeegploegMember, Role::WeegploegChair})
        cells.insert({kind, door, role});
    cells.insert({PartnerKind::Zvh, door, Role::ProcessDirector});
  }
  cells.insert({PartnerKind::Gemeente, Door::Abi, Role::PrivacyOfficer});
  for (const auto& [kind, token] : TokenTable<PartnerKind>::entries)
    for (Role role : {Role::Auditor, Role::Administrator}) cells.insert({kind, Door::Abi, role});
  return cells;
}();

class DefaultRoleCell : public ::testing::TestWithParam<DefaultCell> {};

TEST_P(DefaultRoleCell, IsAssertedByDefaultExactlyWhenTheTableSaysSo) {
  const auto& [kind, door, role] = GetParam();
  EXPECT_EQ(asserts_by_default(kind, door, role), kAssertedByDefault.contains(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(AllKindsDoorsRoles, DefaultRoleCell,
                         ::testing::ValuesIn(every_cell<PartnerKind, Door, Role>()),
                         cell_name<DefaultCell>);

TEST(DefaultRoles, NoPrivilegedRoleIsEverAssertedThroughTheWebServiceByDefault) {
  for (const auto& [kind, k] : TokenTable<PartnerKind>::entries)
    for (Role role : {Role::PrivacyOfficer, Role::Auditor, Role::Administrator})
      EXPECT_FALSE(asserts_by_default(kind, Door::WebService, role)) << k << " " << to_token(role);
}

const Actor kUtrecht{"gemeente-utrecht", PartnerKind::Gemeente, "u", Role::WeegploegMember};
const Actor kZeist{"gemeente-zeist", PartnerKind::Gemeente, "z", Role::WeegploegMember};
const Actor kPolitieMn{"politie-mn", PartnerKind::Politie, "p", Role::WeegploegMember};

TEST(NeedToKnow, TheResponsibleGemeenteKnowsTheSignal) {
  EXPECT_TRUE(within_need_to_know(kUtrecht, "mn", "mn", "gemeente-utrecht"));
}

TEST(NeedToKnow, AnotherGemeenteOfTheRegionDoesNot) {
  EXPECT_FALSE(within_need_to_know(kZeist, "mn", "mn", "gemeente-utrecht"));
}

TEST(NeedToKnow, ThePolitieOfTheRegionKnowsEverySignalOfItsRegion) {
  EXPECT_TRUE(within_need_to_know(kPolitieMn, "mn", "mn", "gemeente-utrecht"));
}

TEST(NeedToKnow, NoPartnerKnowsASignalOfAnotherRegion) {
  EXPECT_FALSE(within_need_to_know(kUtrecht, "mn", "west", "gemeente-utrecht"));
  EXPECT_FALSE(within_need_to_know(kPolitieMn, "mn", "west", "gemeente-utrecht"));
}

// A signal as far as the closing rule looks at it: its last decision, if any.
Dossier decided(std::optional<Course> outcome) {
  Dossier dossier;
  dossier.signal_id = "signal-1";
  dossier.state = outcome ? SignalState::Decided : SignalState::ReadyForWeighing;
  if (outcome) {
    Decision decision;
    decision.outcome = *outcome;
    dossier.decisions.push_back(decision);
  }
  return dossier;
}

const Actor kChair{"gemeente-1", PartnerKind::Gemeente, "chair", Role::WeegploegChair};
const Actor kProcessDirector{"zvh-1", PartnerKind::Zvh, "director", Role::ProcessDirector};

TEST(ClosingPermission, ChairMayCloseASignalWhateverTheWeegploegDecided) {
  for (const auto& [outcome, token] : TokenTable<Course>::entries)
    EXPECT_TRUE(may_close_signal(kChair, decided(outcome))) << token;
}

TEST(ClosingPermission, ChairLeavesTheStateCheckToTheStateMachine) {
  EXPECT_TRUE(may_close_signal(kChair, decided(std::nullopt)));
}

TEST(ClosingPermission, ProcessDirectorMayCloseASignalIncludedInTheCasusoverleg) {
  EXPECT_TRUE(may_close_signal(kProcessDirector, decided(Course::IncludeInCasusoverleg)));
}

TEST(ClosingPermission, ProcessDirectorMayNotCloseASignalDecidedOtherwise) {
  for (const auto& [outcome, token] : TokenTable<Course>::entries)
    if (outcome != Course::IncludeInCasusoverleg) {
      EXPECT_FALSE(may_close_signal(kProcessDirector, decided(outcome))) << token;
    }
}

TEST(ClosingPermission, ProcessDirectorMayNotCloseASignalNotYetDecided) {
  EXPECT_FALSE(may_close_signal(kProcessDirector, decided(std::nullopt)));
}

TEST(ClosingPermission, RolesTheTableRefusesMayNotCloseEvenAnIncludedSignal) {
  const Actor member{"gemeente-1", PartnerKind::Gemeente, "member", Role::WeegploegMember};
  const Actor zvh_chair{"zvh-1", PartnerKind::Zvh, "chair", Role::WeegploegChair};
  EXPECT_FALSE(may_close_signal(member, decided(Course::IncludeInCasusoverleg)));
  EXPECT_FALSE(may_close_signal(zvh_chair, decided(Course::IncludeInCasusoverleg)));
}

TEST(Worklist, MemberAwaitsOwnContributionOnlyUntilGiven) {
  EXPECT_EQ(awaited_from(Role::WeegploegMember, PartnerKind::Om, SignalState::AwaitingContributions,
                         std::nullopt, {PartnerKind::Gemeente}),
            Awaiting::Contribution);
  EXPECT_EQ(awaited_from(Role::WeegploegMember, PartnerKind::Om, SignalState::AwaitingContributions,
                         std::nullopt, {PartnerKind::Om}),
            std::nullopt);
}

TEST(Worklist, ChairAwaitsDecisionThenClosure) {
  EXPECT_EQ(awaited_from(Role::WeegploegChair, PartnerKind::Gemeente, SignalState::ReadyForWeighing,
                         std::nullopt, {}),
            Awaiting::Decision);
  EXPECT_EQ(awaited_from(Role::WeegploegChair, PartnerKind::Gemeente, SignalState::Decided,
                         Course::NoFurtherAction, {}),
            Awaiting::Closure);
}

TEST(Worklist, ProcessDirectorAwaitsClosureOfIncludedSignalsOnly) {
  EXPECT_EQ(awaited_from(Role::ProcessDirector, PartnerKind::Zvh, SignalState::Decided,
                         Course::IncludeInCasusoverleg, {}),
            Awaiting::Closure);
  EXPECT_EQ(awaited_from(Role::ProcessDirector, PartnerKind::Zvh, SignalState::Decided,
                         Course::CriminalRoute, {}),
            std::nullopt);
}

TEST(Worklist, OnlyTheProcessDirectorSeesUndeliveredOutcomePushes) {
  for (const auto& [role, token] : TokenTable<Role>::entries)
    EXPECT_EQ(sees_undelivered_pushes(role), role == Role::ProcessDirector) << token;
}

}  // namespace
}  // namespace zvhpga::core
