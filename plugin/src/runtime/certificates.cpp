#include "runtime/certificates.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <utility>

#include "crypto/openssl_handles.h"
#include "crypto/statement_signer.h"

namespace zvhpga::doctor {
namespace {

using Clock = std::chrono::system_clock;

std::string file_name(const std::filesystem::path& file) { return file.string(); }

// The time as OpenSSL prints it, e.g. "Mar  1 12:00:00 2027 GMT".
std::string printed(const ASN1_TIME* time) {
  const crypto::BioHandle memory(BIO_new(BIO_s_mem()));
  if (!memory) return "?";
  std::string text = "?";
  if (ASN1_TIME_print(memory.get(), time) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(memory.get(), &data);
    if (size > 0) text.assign(data, static_cast<std::size_t>(size));
  }
  return text;
}

// Whole days from now until `time`; negative once it has passed.
int days_until(const ASN1_TIME* time, Clock::time_point now) {
  const crypto::Asn1TimeHandle now_asn1(ASN1_TIME_set(nullptr, Clock::to_time_t(now)));
  int days = 0;
  int seconds = 0;
  if (!now_asn1 || ASN1_TIME_diff(&days, &seconds, now_asn1.get(), time) != 1) return 0;
  return (days == 0 && seconds < 0) ? -1 : days;
}

void examine_validity(const X509& certificate, const std::string& what, const std::string& check,
                      Clock::time_point now, std::vector<Finding>& findings) {
  const ASN1_TIME* not_before = X509_get0_notBefore(&certificate);
  const ASN1_TIME* not_after = X509_get0_notAfter(&certificate);
  std::time_t now_seconds = Clock::to_time_t(now);
  if (X509_cmp_time(not_before, &now_seconds) > 0) {
    findings.push_back({Verdict::Problem, check,
                        what + " is not valid before " + printed(not_before) + "."});
    return;
  }
  const int days_left = days_until(not_after, now);
  if (days_left < 0 || X509_cmp_time(not_after, &now_seconds) < 0) {
    findings.push_back({Verdict::Problem, check, what + " expired on " + printed(not_after) + "."});
  } else if (days_left <= kCertificateRenewalWindow.count()) {
    findings.push_back({Verdict::Warning, check,
                        what + " expires in " + std::to_string(days_left) + " days (" +
                            printed(not_after) + "); order its successor now."});
  } else {
    findings.push_back({Verdict::Pass, check,
                        what + " is valid until " + printed(not_after) + "."});
  }
}

// Verifies the certificate against the trust store and the system's CAs, with the
// intermediates loaded beside it: the partners will know one of the two.
void examine_chain(SSL_CTX& context, X509& certificate, const config::TlsFiles& files,
                   const std::string& check, std::vector<Finding>& findings) {
  const crypto::X509StoreHandle anchors(X509_STORE_new());
  const crypto::X509StoreContextHandle verification(X509_STORE_CTX_new());
  STACK_OF(X509)* intermediates = nullptr;
  SSL_CTX_get0_chain_certs(&context, &intermediates);
  if (!anchors || !verification ||
      X509_STORE_load_file(anchors.get(), files.trust_store.c_str()) != 1 ||
      X509_STORE_set_default_paths(anchors.get()) != 1 ||
      X509_STORE_CTX_init(verification.get(), anchors.get(), &certificate, intermediates) != 1) {
    ERR_clear_error();
    findings.push_back({Verdict::Problem, check, "The certificate chain could not be checked."});
    return;
  }
  if (X509_verify_cert(verification.get()) == 1) {
    findings.push_back({Verdict::Pass, check,
                        "The certificate chains to a trusted CA (" + file_name(files.trust_store) +
                            " or the system's CAs)."});
  } else {
    findings.push_back(
        {Verdict::Problem, check,
         "The certificate " + file_name(files.certificate) +
             " does not chain to a CA in " + file_name(files.trust_store) +
             " or the system's CAs: " +
             X509_verify_cert_error_string(X509_STORE_CTX_get_error(verification.get())) +
             ". Put the issuing CA's intermediates in the certificate file after the certificate."});
  }
  ERR_clear_error();
}

std::string missing_file(const std::filesystem::path& file, const std::string& element) {
  return "The file " + file_name(file) + " (<" + element + ">) does not exist; put the PEM file "
         "there or correct <" + element + "> in the configuration.";
}

// The files a TLS side names, before OpenSSL reads them: OpenSSL's own error for a file that is
// not there names neither the file nor the remedy. The private key is the service's identity. False when one is missing (nothing further to examine).
bool examine_tls_file_access(const config::TlsFiles& files, const std::string& check,
                             std::vector<Finding>& findings) {
  std::vector<std::pair<std::filesystem::path, std::string>> named = {
      {files.certificate, "certificate"},
      {files.private_key, "privateKey"},
      {files.trust_store, "trustStore"}};
  if (files.crl) named.emplace_back(*files.crl, "crl");
  bool all_there = true;
  for (const auto& [file, element] : named) {
    struct stat status {};
    if (::stat(file.c_str(), &status) == 0) continue;
    all_there = false;
    findings.push_back({Verdict::Problem, check, missing_file(file, element)});
  }
  // Readable by the service's own group is how the package installs it (0640 root:zvh-pga):
  // the service reads the key and cannot change it. Any other group, or everyone, is too many.
  struct stat key {};
  if (::stat(files.private_key.c_str(), &key) == 0 &&
      ((key.st_mode & S_IRWXO) != 0 ||
       ((key.st_mode & S_IRWXG) != 0 && key.st_gid != ::getegid()))) {
    findings.push_back({Verdict::Problem, check,
                        "The private key " + file_name(files.private_key) +
                            " may be read by others than its owner and the service's group; run "
                            "`chmod 600 " + file_name(files.private_key) + "`."});
  }
  return all_there;
}

}  // namespace

void examine_statement_signing(const std::optional<config::StatementSigningFiles>& files,
                               Clock::time_point now, std::vector<Finding>& findings) {
  const std::string check = "statement signing certificate";
  if (!files) {
    findings.push_back(
        {Verdict::Warning, check,
         "No <statementSigning>: the statements of destruction carry only the plugin's HMAC "
         "seal, which no archive inspector, partner or court can verify. Configure the ZVH's "
         "signing certificate (PKIoverheid) and key (docs/retention.md)."});
    return;
  }
  auto signer = crypto::StatementSigner::load(files->certificate, files->private_key);
  if (!signer) {
    findings.push_back({Verdict::Problem, check, signer.error().message});
    return;
  }
  findings.push_back({Verdict::Pass, check,
                      "The signing certificate " + file_name(files->certificate) +
                          " is fit for document signatures and belongs to the key " +
                          file_name(files->private_key) + "."});
  examine_validity(signer->certificate(), "The signing certificate", check, now, findings);
}

void examine_tls_files(const config::TlsFiles& files, soap::TlsRole role, const std::string& check,
                       Clock::time_point now, const std::optional<std::string>& own_oin,
                       std::vector<Finding>& findings) {
  if (!examine_tls_file_access(files, check, findings)) return;
  const crypto::SslContextHandle context(SSL_CTX_new(TLS_method()));
  if (!context) {
    ERR_clear_error();
    findings.push_back({Verdict::Problem, check, "OpenSSL could not make a TLS context."});
    return;
  }
  if (auto applied = soap::apply_tls_policy(*context, files, role); !applied) {
    findings.push_back({Verdict::Problem, check, applied.error().message});
    return;
  }
  X509* certificate = SSL_CTX_get0_certificate(context.get());
  if (certificate == nullptr) {
    findings.push_back({Verdict::Problem, check, "No certificate in " + file_name(files.certificate) + "."});
    return;
  }
  if (const auto oin = soap::own_oin(*context); oin && own_oin && *oin != *own_oin) {
    findings.push_back({Verdict::Problem, check,
                        "The certificate " + file_name(files.certificate) + " carries OIN " +
                            *oin + ", not this service's OIN " + *own_oin +
                            " (<userAssertions><serviceOin>); install the certificate issued for "
                            "that OIN, or correct <serviceOin>."});
  } else if (oin) {
    findings.push_back({Verdict::Pass, check, "The certificate carries OIN " + *oin + "."});
  } else {
    findings.push_back({Verdict::Problem, check,
                        "The certificate " + file_name(files.certificate) +
                            " has no OIN (20 digits in the subject's serialNumber attribute, as "
                            "PKIoverheid issues it); partners cannot tell who we are."});
  }
  examine_chain(*context, *certificate, files, check, findings);
  examine_validity(*certificate, "The certificate", check, now, findings);
}

}  // namespace zvhpga::doctor
