// Informing the person, the time limits per stage and the review of an inclusion, on every
// driver: the store keeps the steps in order, and the service's worklists, read on an injected
// clock (the Now every handler is given), show a postponement from its review date on and a
// signal as overdue from the moment its limit passes, until a review restarts the limit.
#include <gtest/gtest.h>

#include <array>
#include <variant>

#include "crypto/random_id.h"
#include "odbc/handles.h"
#include "odbc/statement.h"
#include "service/service.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::TransactionMode;

constexpr const char* kRegisteredAt = "2024-03-01T09:00:00.000Z";

class TimeLimitsStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    store_ = open();
    config_.partners = {partner("partner-gemeente", core::PartnerKind::Gemeente),
                        partner("partner-politie", core::PartnerKind::Politie),
                        partner("partner-zvh", core::PartnerKind::Zvh)};
  }

  static config::Partner partner(std::string id, core::PartnerKind kind) {
    config::Partner value;
    value.id = std::move(id);
    value.kind = kind;
    value.region = "Utrecht";
    return value;
  }

  service::Caller caller(core::PartnerKind kind, core::Role role) const {
    const std::string id = "partner-" + std::string(core::to_token(kind));
    return {actor(kind, "user", role), config_.find_partner(id)};
  }

  // A signal of Utrecht for the gemeente, registered at kRegisteredAt, with the transitions
  // given (from, to, at) after its registration.
  void seed(const std::string& id, core::SignalState state,
            const std::vector<std::tuple<core::SignalState, core::SignalState, std::string>>& moves = {}) {
    core::Dossier dossier = sample_dossier(id, "Utrecht", kRegisteredAt, state);
    dossier.round = 1;
    dossier.responsible_gemeente = "partner-gemeente";
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->insert_signal(dossier);
    core::Transition registered =
        sample_transition(std::nullopt, core::SignalState::Received, "registered");
    registered.at = kRegisteredAt;
    tx->append_transition(id, registered);
    for (const auto& [from, to, at] : moves) {
      core::Transition move = sample_transition(from, to, "moved");
      move.at = at;
      tx->append_transition(id, move);
    }
    if (state == core::SignalState::Decided) {
      core::Decision decision = sample_decision("d-" + id, core::Course::IncludeInCasusoverleg);
      decision.round = 1;
      tx->insert_decision(id, decision);
    }
    tx->commit();
  }

  core::Result<contract::Response> handle(const service::Caller& who,
                                          const contract::Request& request,
                                          const std::string& timestamp) {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    std::vector<core::Person> subjects;
    auto response = service_.handle(*tx, who, request, {timestamp, timestamp.substr(0, 10)},
                                    subjects);
    if (response) tx->commit();
    return response;
  }

  contract::Worklist worklist(const service::Caller& who, const std::string& timestamp) {
    auto response = handle(who, contract::ListWorklist{}, timestamp);
    if (!response) throw std::runtime_error(response.error().message);
    return std::get<contract::Worklist>(response.value());
  }

  // The signal's item in the caller's worklist at that moment, if it has one.
  std::optional<contract::WorklistItem> item(const service::Caller& who, const std::string& id,
                                             const std::string& timestamp) {
    for (const auto& entry : worklist(who, timestamp).items)
      if (entry.signal_id == id) return entry;
    return std::nullopt;
  }

  static contract::RecordInforming postponement(const std::string& id, const std::string& review_on) {
    contract::RecordInforming request;
    request.signal_id = id;
    request.kind = core::InformingKind::Postponed;
    request.ground_code = "uavg-41";
    request.ground = "Informeren schaadt het onderzoek.";
    request.review_on = review_on;
    return request;
  }

  std::unique_ptr<OdbcStore> store_;
  config::Configuration config_;
  crypto::RandomIdGenerator ids_;
  service::AuditTrail audit_trail_{crypto::Key(32, 0x5a)};
  crypto::SubjectProtector subject_protector_{crypto::Key(32, 0x17)};
  criteria::CatalogueSet catalogues_{{core::Catalogue{}}};
  retention::PolicySet policies_{{core::RetentionPolicy{}}};
  service::Service service_{ids_, audit_trail_, subject_protector_, config_, catalogues_, policies_};
};

