// The responsible gemeente in the store, on every driver: kept with the signal, and given to the
// signals of a store from before it was kept (migration 0012) as the gemeente that registered
// them.
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

INSTANTIATE_TEST_SUITE_P(Drivers, ResponsibleGemeenteStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace zvhpga::odbc::testing
