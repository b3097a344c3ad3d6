// The key store across a master key rotation (docs/crypto-shredding.md) on every key store
// database: an instance left running cannot wrap new keys under the retired generation, and
// a rotation killed while rewrapping is finished by running it again.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>

#include "crypto/aead.h"
#include "crypto/master_key_rotation.h"
#include "crypto/signal_keys.h"
#include "odbc/key_store.h"
#include "ports/store.h"
#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

void write_key_file(const std::filesystem::path& file, const crypto::Key& key) {
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

crypto::Key read_key_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class KeyStoreRotation : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    key_store_ = open_key_store(connection_string_);
    write_key_file(key_file(), master_key_);
  }

  std::filesystem::path key_file() const { return scratch_.path() / "signal-master.key"; }

  crypto::Key master_key_ = crypto::random_key();
  std::unique_ptr<ports::KeyStore> key_store_;
};

TEST_P(KeyStoreRotation, AnInstanceOpenedBeforeARotationCannotStoreANewKeyAfterIt) {
  auto running = crypto::SignalKeys::open(*key_store_, master_key_);
  ASSERT_TRUE(running);
  running->create("signal-1");
  ASSERT_TRUE(crypto::rotate_master_key(*key_store_, master_key_, crypto::random_key()));

  try {
    running->create("signal-2");
    ADD_FAILURE() << "a key was stored under the retired generation";
  } catch (const ports::StoreFailure& failure) {
    EXPECT_NE(std::string(failure.what()).find("the master key was rotated; restart this instance"),
              std::string::npos)
        << failure.what();
  }
  EXPECT_FALSE(key_store_->find("signal-2"));
}

// The state a kill during the rewrap leaves: `.next` made, its generation recorded, some keys
// rewrapped under it and the rest still under the current key.
TEST_P(KeyStoreRotation, ARotationKilledWhileRewrappingIsFinishedByARerun) {
  auto keys = crypto::SignalKeys::open(*key_store_, master_key_);
  ASSERT_TRUE(keys);
  std::map<std::string, crypto::Key> data_keys;
  for (const char* id : {"signal-1", "signal-2", "signal-3", "signal-4"})
    data_keys[id] = keys->create(id);
  const crypto::Key next = crypto::random_key();
  write_key_file(crypto::next_master_key_file(key_file()), next);
  key_store_->add_generation(2, crypto::master_key_check(next));
  for (const char* id : {"signal-1", "signal-3"})
    key_store_->rewrap({id, 2, crypto::wrap_data_key(next, 2, id, data_keys[id])}, 1);

  const auto rotated = crypto::rotate_master_key_file(key_file(), *key_store_);

  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->rewrapped, 2U);
  EXPECT_EQ(rotated->generation, 2);
  EXPECT_EQ(read_key_file(key_file()), next);
  EXPECT_FALSE(std::filesystem::exists(crypto::next_master_key_file(key_file())));
  auto reopened = crypto::SignalKeys::open(*key_store_, next);
  ASSERT_TRUE(reopened) << reopened.error().message;
  for (const auto& [id, data_key] : data_keys) EXPECT_EQ(reopened->find(id), data_key) << id;
}

TEST_P(KeyStoreRotation, AKeyFileTheKeyStoreDoesNotKnowIsRefusedAndKeptInPlace) {
  ASSERT_TRUE(crypto::SignalKeys::open(*key_store_, master_key_));
  const crypto::Key stranger = crypto::random_key();
  write_key_file(key_file(), stranger);

  const auto rotated = crypto::rotate_master_key_file(key_file(), *key_store_);

  ASSERT_FALSE(rotated);
  EXPECT_EQ(rotated.error().code, core::ErrorCode::InvalidConfiguration);
  EXPECT_EQ(read_key_file(key_file()), stranger);
  EXPECT_FALSE(std::filesystem::exists(crypto::next_master_key_file(key_file())));
}

INSTANTIATE_TEST_SUITE_P(Drivers, KeyStoreRotation, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
