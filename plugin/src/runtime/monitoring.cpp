#include "runtime/monitoring.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <iomanip>
#include <memory>
#include <sstream>

namespace zvhpga::runtime {
namespace {

using Clock = std::chrono::system_clock;

std::time_t seconds_of(const ASN1_TIME* time) {
  std::tm moment{};
  if (ASN1_TIME_to_tm(time, &moment) != 1) return 0;
  return timegm(&moment);
}

CertificateInUse read_certificate(std::string name, const std::filesystem::path& file) {
  CertificateInUse certificate{std::move(name), false, 0, 0};
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"),
                                                               std::fclose);
  if (!stream) return certificate;
  const std::unique_ptr<X509, void (*)(X509*)> x509(
      PEM_read_X509(stream.get(), nullptr, nullptr, nullptr), X509_free);
  if (!x509) return certificate;
  certificate.readable = true;
  certificate.not_before = seconds_of(X509_get0_notBefore(x509.get()));
  certificate.not_after = seconds_of(X509_get0_notAfter(x509.get()));
  return certificate;
}

// "YYYY-MM-DDThh:mm:ss.mmmZ", as the records carry it, in seconds since the epoch.
std::optional<std::time_t> timestamp_seconds(const std::string& timestamp) {
  std::tm moment{};
  std::istringstream text(timestamp);
  text >> std::get_time(&moment, "%Y-%m-%dT%H:%M:%S");
  if (text.fail()) return std::nullopt;
  return timegm(&moment);
}

soap::MetricFamily gauge(std::string name, std::string help, double value) {
  return {std::move(name), std::move(help), "gauge", {{"", value}}};
}

}  // namespace

std::vector<CertificateInUse> certificates_in_use(const config::Configuration& config) {
  std::vector<CertificateInUse> certificates;
  if (config.soap) certificates.push_back(read_certificate("web-service", config.soap->tls.certificate));
  if (config.host_endpoint)
    certificates.push_back(read_certificate("host-endpoint", config.host_endpoint->tls.certificate));
  return certificates;
}

std::vector<soap::ReadinessCheck> readiness(Instance& instance,
                                            const std::vector<CertificateInUse>& certificates,
                                            Clock::time_point now) {
  std::vector<soap::ReadinessCheck> checks;
  try {
    checks = instance.data_readiness();
  } catch (...) {
    // data_readiness catches what the store throws; anything else says as little.
    checks.push_back({"store", false, "could not be checked"});
  }
  soap::ReadinessCheck valid{"certificates", true, ""};
  const std::time_t at = Clock::to_time_t(now);
  for (const CertificateInUse& certificate : certificates) {
    const char* problem = !certificate.readable         ? " unreadable"
                          : at < certificate.not_before ? " not yet valid"
                          : at > certificate.not_after  ? " expired"
                                                        : nullptr;
    if (problem == nullptr) continue;
    valid.passed = false;
    valid.detail += (valid.detail.empty() ? "" : ", ") + certificate.name + problem;
  }
  checks.push_back(std::move(valid));
  return checks;
}

std::vector<soap::MetricFamily> gauges(Instance& instance,
                                       const std::vector<CertificateInUse>& certificates,
                                       Clock::time_point now) {
  std::vector<soap::MetricFamily> families;
  const std::time_t at = Clock::to_time_t(now);
  soap::MetricFamily expiry{"zvhpga_certificate_expiry_seconds",
                            "Seconds until a certificate in use expires; negative once it has.",
                            "gauge",
                            {}};
  for (const CertificateInUse& certificate : certificates)
    if (certificate.readable)
      expiry.samples.push_back({"certificate=\"" + certificate.name + "\"",
                                static_cast<double>(certificate.not_after - at)});
  families.push_back(std::move(expiry));

  odbc::OperationalCounts counts;
  bool store_up = true;
  try {
    counts = instance.operational_counts(now);
  } catch (...) {
    store_up = false;
  }
  families.push_back(gauge("zvhpga_store_up", "1 when the store answered this scrape, else 0.",
                           store_up ? 1 : 0));
  if (!store_up) return families;
  families.push_back(gauge("zvhpga_store_connections_in_use",
                           "Store connections lent to transactions now.",
                           static_cast<double>(counts.connections_in_use)));
  families.push_back(gauge("zvhpga_store_connections_max", "Store connections at most.",
                           static_cast<double>(counts.max_connections)));
  families.push_back(gauge("zvhpga_outbox_pending_pushes",
                           "Outcome pushes to the host platform not yet acknowledged.",
                           static_cast<double>(counts.outbox_pending)));
  double oldest_age = 0;
  if (counts.oldest_pending_at)
    if (const auto created = timestamp_seconds(*counts.oldest_pending_at))
      oldest_age = static_cast<double>(std::max<std::time_t>(at - *created, 0));
  families.push_back(gauge("zvhpga_outbox_oldest_pending_age_seconds",
                           "Age of the oldest unacknowledged push; 0 when there is none.",
                           oldest_age));
  families.push_back(gauge("zvhpga_retention_due_signals",
                           "Signals whose retention term ended, not held, not yet destroyed.",
                           static_cast<double>(counts.retention_due)));
  families.push_back(gauge("zvhpga_retention_overdue_signals",
                           "Of the due signals, those due for more than two retention run intervals.",
                           static_cast<double>(counts.retention_overdue)));
  families.push_back(gauge("zvhpga_retention_held_signals", "Signals under a legal hold.",
                           static_cast<double>(counts.retention_held)));
  families.push_back({"zvhpga_audit_records_written_total",
                      "Audit records written since the trail began, by every instance on this store.",
                      "counter",
                      {{"", static_cast<double>(counts.audit_records)}}});
  return families;
}

}  // namespace zvhpga::runtime
