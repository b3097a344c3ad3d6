// zvh-pga doctor through the C ABI (zvhpga_diagnose): what it passes, warns about and reports as
// a problem, each on an installation changed in one way from a good one.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>
#include <zvhpga/zvhpga.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "soap_messages.h"

namespace fs = std::filesystem;
using zvhpga::e2e::configuration;

namespace {

struct Finding {
  std::string verdict;
  std::string check;
  std::string message;
};

struct Diagnosis {
  zvhpga_status status;
  std::vector<Finding> findings;

  bool has(std::string_view verdict, std::string_view check, std::string_view words) const {
    for (const auto& finding : findings)
      if (finding.verdict == verdict && finding.check == check &&
          finding.message.find(words) != std::string::npos)
        return true;
    return false;
  }
  bool has_problem() const {
    for (const auto& finding : findings)
      if (finding.verdict == "problem") return true;
    return false;
  }
};

std::ostream& operator<<(std::ostream& out, const Diagnosis& diagnosis) {
  for (const auto& finding : diagnosis.findings)
    out << finding.verdict << " | " << finding.check << " | " << finding.message << "\n";
  return out;
}

void replace(std::string& text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

class Doctor : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("zvhpga-doctor-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_);
    pki_ = ZVHPGA_E2E_PKI;
    ASSERT_TRUE(fs::exists(pki_ / "impostor.pem")) << "run make-test-pki.sh " << pki_;
    config_text_ = configuration(data_directory(), pki_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  fs::path data_directory() const { return root_ / "data"; }
  fs::path config_file() const { return root_ / "zvhpga.xml"; }

  void write_configuration() const { std::ofstream(config_file()) << config_text_; }

  // The store and its keys as the first start (or the Debian package) makes them.
  void install() const {
    write_configuration();
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const std::string path = config_file().string();
    ASSERT_EQ(zvhpga_migrate(path.data(), path.size(), nullptr, &error), ZVHPGA_OK)
        << (error.data != nullptr ? error.data : "");
    zvhpga_free(&error);
  }

  Diagnosis diagnose() const {
    write_configuration();
    zvhpga_output report{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const std::string path = config_file().string();
    Diagnosis diagnosis{zvhpga_diagnose(path.data(), path.size(), &report), {}};
    std::istringstream lines(report.data != nullptr ? report.data : "");
    Finding finding;
    while (std::getline(lines, finding.verdict, '\t') && std::getline(lines, finding.check, '\t') &&
           std::getline(lines, finding.message))
      diagnosis.findings.push_back(finding);
    zvhpga_free(&report);
    return diagnosis;
  }

  void use_service_certificate(std::string_view name) {
    replace(config_text_, (pki_ / "server.pem").string(), (pki_ / (std::string(name) + ".pem")).string());
    replace(config_text_, (pki_ / "server.key").string(), (pki_ / (std::string(name) + ".key")).string());
  }

  // <statementSigning> with a certificate and key of the test PKI.
  void sign_statements_with(const fs::path& certificate, const fs::path& key) {
    replace(config_text_, "</configuration>",
            "  <statementSigning><certificate>" + certificate.string() + "</certificate><privateKey>" +
                key.string() + "</privateKey></statementSigning>\n</configuration>");
  }

  // The web service's key as a copy of its own with these permissions; returns the copy.
  fs::path serve_with_key_of_mode(fs::perms mode) {
    const fs::path key = root_ / "server.key";
    fs::copy_file(pki_ / "server.key", key);
    fs::permissions(key, mode, fs::perm_options::replace);
    replace(config_text_, (pki_ / "server.key").string(), key.string());
    return key;
  }

  fs::path root_;
  fs::path pki_;
  std::string config_text_;
};

TEST_F(Doctor, ConfiguredInstallationHasNoProblem) {
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_OK) << diagnosis;
  EXPECT_FALSE(diagnosis.has_problem()) << diagnosis;
  for (const char* check : {"configuration", "partners", "data directory", "keys", "database",
                            "criteria catalogue", "retention terms", "web service certificate"})
    EXPECT_TRUE(diagnosis.has("pass", check, "")) << check << "\n" << diagnosis;
  EXPECT_TRUE(diagnosis.has("pass", "web service certificate", "OIN 00000099823288444000")) << diagnosis;
}

TEST_F(Doctor, UnconfirmedRetentionRulesOfTheShippedPolicyAreAWarning) {
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_OK) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "retention policy", "unconfirmed rules")) << diagnosis;
}

TEST_F(Doctor, UnconfirmedTimeLimitsAndInformingGroundsAreAWarning) {
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_TRUE(diagnosis.has("warning", "time limits", "unconfirmed")) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "informing grounds", "unconfirmed")) << diagnosis;
}

