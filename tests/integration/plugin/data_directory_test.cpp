// The data directory holds the store and the keys: the plugin makes it private when it does not
// exist, and refuses, without touching it, one that exists and that others may enter.
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

class DataDirectory : public PluginTest {
 protected:
  // Opens the fixture's configuration with another dataDirectory: zvhpga_open's status and
  // error text.
  Reply open_with_data_directory(const std::filesystem::path& data) {
    std::ifstream in(directory_ / "zvhpga.xml");
    std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string current = "<dataDirectory>data</dataDirectory>";
    config.replace(config.find(current), current.size(),
                   "<dataDirectory>" + data.string() + "</dataDirectory>");
    std::ofstream(directory_ / "zvhpga.xml", std::ios::trunc) << config;
    return reopen();
  }

  static unsigned mode_of(const std::filesystem::path& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0);
    return status.st_mode & 07777;
  }
};

TEST_F(DataDirectory, SharedDirectoryIsRefusedAndLeftAsItWas) {
  const auto shared = directory_ / "tmp";
  std::filesystem::create_directory(shared);
  ASSERT_EQ(::chmod(shared.c_str(), 01777), 0);
  const Reply opened = open_with_data_directory(shared);
  EXPECT_EQ(opened.status, ZVHPGA_CONFIG_ERROR);
  EXPECT_NE(opened.document.find("The data directory " + shared.string() +
                                 " may be entered by others than its owner (mode 1777)"),
            std::string::npos) << opened.document;
  EXPECT_EQ(mode_of(shared), 01777U);
  EXPECT_TRUE(std::filesystem::is_empty(shared));
}

TEST_F(DataDirectory, MissingDirectoryIsMadePrivateWhateverTheUmask) {
  const mode_t umask_before = ::umask(0);
  const Reply opened = open_with_data_directory(directory_ / "new" / "data");
  ::umask(umask_before);
  ASSERT_EQ(opened.status, ZVHPGA_OK) << opened.document;
  EXPECT_EQ(mode_of(directory_ / "new" / "data"), 0700U);
}

TEST_F(DataDirectory, PrivateDirectoryThatExistsIsUsed) {
  const auto own = directory_ / "own";
  std::filesystem::create_directory(own);
  ASSERT_EQ(::chmod(own.c_str(), 0700), 0);
  const Reply opened = open_with_data_directory(own);
  EXPECT_EQ(opened.status, ZVHPGA_OK) << opened.document;
}

}  // namespace
}  // namespace zvhpga::testing
