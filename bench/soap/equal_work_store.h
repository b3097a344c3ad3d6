#pragma once
// The store of the equal-work gSOAP peer: what the product's rules require of zvh-pga per
// GetSignal, written as a competent gSOAP integrator would on SQLite's C API. The signal and its
// transitions are read on one of a few reader connections; the audit record is appended to an
// HMAC-SHA-256 chain (read the head, MAC the record with the previous MAC, insert, move the head)
// and committed with WAL and synchronous=FULL by one writer thread that commits whatever queued
// while the previous commit synced (group commit, as zvh-pga does on SQLite). A caller returns
// only once its record is durable. Every statement is prepared once per connection and binds the
// caller's text without copying it.
#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zvhpga::bench {

struct DatabaseCloser {
  void operator()(sqlite3* database) const { sqlite3_close_v2(database); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;
using PreparedStatement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Enumerations are kept as the generated enum's integer value, as an integrator would.
struct StoredActor {
  std::string partner_id;
  int partner_kind = 0;
  std::string user;
  int role = 0;
};

struct StoredTransition {
  std::optional<int> from;
  int to = 0;
  std::int64_t at = 0;
  StoredActor actor;
  std::string reason;
};

struct StoredSignal {
  std::string id;
  int state = 0;
  int round = 1;
  std::int64_t registered_at = 0;
  StoredActor registered_by;
  int receiving_partner = 0;
  int channel = 0;
  int reporter_type = 0;
  std::string reporter_organisation;
  std::string received_on;
  std::string subject_name;
  std::string subject_birth_date;
  std::optional<std::string> subject_bsn;
  std::string subject_municipality;
  std::string observed_facts;
  std::vector<int> phenomena;
  bool online_component = false;
  bool care_concern = false;
  int urgency = 0;
  std::string municipality;
  std::string region;
  std::vector<StoredTransition> history;
};

// The fields of zvh-pga's audit record; recorded_at, seq and mac are the store's.
struct AuditEvent {
  std::string actor_user;
  std::string actor_role;
  std::string organisation_id;
  std::string organisation_oin;
  std::string action;
  std::string object;
  std::string result;
  std::string purpose;
  std::string origin;
  std::string message_id;
  std::string trace_id;
};

class EqualWorkStore {
 public:
  // Creates the schema in `path` if absent; `readers` connections serve reads concurrently.
  EqualWorkStore(const std::string& path, std::string audit_key, std::size_t readers);
  EqualWorkStore(const EqualWorkStore&) = delete;
  EqualWorkStore& operator=(const EqualWorkStore&) = delete;
  ~EqualWorkStore();

  // The signal and its transitions, read in one snapshot; nullopt when there is none.
  std::optional<StoredSignal> read(const std::string& signal_id);
  // Appends the audit record and returns once it is committed; throws StoreError if not.
  void record(const AuditEvent& event);
  // Inserts the signal and its transitions with the audit record in one commit.
  void register_signal(const StoredSignal& signal, const AuditEvent& event);

 private:
  struct Reader {
    Database database;
    PreparedStatement begin, commit, select_signal, select_transitions;
  };
  struct Writer {
    Database database;
    PreparedStatement begin, commit, rollback, select_head, insert_record, update_head,
        insert_signal, insert_transition;
  };
  struct Job {
    const AuditEvent* event = nullptr;
    const StoredSignal* signal = nullptr;
    bool done = false;
    std::optional<std::string> failure;
  };

  std::unique_ptr<Reader> lease_reader();
  void give_back(std::unique_ptr<Reader> reader);
  void submit(Job& job);
  void write_loop();
  void write_batch(const std::vector<Job*>& batch);
  void insert_signal(const StoredSignal& signal);

  const std::string audit_key_;
  Writer writer_;

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Reader>> idle_readers_;

  std::mutex jobs_mutex_;
  std::condition_variable jobs_waiting_;
  std::condition_variable jobs_done_;
  std::deque<Job*> jobs_;
  bool stopping_ = false;
  std::thread writer_thread_;
};

}  // namespace zvhpga::bench
