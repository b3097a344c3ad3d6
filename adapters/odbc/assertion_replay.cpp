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
    // Read, then written: another transaction that records the same use meanwhile is either
    // seen here or makes this one fail as a conflict, which the pipeline retries and then sees
    // it (SQLite holds the write lock from the start; PostgreSQL runs serializable and reports
    // a key another serializable transaction inserted after this one read it as such).
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
