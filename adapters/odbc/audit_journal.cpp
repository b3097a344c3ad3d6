#include "odbc/audit_journal.h"

#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

using ports::StoreFailure;

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

  void append(const ports::AuditRecord& record) override {
    const ports::AuditEvent& e = record.event;
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_audit_record (seq, recorded_at, actor_user, actor_role, "
        "organisation_id, organisation_oin, action, object, result, purpose, origin, "
        "message_id, trace_id, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.execute({record.seq, e.at, e.actor_user, e.actor_role, e.organisation_id,
                    e.organisation_oin, e.action, e.object, e.result, e.purpose, e.origin,
                    e.message_id, e.trace_id, record.mac});
    Statement& head =
        connection_.prepared("UPDATE pga_audit_head SET last_seq = ?, last_mac = ? WHERE id = 1");
    head.execute({record.seq, record.mac});
  }

  std::optional<ports::AuditAnchor> read_anchor() override {
    Statement& select = connection_.prepared(
        "SELECT through_seq, through_mac, seal FROM pga_audit_anchor WHERE id = 1");
    select.execute({});
    if (!select.fetch()) return std::nullopt;
    const auto seq = select.integer(1);
    auto mac = select.text(2);
    auto seal = select.text(3);
    if (!seq || !mac || !seal) throw StoreFailure("unreadable audit trail anchor", "22000", false);
    return ports::AuditAnchor{*seq, std::move(*mac), std::move(*seal)};
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
      ports::AuditRecord record;
      const auto seq = select.integer(1);
      if (!seq) throw StoreFailure("unreadable audit record", "22000", false);
      record.seq = *seq;
      ports::AuditEvent& e = record.event;
      SQLUSMALLINT column = 2;
      for (std::string* field :
           {&e.at, &e.actor_user, &e.actor_role, &e.organisation_id, &e.organisation_oin, &e.action,
            &e.object, &e.result, &e.purpose, &e.origin, &e.message_id, &e.trace_id, &record.mac})
        *field = select.text(column++).value_or("");
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  static ports::AuditHead head_from(Statement& select) {
    select.execute({});
    if (!select.fetch())
      throw StoreFailure("the audit trail's head row is missing", "02000", false);
    const auto seq = select.integer(1);
    auto mac = select.text(2);
    if (!seq || !mac) throw StoreFailure("unreadable audit trail head", "22000", false);
    return {*seq, std::move(*mac)};
  }

  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::AuditJournal> make_audit_journal(Connection& connection) {
  return std::make_unique<OdbcAuditJournal>(connection);
}

}  // namespace zvhpga::odbc
