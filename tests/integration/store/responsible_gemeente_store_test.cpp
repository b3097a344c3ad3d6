// The responsible gemeente in the store, on every driver: kept with the signal, given to the
// signals of a store from before it was kept (migration 0012) as the gemeente that registered
// them, and moved by a transfer (migration 0013).
#include <gtest/gtest.h>

#include <algorithm>

#include "odbc/dialect.h"
#include "odbc/migrations.h"
#include "odbc/transaction_scope.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::TransactionMode;

using ResponsibleGemeenteStoreTest = StoreTest;

constexpr std::string_view kLastMigrationWithout = "0011_audit_expiry.sql";

// A signal row as version 11 wrote it, registered by `partner` of `kind`.
std::string signal_row(const std::string& signal_id, const std::string& partner, const std::string& kind) {
  return "INSERT INTO pga_signal (signal_id, receiving_partner, channel, reporter_type, "
         "reporter_organisation, received_on, subject_name, subject_birth_date, subject_bsn, "
         "subject_municipality, observed_facts, online_component, care_concern, urgency, "
         "municipality, region, state, round, registered_by_partner_id, "
         "registered_by_partner_kind, registered_by_user, registered_by_role, registered_at) "
         "VALUES ('" + signal_id + "', '" + kind + "', 'meldpunt', 'citizen', 'x', '2025-01-02', "
         "'n', '2000-01-01', NULL, 'm', 'f', 0, 0, 'regular', 'm', 'midden-nederland', "
         "'awaiting-contributions', 1, '" + partner + "', '" + kind + "', 'u', 'intake-officer', "
         "'2025-01-02T10:00:00.000Z')";
}

std::string contribution_row(const std::string& id, const std::string& signal_id, int seq,
                             const std::string& partner, const std::string& kind) {
  return "INSERT INTO pga_contribution (contribution_id, signal_id, seq, round, "
         "contributor_partner_id, contributor_partner_kind, contributor_user, contributor_role, "
         "information_held, legal_basis, position_taken, reasoning, revises, submitted_at) "
         "VALUES ('" + id + "', '" + signal_id + "', " + std::to_string(seq) + ", 1, '" + partner +
         "', '" + kind + "', 'u', 'weegploeg-member', NULL, 'b', 'no-further-action', 'r', NULL, "
         "'2025-01-03T10:00:00.000Z')";
}

TEST_P(ResponsibleGemeenteStoreTest, TheResponsibleGemeenteRoundTrips) {
  core::Dossier dossier = sample_dossier("signal-1");
  dossier.responsible_gemeente = "gemeente-zeist";
  auto store = open();
  {
    auto tx = store->begin(TransactionMode::ReadWrite);
    tx->insert_signal(dossier);
    tx->commit();
  }
  auto tx = store->begin(TransactionMode::ReadOnly);
  EXPECT_EQ(tx->load_dossier("signal-1")->responsible_gemeente, "gemeente-zeist");
  const core::SignalState received[] = {core::SignalState::Received};
  EXPECT_EQ(tx->worklist_rows("Utrecht", received).at(0).responsible_gemeente, "gemeente-zeist");
}

TEST_P(ResponsibleGemeenteStoreTest, MigrationGivesExistingSignalsTheGemeenteThatRegisteredThem) {
  {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    Dialect before = connection.dialect();
    const auto last = std::ranges::find(before.migrations, kLastMigrationWithout);
    ASSERT_NE(last, before.migrations.end());
    before.migrations = before.migrations.first(
        static_cast<std::size_t>(std::distance(before.migrations.begin(), last)) + 1);
    apply_migrations(connection, before, SchemaUpgrade::Apply);

    TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    connection.execute(signal_row("by-gemeente", "gemeente-utrecht", "gemeente"));
    // The politie registered it; Zeist contributed first as the gemeente, then Utrecht.
    connection.execute(signal_row("by-politie", "politie-midden-nederland", "politie"));
    connection.execute(contribution_row("c-1", "by-politie", 1, "politie-midden-nederland", "politie"));
    connection.execute(contribution_row("c-2", "by-politie", 2, "gemeente-zeist", "gemeente"));
    connection.execute(contribution_row("c-3", "by-politie", 3, "gemeente-utrecht", "gemeente"));
    // The OM registered it and no gemeente has contributed: no gemeente to give it.
    connection.execute(signal_row("by-om", "om-midden-nederland", "om"));
    transaction.commit();
  }

  EXPECT_EQ(migrate_schema(StoreOptions{.connection_string = connection_string_}).front(), 12);
  auto tx = open()->begin(TransactionMode::ReadOnly);
  EXPECT_EQ(tx->load_dossier("by-gemeente")->responsible_gemeente, "gemeente-utrecht");
  EXPECT_EQ(tx->load_dossier("by-politie")->responsible_gemeente, "gemeente-zeist");
  EXPECT_EQ(tx->load_dossier("by-om")->responsible_gemeente, "");
}

