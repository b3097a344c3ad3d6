#include "odbc/host_outbox.h"

#include "odbc/statement.h"
#include "odbc/work_claims.h"

namespace zvhpga::odbc {
namespace {

using ports::kOutcomePushQueue;

constexpr std::string_view kPushColumns =
    "o.push_id, o.message_id, o.signal_id, o.decision_id, o.outcome, o.decided_on, o.region, "
    "o.created_at, o.attempts, o.last_attempt_at, o.last_error, w.due_at "
    "FROM pga_host_outbox o JOIN pga_work_item w ON w.queue = ? AND w.work_id = o.push_id ";

ports::OutcomePush read_push(Statement& row) {
  const auto course = core::from_token<core::Course>(row.text(5).value_or(""));
  if (!course)
    throw ports::StoreFailure("unreadable value in column pga_host_outbox.outcome", "22000",
                                false);
  ports::OutcomePush push;
  push.push_id = row.text(1).value_or("");
  push.message_id = row.text(2).value_or("");
  push.signal_id = row.text(3).value_or("");
  push.decision_id = row.text(4).value_or("");
  push.outcome = *course;
  push.decided_on = row.text(6).value_or("");
  push.region = row.text(7).value_or("");
  push.created_at = row.text(8).value_or("");
  push.attempts = static_cast<int>(row.integer(9).value_or(0));
  push.last_attempt_at = row.text(10);
  push.last_error = row.text(11);
  push.next_attempt_at = row.text(12);
  return push;
}

class OdbcHostOutbox final : public ports::HostOutbox {
 public:
  explicit OdbcHostOutbox(Connection& connection) : connection_(connection) {}

  void enqueue(const ports::OutcomePush& push) override {
    Statement insert(connection_,
                     "INSERT INTO pga_host_outbox (push_id, message_id, signal_id, decision_id, "
                     "outcome, decided_on, region, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({push.push_id, push.message_id, push.signal_id, push.decision_id,
                    core::to_token(push.outcome), push.decided_on, push.region, push.created_at});
    add_work_item(connection_, kOutcomePushQueue, push.push_id, push.created_at);
  }

  std::optional<ports::OutcomePush> find(std::string_view push_id) override {
    Statement select(connection_, "SELECT " + std::string(kPushColumns) + "WHERE o.push_id = ?");
    select.execute({kOutcomePushQueue, push_id});
    if (!select.fetch()) return std::nullopt;
    return read_push(select);
  }

  bool record_attempt(const ports::PushAttempt& attempt) override {
    const bool still_claimed =
        attempt.error ? reschedule_claimed_work(connection_, kOutcomePushQueue, attempt.push_id,
                                                attempt.owner, attempt.next_attempt_at)
                      : finish_claimed_work(connection_, kOutcomePushQueue, attempt.push_id,
                                            attempt.owner, attempt.at);
    if (!still_claimed) return false;
    Statement update(connection_,
                     "UPDATE pga_host_outbox SET attempts = attempts + 1, last_attempt_at = ?, "
                     "last_error = ?, delivered_at = ? WHERE push_id = ?");
    update.execute({attempt.at, nullable_text(attempt.error),
                    attempt.error ? Parameter(Null{}) : Parameter(std::string_view(attempt.at)), attempt.push_id});
    return true;
  }

  std::vector<ports::OutcomePush> undelivered(std::string_view region) override {
    Statement select(connection_, "SELECT " + std::string(kPushColumns) +
                                      "WHERE o.region = ? AND o.delivered_at IS NULL "
                                      "ORDER BY o.created_at, o.push_id");
    select.execute({kOutcomePushQueue, region});
    std::vector<ports::OutcomePush> pushes;
    while (select.fetch()) pushes.push_back(read_push(select));
    return pushes;
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::HostOutbox> make_host_outbox(Connection& connection) {
  return std::make_unique<OdbcHostOutbox>(connection);
}

}  // namespace zvhpga::odbc
