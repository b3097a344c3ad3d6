// Crypto-shredding (docs/crypto-shredding.md): the personal fields of a signal are ciphertext
// in the store, readable only with the signal's data key from the key store; destroying that
// key makes them unreadable everywhere, in every copy of the store taken before.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "crypto/aead.h"
#include "crypto/sealing_store.h"
#include "crypto/signal_keys.h"
#include "dossier_text.h"
#include "odbc/dialect.h"
#include "odbc/key_store.h"
#include "odbc/statement.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using core::PartnerKind;
using core::SignalState;
using ports::StoreFailure;
using ports::TransactionMode;

std::string as_text(const core::Dossier& dossier) { return DossierText{}(dossier); }

std::string sqlite_at(const std::filesystem::path& file) {
  return "Driver=SQLite3;Database=" + file.string() + ";";
}

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A dossier with every sealed field filled, about the person named.
core::Dossier full_dossier(std::string signal_id, std::string name, std::string bsn) {
  auto dossier = sample_dossier(std::move(signal_id));
  dossier.intake.subject.name = std::move(name);
  dossier.intake.subject.bsn = std::move(bsn);
  dossier.contributions = {sample_contribution(dossier.signal_id + "-c1", PartnerKind::Politie)};
  dossier.decisions = {sample_decision(dossier.signal_id + "-d1", core::Course::ReferElsewhere)};
  dossier.transitions = {sample_transition(std::nullopt, SignalState::Received, "registered")};
  dossier.closure = core::Closure{
      .closed_on = "2024-04-01",
      .reason = "Doorverwezen naar zorg.",
      .closed_by = actor(PartnerKind::Zvh, "coordinator", core::Role::ProcessDirector),
      .recorded_at = "2024-04-01T12:00:00.000Z"};
  return dossier;
}

void write_whole(ports::Store& store, const core::Dossier& dossier) {
  auto transaction = store.begin(TransactionMode::ReadWrite);
  transaction->insert_signal(dossier);
  for (const auto& entry : dossier.contributions)
    transaction->insert_contribution(dossier.signal_id, entry);
  for (const auto& entry : dossier.decisions)
    transaction->insert_decision(dossier.signal_id, entry);
  for (const auto& entry : dossier.transitions)
    transaction->append_transition(dossier.signal_id, entry);
  transaction->insert_closure(dossier.signal_id, *dossier.closure);
  transaction->commit();
}

std::optional<core::Dossier> load(ports::Store& store, std::string_view signal_id) {
  auto transaction = store.begin(TransactionMode::ReadOnly);
  return transaction->load_dossier(signal_id);
}

class SealingStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    store_ = open();
    key_store_ = open_key_store(sqlite_at(key_store_file()));
    keys_.emplace(std::move(crypto::SignalKeys::open(*key_store_, master_key_).value()));
    sealing_.emplace(*store_, *keys_);
  }

  void TearDown() override {
    if (GetParam().name == "PostgreSQL" && !IsSkipped())
      run_raw("DROP SCHEMA IF EXISTS " + std::string(kStoreAfterRestore) + " CASCADE");
    StoreTest::TearDown();
  }

  std::filesystem::path key_store_file() const { return scratch_.path() / "signal-keys.sqlite"; }

  // A backup of the store as its product makes one, in a file: a copy of the SQLite file, a
  // pg_dump of PostgreSQL's zvhpga schema.
  std::filesystem::path back_up() const {
    const auto backup = scratch_.path() / "backup";
    if (GetParam().name != "PostgreSQL") {  // either SQLite driver: one file
      std::filesystem::copy_file(scratch_.path() / "store.db", backup);
    } else {
      EXPECT_EQ(run_postgresql_client("pg_dump --schema=zvhpga --file=" + backup.string()), 0);
    }
    return backup;
  }

  // The backup restored as a store of its own. PostgreSQL's store lives in the schema zvhpga,
  // so the current one moves aside (and is dropped at the end of the test).
  std::unique_ptr<OdbcStore> restore(const std::filesystem::path& backup) const {
    if (GetParam().name != "PostgreSQL") {
      // The copy becomes the database file of a store opened through the same driver.
      const auto restored = scratch_.path() / "restored";
      std::filesystem::create_directories(restored);
      std::filesystem::copy_file(backup, restored / "store.db");
      return open_store(StoreOptions{.connection_string = *GetParam().fresh_database(restored)});
    }
    run_raw("ALTER SCHEMA zvhpga RENAME TO " + std::string(kStoreAfterRestore));
    EXPECT_EQ(run_postgresql_client("psql --quiet -v ON_ERROR_STOP=1 --file=" + backup.string()), 0);
    return open_store(StoreOptions{.connection_string = connection_string_});
  }

  // Runs a PostgreSQL client program against the test database named in the ODBC connection
  // string; its exit status.
  int run_postgresql_client(const std::string& command) const {
    const auto field = [this](std::string_view key) {
      return std::string(attribute_value(connection_string_, key).value_or(""));
    };
    const std::string line = "PGPASSWORD='" + field("PWD") + "' " + command + " --host=" +
                             field("Server") + " --port=" + field("Port") + " --username=" +
                             field("UID") + " --dbname=" + field("Database") + " >/dev/null";
    return std::system(line.c_str());  // NOLINT(cert-env33-c): test tooling, fixed programs
  }

  static constexpr const char* kStoreAfterRestore = "zvhpga_after_destruction";

  // Runs SQL on the store's own database, behind the sealing store's back.
  void run_raw(const std::string& sql) const {
    Connection connection(std::make_shared<Environment>(), connection_string_);
    connection.execute(sql);
    if (connection.dialect().driver_ends_transactions) connection.commit();
  }

  crypto::Key master_key_ = crypto::random_key();
  std::unique_ptr<OdbcStore> store_;
  std::unique_ptr<ports::KeyStore> key_store_;
  std::optional<crypto::SignalKeys> keys_;
  std::optional<crypto::SealingStore> sealing_;
};