TEST_P(TimeLimitsStoreTest, InformingStepsAndReviewsAreKeptInTheOrderRecorded) {
  seed("signal-1", core::SignalState::Decided);
  const auto officer = actor(core::PartnerKind::Gemeente, "fg", core::Role::PrivacyOfficer);
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->insert_informing("signal-1", {"i-1", core::InformingKind::Postponed, std::nullopt,
                                      std::nullopt, std::nullopt, "uavg-41", "Onderzoek loopt.",
                                      "2024-06-01", officer, "2024-03-06T10:00:00.000Z"});
    tx->insert_informing("signal-1", {"i-2", core::InformingKind::Informed, "2024-06-03",
                                      "wijkagent", "gesprek", std::nullopt, std::nullopt,
                                      std::nullopt, officer, "2024-06-04T10:00:00.000Z"});
    tx->insert_inclusion_review("signal-1", {"r-1", "2025-03-01", "Doorgaan.",
                                             actor(core::PartnerKind::Zvh, "director",
                                                   core::Role::ProcessDirector),
                                             "2025-03-02T10:00:00.000Z"});
    tx->commit();
  }
  auto tx = store_->begin(TransactionMode::ReadOnly);
  const auto dossier = tx->load_dossier("signal-1");
  ASSERT_TRUE(dossier);
  ASSERT_EQ(dossier->informings.size(), 2u);
  EXPECT_EQ(dossier->informings[0].ground, "Onderzoek loopt.");
  EXPECT_EQ(dossier->informings[0].review_on, "2024-06-01");
  EXPECT_FALSE(dossier->informings[0].informed_on);
  EXPECT_EQ(dossier->informings[1].kind, core::InformingKind::Informed);
  EXPECT_EQ(dossier->informings[1].means, "gesprek");
  EXPECT_EQ(dossier->informings[1].recorded_by.user, "fg");
  ASSERT_EQ(dossier->reviews.size(), 1u);
  EXPECT_EQ(dossier->reviews[0].conclusion, "Doorgaan.");
  EXPECT_EQ(dossier->reviews[0].recorded_by.role, core::Role::ProcessDirector);
}

TEST_P(TimeLimitsStoreTest, DestroyingASignalTakesItsInformingStepsAndReviewsWithIt) {
  seed("signal-1", core::SignalState::Decided);
  const auto officer = actor(core::PartnerKind::Gemeente, "fg", core::Role::PrivacyOfficer);
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->insert_informing("signal-1", {"i-1", core::InformingKind::Postponed, std::nullopt,
                                      std::nullopt, std::nullopt, "uavg-41", "Onderzoek loopt.",
                                      "2024-06-01", officer, "2024-03-06T10:00:00.000Z"});
    tx->insert_inclusion_review("signal-1", {"r-1", "2025-03-01", "Doorgaan.", officer,
                                             "2025-03-02T10:00:00.000Z"});
    const std::array<std::string, 1> signal{"signal-1"};
    tx->retention_register().destroy_signals(signal);
    tx->commit();
  }
  Connection connection(std::make_shared<Environment>(), connection_string_);
  for (const char* table : {"pga_informing", "pga_inclusion_review"}) {
    Statement count(connection, std::string("SELECT COUNT(*) FROM ") + table);
    count.execute({});
    ASSERT_TRUE(count.fetch());
    EXPECT_EQ(count.integer(1), 0) << table;
  }
}

TEST_P(TimeLimitsStoreTest, APostponementAppearsInThePrivacyOfficersWorklistFromItsReviewDate) {
  seed("signal-1", core::SignalState::Received);
  const auto officer = caller(core::PartnerKind::Gemeente, core::Role::PrivacyOfficer);
  ASSERT_TRUE(handle(officer, postponement("signal-1", "2024-04-01"), "2024-03-02T10:00:00.000Z"));

  EXPECT_TRUE(worklist(officer, "2024-03-31T23:59:59.999Z").postponements_due.empty());
  const auto due = worklist(officer, "2024-04-01T00:00:00.000Z").postponements_due;
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].signal_id, "signal-1");
  EXPECT_EQ(due[0].review_on, "2024-04-01");
  EXPECT_EQ(due[0].ground_code, "uavg-41");
}

TEST_P(TimeLimitsStoreTest, APostponementLeavesTheWorklistOnceThePersonIsInformedOrItIsExtended) {
  seed("signal-1", core::SignalState::Received);
  seed("signal-2", core::SignalState::Received);
  const auto officer = caller(core::PartnerKind::Gemeente, core::Role::PrivacyOfficer);
  for (const char* id : {"signal-1", "signal-2"})
    ASSERT_TRUE(handle(officer, postponement(id, "2024-04-01"), "2024-03-02T10:00:00.000Z"));

  contract::RecordInforming informed;
  informed.signal_id = "signal-1";
  informed.kind = core::InformingKind::Informed;
  informed.informed_on = "2024-04-02";
  informed.informed_by = "wijkagent";
  informed.means = "gesprek";
  ASSERT_TRUE(handle(officer, informed, "2024-04-02T10:00:00.000Z"));
  ASSERT_TRUE(handle(officer, postponement("signal-2", "2024-07-01"), "2024-04-02T10:00:00.000Z"));

  EXPECT_TRUE(worklist(officer, "2024-05-01T00:00:00.000Z").postponements_due.empty());
  EXPECT_EQ(worklist(officer, "2024-07-01T00:00:00.000Z").postponements_due.size(), 1u);
}

