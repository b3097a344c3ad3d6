// The metrics the request path counts, as the exposition shows them (soap/metrics.h); the
// exposition as a whole is checked by promtool in tests/e2e/prometheus_test.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "soap/metrics.h"

namespace zvhpga::soap {
namespace {

using namespace std::chrono_literals;

std::string line_of(const std::string& exposition, const std::string& series) {
  const auto at = exposition.find("\n" + series + " ");
  if (at == std::string::npos) return "(absent)";
  return exposition.substr(at + 1, exposition.find('\n', at + 1) - at - 1);
}

TEST(Metrics, LatencyBucketsAreCumulativeWithSumAndCount) {
  Metrics metrics;
  metrics.count_request(core::Operation::GetSignal, RequestResult::Ok, 3ms);
  metrics.count_request(core::Operation::GetSignal, RequestResult::Ok, 30ms);
  metrics.count_request(core::Operation::GetSignal, RequestResult::Fault, 20s);
  const std::string text = exposition(metrics.families());
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_bucket{le=\"0.005\"}"),
            "zvhpga_request_duration_seconds_bucket{le=\"0.005\"} 1");
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_bucket{le=\"0.05\"}"),
            "zvhpga_request_duration_seconds_bucket{le=\"0.05\"} 2");
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_bucket{le=\"10\"}"),
            "zvhpga_request_duration_seconds_bucket{le=\"10\"} 2");
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_bucket{le=\"+Inf\"}"),
            "zvhpga_request_duration_seconds_bucket{le=\"+Inf\"} 3");
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_count"),
            "zvhpga_request_duration_seconds_count 3");
  EXPECT_EQ(line_of(text, "zvhpga_request_duration_seconds_sum"),
            "zvhpga_request_duration_seconds_sum 20.033");
}

TEST(Metrics, RequestsAreCountedByOperationAndResult) {
  Metrics metrics;
  metrics.count_request(core::Operation::RegisterSignal, RequestResult::Ok, 1ms);
  metrics.count_request(core::Operation::RegisterSignal, RequestResult::Ok, 1ms);
  metrics.count_request(core::Operation::RegisterSignal, RequestResult::Fault, 1ms);
  metrics.count_request(std::nullopt, RequestResult::Refused, 1ms);
  const std::string text = exposition(metrics.families());
  EXPECT_NE(text.find("\nzvhpga_requests_total{operation=\"RegisterSignal\",result=\"ok\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("\nzvhpga_requests_total{operation=\"RegisterSignal\",result=\"fault\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("\nzvhpga_requests_total{operation=\"none\",result=\"refused\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("\nzvhpga_requests_total{operation=\"GetSignal\",result=\"ok\"} 0\n"), std::string::npos);
}

TEST(Metrics, HandshakeFailuresAreCountedByReason) {
  Metrics metrics;
  metrics.count_handshake_failure(HandshakeFailure::CertificateExpired);
  const std::string text = exposition(metrics.families());
  EXPECT_NE(text.find("\nzvhpga_tls_handshake_failures_total{reason=\"certificate_expired\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("\nzvhpga_tls_handshake_failures_total{reason=\"other\"} 0\n"), std::string::npos);
}

}  // namespace
}  // namespace zvhpga::soap