TEST_P(SealingStoreTest, PersonalFieldsAreCiphertextInTheStore) {
  const auto dossier = full_dossier("signal-1", "Johanna Jansen", "123456782");
  write_whole(*sealing_, dossier);

  // The store read without the sealing layer: what any copy of the database holds.
  const auto raw = load(*store_, "signal-1");
  ASSERT_TRUE(raw.has_value());
  const std::string text = as_text(*raw);
  for (const std::string& secret :
       {std::string("Johanna Jansen"), std::string("123456782"), std::string("2001-05-17"),
        dossier.intake.observed_facts, dossier.contributions[0].reasoning,
        *dossier.contributions[0].information_held, dossier.decisions[0].reasoning,
        *dossier.decisions[0].dissent, dossier.closure->reason}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " is in plaintext";
  }
  // What queries need stays readable.
  EXPECT_EQ(raw->intake.region, "Utrecht");
  EXPECT_EQ(raw->state, dossier.state);
}

TEST_P(SealingStoreTest, ReadsBackThePlaintextDossier) {
  const auto dossier = full_dossier("signal-1", "Johanna Jansen", "123456782");
  write_whole(*sealing_, dossier);

  const auto loaded = load(*sealing_, "signal-1");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(as_text(*loaded), as_text(dossier));
}

TEST_P(SealingStoreTest, CiphertextMovedToAnotherSignalIsRefused) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));
  write_whole(*sealing_, full_dossier("signal-2", "Pieter Bakker", "987654321"));

  run_raw("UPDATE pga_signal SET subject_name = (SELECT subject_name FROM pga_signal WHERE "
          "signal_id = 'signal-2') WHERE signal_id = 'signal-1'");

  try {
    load(*sealing_, "signal-1");
    FAIL() << "a moved ciphertext was accepted";
  } catch (const StoreFailure& failure) {
    EXPECT_NE(std::string(failure.what()).find("pga_signal.subject_name"), std::string::npos)
        << failure.what();
    EXPECT_NE(std::string(failure.what()).find("integrity"), std::string::npos)
        << failure.what();
  }
}

TEST_P(SealingStoreTest, ChangedCiphertextIsRefused) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));
  auto raw = load(*store_, "signal-1");
  std::string changed = raw->decisions[0].reasoning;
  changed[30] = changed[30] == '0' ? '1' : '0';
  run_raw("UPDATE pga_decision SET reasoning = '" + changed + "'");

  EXPECT_THROW(load(*sealing_, "signal-1"), StoreFailure);
}

TEST_P(SealingStoreTest, AnotherMasterKeyDoesNotOpenTheKeyStore) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));

  const auto other = crypto::SignalKeys::open(*key_store_, crypto::random_key());

  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::InvalidConfiguration);
}

