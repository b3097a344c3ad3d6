// The files the plugin reads itself (configuration, criteria catalogue, retention policy, key
// files) are regular files, opened without blocking and judged before they are read: a device
// or a FIFO named where a file belongs is refused at once, and a key file must belong to the
// running user and be named without a symbolic link.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class ReadFiles : public PluginTest {
 protected:
  // zvhpga_open of `config` in a child process that gets 10 seconds and (outside AddressSanitizer
  // builds, whose shadow memory the limit would refuse) 2 GiB: a reader that waits for a FIFO's
  // writer or reads /dev/zero to its end is stopped there, instead of the test run or the machine.
  // The fixture's instance is closed first: the child is forked from one thread.
  Reply open_in_bounded_child(const std::filesystem::path& config) {
    zvhpga_close(instance_);
    instance_ = nullptr;
    int channel[2];
    EXPECT_EQ(::pipe(channel), 0);
    const pid_t child = ::fork();
    if (child == 0) {
      ::close(channel[0]);
#ifndef __SANITIZE_ADDRESS__
      const rlimit memory{rlim_t{2} << 30, rlim_t{2} << 30};
      ::setrlimit(RLIMIT_AS, &memory);
#endif
      ::alarm(10);
      const std::string path = config.string();
      zvhpga_instance* instance = nullptr;
      zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
      const zvhpga_status status = zvhpga_open(path.data(), path.size(), &instance, &error);
      if (error.data != nullptr) {
        const ssize_t written = ::write(channel[1], error.data, error.size);
        static_cast<void>(written);
      }
      ::_exit(static_cast<int>(status));
    }
    ::close(channel[1]);
    std::string message;
    char buffer[512];
    for (ssize_t got; (got = ::read(channel[0], buffer, sizeof buffer)) > 0;)
      message.append(buffer, static_cast<std::size_t>(got));
    ::close(channel[0]);
    int wait_status = 0;
    EXPECT_EQ(::waitpid(child, &wait_status, 0), child);
    EXPECT_TRUE(WIFEXITED(wait_status)) << "zvhpga_open did not return: signal "
                                        << (WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0);
    return {WIFEXITED(wait_status) ? static_cast<zvhpga_status>(WEXITSTATUS(wait_status))
                                   : ZVHPGA_INTERNAL,
            message};
  }

  // The fixture's configuration with `element` added at its end.
  std::filesystem::path configuration_with(const std::string& element) {
    std::ifstream in(directory_ / "zvhpga.xml");
    std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    config.replace(config.rfind("</configuration>"), 16, element + "</configuration>");
    const auto path = directory_ / "with-element.xml";
    std::ofstream(path, std::ios::trunc) << config;
    return path;
  }

  std::filesystem::path fifo(const std::string& name) {
    const auto path = directory_ / name;
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path;
  }

  std::filesystem::path data() const { return directory_ / "data"; }
};

TEST_F(ReadFiles, ConfigurationThatIsADeviceIsRefusedBeforeItIsRead) {
  const Reply opened = open_in_bounded_child("/dev/zero");
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_EQ(opened.document, "The configuration file /dev/zero is not a regular file.");
}

TEST_F(ReadFiles, ConfigurationThatIsAFifoIsRefusedWithoutWaitingForAWriter) {
  const Reply opened = open_in_bounded_child(fifo("zvhpga-fifo.xml"));
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("is not a regular file"), std::string::npos) << opened.document;
}

TEST_F(ReadFiles, ConfigurationLargerThanItsBoundIsRefusedBeforeItIsRead) {
  const auto big = directory_ / "big.xml";
  std::ofstream(big).close();
  std::filesystem::resize_file(big, std::uintmax_t{1} << 40);  // sparse: 1 TiB on no disk
  const Reply opened = open_in_bounded_child(big);
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("is larger than 4194304 bytes"), std::string::npos)
      << opened.document;
}

TEST_F(ReadFiles, CriteriaCatalogueThatIsADeviceIsRefusedBeforeItIsRead) {
  const Reply opened = open_in_bounded_child(
      configuration_with("<criteria><catalogue>/dev/zero</catalogue></criteria>"));
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("The criteria catalogue /dev/zero is not a regular file."),
            std::string::npos) << opened.document;
}

TEST_F(ReadFiles, RetentionPolicyThatIsADeviceIsRefusedBeforeItIsRead) {
  const Reply opened = open_in_bounded_child(
      configuration_with("<retention><policy>/dev/zero</policy></retention>"));
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("The retention policy /dev/zero is not a regular file."),
            std::string::npos) << opened.document;
}

TEST_F(ReadFiles, KeyFileThatIsAFifoIsRefusedWithoutWaitingForAWriter) {
  const Reply opened = open_in_bounded_child(configuration_with(
      "<keys><auditKeyFile>" + fifo("audit.key").string() + "</auditKeyFile></keys>"));
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("audit.key is not a regular file."), std::string::npos)
      << opened.document;
}

TEST_F(ReadFiles, KeyFileNamedThroughASymbolicLinkIsRefused) {
  // A link in a directory others may write, to a key that is fine in itself.
  const auto shared = directory_ / "shared";
  std::filesystem::create_directory(shared);
  std::filesystem::permissions(shared, std::filesystem::perms::all |
                                           std::filesystem::perms::sticky_bit);
  std::filesystem::create_symlink(data() / "audit.key", shared / "audit.key");
  const Reply opened = open_in_bounded_child(configuration_with(
      "<keys><auditKeyFile>" + (shared / "audit.key").string() + "</auditKeyFile></keys>"));
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("audit.key is a symbolic link"), std::string::npos)
      << opened.document;
}

TEST_F(ReadFiles, KeyFileOfAnotherUserIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
  ASSERT_EQ(::chown((data() / "audit.key").c_str(), 65534, 65534), 0);
  const Reply opened = open_in_bounded_child(directory_ / "zvhpga.xml");
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("audit.key belongs to another user"), std::string::npos)
      << opened.document;
}

}  // namespace
}  // namespace zvhpga::testing
