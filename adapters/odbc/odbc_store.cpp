#include "odbc/odbc_store.h"

#include <charconv>

#include "odbc/connection_pool.h"
#include "odbc/group_commit.h"
#include "odbc/row_reader.h"
#include "odbc/statement.h"
#include "odbc/store_transaction.h"

namespace zvhpga::odbc {
namespace {

void refuse_unverified_tls(const std::string& connection_string) {
  const Dialect* dialect = dialect_for_connection_string(connection_string);
  if (dialect == nullptr) {
    throw ports::StoreFailure(
        "in production mode the connection string must name its driver (Driver=...), so that "
        "its TLS settings can be checked; settings kept in a DSN cannot be",
        "HY000", false);
  }
  if (const auto problem = dialect->unverified_tls(connection_string)) {
    throw ports::StoreFailure("in production mode the database connection must verify the "
                                "server's TLS certificate, but " + *problem,
                                "HY000", false);
  }
}

// The SQLite driver's lock timeout (Timeout, in ms), which the dialect's defaults always set.
std::chrono::milliseconds lock_timeout(std::string_view connection_string) {
  const auto text = attribute_value(connection_string, "Timeout");
  long milliseconds = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), milliseconds).ec !=
                   std::errc{}) {
    return std::chrono::milliseconds(5000);
  }
  return std::chrono::milliseconds(milliseconds);
}

// A connection with the dialect's default attributes added, and that connection string.
struct OpenedConnection {
  std::unique_ptr<Connection> connection;
  std::string connection_string;
};

OpenedConnection connect(const std::shared_ptr<Environment>& environment,
                         const StoreOptions& options) {
  if (options.production) refuse_unverified_tls(options.connection_string);
  // The product, and with it the attributes to add, is known only once connected.
  auto connection = std::make_unique<Connection>(environment, options.connection_string);
  std::string connection_string =
      with_default_attributes(options.connection_string, connection->dialect());
  if (connection_string != options.connection_string) {
    connection = std::make_unique<Connection>(environment, connection_string);
  }
  return {std::move(connection), std::move(connection_string)};
}

}  // namespace

OdbcStore::OdbcStore(std::shared_ptr<ConnectionPool> pool,
                     std::shared_ptr<GroupCommit> group_commit,
                     std::vector<HostStatement> host_statements)
    : pool_(std::move(pool)),
      group_commit_(std::move(group_commit)),
      host_statements_(std::move(host_statements)) {}

std::unique_ptr<ports::StoreTransaction> OdbcStore::begin(ports::TransactionMode mode) {
  if (group_commit_ && mode == ports::TransactionMode::ReadWrite) {
    return begin_transaction(group_commit_->join(), host_statements_);
  }
  return begin_transaction(hold_transaction(pool_->acquire(), mode), host_statements_);
}

void OdbcStore::enqueue_work(std::string_view queue, std::string_view work_id,
                             std::string_view due_at) {
  odbc::enqueue_work(pool_->acquire().connection(), queue, work_id, due_at);
}

std::vector<std::string> OdbcStore::claim_work(const ports::ClaimRequest& request) {
  return odbc::claim_work(pool_->acquire().connection(), request);
}

bool OdbcStore::complete_work(std::string_view queue, std::string_view work_id,
                              std::string_view owner, std::string_view done_at) {
  return odbc::complete_work(pool_->acquire().connection(), queue, work_id, owner, done_at);
}

void OdbcStore::ensure_work(std::string_view queue, std::string_view work_id,
                            std::string_view due_at) {
  odbc::ensure_work(pool_->acquire().connection(), queue, work_id, due_at);
}

bool OdbcStore::release_work(std::string_view queue, std::string_view work_id,
                             std::string_view owner, std::string_view due_at) {
  return odbc::release_work(pool_->acquire().connection(), queue, work_id, owner, due_at);
}

HostResult OdbcStore::run_host_statement(std::string_view name,
                                         std::span<const Parameter> parameters) {
  return odbc::run_host_statement(pool_->acquire().connection(),
                                  find_host_statement(host_statements_, name), parameters);
}

OperationalCounts OdbcStore::operational_counts(std::string_view now,
                                                std::string_view overdue_before) {
  OperationalCounts counts;
  const ConnectionPool::Use use = pool_->use();
  counts.connections_in_use = use.in_use;
  counts.max_connections = use.max;
  const auto lease = pool_->acquire();
  Connection& connection = lease.connection();
  {
    Statement outbox(connection,
                     "SELECT COUNT(*), MIN(created_at) FROM pga_host_outbox WHERE delivered_at IS NULL");
    outbox.execute({});
    if (outbox.fetch()) {
      RowReader read(outbox);
      counts.outbox_pending = read.integer("COUNT(*) of pga_host_outbox");
      counts.oldest_pending_at = read.optional_text();
    }
  }
  // Due as the retention run sees it (retention_register.cpp, due_signals), proposals included:
  // a signal in a proposal awaiting approval is still due.
  constexpr std::string_view kDue =
      "SELECT COUNT(*) FROM pga_retention_clock c JOIN pga_signal s ON s.signal_id = c.signal_id "
      "WHERE c.due_at <= ? AND NOT EXISTS (SELECT 1 FROM pga_retention_hold h "
      "WHERE h.signal_id = c.signal_id AND h.released_at IS NULL)";
  const auto count_due = [&](std::string_view before) {
    Statement due(connection, std::string(kDue));
    due.execute({before});
    return due.fetch() ? RowReader(due).integer("COUNT(*) of pga_retention_clock") : 0;
  };
  counts.retention_due = count_due(now);
  counts.retention_overdue = count_due(overdue_before);
  {
    Statement held(connection,
                   "SELECT COUNT(DISTINCT signal_id) FROM pga_retention_hold WHERE released_at IS NULL");
    held.execute({});
    if (held.fetch()) counts.retention_held = RowReader(held).integer("COUNT of pga_retention_hold");
  }
  {
    Statement head(connection, "SELECT last_seq FROM pga_audit_head WHERE id = 1");
    head.execute({});
    if (head.fetch()) counts.audit_records = RowReader(head).integer("pga_audit_head.last_seq");
  }
  return counts;
}

std::unique_ptr<OdbcStore> open_store(const StoreOptions& options) {
  auto environment = std::make_shared<Environment>();
  auto [connection, connection_string] = connect(environment, options);
  apply_migrations(*connection, connection->dialect(), options.schema_upgrade);
  check_host_statements(*connection, options.host_statements);
  const bool single_writer = connection->dialect().kind == DialectKind::Sqlite;
  // Writers queueing for the group's writer wait as long as for the database's own lock.
  const auto writer_wait = lock_timeout(connection_string);
  auto pool = std::make_shared<ConnectionPool>(std::move(environment), std::move(connection_string),
                                               options.max_connections, std::move(connection));
  auto group_commit = single_writer ? std::make_shared<GroupCommit>(pool, writer_wait) : nullptr;
  return std::make_unique<OdbcStore>(std::move(pool), std::move(group_commit),
                                     options.host_statements);
}

std::vector<std::int64_t> migrate_schema(const StoreOptions& options) {
  auto opened = connect(std::make_shared<Environment>(), options);
  return apply_migrations(*opened.connection, opened.connection->dialect(), SchemaUpgrade::Apply);
}

SchemaState inspect_store_schema(const StoreOptions& options) {
  auto opened = connect(std::make_shared<Environment>(), options);
  return inspect_schema(*opened.connection, opened.connection->dialect());
}

}  // namespace zvhpga::odbc