TEST_P(SealingStoreTest, ChangedWrappedKeyIsRefused) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));
  auto wrapped = *key_store_->find("signal-1");
  wrapped.wrapped[40] = wrapped.wrapped[40] == 'a' ? 'b' : 'a';
  key_store_->erase("signal-1");
  key_store_->insert(wrapped);

  EXPECT_THROW(load(*sealing_, "signal-1"), StoreFailure);
}

TEST_P(SealingStoreTest, SignalWithoutItsKeyReadsAsDestroyed) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));

  keys_->destroy("signal-1");

  EXPECT_FALSE(load(*sealing_, "signal-1").has_value());
  EXPECT_TRUE(load(*store_, "signal-1").has_value()) << "the rows are still there";
  auto transaction = sealing_->begin(TransactionMode::ReadWrite);
  EXPECT_THROW(transaction->insert_contribution(
                   "signal-1", sample_contribution("late", PartnerKind::Politie)),
               StoreFailure);
}

TEST_P(SealingStoreTest, DestroyingAKeyOverwritesItsBytesInTheKeyStore) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));
  const std::string wrapped = key_store_->find("signal-1")->wrapped;
  ASSERT_NE(file_bytes(key_store_file()).find(wrapped), std::string::npos);

  keys_->destroy("signal-1");

  EXPECT_EQ(file_bytes(key_store_file()).find(wrapped), std::string::npos);
}

// The must-show of issue 7: a copy of the database taken before destruction, read with the
// current key store and master key, yields nothing of the destroyed person, and still yields
// the others. A file copy is what a backup of a SQLite store is.
TEST_P(SealingStoreTest, CopyTakenBeforeDestructionNoLongerYieldsTheDestroyedPerson) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));
  write_whole(*sealing_, full_dossier("signal-2", "Pieter Bakker", "987654321"));
  sealing_.reset();
  store_.reset();
  const auto backup = back_up();

  keys_->destroy("signal-1");

  auto copied_store = restore(backup);
  ASSERT_TRUE(load(*copied_store, "signal-1").has_value()) << "the backup holds its rows";
  crypto::SealingStore copied(*copied_store, *keys_);
  EXPECT_FALSE(load(copied, "signal-1").has_value());
  const auto bytes = file_bytes(backup);
  for (const char* secret : {"Johanna Jansen", "123456782", "Pieter Bakker"})
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " is in the backup";
  const auto other = load(copied, "signal-2");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->intake.subject.name, "Pieter Bakker");
  EXPECT_EQ(other->intake.subject.bsn, "987654321");
}

TEST_P(SealingStoreTest, RotationKeepsEverySignalReadableUnderTheNewMasterKey) {
  const auto first = full_dossier("signal-1", "Johanna Jansen", "123456782");
  const auto second = full_dossier("signal-2", "Pieter Bakker", "987654321");
  write_whole(*sealing_, first);
  write_whole(*sealing_, second);
  const crypto::Key next = crypto::random_key();

  const auto rotated = crypto::rotate_master_key(*key_store_, master_key_, next);

  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(*rotated, 2U);
  auto rotated_keys = crypto::SignalKeys::open(*key_store_, next);
  ASSERT_TRUE(rotated_keys);
  crypto::SealingStore reopened(*store_, *rotated_keys);
  EXPECT_EQ(as_text(*load(reopened, "signal-1")), as_text(first));
  EXPECT_EQ(as_text(*load(reopened, "signal-2")), as_text(second));
}

TEST_P(SealingStoreTest, RetiredMasterKeyNoLongerOpensTheKeyStore) {
  write_whole(*sealing_, full_dossier("signal-1", "Johanna Jansen", "123456782"));

  ASSERT_TRUE(crypto::rotate_master_key(*key_store_, master_key_, crypto::random_key()));

  const auto old = crypto::SignalKeys::open(*key_store_, master_key_);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, core::ErrorCode::InvalidConfiguration);
}

TEST_P(SealingStoreTest, RotationRunAgainAfterItFinishedChangesNothing) {
  const auto dossier = full_dossier("signal-1", "Johanna Jansen", "123456782");
  write_whole(*sealing_, dossier);
  const crypto::Key next = crypto::random_key();
  ASSERT_TRUE(crypto::rotate_master_key(*key_store_, master_key_, next));
  const std::string wrapped = key_store_->find("signal-1")->wrapped;

  const auto again = crypto::rotate_master_key(*key_store_, master_key_, next);

  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0U);
  EXPECT_EQ(key_store_->find("signal-1")->wrapped, wrapped);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SealingStoreTest, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
