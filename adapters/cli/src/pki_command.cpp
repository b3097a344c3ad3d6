// zvh-pga pki dev: a test PKI for trying the web service on a machine of one's own (docs/soap.md,
// docs/administrator-guide.md): a test CA, the service's server certificate, a client
// certificate per partner of the configuration and the ZVH's statement signing certificate.
// Only test OINs (prefix 00000099) get a certificate: this PKI must never look like a
// production one. It is the command rather than a script so that the Debian package carries
// it and it needs neither the openssl command nor xmllint.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "command_line.h"
#include "commands.h"
#include "locations.h"
#include "xml_document.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace zvhpga::cli {
namespace {

constexpr CommandHelp kDevHelp{
    "zvh-pga pki dev [--config FILE] DIR",
    "Makes a test PKI in DIR (mode 0700) for the partners of the configuration, so that the web\n"
    "service can be tried before the PKIoverheid certificates are there: ca.pem (a test CA,\n"
    "named 'not for production'), server.pem for localhost and 127.0.0.1 carrying the ZVH\n"
    "partner's OIN, statement-signer.pem (the ZVH's <statementSigning> certificate) and\n"
    "<partner id>.pem for every partner, its OIN in the subject's serialNumber as PKIoverheid\n"
    "puts it there; each with its EC P-256 key <name>.key (mode 0600). Only partners with a test\n"
    "OIN (prefix 00000099) get a certificate. Files already in DIR are kept, so running it again\n"
    "adds what a changed partner table needs. Never use these certificates in production."};

constexpr std::string_view kPkiUsage =
    "Usage: zvh-pga pki ACTION [OPTIONS]\n\n"
    "Actions:\n"
    "  dev  make a test PKI for the configuration's partners (never for production)\n\n"
    "Run 'zvh-pga pki ACTION --help' for an action's options.\n";

constexpr long kValidityDays = 825;
constexpr std::string_view kTestOinPrefix = "00000099";
constexpr std::string_view kOrganisation = "zvh-pga development";

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateFree {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BignumFree {
  void operator()(BIGNUM* number) const { BN_free(number); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Certificate = std::unique_ptr<X509, CertificateFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

// A closed file descriptor, however the writing ends.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// OpenSSL's reason for the last failure, for the administrator's message.
[[noreturn]] void fail_with_openssl(const std::string& what) {
  std::array<char, 256> reason{};
  ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
  ERR_clear_error();
  throw CliError(ExitCode::internal, what + " (" + reason.data() + ")");
}

// Writes a new file with exactly this mode: a key is never readable by others, not even for a
// moment between creating and chmod.
void write_new_file(const fs::path& path, const std::string& content, mode_t mode) {
  const FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (file.get() < 0 || ::fchmod(file.get(), mode) != 0) {
    throw CliError(ExitCode::setup, "cannot create " + path.string() + ": " + std::strerror(errno));
  }
  std::string_view rest = content;
  while (!rest.empty()) {
    const ssize_t written = ::write(file.get(), rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw CliError(ExitCode::setup, "cannot write " + path.string() + ": " + std::strerror(errno));
    }
    rest.remove_prefix(static_cast<size_t>(written));
  }
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return {data, static_cast<size_t>(length)};
}

Bio read_bio(const fs::path& path) {
  Bio bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) fail_with_openssl("cannot read " + path.string());
  return bio;
}

Key read_key(const fs::path& path) {
  Key key(PEM_read_bio_PrivateKey(read_bio(path).get(), nullptr, nullptr, nullptr));
  if (!key) fail_with_openssl("cannot read the key " + path.string());
  return key;
}

// DIR/NAME.key: the one there, else a new EC P-256 key written mode 0600.
Key key_in(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / (name + ".key");
  if (fs::exists(path)) return read_key(path);
  Key key(EVP_EC_gen("P-256"));
  if (!key) fail_with_openssl("cannot make an EC P-256 key");
  const Bio pem(BIO_new(BIO_s_mem()));
  if (!pem || PEM_write_bio_PrivateKey(pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    fail_with_openssl("cannot encode the key " + path.string());
  }
  write_new_file(path, bio_text(pem.get()), S_IRUSR | S_IWUSR);
  return key;
}

// What a certificate says about whom: C, O, CN and, for an organisation with an OIN, the
// serialNumber attribute in which PKIoverheid carries it.
struct Subject {
  std::string organisation;
  std::string common_name;
  std::string oin;  // empty: none
};

// A certificate extension as openssl's configuration syntax writes it.
struct Extension {
  const char* name;
  const char* value;
};
using Extensions = std::span<const Extension>;

constexpr std::array<Extension, 3> kCaExtensions{{{"basicConstraints", "critical,CA:TRUE"},
                                                  {"keyUsage", "critical,keyCertSign,cRLSign"},
                                                  {"subjectKeyIdentifier", "hash"}}};
constexpr std::array<Extension, 6> kServerExtensions{{{"basicConstraints", "critical,CA:FALSE"},
                                                      {"keyUsage", "critical,digitalSignature"},
                                                      {"extendedKeyUsage", "serverAuth"},
                                                      {"subjectAltName", "DNS:localhost,IP:127.0.0.1"},
                                                      {"subjectKeyIdentifier", "hash"},
                                                      {"authorityKeyIdentifier", "keyid"}}};
constexpr std::array<Extension, 5> kClientExtensions{{{"basicConstraints", "critical,CA:FALSE"},
                                                      {"keyUsage", "critical,digitalSignature"},
                                                      {"extendedKeyUsage", "clientAuth"},
                                                      {"subjectKeyIdentifier", "hash"},
                                                      {"authorityKeyIdentifier", "keyid"}}};
// A document signer without TLS usage, so that openssl cms -verify accepts its statements.
constexpr std::array<Extension, 4> kStatementSigningExtensions{
    {{"basicConstraints", "critical,CA:FALSE"},
     {"keyUsage", "critical,digitalSignature,nonRepudiation"},
     {"subjectKeyIdentifier", "hash"},
     {"authorityKeyIdentifier", "keyid"}}};

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1) {
    fail_with_openssl(std::string("cannot put ") + field + "=" + value + " in a certificate subject");
  }
}

// The signer of new certificates: the CA's certificate and key, or, for the CA itself, none.
struct Issuer {
  X509* certificate;
  EVP_PKEY* key;
};

Certificate new_certificate(EVP_PKEY* key, const Subject& subject, const Extensions& extensions,
                            const Issuer* issuer) {
  Certificate certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) {
    fail_with_openssl("cannot make a certificate");
  }
  // A random 127-bit serial number, positive, as RFC 5280 asks.
  const std::unique_ptr<BIGNUM, BignumFree> serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr) {
    fail_with_openssl("cannot choose a serial number");
  }
  if (X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(certificate.get()), static_cast<int>(kValidityDays), 0,
                       nullptr) == nullptr) {
    fail_with_openssl("cannot set the validity");
  }
  X509_NAME* name = X509_get_subject_name(certificate.get());
  add_name_entry(name, "C", "NL");
  add_name_entry(name, "O", subject.organisation);
  add_name_entry(name, "CN", subject.common_name);
  if (!subject.oin.empty()) add_name_entry(name, "serialNumber", subject.oin);
  X509* issuing_certificate = issuer != nullptr ? issuer->certificate : certificate.get();
  EVP_PKEY* signing_key = issuer != nullptr ? issuer->key : key;
  if (X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuing_certificate)) != 1 ||
      X509_set_pubkey(certificate.get(), key) != 1) {
    fail_with_openssl("cannot name the issuer");
  }
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuing_certificate, certificate.get(), nullptr, nullptr, 0);
  for (const Extension& wanted : extensions) {
    const std::unique_ptr<X509_EXTENSION, ExtensionFree> extension(
        X509V3_EXT_nconf(nullptr, &context, wanted.name, wanted.value));
    if (!extension || X509_add_ext(certificate.get(), extension.get(), -1) != 1) {
      fail_with_openssl(std::string("cannot add the extension ") + wanted.name + "=" + wanted.value);
    }
  }
  if (X509_sign(certificate.get(), signing_key, EVP_sha256()) <= 0) {
    fail_with_openssl("cannot sign the certificate of " + subject.common_name);
  }
  return certificate;
}

