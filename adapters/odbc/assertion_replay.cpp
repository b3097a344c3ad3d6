#include "odbc/assertion_replay.h"

#include "odbc/row_reader.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

class OdbcAssertionReplay final : public ports::AssertionReplay {
 public:
  explicit OdbcAssertionReplay(Connection& connection) : connection_(connection) {}

  bool record_first_use(std::string_view partner_id, std::string_view assertion_id,
                        std::int64_t kept_until, std::int64_t now) override {
    Statement forget(connection_, "DELETE FROM pga_assertion_replay WHERE kept_until < ?");
    forget.execute({now});
    // Read, then written: no other transaction can record the same use meanwhile, because
    // writers run one after the other (SQLite holds the write lock from the start, PostgreSQL
    // the audit head's lock; docs/storage.md, "Concurrent writers"). Where a product lets one
    // through (SQL Server's serializable), its key makes this insert fail as a conflict.
    Statement seen(connection_,
                   "SELECT COUNT(*) FROM pga_assertion_replay WHERE partner_id = ? AND "
                   "assertion_id = ?");
    seen.execute({partner_id, assertion_id});
    if (seen.fetch() && RowReader(seen).integer("COUNT(*) of assertion uses") != 0) return false;
    Statement record(connection_,
                     "INSERT INTO pga_assertion_replay (partner_id, assertion_id, kept_until) "
                     "VALUES (?, ?, ?)");
    record.execute({partner_id, assertion_id, kept_until});
    return true;
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::AssertionReplay> make_assertion_replay(Connection& connection) {
  return std::make_unique<OdbcAssertionReplay>(connection);
}

}  // namespace zvhpga::odbc
