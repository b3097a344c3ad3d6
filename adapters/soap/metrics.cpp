#include "soap/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace zvhpga::soap {
namespace {

constexpr std::array<std::string_view, 3> kResultNames{"ok", "fault", "refused"};
constexpr std::array<std::string_view, kHandshakeFailureKinds> kHandshakeFailureNames{
    "no_client_certificate", "certificate_expired", "certificate_revoked",
    "certificate_not_trusted", "protocol_version", "no_shared_cipher", "not_tls",
    "timeout", "connection_closed", "other"};
constexpr double kMicrosecondsPerSecond = 1e6;

// Integers as integers, others with just enough digits to read back the same double; the
// format asks for Go's ParseFloat syntax, which both are.
std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  char text[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  // The shortest form that reads back as the same double: 0.005, not 0.0050000000000000001.
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string_view operation_name(std::size_t slot) {
  const auto& entries = core::TokenTable<core::Operation>::entries;
  return slot < std::size(entries) ? entries[slot].second : "none";
}

std::size_t operation_slot(std::optional<core::Operation> operation) {
  const auto& entries = core::TokenTable<core::Operation>::entries;
  if (operation)
    for (std::size_t slot = 0; slot < std::size(entries); ++slot)
      if (entries[slot].first == *operation) return slot;
  return std::size(entries);
}

double load(const std::atomic<std::uint64_t>& counter) {
  return static_cast<double>(counter.load(std::memory_order_relaxed));
}

}  // namespace

std::string_view handshake_failure_name(HandshakeFailure failure) {
  return kHandshakeFailureNames.at(static_cast<std::size_t>(failure));
}

std::string exposition(const std::vector<MetricFamily>& families) {
  std::string text;
  for (const MetricFamily& family : families) {
    text += "# HELP " + family.name + " " + family.help + "\n";
    text += "# TYPE " + family.name + " " + family.type + "\n";
    for (const Sample& sample : family.samples)
      text += family.name + std::string(sample.suffix) +
              (sample.labels.empty() ? "" : "{" + sample.labels + "}") + " " +
              number(sample.value) + "\n";
  }
  return text;
}

void Metrics::count_request(std::optional<core::Operation> operation, RequestResult result,
                            std::chrono::steady_clock::duration duration) noexcept {
  requests_[operation_slot(operation)][static_cast<std::size_t>(result)].fetch_add(
      1, std::memory_order_relaxed);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  const double seconds = static_cast<double>(micros) / kMicrosecondsPerSecond;
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  // Each bucket counts its own requests; the exposition adds them up, as buckets are cumulative.
  latency_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_sum_microseconds_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0)),
                                      std::memory_order_relaxed);
}

void Metrics::count_handshake_failure(HandshakeFailure failure) noexcept {
  handshake_failures_[static_cast<std::size_t>(failure)].fetch_add(1, std::memory_order_relaxed);
}

std::vector<MetricFamily> Metrics::families() const {
  MetricFamily requests{"zvhpga_requests_total",
                        "SOAP requests answered, by operation (none: refused before it was known) "
                        "and result (ok, fault, refused at the HTTP level).",
                        "counter",
                        {}};
  for (std::size_t slot = 0; slot < kOperationSlots; ++slot)
    for (std::size_t result = 0; result < kResults; ++result)
      requests.samples.push_back({"operation=\"" + std::string(operation_name(slot)) +
                                      "\",result=\"" + std::string(kResultNames[result]) + "\"",
                                  load(requests_[slot][result])});

  MetricFamily latency{"zvhpga_request_duration_seconds",
                       "Time from a request's first bytes to its answer.", "histogram", {}};
  double cumulative = 0;
  for (std::size_t bucket = 0; bucket <= kLatencyBuckets.size(); ++bucket) {
    cumulative += load(latency_buckets_[bucket]);
    const std::string bound =
        bucket < kLatencyBuckets.size() ? number(kLatencyBuckets[bucket]) : "+Inf";
    latency.samples.push_back({"le=\"" + bound + "\"", cumulative, "_bucket"});
  }
  latency.samples.push_back({"", load(latency_sum_microseconds_) / kMicrosecondsPerSecond, "_sum"});
  latency.samples.push_back({"", cumulative, "_count"});

  MetricFamily handshakes{"zvhpga_tls_handshake_failures_total",
                          "TLS handshakes on the SOAP address that failed, by reason.", "counter",
                          {}};
  for (std::size_t kind = 0; kind < kHandshakeFailureKinds; ++kind)
    handshakes.samples.push_back({"reason=\"" + std::string(kHandshakeFailureNames[kind]) + "\"",
                                  load(handshake_failures_[kind])});
  return {std::move(requests), std::move(latency), std::move(handshakes)};
}

}  // namespace zvhpga::soap
