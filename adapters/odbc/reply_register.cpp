#include "odbc/reply_register.h"

#include "odbc/row_reader.h"
#include "odbc/statement.h"

namespace zvhpga::odbc {
namespace {

// handles.cpp reports every dialect's constraint violation with this SQLSTATE.
constexpr std::string_view kConstraintViolation = "23000";

class OdbcReplyRegister final : public ports::ReplyRegister {
 public:
  explicit OdbcReplyRegister(Connection& connection) : connection_(connection) {}

  std::optional<ports::RequestReply> find(const std::string& partner_id,
                                          const std::string& request_key) override {
    Statement& select = connection_.prepared(
        "SELECT request_digest, answer, audit_object, answered_at, expires_at "
        "FROM pga_request_reply WHERE partner_id = ? AND request_key = ?");
    select.execute({std::string_view(partner_id), std::string_view(request_key)});
    if (!select.fetch()) return std::nullopt;
    RowReader read(select);
    ports::RequestReply reply;
    reply.partner_id = partner_id;
    reply.request_key = request_key;
    reply.request_digest = read.text("pga_request_reply.request_digest");
    reply.answer = read.optional_text();
    reply.object = read.text("pga_request_reply.audit_object");
    reply.answered_at = read.text("pga_request_reply.answered_at");
    reply.expires_at = read.text("pga_request_reply.expires_at");
    return reply;
  }

  void record(const ports::RequestReply& reply) override {
    Statement& expired = connection_.prepared(
        "DELETE FROM pga_request_reply WHERE partner_id = ? AND request_key = ? AND "
        "expires_at <= ?");
    expired.execute({reply.partner_id, reply.request_key, reply.answered_at});
    Statement& insert = connection_.prepared(
        "INSERT INTO pga_request_reply (partner_id, request_key, request_digest, answer, "
        "audit_object, answered_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    try {
      insert.execute({reply.partner_id, reply.request_key, reply.request_digest,
                      nullable_text(reply.answer), reply.object, reply.answered_at,
                      reply.expires_at});
    } catch (const ports::StoreFailure& failure) {
      // The UNIQUE (partner_id, request_key) constraint: an identical request running at the
      // same moment got there first. Running this one again finds its reply.
      if (failure.sqlstate() != kConstraintViolation) throw;
      throw ports::StoreFailure("a concurrent request recorded its reply first",
                                failure.sqlstate(), true);
    }
  }

  std::int64_t prune(const std::string& now) override {
    Statement& remove =
        connection_.prepared("DELETE FROM pga_request_reply WHERE expires_at <= ?");
    remove.execute({std::string_view(now)});
    return remove.affected_rows();
  }

 private:
  Connection& connection_;
};

}  // namespace

std::unique_ptr<ports::ReplyRegister> make_reply_register(Connection& connection) {
  return std::make_unique<OdbcReplyRegister>(connection);
}

}  // namespace zvhpga::odbc
