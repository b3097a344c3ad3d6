#pragma once
// What the fuzz targets share: a temporary directory per process, removed when the process
// ends so that replays in every test run leave nothing behind, and a plugin configuration
// there: the embedded store, the partners of the development configuration, and no sync on
// commit (a fuzzer's store holds nothing worth keeping, and every request writes an audit
// record).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace zvhpga::fuzzing {

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "zvhpga-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline const std::filesystem::path& process_directory() {
  static const TemporaryDirectory directory;
  return directory.path();
}

// The configuration, with its data directory beside it, in directory (made if missing).
inline std::filesystem::path write_fuzz_configuration(
    const std::filesystem::path& directory = process_directory()) {
  std::filesystem::create_directories(directory);
  const std::filesystem::path config = directory / "zvhpga.xml";
  std::ofstream(config) << R"(<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:nl:zvh-pga:config:1">
  <dataDirectory>)" << (directory / "data").string() << R"(</dataDirectory>
  <store><odbc>
    <connectionString>Driver=SQLite3;Database=${dataDirectory}/zvhpga.sqlite;SyncPragma=OFF;JournalMode=MEMORY</connectionString>
  </odbc></store>
  <partners>
    <partner><id>gemeente-utrecht</id><oin>00000099002220647000</oin><kind>gemeente</kind><name>G</name><region>midden-nederland</region></partner>
    <partner><id>politie-midden-nederland</id><oin>00000099003214345000</oin><kind>politie</kind><name>P</name><region>midden-nederland</region></partner>
    <partner><id>om-midden-nederland</id><oin>00000099003214370000</oin><kind>om</kind><name>O</name><region>midden-nederland</region></partner>
    <partner><id>zvh-utrecht</id><oin>00000099823288444000</oin><kind>zvh</kind><name>Z</name><region>midden-nederland</region></partner>
  </partners>
</configuration>
)";
  return config;
}

}  // namespace zvhpga::fuzzing
