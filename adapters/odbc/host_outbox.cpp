#include "odbc/host_outbox.h"

#include "odbc/row_reader.h"
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
  RowReader read(row);
  ports::OutcomePush push;
  push.push_id = read.text("pga_host_outbox.push_id");
  push.message_id = read.text("pga_host_outbox.message_id");
  push.signal_id = read.text("pga_host_outbox.signal_id");
  push.decision_id = read.text("pga_host_outbox.decision_id");
  push.outcome = read.token<core::Course>("pga_host_outbox.outcome");
  push.decided_on = read.text("pga_host_outbox.decided_on");
  push.region = read.text("pga_host_outbox.region");
  push.created_at = read.text("pga_host_outbox.created_at");
  push.attempts = read.number("pga_host_outbox.attempts");
  push.last_attempt_at = read.optional_text();
  push.last_error = read.optional_text();
  push.next_attempt_at = read.text("pga_work_item.due_at");
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
