// Rotation of the signal master key through the public ABI (zvh-pga db rotate-keys,
// docs/crypto-shredding.md): every signal reads under the new key file, the old key no longer
// opens the key store, and a rotation killed at any point is finished by running it again.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes a key file as an administrator restoring one would: the bytes, mode 0600.
void put_key_file(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

class KeyRotation : public PluginTest {
 protected:
  std::filesystem::path key_file() const { return directory_ / "data" / "signal-master.key"; }
  std::filesystem::path next_key_file() const {
    return directory_ / "data" / "signal-master.key.next";
  }

  // zvhpga_rotate_master_key: the document is its report, or its error on failure.
  Reply rotate() const {
    const std::string config = (directory_ / "zvhpga.xml").string();
    zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const zvhpga_status status =
        zvhpga_rotate_master_key(config.data(), config.size(), &report, &error);
    const zvhpga_output& text = status == ZVHPGA_OK ? report : error;
    Reply reply{status, text.data != nullptr ? std::string(text.data, text.size) : ""};
    zvhpga_free(&report);
    zvhpga_free(&error);
    return reply;
  }

  std::vector<std::string> register_signals(int count) {
    std::vector<std::string> ids;
    for (int number = 0; number < count; ++number) ids.push_back(register_signal());
    return ids;
  }

  // Reopens the instance on the current key file and reads every signal back whole.
  void expect_every_signal_reads(const std::vector<std::string>& ids) {
    const Reply reopened = reopen();
    ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
    for (const std::string& id : ids) {
      const Reply reply = call(kChair, example("get-signal.xml", id));
      EXPECT_EQ(reply.status, ZVHPGA_OK) << id << ": " << reply.document;
      EXPECT_NE(reply.document.find("J. de Vries"), std::string::npos) << id << ": " << reply.document;
    }
  }
};

TEST_F(KeyRotation, EverySignalReadsUnderTheNewKeyFileAfterARotation) {
  const auto ids = register_signals(3);
  const std::string old_key = bytes_of(key_file());
  zvhpga_close(instance_);
  instance_ = nullptr;

  const Reply rotated = rotate();

  ASSERT_EQ(rotated.status, ZVHPGA_OK) << rotated.document;
  EXPECT_NE(rotated.document.find("3 signal key(s) rewrapped"), std::string::npos)
      << rotated.document;
  EXPECT_NE(bytes_of(key_file()), old_key);
  EXPECT_FALSE(std::filesystem::exists(next_key_file()));
  expect_every_signal_reads(ids);
}

TEST_F(KeyRotation, TheNewKeyFileIsReadableByItsOwnerOnly) {
  zvhpga_close(instance_);
  instance_ = nullptr;

  ASSERT_EQ(rotate().status, ZVHPGA_OK);

  struct stat status {};
  ASSERT_EQ(::stat(key_file().c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600U);
}

TEST_F(KeyRotation, TheOldKeyFileNoLongerOpensTheKeyStore) {
  register_signal();
  const std::string old_key = bytes_of(key_file());
  zvhpga_close(instance_);
  instance_ = nullptr;
  ASSERT_EQ(rotate().status, ZVHPGA_OK);

  put_key_file(key_file(), old_key);

  const Reply reopened = reopen();
  EXPECT_EQ(reopened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(reopened.document.find("does not belong to this key store"), std::string::npos)
      << reopened.document;
}

TEST_F(KeyRotation, ASecondRotationRotatesAgainAndEverySignalStillReads) {
  const auto ids = register_signals(2);
  zvhpga_close(instance_);
  instance_ = nullptr;
  ASSERT_EQ(rotate().status, ZVHPGA_OK);
  const std::string first_rotation = bytes_of(key_file());

  const Reply again = rotate();

  ASSERT_EQ(again.status, ZVHPGA_OK) << again.document;
  EXPECT_NE(again.document.find("2 signal key(s) rewrapped"), std::string::npos) << again.document;
  EXPECT_NE(again.document.find("generation 3"), std::string::npos) << again.document;
  EXPECT_NE(bytes_of(key_file()), first_rotation);
  expect_every_signal_reads(ids);
}

// Killed after making the new key file, before the key store heard of it.
TEST_F(KeyRotation, ARotationKilledAfterMakingTheNextKeyFileIsFinishedWithThatKey) {
  const auto ids = register_signals(2);
  zvhpga_close(instance_);
  instance_ = nullptr;
  const std::string next_key(32, 'n');
  put_key_file(next_key_file(), next_key);

  ASSERT_EQ(rotate().status, ZVHPGA_OK);

  EXPECT_EQ(bytes_of(key_file()), next_key);
  EXPECT_FALSE(std::filesystem::exists(next_key_file()));
  expect_every_signal_reads(ids);
}

// Killed after retiring the old generation, before the rename: the key file still holds the
// retired key and `.next` the one every data key is wrapped under.
TEST_F(KeyRotation, ARotationKilledBeforeTheRenameOnlyRenamesOnTheRerun) {
  const auto ids = register_signals(2);
  const std::string old_key = bytes_of(key_file());
  zvhpga_close(instance_);
  instance_ = nullptr;
  ASSERT_EQ(rotate().status, ZVHPGA_OK);
  const std::string new_key = bytes_of(key_file());
  put_key_file(next_key_file(), new_key);
  put_key_file(key_file(), old_key);

  const Reply rerun = rotate();

  ASSERT_EQ(rerun.status, ZVHPGA_OK) << rerun.document;
  EXPECT_NE(rerun.document.find("0 signal key(s) rewrapped"), std::string::npos) << rerun.document;
  EXPECT_EQ(bytes_of(key_file()), new_key);
  EXPECT_FALSE(std::filesystem::exists(next_key_file()));
  expect_every_signal_reads(ids);
}

TEST_F(KeyRotation, OpeningAfterARotationKilledBeforeTheRenameSaysToFinishIt) {
  register_signal();
  const std::string old_key = bytes_of(key_file());
  zvhpga_close(instance_);
  instance_ = nullptr;
  ASSERT_EQ(rotate().status, ZVHPGA_OK);
  put_key_file(next_key_file(), bytes_of(key_file()));
  put_key_file(key_file(), old_key);

  const Reply refused = reopen();

  EXPECT_EQ(refused.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(refused.document.find("run 'zvh-pga db rotate-keys' to finish it"), std::string::npos)
      << refused.document;
}

TEST_F(KeyRotation, RotationsKilledAtRandomPointsAreFinishedByARerun) {
  constexpr int kKills = 6;
  const auto ids = register_signals(40);
  zvhpga_close(instance_);
  instance_ = nullptr;
  std::mt19937 random(20261129);
  for (int kill = 0; kill < kKills; ++kill) {
    const pid_t child = fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
      rotate();
      _exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
    ::kill(child, SIGKILL);
    ASSERT_EQ(waitpid(child, nullptr, 0), child);
  }

  const Reply rerun = rotate();

  ASSERT_EQ(rerun.status, ZVHPGA_OK) << rerun.document;
  EXPECT_FALSE(std::filesystem::exists(next_key_file()));
  expect_every_signal_reads(ids);
}

TEST_F(KeyRotation, AnInstanceLeftRunningThroughARotationRefusesToRegisterASignal) {
  register_signal();
  ASSERT_EQ(rotate().status, ZVHPGA_OK);

  const Reply refused = call(kIntake, example("register-signal.xml"));

  EXPECT_NE(refused.status, ZVHPGA_OK) << refused.document;
  EXPECT_EQ(query("SELECT COUNT(*) FROM pga_signal")[0][0], "1");
}

}  // namespace
}  // namespace zvhpga::testing
