#pragma once
// The outbox of pushes to the host platform (docs/soap.md, "Calling the host"): a weegploeg
// decision's outcome is written here in the decision's own transaction and delivered later by
// the delivery worker, which keeps the row until the host acknowledged it. Only what the host
// needs travels (data minimisation): no person, no reasoning, no participants.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace zvhpga::ports {

// The queue of pga_work_item that schedules and claims outcome pushes.
inline constexpr std::string_view kOutcomePushQueue = "host-outcome";

struct OutcomePush {
  std::string push_id;
  // Fixed when the push is written and sent unchanged on every attempt, so the host
  // recognises a call it already handled.
  std::string message_id;
  std::string signal_id;
  std::string decision_id;
  core::Course outcome{};
  core::Date decided_on;
  std::string region;
  core::Timestamp created_at;
  int attempts = 0;
  std::optional<core::Timestamp> last_attempt_at;
  std::optional<std::string> last_error;  // an error code and a fixed sentence, nothing more
  std::optional<core::Timestamp> next_attempt_at;
};

// How one delivery attempt ended.
struct PushAttempt {
  std::string push_id;
  std::string owner;  // the instance whose claim the attempt ran under
  core::Timestamp at;
  // Empty when the host acknowledged: the push is done.
  std::optional<std::string> error;
  core::Timestamp next_attempt_at;  // used only when error is set
};

class HostOutbox {
 public:
  virtual ~HostOutbox() = default;
  // Writes the push and schedules it, due at created_at.
  virtual void enqueue(const OutcomePush& push) = 0;
  virtual std::optional<OutcomePush> find(std::string_view push_id) = 0;
  // Counts the attempt and either ends the push or schedules the next attempt, releasing the
  // claim. False, and nothing written, when attempt.owner no longer holds the claim.
  virtual bool record_attempt(const PushAttempt& attempt) = 0;
  // Pushes of one region the host has not acknowledged yet, oldest first.
  virtual std::vector<OutcomePush> undelivered(std::string_view region) = 0;
};

}  // namespace zvhpga::ports
