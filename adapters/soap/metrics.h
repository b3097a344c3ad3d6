#pragma once
// The service's metrics in the Prometheus text exposition format (version 0.0.4), served on
// the monitoring address (docs/administrator-guide.md, "Health and metrics"). What the request
// path counts is counted here, in relaxed atomics only: a request never waits for a scrape or
// for another request. Everything that has to be looked up (the store, the certificates) is a
// gauge the composition root computes when it is scraped.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_policy.h"

namespace zvhpga::soap {

// One line of a metric family: its labels, already written as `name="value",...` (the values
// chosen by the plugin, never by a caller), and its value. A histogram's lines carry the suffix
// after the family's name (_bucket, _sum, _count).
struct Sample {
  std::string labels;
  double value = 0;
  std::string_view suffix = {};
};

struct MetricFamily {
  std::string name;
  std::string help;
  std::string type;  // "counter", "gauge" or "histogram"
  std::vector<Sample> samples;
};

// The exposition of these families: # HELP, # TYPE and one line per sample.
std::string exposition(const std::vector<MetricFamily>& families);

// How a request ended, as the request counter tells them apart.
enum class RequestResult { Ok, Fault, Refused };

// Why a TLS handshake failed, from a fixed list: the label of the handshake failure counter and
// the request log's reason.
enum class HandshakeFailure {
  NoClientCertificate,
  CertificateExpired,
  CertificateRevoked,
  CertificateNotTrusted,
  ProtocolVersion,
  NoSharedCipher,
  NotTls,
  Timeout,
  ConnectionClosed,
  Other,
};
inline constexpr std::size_t kHandshakeFailureKinds = 10;

std::string_view handshake_failure_name(HandshakeFailure failure);

class Metrics {
 public:
  // The upper bounds of the latency histogram's buckets, in seconds (+Inf comes on top).
  static constexpr std::array<double, 11> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                          0.5,   1.0,  2.5,   5.0,  10.0};

  // operation: empty for a request refused before its operation was known.
  void count_request(std::optional<core::Operation> operation, RequestResult result,
                     std::chrono::steady_clock::duration duration) noexcept;
  void count_handshake_failure(HandshakeFailure failure) noexcept;

  // The counters and the histogram as they stand.
  std::vector<MetricFamily> families() const;

 private:
  // One slot per operation of the contract, and a last one for "none".
  static constexpr std::size_t kOperationSlots =
      std::size(core::TokenTable<core::Operation>::entries) + 1;
  static constexpr std::size_t kResults = 3;

  std::array<std::array<std::atomic<std::uint64_t>, kResults>, kOperationSlots> requests_{};
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> latency_buckets_{};
  std::atomic<std::uint64_t> latency_sum_microseconds_{0};
  std::array<std::atomic<std::uint64_t>, kHandshakeFailureKinds> handshake_failures_{};
};

}  // namespace zvhpga::soap
