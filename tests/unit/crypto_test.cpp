// The keyed primitives behind the audit trail and the processing log.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "crypto/hmac.h"
#include "crypto/key_file.h"
#include "crypto/subject_protector.h"

namespace zvhpga::crypto {
namespace {

const Key kKey(32, 0x42);

TEST(Hmac, MatchesRfc4231TestCase2) {
  const std::string key = "Jefe";
  EXPECT_EQ(hmac_sha256_hex({reinterpret_cast<const unsigned char*>(key.data()), key.size()},
                            "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 test cases 1 to 3, each asked for again after other keys were used (more of them
// than a thread keeps ready), so that no MAC is computed under an earlier call's key.
TEST(Hmac, EveryKeyGivesItsOwnMacWhateverKeysWereUsedBefore) {
  const std::vector<unsigned char> key1(20, 0x0b), key2{'J', 'e', 'f', 'e'}, key3(20, 0xaa);
  const std::string data3(50, '\xdd');
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(hmac_sha256_hex(key1, "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(hmac_sha256_hex(key2, "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(hmac_sha256_hex(key1, "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    for (unsigned char other = 1; other <= 5; ++other)
      hmac_sha256_hex(std::vector<unsigned char>(32, other), "Hi There");
    EXPECT_EQ(hmac_sha256_hex(key3, data3),
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  }
}

TEST(SubjectProtector, DecryptsWhatItEncrypted) {
  const SubjectProtector protector(kKey);
  EXPECT_EQ(protector.decrypt(protector.encrypt("111222333")), "111222333");
}

TEST(SubjectProtector, RefusesAChangedCiphertext) {
  const SubjectProtector protector(kKey);
  std::string sealed = protector.encrypt("111222333");
  sealed[30] = sealed[30] == '0' ? '1' : '0';
  EXPECT_FALSE(protector.decrypt(sealed).has_value());
}

TEST(SubjectProtector, RefusesAnotherKeysCiphertext) {
  const SubjectProtector other(Key(32, 0x43));
  EXPECT_FALSE(SubjectProtector(kKey).decrypt(other.encrypt("111222333")).has_value());
}

TEST(SubjectProtector, PseudonymIsStablePerKeyAndSubject) {
  const SubjectProtector protector(kKey);
  EXPECT_EQ(protector.pseudonym("BSN:111222333"), protector.pseudonym("BSN:111222333"));
  EXPECT_NE(protector.pseudonym("BSN:111222333"), protector.pseudonym("BSN:111222334"));
  EXPECT_NE(protector.pseudonym("BSN:111222333"), SubjectProtector(Key(32, 1)).pseudonym("BSN:111222333"));
}

class KeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("zvhpga-key-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::filesystem::path directory_;
};

TEST_F(KeyFile, IsCreatedOwnerOnlyAndReadBackUnchanged) {
  const auto created = load_key(directory_ / "k", true);
  ASSERT_TRUE(created.ok());
  struct stat status {};
  ASSERT_EQ(::stat((directory_ / "k").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  EXPECT_EQ(load_key(directory_ / "k", false).value(), created.value());
}

TEST_F(KeyFile, MissingKeyIsAnErrorWhenNotToBeCreated) {
  EXPECT_EQ(load_key(directory_ / "absent", false).error().code, core::ErrorCode::InvalidConfiguration);
}

TEST_F(KeyFile, KeyReadableByOthersIsRefused) {
  ASSERT_TRUE(load_key(directory_ / "k", true).ok());
  std::filesystem::permissions(directory_ / "k", std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  EXPECT_FALSE(load_key(directory_ / "k", false).ok());
}

TEST_F(KeyFile, KeyOfTheWrongLengthIsRefused) {
  std::ofstream(directory_ / "short") << "too short";
  std::filesystem::permissions(directory_ / "short", std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);
  EXPECT_FALSE(load_key(directory_ / "short", false).ok());
}

}  // namespace
}  // namespace zvhpga::crypto