TEST_F(Doctor, TestOinsInThePartnerTableAreAWarning) {
  install();
  EXPECT_TRUE(diagnose().has("warning", "partners", "test OIN 00000099002220647000"));
}

TEST_F(Doctor, ConfigurationFailingItsSchemaIsTheOnlyFinding) {
  config_text_ = R"(<configuration xmlns="urn:nl:zvh-pga:config:1"><unexpected/></configuration>)";
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  ASSERT_EQ(diagnosis.findings.size(), 1u) << diagnosis;
  EXPECT_EQ(diagnosis.findings[0].verdict, "problem");
  EXPECT_EQ(diagnosis.findings[0].check, "configuration");
}

TEST_F(Doctor, RegionWithoutAPolitiePartnerIsAProblem) {
  replace(config_text_,
          "<partner><id>politie-midden-nederland</id><oin>00000099003214345000</oin><kind>politie</kind>"
          "<name>P</name><region>midden-nederland</region></partner>",
          "");
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "partners", "midden-nederland has no partner of kind politie"))
      << diagnosis;
}

TEST_F(Doctor, KeyFileOthersMayReadIsAProblem) {
  install();
  fs::permissions(data_directory() / "audit.key", fs::perms::others_read, fs::perm_options::add);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "keys", "mode 0600")) << diagnosis;
}

TEST_F(Doctor, KeyFileOfAnotherUserIsAProblemNotOneReadableByItsOwnerOnly) {
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
  install();
  ASSERT_EQ(::chown((data_directory() / "audit.key").c_str(), 65534, 65534), 0);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "keys", "audit.key belongs to another user")) << diagnosis;
  EXPECT_FALSE(diagnosis.has("pass", "keys", "audit.key is readable by its owner only")) << diagnosis;
}

TEST_F(Doctor, KeyFileNamedThroughASymbolicLinkIsAProblem) {
  install();
  const fs::path key = data_directory() / "audit.key";
  fs::rename(key, root_ / "elsewhere.key");
  fs::create_symlink(root_ / "elsewhere.key", key);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "keys", "audit.key is a symbolic link")) << diagnosis;
}

TEST_F(Doctor, SignalMasterKeyOthersMayReadIsAProblem) {
  install();
  fs::permissions(data_directory() / "signal-master.key", fs::perms::group_read, fs::perm_options::add);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "keys", "signal-master.key")) << diagnosis;
}

TEST_F(Doctor, DataDirectoryOthersMayEnterIsAProblem) {
  install();
  fs::permissions(data_directory(), fs::perms::others_exec, fs::perm_options::add);
  EXPECT_TRUE(diagnose().has("problem", "data directory", "mode 0700"));
}

TEST_F(Doctor, EmptyDatabaseAndMissingKeysAreWarningsOnly) {
  fs::create_directories(data_directory());
  fs::permissions(data_directory(), fs::perms::owner_all, fs::perm_options::replace);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_OK) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "database", "empty")) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "keys", "does not exist yet")) << diagnosis;
}

TEST_F(Doctor, DatabaseLackingASchemaVersionIsAProblemNamingTheUpgrade) {
  install();
  sqlite3* database = nullptr;
  ASSERT_EQ(sqlite3_open((data_directory() / "zvhpga.sqlite").c_str(), &database), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(database,
                         "DELETE FROM pga_schema_version WHERE version = "
                         "(SELECT MAX(version) FROM pga_schema_version)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(database);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "database", "zvh-pga db migrate")) << diagnosis;
}

TEST_F(Doctor, CatalogueFileThatCannotBeReadIsAProblem) {
  install();
  replace(config_text_, "<soap>", "<criteria><catalogue>" + (root_ / "absent.xml").string() +
                                      "</catalogue></criteria>\n  <soap>");
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "criteria catalogue", "absent.xml")) << diagnosis;
}

TEST_F(Doctor, CertificateExpiringWithinThirtyDaysIsAWarning) {
  use_service_certificate("stranger");  // issued for 30 days by make-test-pki.sh
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_OK) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "web service certificate", "expires in")) << diagnosis;
}

TEST_F(Doctor, CertificateOfAnUntrustedCaIsAProblem) {
  use_service_certificate("impostor");
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "web service certificate", "does not chain")) << diagnosis;
}

TEST_F(Doctor, CertificateWithoutAnOinIsAProblem) {
  use_service_certificate("wrong-host");
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "web service certificate", "has no OIN")) << diagnosis;
}