TEST_P(TimeLimitsStoreTest, ASignalWithoutAFirstContributionIsOverdueForTheDirectorAndEveryPartner) {
  seed("signal-1", core::SignalState::Received);
  const auto director = caller(core::PartnerKind::Zvh, core::Role::ProcessDirector);
  const auto politie = caller(core::PartnerKind::Politie, core::Role::WeegploegMember);
  // 14 days, the default limit.
  EXPECT_FALSE(item(director, "signal-1", "2024-03-15T08:59:59.999Z"));
  EXPECT_FALSE(item(politie, "signal-1", "2024-03-15T08:59:59.999Z")->overdue_since);

  const auto late = item(director, "signal-1", "2024-03-15T09:00:00.000Z");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->awaiting, core::Awaiting::Contribution);
  EXPECT_EQ(late->overdue_since, "2024-03-15T09:00:00.000Z");
  EXPECT_EQ(item(politie, "signal-1", "2024-03-15T09:00:00.000Z")->overdue_since,
            "2024-03-15T09:00:00.000Z");
}

TEST_P(TimeLimitsStoreTest, ARoundIsOverdueOnlyForThePartnersThatHaveNotContributed) {
  seed("signal-1", core::SignalState::AwaitingContributions,
       {{core::SignalState::Received, core::SignalState::AwaitingContributions,
         "2024-03-04T09:00:00.000Z"}});
  {
    auto tx = store_->begin(TransactionMode::ReadWrite);
    tx->insert_contribution("signal-1", sample_contribution("c-1", core::PartnerKind::Politie, 1));
    tx->commit();
  }
  const auto gemeente = caller(core::PartnerKind::Gemeente, core::Role::WeegploegMember);
  const auto politie = caller(core::PartnerKind::Politie, core::Role::WeegploegMember);
  // 28 days from the first contribution's state change, the default limit.
  EXPECT_FALSE(item(gemeente, "signal-1", "2024-04-01T08:59:59.999Z")->overdue_since);
  EXPECT_EQ(item(gemeente, "signal-1", "2024-04-01T09:00:00.000Z")->overdue_since,
            "2024-04-01T09:00:00.000Z");
  EXPECT_FALSE(item(politie, "signal-1", "2024-04-01T09:00:00.000Z"))
      << "the politie contributed: nothing awaits it";
  EXPECT_TRUE(item(caller(core::PartnerKind::Zvh, core::Role::ProcessDirector), "signal-1",
                   "2024-04-01T09:00:00.000Z"));
}

TEST_P(TimeLimitsStoreTest, ASignalReadyForWeighingIsOverdueForTheChairFromTheDecisionLimit) {
  seed("signal-1", core::SignalState::ReadyForWeighing,
       {{core::SignalState::Received, core::SignalState::AwaitingContributions,
         "2024-03-04T09:00:00.000Z"},
        {core::SignalState::AwaitingContributions, core::SignalState::ReadyForWeighing,
         "2024-03-06T09:00:00.000Z"}});
  const auto chair = caller(core::PartnerKind::Gemeente, core::Role::WeegploegChair);
  EXPECT_FALSE(item(chair, "signal-1", "2024-04-03T08:59:59.999Z")->overdue_since);
  const auto late = item(chair, "signal-1", "2024-04-03T09:00:00.000Z");
  EXPECT_EQ(late->awaiting, core::Awaiting::Decision);
  EXPECT_EQ(late->overdue_since, "2024-04-03T09:00:00.000Z");
}

TEST_P(TimeLimitsStoreTest, AReviewOfAnInclusionRestartsItsLimit) {
  seed("signal-1", core::SignalState::Decided,
       {{core::SignalState::ReadyForWeighing, core::SignalState::Decided,
         "2024-03-05T15:00:00.000Z"}});
  const auto director = caller(core::PartnerKind::Zvh, core::Role::ProcessDirector);
  EXPECT_EQ(item(director, "signal-1", "2025-03-05T14:59:59.999Z")->awaiting,
            core::Awaiting::Closure);
  const auto late = item(director, "signal-1", "2025-03-05T15:00:00.000Z");
  EXPECT_EQ(late->awaiting, core::Awaiting::Review);
  EXPECT_EQ(late->overdue_since, "2025-03-05T15:00:00.000Z");

  const auto reviewed = handle(director,
                               contract::RecordInclusionReview{"signal-1", "2025-03-06", "Doorgaan."},
                               "2025-03-06T10:00:00.000Z");
  ASSERT_TRUE(reviewed) << reviewed.error().message;
  EXPECT_EQ(std::get<contract::InclusionReviewed>(reviewed.value()).next_review_due,
            "2026-03-06T10:00:00.000Z");
  EXPECT_FALSE(item(director, "signal-1", "2026-03-06T09:59:59.999Z")->overdue_since);
  EXPECT_EQ(item(director, "signal-1", "2026-03-06T10:00:00.000Z")->overdue_since,
            "2026-03-06T10:00:00.000Z");
}

INSTANTIATE_TEST_SUITE_P(Drivers, TimeLimitsStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace zvhpga::odbc::testing
