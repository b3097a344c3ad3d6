#pragma once
// Scheduled work that several plugin instances on one database share (retention runs, outbound
// pushes): each item is handled by exactly one instance. An instance claims due items for a
// while; a claim that expires (its instance died) can be taken by another. The ODBC store
// implements it (odbc/work_claims.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zvhpga::ports {

// Times are ISO 8601 UTC text of one fixed format, so text order is time order.
struct ClaimRequest {
  std::string_view queue;
  std::string_view owner;  // the claiming instance
  std::string_view now;
  std::string_view claimed_until;
  std::int64_t limit = 1;
};

// Each operation is one transaction of its own.
class WorkQueue {
 public:
  virtual ~WorkQueue() = default;
  virtual void enqueue_work(std::string_view queue, std::string_view work_id,
                            std::string_view due_at) = 0;
  // Ids of the items now claimed by request.owner; none is claimed by anyone else at once.
  virtual std::vector<std::string> claim_work(const ClaimRequest& request) = 0;
  // Marks an item done; false if the owner's claim was lost (expired and taken over), in which
  // case the other owner's run counts.
  virtual bool complete_work(std::string_view queue, std::string_view work_id,
                             std::string_view owner, std::string_view done_at) = 0;
  // Adds the item unless it exists already (recurring work: one item, claimed again and again).
  virtual void ensure_work(std::string_view queue, std::string_view work_id,
                           std::string_view due_at) = 0;
  // Gives up owner's claim; the item is due again at due_at. False if the claim was lost.
  virtual bool release_work(std::string_view queue, std::string_view work_id,
                            std::string_view owner, std::string_view due_at) = 0;
};

}  // namespace zvhpga::ports
