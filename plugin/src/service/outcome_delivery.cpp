#include "service/outcome_delivery.h"

#include <algorithm>

#include "service/now.h"
#include "xml/document.h"
#include "xml/reader.h"
#include "xml/schema.h"
#include "xml/writer.h"

namespace zvhpga::resources {
std::optional<std::string_view> embedded_schema(std::string_view name);
}

namespace zvhpga::service {
namespace {

constexpr std::string_view kHostNamespace = "urn:nl:zvh-pga:host:1";
constexpr std::string_view kRecordOutcomeAction = "urn:nl:zvh-pga:host:1/RecordOutcomeRequest";
constexpr std::int64_t kPushesPerRound = 16;
// A claim outlives the longest delivery attempt by this much, so that a slow but living
// instance never sees its push taken over.
constexpr auto kClaimMargin = std::chrono::seconds(60);
// 2^20 times the first backoff is beyond any configurable maximum.
constexpr int kMaxBackoffDoublings = 20;

// Compiled once per process, like the other schemas.
const xml::Schema& host_schema() {
  static const xml::Schema schema([] {
    const auto text = resources::embedded_schema("zvhpga-host-v1.xsd");
    if (!text) throw std::logic_error("schema not embedded: zvhpga-host-v1.xsd");
    return *text;
  }());
  return schema;
}

std::string timestamp(std::chrono::system_clock::time_point time) {
  return now_from(time).timestamp;
}

// The request document, checked against the host schema before it leaves.
core::Result<std::string> request_body(const ports::OutcomePush& push) {
  xml::Writer writer(std::string(kHostNamespace), "RecordOutcomeRequest");
  writer.add(writer.root(), "signalId", push.signal_id);
  writer.add(writer.root(), "decisionId", push.decision_id);
  writer.add(writer.root(), "outcome", std::string(core::to_token(push.outcome)));
  writer.add(writer.root(), "decidedOn", push.decided_on);
  writer.add(writer.root(), "region", push.region);
  xml::Document document = writer.release();
  if (auto valid = host_schema().validate(*document); !valid) return valid.error();
  return std::string(xml::without_declaration(xml::serialize(*document)));
}

// Whether the answer is the host schema's acknowledgement of this very decision.
bool acknowledges(const std::string& answer, const ports::OutcomePush& push) {
  auto document = xml::parse_untrusted(answer, answer.size());
  if (!document || !host_schema().validate(*document.value())) return false;
  const xmlNode& root = *xmlDocGetRootElement(document.value().get());
  return xml::namespace_uri(root) == kHostNamespace &&
         xml::local_name(root) == "RecordOutcomeAcknowledgement" &&
         xml::child_text(root, "decisionId") == push.decision_id;
}

std::optional<ports::CallFailure> push_failure(const ports::CallResult& result,
                                              const ports::OutcomePush& push) {
  if (const auto* failed = std::get_if<ports::CallFailure>(&result)) return *failed;
  if (!acknowledges(std::get<std::string>(result), push))
    return ports::CallFailure{"invalid-acknowledgement",
                       "The host's answer is not the acknowledgement of this decision.", false};
  return std::nullopt;
}

}  // namespace

OutcomeDelivery::OutcomeDelivery(const DeliveryContext& context,
                                 std::unique_ptr<ports::HostClient> client)
    : context_(context), client_(std::move(client)), owner_("delivery-" + context.ids.new_id()) {}

std::chrono::milliseconds OutcomeDelivery::claim_period() const {
  const config::HostEndpoint& endpoint = context_.endpoint;
  const auto per_call = endpoint.connect_timeout * 2 + endpoint.write_timeout + endpoint.read_timeout;
  const auto pauses = endpoint.call_backoff * ((1 << std::min(endpoint.call_attempts, 10)) - 1);
  return per_call * endpoint.call_attempts + pauses + kClaimMargin;
}

std::size_t OutcomeDelivery::deliver_due() {
  const auto now = context_.clock.now();
  const std::string at = timestamp(now);
  const std::string until = timestamp(now + claim_period() * kPushesPerRound);
  const auto claimed = context_.work_queue.claim_work(
      {ports::kOutcomePushQueue, owner_, at, until, kPushesPerRound});
  for (const std::string& push_id : claimed) deliver(push_id);
  return claimed.size();
}

void OutcomeDelivery::deliver(const std::string& push_id) {
  std::optional<ports::OutcomePush> push;
  {
    auto tx = context_.store.begin(ports::TransactionMode::ReadOnly);
    push = tx->host_outbox().find(push_id);
    tx->commit();
  }
  if (!push) return;

  std::optional<ports::CallFailure> failed;
  if (auto body = request_body(*push); !body) {
    failed = ports::CallFailure{"invalid-push", "The push does not follow the host schema.", false};
  } else {
    failed = push_failure(client_->call({kRecordOutcomeAction, push->message_id, body.value()}),
                          *push);
  }

  const auto now = context_.clock.now();
  const int doublings = std::min(push->attempts, kMaxBackoffDoublings);
  const auto backoff = std::min<std::chrono::milliseconds>(
      context_.endpoint.retry_backoff * (std::int64_t{1} << doublings),
      context_.endpoint.max_retry_backoff);
  ports::PushAttempt attempt;
  attempt.push_id = push_id;
  attempt.owner = owner_;
  attempt.at = timestamp(now);
  attempt.next_attempt_at = timestamp(now + backoff);
  if (failed) attempt.error = failed->code + ": " + failed->message;

  ports::AuditEvent event = system_event(
      attempt.at,
      {.action = "PushOutcome",
       .object = "signal/" + push->signal_id + "/decision/" + push->decision_id,
       .result = failed ? "failed:" + failed->code : "success",
       .purpose = "pga-early-signal/weighing",
       .origin = "host:" + client_->host(),
       .message_id = push->message_id},
      context_.ids);

  // The attempt and its audit record, or neither. A claim lost meanwhile (this instance was
  // too slow and another took the push over) leaves the row to the other's attempt, but the
  // call was made, so it is still on record.
  auto tx = context_.store.begin(ports::TransactionMode::ReadWrite);
  if (!tx->host_outbox().record_attempt(attempt)) event.result += " (claim-lost)";
  context_.audit_trail.record(tx->audit_journal(), event);
  tx->commit();
}

}  // namespace zvhpga::service
