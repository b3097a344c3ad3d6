#include "odbc/audit_journal.h"

#include <string>
#include <vector>

#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "ports/retention.h"

namespace zvhpga::odbc {
namespace {

using ports::StoreFailure;

// As many records as the sweep destroys signals in one transaction: one INSERT for its audit
// records. 14 parameters a row, 1,400 a statement, within every supported driver's limit.
constexpr std::size_t kRowsPerInsert = ports::kSignalsPerStatement;

std::string insert_records(std::size_t rows) {
  std::string sql =
      "INSERT INTO pga_audit_record (seq, recorded_at, actor_user, actor_role, "
      "organisation_id, organisation_oin, action, object, result, purpose, origin, "
      "message_id, trace_id, mac) VALUES ";
  for (std::size_t row = 0; row < rows; ++row)
    sql += row == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return sql;
}

void add_parameters(std::vector<Parameter>& parameters, const ports::AuditRecord& record) {
  const ports::AuditEvent& e = record.event;
  parameters.insert(parameters.end(),
                    {record.seq, e.at, e.actor_user, e.actor_role, e.organisation_id,
                     e.organisation_oin, e.action, e.object, e.result, e.purpose, e.origin,
                     e.message_id, e.trace_id, record.mac});
}

class OdbcAuditJournal final : public ports::AuditJournal {
 public:
  explicit OdbcAuditJournal(Connection& connection) : connection_(connection) {}

  ports::AuditHead lock_head() override {
    // Appenders queue here until the holder commits, so the chain cannot fork.
    return head_from(connection_.prepared(connection_.dialect().lock_audit_head));
  }

  ports::AuditHead read_head() override {
    return head_from(
        connection_.prepared("SELECT last_seq, last_mac FROM pga_audit_head WHERE id = 1"));
  }

  void append(const ports::AuditRecord& record) override { append_all(std::span(&record, 1)); }

  void append_all(std::span<const ports::AuditRecord> records) override {
    if (records.empty()) return;
    // Full runs of kRowsPerInsert records go in one statement each, the rest one at a time:
    // two texts, each prepared once per connection.
    static const std::string many = insert_records(kRowsPerInsert);
    static const std::string one = insert_records(1);
    std::vector<Parameter> parameters;
    std::size_t first = 0;
    for (; records.size() - first >= kRowsPerInsert; first += kRowsPerInsert) {
      parameters.clear();
      for (const ports::AuditRecord& record : records.subspan(first, kRowsPerInsert))
        add_parameters(parameters, record);
      connection_.prepared(many).execute(parameters);
    }
    Statement& single = connection_.prepared(one);
    for (const ports::AuditRecord& record : records.subspan(first)) {
      parameters.clear();
      add_parameters(parameters, record);
      single.execute(parameters);
    }
    Statement& head =
        connection_.prepared("UPDATE pga_audit_head SET last_seq = ?, last_mac = ? WHERE id = 1");
    head.execute({records.back().seq, records.back().mac});
  }

  std::optional<ports::AuditAnchor> read_anchor() override {
    Statement& select = connection_.prepared(
        "SELECT through_seq, through_mac, seal FROM pga_audit_anchor WHERE id = 1");
    select.execute({});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    ports::AuditAnchor anchor;
    anchor.through_seq = read.integer("pga_audit_anchor.through_seq");
    anchor.through_mac = read.text("pga_audit_anchor.through_mac");
    anchor.seal = read.text("pga_audit_anchor.seal");
    return anchor;
  }

  void cut(std::int64_t after_seq, const ports::AuditAnchor& anchor) override {
    connection_.prepared("DELETE FROM pga_audit_record WHERE seq > ? AND seq <= ?")
        .execute({after_seq, anchor.through_seq});
    connection_.prepared("DELETE FROM pga_audit_anchor").execute({});
    connection_
        .prepared("INSERT INTO pga_audit_anchor (id, through_seq, through_mac, seal) "
                  "VALUES (1, ?, ?, ?)")
        .execute({anchor.through_seq, anchor.through_mac, anchor.seal});
  }

  std::vector<ports::AuditRecord> read_after(std::int64_t after_seq, std::size_t limit) override {
    Statement& select = connection_.prepared(
        "SELECT seq, recorded_at, actor_user, actor_role, organisation_id, "
        "organisation_oin, action, object, result, purpose, origin, message_id, "
        "trace_id, mac FROM pga_audit_record WHERE seq > ? ORDER BY seq");
    select.execute({after_seq});
    std::vector<ports::AuditRecord> records;
    while (records.size() < limit && select.fetch()) {
      RowReader read(select);
      ports::AuditRecord record;
      record.seq = read.integer("pga_audit_record.seq");
      ports::AuditEvent& e = record.event;
      e.at = read.text("pga_audit_record.recorded_at");
      e.actor_user = read.text("pga_audit_record.actor_user");
      e.actor_role = read.text("pga_audit_record.actor_role");
      e.organisation_id = read.text("pga_audit_record.organisation_id");
      e.organisation_oin = read.text("pga_audit_record.organisation_oin");
      e.action = read.text("pga_audit_record.action");
      e.object = read.text("pga_audit_record.object");
      e.result = read.text("pga_audit_record.result");
      e.purpose = read.text("pga_audit_record.purpose");
      e.origin = read.text("pga_audit_record.origin");
      e.message_id = read.text("pga_audit_record.message_id");
      e.trace_id = read.text("pga_audit_record.trace_id");
      record.mac = read.text("pga_audit_record.mac");
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  static ports::AuditHead head_from(Statement& select) {
    select.execute({});
    if (!select.fetch())
      throw StoreFailure("the audit trail's head row is missing", "02000", false);
    RowReader read(select);
    ports::AuditHead head;
    head.seq = read.integer("pga_audit_head.last_seq");
    head.mac = read.text("pga_audit_head.last_mac");
    return head;
  }

  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::AuditJournal> make_audit_journal(Connection& connection) {
  return std::make_unique<OdbcAuditJournal>(connection);
}

}  // namespace zvhpga::odbc
