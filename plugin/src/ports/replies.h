#pragma once
// The replies register: what the plugin answered to a request that carried an id (the web
// service's wsa:MessageID, a document's requestId), so that the same request sent again within
// the retry window gets that answer instead of running twice (docs/contract.md, "Retried
// requests"). Written in the transaction of the operation it answers, with its audit record.
#include <cstdint>
#include <optional>
#include <string>

namespace zvhpga::ports {

struct RequestReply {
  std::string partner_id;
  std::string request_key;     // SHA-256 (hex) of the id the partner gave the request
  std::string request_digest;  // SHA-256 (hex) of the operation, the caller and the document
  // The answer document; empty for an operation that only reads, which runs again on a retry
  // so that no answer with personal data is kept here.
  std::optional<std::string> answer;
  std::string object;       // the audit record's object, for the record of a replay
  std::string answered_at;  // UTC timestamp
  std::string expires_at;   // UTC timestamp: from then on the id counts as new
};

class ReplyRegister {
 public:
  virtual ~ReplyRegister() = default;
  // The reply recorded for this partner's key, expired or not; empty if there is none.
  virtual std::optional<RequestReply> find(const std::string& partner_id,
                                           const std::string& request_key) = 0;
  // Records the reply, replacing one for the same key that expired by reply.answered_at. A
  // reply that a concurrent transaction recorded first for the same key is a retryable
  // StoreFailure: the request runs again, finds that reply and answers with it.
  virtual void record(const RequestReply& reply) = 0;
  // Removes every reply that expired by `now`; returns how many.
  virtual std::int64_t prune(const std::string& now) = 0;
};

}  // namespace zvhpga::ports