TEST_F(Doctor, CertificateOfAnotherOinThanTheServicesIsAProblem) {
  replace(config_text_, "</partners>",
          "</partners><userAssertions><serviceOin>00000099000000000001</serviceOin>"
          "</userAssertions>");
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "web service certificate",
                            "carries OIN 00000099823288444000, not this service's OIN "
                            "00000099000000000001"))
      << diagnosis;
}

TEST_F(Doctor, CertificateOfTheServicesOinPasses) {
  replace(config_text_, "</partners>",
          "</partners><userAssertions><serviceOin>00000099823288444000</serviceOin>"
          "</userAssertions>");
  install();
  EXPECT_TRUE(diagnose().has("pass", "web service certificate", "carries OIN 00000099823288444000"));
}

TEST_F(Doctor, MissingCertificateFileIsAProblemNamingTheFile) {
  replace(config_text_, (pki_ / "server.pem").string(), (root_ / "missing.pem").string());
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "web service certificate",
                            "missing.pem (<certificate>) does not exist; put the PEM file there "
                            "or correct <certificate> in the configuration"))
      << diagnosis;
  EXPECT_FALSE(diagnosis.has("problem", "web service certificate", "Cannot use")) << diagnosis;
}

TEST_F(Doctor, PrivateKeyOthersMayReadIsAProblemNamingTheRemedy) {
  const fs::path key = serve_with_key_of_mode(fs::perms::owner_read | fs::perms::owner_write |
                                              fs::perms::group_read | fs::perms::others_read);
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "web service certificate",
                            "may be read by others than its owner and the service's group; "
                            "run `chmod 600 " + key.string() + "`"))
      << diagnosis;
}

// As the package's guide installs it: 0640, group of the service (here the test's own group).
TEST_F(Doctor, PrivateKeyReadableByTheServicesGroupIsNoProblem) {
  serve_with_key_of_mode(fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_FALSE(diagnosis.has_problem()) << diagnosis;
}

TEST_F(Doctor, StoreFilesOfAnInstallationAreReadableByTheirOwnerOnly) {
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_TRUE(diagnosis.has("pass", "store files", "zvhpga.sqlite is readable by its owner only"))
      << diagnosis;
  EXPECT_TRUE(diagnosis.has("pass", "store files",
                            "signal-keys.sqlite is readable by its owner only"))
      << diagnosis;
}

TEST_F(Doctor, StoreFileOthersMayReadIsAProblemNamingTheRemedy) {
  install();
  const fs::path store = data_directory() / "zvhpga.sqlite";
  fs::permissions(store, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read,
                  fs::perm_options::replace);
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "store files",
                            "may be read by others than its owner (mode 0604); stop the service "
                            "and run `chmod 600 " + store.string() + "`"))
      << diagnosis;
}

TEST_F(Doctor, StatementsWithoutASigningCertificateAreAWarningThatOnlyTheKeyHolderCanVerify) {
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_OK) << diagnosis;
  EXPECT_TRUE(diagnosis.has("warning", "statement signing certificate", "No <statementSigning>"))
      << diagnosis;
}

TEST_F(Doctor, SigningCertificateWithItsOwnKeyPassesWithItsExpiry) {
  sign_statements_with(pki_ / "statement-signer.pem", pki_ / "statement-signer.key");
  install();
  const Diagnosis diagnosis = diagnose();
  EXPECT_FALSE(diagnosis.has_problem()) << diagnosis;
  EXPECT_TRUE(diagnosis.has("pass", "statement signing certificate", "belongs to the key"))
      << diagnosis;
  EXPECT_TRUE(diagnosis.has("pass", "statement signing certificate", "valid until")) << diagnosis;
}

TEST_F(Doctor, SigningKeyOfAnotherCertificateIsAProblem) {
  install();  // before: with this signer the instance refuses to open, doctor says why
  sign_statements_with(pki_ / "statement-signer.pem", pki_ / "server.key");
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "statement signing certificate",
                            "does not belong to the certificate"))
      << diagnosis;
}

TEST_F(Doctor, MissingSigningCertificateIsAProblemNamingTheFile) {
  install();  // before: with this signer the instance refuses to open, doctor says why
  sign_statements_with(root_ / "missing-signer.pem", pki_ / "statement-signer.key");
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "statement signing certificate", "missing-signer.pem"))
      << diagnosis;
}

TEST_F(Doctor, TlsServerCertificateAsStatementSignerIsAProblem) {
  install();  // before: with this signer the instance refuses to open, doctor says why
  sign_statements_with(pki_ / "server.pem", pki_ / "server.key");
  const Diagnosis diagnosis = diagnose();
  EXPECT_EQ(diagnosis.status, ZVHPGA_REJECTED);
  EXPECT_TRUE(diagnosis.has("problem", "statement signing certificate", "not meant for signing"))
      << diagnosis;
}

}  // namespace
