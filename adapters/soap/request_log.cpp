#include "soap/request_log.h"

#include <unistd.h>

#include <cctype>
#include <ctime>

namespace zvhpga::soap {
namespace {

// 8-4-4-4-12 hexadecimal digits: the form of every id this contract asks for (urn:uuid:...).
bool is_uuid(std::string_view text) {
  constexpr std::size_t kUuidLength = 36;
  if (text.size() != kUuidLength) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_place ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0)
      return false;
  }
  return true;
}

// The caller chose the MessageID: only a UUID says nothing about anyone.
std::string_view loggable_message_id(std::string_view message_id) {
  if (message_id.empty()) return "-";
  constexpr std::string_view kUrn = "urn:uuid:";
  const std::string_view uuid =
      message_id.starts_with(kUrn) ? message_id.substr(kUrn.size()) : message_id;
  return is_uuid(uuid) ? message_id : "other";
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
  return std::string(text, length) + fraction;
}

// One write(2) per line, so that lines of concurrent requests never interleave in the journal.
void write_line(std::string line) {
  line = "zvh-pga: time=" + utc_now() + " " + line + "\n";
  static_cast<void>(::write(STDERR_FILENO, line.data(), line.size()));
}

}  // namespace

std::string RequestLog::request_line(const LoggedRequest& request) {
  const ExchangeFacts& facts = request.facts;
  const bool refused = request.http_status != 200;
  std::string line = "event=request";
  line += " trace=" + std::string(facts.trace_id.empty() ? "-" : facts.trace_id);
  line += " message=" + std::string(loggable_message_id(facts.message_id));
  line += " partner=" + std::string(request.partner_oin.empty() ? "unknown" : request.partner_oin);
  line += " operation=" +
          std::string(facts.operation ? core::to_token(*facts.operation) : "-");
  line += " result=" + std::string(refused ? "refused" : "ok");
  line += " http=" + std::to_string(request.http_status);
  if (facts.fault) line += " fault=" + std::string(digikoppeling_code(*facts.fault));
  if (facts.error) line += " error=" + std::string(core::code_name(*facts.error));
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(request.duration).count();
  line += " duration_ms=" + std::to_string(micros / 1000) + "." +
          std::to_string(micros % 1000 / 100);
  return line;
}

void RequestLog::started(const ServiceSummary& summary) const {
  if (level_ == config::LogLevel::Off) return;
  std::string partners;
  for (const std::string& partner : summary.partners)
    partners += (partners.empty() ? "" : ",") + partner;
  write_line("event=start listen=" + summary.listen_address + ":" + std::to_string(summary.port) +
             " store=" + summary.store_kind + " catalogue=" + summary.catalogue_version +
             " policy=" + summary.policy_version + " partners=" + (partners.empty() ? "-" : partners) +
             " monitoring=" + (summary.monitoring.empty() ? "-" : summary.monitoring) +
             " log_level=" + (level_ == config::LogLevel::Info ? "info" : "warning"));
}

void RequestLog::handshake_failure(std::string_view reason) const {
  if (level_ != config::LogLevel::Off)
    write_line("event=tls-handshake result=refused reason=" + std::string(reason));
}

void RequestLog::stopped() const {
  if (level_ != config::LogLevel::Off) write_line("event=stop");
}

void RequestLog::request(const LoggedRequest& request) const {
  const bool refused = request.http_status != 200;
  if (level_ == config::LogLevel::Info || (refused && level_ == config::LogLevel::Warning))
    write_line(request_line(request));
}

}  // namespace zvhpga::soap