// What became of each file, for the administrator.
struct Outcome {
  std::vector<std::string> made;
  std::vector<std::string> kept;
};

// DIR/NAME.pem and its key: the ones there, else new ones issued by `issuer` (nullptr: the
// certificate signs itself).
Certificate certificate_in(const fs::path& dir, const std::string& name, const Subject& subject,
                           const Extensions& extensions, const Issuer* issuer, Outcome& outcome) {
  const fs::path path = dir / (name + ".pem");
  if (fs::exists(path)) {
    outcome.kept.push_back(name);
    Certificate existing(PEM_read_bio_X509(read_bio(path).get(), nullptr, nullptr, nullptr));
    if (!existing) fail_with_openssl("cannot read the certificate " + path.string());
    return existing;
  }
  const Key key = key_in(dir, name);
  Certificate certificate = new_certificate(key.get(), subject, extensions, issuer);
  const Bio pem(BIO_new(BIO_s_mem()));
  if (!pem || PEM_write_bio_X509(pem.get(), certificate.get()) != 1) {
    fail_with_openssl("cannot encode the certificate " + path.string());
  }
  write_new_file(path, bio_text(pem.get()), S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
  outcome.made.push_back(name);
  return certificate;
}

struct Partner {
  std::string id;
  std::string oin;
  std::string kind;
  std::string name;
};

std::vector<Partner> partners_of(const fs::path& configuration) {
  std::ifstream file(configuration);
  if (!file) throw CliError(ExitCode::setup, "cannot read the configuration " + configuration.string());
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  const auto document = XmlDocument::parse(text);
  if (!document || document->root_name() != "configuration") {
    throw CliError(ExitCode::setup, configuration.string() + " is no zvh-pga configuration");
  }
  std::vector<Partner> partners;
  for (const XmlElement& table : document->root().children("partners")) {
    for (const XmlElement& partner : table.children("partner")) {
      partners.push_back({partner.child_text("id"), partner.child_text("oin"),
                          partner.child_text("kind"), partner.child_text("name")});
    }
  }
  return partners;
}

bool is_test_oin(const std::string& oin) { return oin.starts_with(kTestOinPrefix); }

// A partner id names files in DIR: one that could reach outside it gets none.
bool is_file_name(const std::string& id) {
  return !id.empty() && id.find('/') == std::string::npos && id.front() != '.';
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none" : text;
}

ExitCode run_dev(const std::vector<std::string>& arguments) {
  po::options_description visible = option_group();
  visible.add_options()("config", po::value<std::string>()->value_name("FILE"),
                        "the configuration whose partners get certificates; else $ZVHPGA_CONFIG, "
                        "else ./config/zvhpga.xml if it exists, else /etc/zvh-pga/zvhpga.xml");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>()->required());
  po::positional_options_description positional;
  positional.add("dir", 1);
  const auto options = parse_command_line(arguments, kDevHelp, visible, hidden, positional);
  if (!options) return ExitCode::success;
  const fs::path configuration = configuration_location(path_option(*options, "config"));
  const std::vector<Partner> partners = partners_of(configuration);
  const fs::path dir = (*options)["dir"].as<std::string>();

  std::error_code error;
  fs::create_directories(dir, error);
  if (!error) fs::permissions(dir, fs::perms::owner_all, error);
  if (error) throw CliError(ExitCode::setup, "cannot make " + dir.string() + " private: " + error.message());

  Outcome outcome;
  const Certificate ca =
      certificate_in(dir, "ca", {std::string(kOrganisation), "zvh-pga TEST CA - not for production", ""},
                     kCaExtensions, nullptr, outcome);
  // A CA certificate kept without its key could sign nothing: say so rather than make a key
  // that does not belong to it.
  const fs::path ca_key_path = dir / "ca.key";
  if (!fs::exists(ca_key_path)) {
    throw CliError(ExitCode::setup, (dir / "ca.pem").string() + " is there but " + ca_key_path.string() +
                                        " is not: restore the key, or remove both to make a new CA");
  }
  const Key ca_key = read_key(ca_key_path);
  if (X509_check_private_key(ca.get(), ca_key.get()) != 1) {
    ERR_clear_error();
    throw CliError(ExitCode::setup, ca_key_path.string() + " is not the key of " + (dir / "ca.pem").string() +
                                        ": remove both to make a new CA");
  }
  const Issuer issuer{ca.get(), ca_key.get()};

  // The service runs at the ZVH: its certificates carry the ZVH's OIN, as PKIoverheid's do, and
  // requests whose wsa:To names another OIN are refused (docs/soap.md).
  std::string zvh_oin;
  for (const Partner& partner : partners) {
    if (partner.kind == "zvh" && zvh_oin.empty() && is_test_oin(partner.oin)) zvh_oin = partner.oin;
  }
  certificate_in(dir, "server", {std::string(kOrganisation), "localhost", zvh_oin}, kServerExtensions,
                 &issuer, outcome);
  certificate_in(dir, "statement-signer",
                 {std::string(kOrganisation), "zvh-pga TEST statement signer", zvh_oin},
                 kStatementSigningExtensions, &issuer, outcome);

  for (const Partner& partner : partners) {
    if (!is_test_oin(partner.oin)) {
      std::cout << "pki dev: skipped " << partner.id << ": " << partner.oin << " is no test OIN (prefix "
                << kTestOinPrefix << ")\n";
      continue;
    }
    if (!is_file_name(partner.id)) {
      std::cout << "pki dev: skipped '" << partner.id << "': the id cannot name a file\n";
      continue;
    }
    certificate_in(dir, partner.id, {partner.name, partner.id, partner.oin}, kClientExtensions, &issuer,
                   outcome);
  }
  std::cout << "pki dev: made " << joined(outcome.made) << "; kept " << joined(outcome.kept) << "\n"
            << "pki dev: ready in " << dir.string()
            << ": ca.pem, server.pem/.key, statement-signer.pem/.key and <partner id>.pem/.key. "
               "Test certificates: never use them in production.\n";
  return ExitCode::success;
}

}  // namespace

ExitCode run_pki(const std::vector<std::string>& arguments) {
  if (arguments.empty()) {
    std::cerr << kPkiUsage;
    return ExitCode::usage;
  }
  const std::string& action = arguments.front();
  if (action == "--help" || action == "-h") {
    std::cout << kPkiUsage << "\n" << exit_code_help();
    return ExitCode::success;
  }
  if (action == "dev") return run_dev({arguments.begin() + 1, arguments.end()});
  throw CliError(ExitCode::usage, "unknown action 'pki " + action + "'. Run 'zvh-pga pki --help' for the actions.");
}

}  // namespace zvhpga::cli
