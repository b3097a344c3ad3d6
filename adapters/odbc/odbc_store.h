#pragma once
// The service's Store port over ODBC (unixODBC): SQLite, PostgreSQL and SQL Server, each
// through its Dialect (dialect.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "odbc/host_statements.h"
#include "odbc/migrations.h"
#include "odbc/work_claims.h"
#include "ports/store.h"
#include "ports/work_queue.h"

namespace zvhpga::odbc {

class ConnectionPool;
class GroupCommit;

// What the metrics show of the store (docs/administrator-guide.md, "Health and metrics"),
// counted in one read-only pass.
struct OperationalCounts {
  std::size_t connections_in_use = 0;  // measured before the pass borrows its own
  std::size_t max_connections = 0;
  std::int64_t outbox_pending = 0;     // pushes to the host not yet acknowledged
  std::optional<std::string> oldest_pending_at;  // created_at of the oldest of them
  std::int64_t retention_due = 0;      // signals whose term ended, not held, not yet destroyed
  std::int64_t retention_overdue = 0;  // of those, the ones whose term ended before overdue_before
  std::int64_t retention_held = 0;     // signals under a legal hold
  std::int64_t audit_records = 0;      // the audit trail's head: records written since it began
};

struct StoreOptions {
  // An ODBC connection string, e.g. "Driver=SQLite3;Database=/var/lib/zvhpga/pga.db" or
  // "Driver=PostgreSQL Unicode;Server=db;Database=zvh;sslmode=verify-full;...".
  // For SQLite a lock timeout (Timeout=5000, in ms) is added when absent.
  std::string connection_string;
  // Connections kept open at most; each open transaction holds one. Zero counts as one.
  std::size_t max_connections = 4;
  SchemaUpgrade schema_upgrade = SchemaUpgrade::Refuse;
  // Refuses a connection string that would reach a database server without verifying its TLS
  // certificate, before connecting (credentials would travel first).
  bool production = false;
  std::vector<HostStatement> host_statements{};
};

class OdbcStore final : public ports::Store, public ports::WorkQueue {
 public:
  // `group_commit`, when given, carries every read-write transaction (group_commit.h): for a
  // database with a single writer, where commits would otherwise queue one sync each.
  OdbcStore(std::shared_ptr<ConnectionPool> pool, std::shared_ptr<GroupCommit> group_commit,
            std::vector<HostStatement> host_statements);

  std::unique_ptr<ports::StoreTransaction> begin(ports::TransactionMode mode) override;

  // Scheduled work shared by every instance on this database (work_claims.h).
  void enqueue_work(std::string_view queue, std::string_view work_id,
                    std::string_view due_at) override;
  std::vector<std::string> claim_work(const ports::ClaimRequest& request) override;
  bool complete_work(std::string_view queue, std::string_view work_id, std::string_view owner,
                     std::string_view done_at) override;
  void ensure_work(std::string_view queue, std::string_view work_id,
                   std::string_view due_at) override;
  bool release_work(std::string_view queue, std::string_view work_id, std::string_view owner,
                    std::string_view due_at) override;

  // A configured host statement by name; a non-retryable StoreFailure if there is none.
  HostResult run_host_statement(std::string_view name, std::span<const Parameter> parameters);

  // Timestamps as the records carry them (service::Now).
  OperationalCounts operational_counts(std::string_view now, std::string_view overdue_before);

 private:
  std::shared_ptr<ConnectionPool> pool_;
  std::shared_ptr<GroupCommit> group_commit_;
  std::vector<HostStatement> host_statements_;
};

// Connects, applies migrations (creates the schema in an empty database; upgrades an older
// one only with SchemaUpgrade::Apply; refuses one newer than this build), checks the host
// statements, and returns a thread-safe store. Failures are StoreFailures; retryable ones may
// pass (server down), the others need an administrator.
std::unique_ptr<OdbcStore> open_store(const StoreOptions& options);

// Brings the database's schema to this build's version and returns the versions applied.
std::vector<std::int64_t> migrate_schema(const StoreOptions& options);

// Connects and reads where the schema stands, changing nothing (zvh-pga doctor).
SchemaState inspect_store_schema(const StoreOptions& options);

}  // namespace zvhpga::odbc
