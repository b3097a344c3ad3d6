#include "odbc/work_claims.h"

#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace zvhpga::odbc {

void add_work_item(Connection& connection, std::string_view queue, std::string_view work_id,
                   std::string_view due_at) {
  Statement& insert =
      connection.prepared("INSERT INTO pga_work_item (queue, work_id, due_at) VALUES (?, ?, ?)");
  insert.execute({queue, work_id, due_at});
}

bool finish_claimed_work(Connection& connection, std::string_view queue, std::string_view work_id,
                         std::string_view owner, std::string_view done_at) {
  Statement& complete = connection.prepared(
      "UPDATE pga_work_item SET done_at = ? WHERE queue = ? AND work_id = ? "
      "AND claimed_by = ? AND done_at IS NULL");
  complete.execute({done_at, queue, work_id, owner});
  return complete.affected_rows() == 1;
}

bool reschedule_claimed_work(Connection& connection, std::string_view queue,
                             std::string_view work_id, std::string_view owner,
                             std::string_view due_at) {
  Statement& release = connection.prepared(
      "UPDATE pga_work_item SET due_at = ?, claimed_by = NULL, claimed_until = NULL "
      "WHERE queue = ? AND work_id = ? AND claimed_by = ? AND done_at IS NULL");
  release.execute({due_at, queue, work_id, owner});
  return release.affected_rows() == 1;
}

void enqueue_work(Connection& connection, std::string_view queue, std::string_view work_id,
                  std::string_view due_at) {
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  add_work_item(connection, queue, work_id, due_at);
  transaction.commit();
}

std::vector<std::string> claim_work(Connection& connection,
                                    const ports::ClaimRequest& request) {
  const auto& dialect = connection.dialect();
  TransactionScope transaction(connection, dialect.begin_locking_write);
  Statement& select = connection.prepared(dialect.select_claimable_work);
  select.execute({request.queue, request.now, request.now, request.limit});
  std::vector<std::string> claimed;
  while (select.fetch()) claimed.push_back(RowReader(select).text("pga_work_item.work_id"));
  Statement& claim = connection.prepared(
      "UPDATE pga_work_item SET claimed_by = ?, claimed_until = ? "
      "WHERE queue = ? AND work_id = ?");
  for (const auto& id : claimed) {
    claim.execute({request.owner, request.claimed_until, request.queue, std::string_view(id)});
  }
  transaction.commit();
  return claimed;
}

bool complete_work(Connection& connection, std::string_view queue, std::string_view work_id,
                   std::string_view owner, std::string_view done_at) {
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  const bool completed = finish_claimed_work(connection, queue, work_id, owner, done_at);
  transaction.commit();
  return completed;
}

void ensure_work(Connection& connection, std::string_view queue, std::string_view work_id,
                 std::string_view due_at) {
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  Statement& select = connection.prepared(
      "SELECT COUNT(*) FROM pga_work_item WHERE queue = ? AND work_id = ?");
  select.execute({queue, work_id});
  const bool exists =
      select.fetch() && RowReader(select).integer("COUNT(*) of pga_work_item") > 0;
  select.close();
  if (!exists) add_work_item(connection, queue, work_id, due_at);
  transaction.commit();
}

bool release_work(Connection& connection, std::string_view queue, std::string_view work_id,
                  std::string_view owner, std::string_view due_at) {
  TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  const bool released = reschedule_claimed_work(connection, queue, work_id, owner, due_at);
  transaction.commit();
  return released;
}

}  // namespace zvhpga::odbc
