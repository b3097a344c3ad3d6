#pragma once
// The work-queue port (ports/work_queue.h) on a connection: the operations of its own
// transaction, and those that join the caller's.
#include <string>
#include <string_view>
#include <vector>

#include "odbc/handles.h"
#include "ports/work_queue.h"

namespace zvhpga::odbc {

// Inside the caller's transaction: for work that must exist exactly when the change that causes
// it commits (an outbox row).
void add_work_item(Connection& connection, std::string_view queue, std::string_view work_id,
                   std::string_view due_at);
// Inside the caller's transaction; false, and nothing changed, if owner's claim was lost.
bool finish_claimed_work(Connection& connection, std::string_view queue, std::string_view work_id,
                         std::string_view owner, std::string_view done_at);
// Inside the caller's transaction: gives up owner's claim and makes the item due again at
// due_at. False, and nothing changed, if owner's claim was lost.
bool reschedule_claimed_work(Connection& connection, std::string_view queue,
                             std::string_view work_id, std::string_view owner,
                             std::string_view due_at);

// Each runs as one transaction of its own on the given connection.
void enqueue_work(Connection& connection, std::string_view queue, std::string_view work_id,
                  std::string_view due_at);
// Ids of the items now claimed by request.owner; none is claimed by anyone else at the same time.
std::vector<std::string> claim_work(Connection& connection,
                                    const ports::ClaimRequest& request);
// Adds the item unless it exists already (recurring work: one item, claimed again and again).
void ensure_work(Connection& connection, std::string_view queue, std::string_view work_id,
                 std::string_view due_at);
// Gives up owner's claim; the item is due again at due_at. False if the claim was lost.
bool release_work(Connection& connection, std::string_view queue, std::string_view work_id,
                  std::string_view owner, std::string_view due_at);
// Marks an item done; false if the owner's claim was lost (expired and taken over), in which
// case the other owner's run counts.
bool complete_work(Connection& connection, std::string_view queue, std::string_view work_id,
                   std::string_view owner, std::string_view done_at);

}  // namespace zvhpga::odbc