core::Transfer sample_transfer() {
  core::Transfer transfer;
  transfer.id = "transfer-1";
  transfer.from_gemeente = "g-1";
  transfer.from_region = "r-1";
  transfer.to_gemeente = "g-2";
  transfer.to_region = "r-2";
  transfer.reason = "Verhuisd.";
  transfer.proposed_by = actor(core::PartnerKind::Gemeente, "u", core::Role::WeegploegChair);
  transfer.proposed_at = "2024-03-04T10:00:00.000Z";
  return transfer;
}

TEST_P(ResponsibleGemeenteStoreTest, ATransferIsKeptWithItsAnswerAndMovesTheSignal) {
  core::Dossier dossier = sample_dossier("signal-1");
  dossier.responsible_gemeente = "gemeente-utrecht";
  core::Transfer transfer = sample_transfer();
  transfer.from_gemeente = "gemeente-utrecht";
  transfer.from_region = "Utrecht";
  transfer.to_gemeente = "gemeente-den-haag";
  transfer.to_region = "Haaglanden";
  auto store = open();
  {
    auto tx = store->begin(TransactionMode::ReadWrite);
    tx->insert_signal(dossier);
    tx->insert_transfer("signal-1", transfer);
    tx->commit();
  }
  {
    auto tx = store->begin(TransactionMode::ReadWrite);
    const auto offers = tx->transfers_offered_to("gemeente-den-haag");
    ASSERT_EQ(offers.size(), 1u);
    EXPECT_EQ(offers[0].transfer_id, "transfer-1");
    EXPECT_EQ(offers[0].from_gemeente, "gemeente-utrecht");
    transfer.state = core::TransferState::Accepted;
    transfer.answered_by = actor(core::PartnerKind::Gemeente, "d", core::Role::WeegploegChair);
    transfer.answered_at = "2024-03-05T10:00:00.000Z";
    tx->answer_transfer("signal-1", transfer);
    tx->set_responsibility("signal-1", "gemeente-den-haag", "Haaglanden");
    tx->commit();
  }
  auto tx = store->begin(TransactionMode::ReadOnly);
  const auto loaded = tx->load_dossier("signal-1");
  EXPECT_EQ(loaded->responsible_gemeente, "gemeente-den-haag");
  EXPECT_EQ(loaded->intake.region, "Haaglanden");
  ASSERT_EQ(loaded->transfers.size(), 1u);
  EXPECT_EQ(loaded->transfers[0].state, core::TransferState::Accepted);
  EXPECT_EQ(loaded->transfers[0].reason, "Verhuisd.");
  EXPECT_EQ(loaded->transfers[0].answered_by->user, "d");
  EXPECT_FALSE(loaded->transfers[0].answer_reason);
  EXPECT_TRUE(tx->transfers_offered_to("gemeente-den-haag").empty());
}

TEST_P(ResponsibleGemeenteStoreTest, ATransferIsAnsweredOnlyOnce) {
  core::Dossier dossier = sample_dossier("signal-1");
  core::Transfer transfer = sample_transfer();
  auto store = open();
  auto tx = store->begin(TransactionMode::ReadWrite);
  tx->insert_signal(dossier);
  tx->insert_transfer("signal-1", transfer);
  transfer.state = core::TransferState::Declined;
  transfer.answered_by = transfer.proposed_by;
  transfer.answered_at = "2024-03-05T10:00:00.000Z";
  tx->answer_transfer("signal-1", transfer);
  EXPECT_THROW(tx->answer_transfer("signal-1", transfer), ports::StoreFailure);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ResponsibleGemeenteStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace zvhpga::odbc::testing
