#include "equal_work_store.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>
#include <ctime>
#include <string_view>
#include <utility>

namespace zvhpga::bench {
namespace {

// The most records one commit covers, as zvh-pga's group commit bounds its batches.
constexpr std::size_t kMaxBatch = 64;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS signal (
  id TEXT PRIMARY KEY, state INTEGER NOT NULL, round INTEGER NOT NULL,
  registered_at INTEGER NOT NULL, by_partner TEXT NOT NULL, by_partner_kind INTEGER NOT NULL,
  by_user TEXT NOT NULL, by_role INTEGER NOT NULL, receiving_partner INTEGER NOT NULL,
  channel INTEGER NOT NULL, reporter_type INTEGER NOT NULL, reporter_organisation TEXT NOT NULL,
  received_on TEXT NOT NULL, subject_name TEXT NOT NULL, subject_birth_date TEXT NOT NULL,
  subject_bsn TEXT, subject_municipality TEXT NOT NULL, observed_facts TEXT NOT NULL,
  phenomena TEXT NOT NULL, online_component INTEGER NOT NULL, care_concern INTEGER NOT NULL,
  urgency INTEGER NOT NULL, municipality TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transition (
  signal_id TEXT NOT NULL REFERENCES signal(id), seq INTEGER NOT NULL, from_state INTEGER,
  to_state INTEGER NOT NULL, at INTEGER NOT NULL, partner TEXT NOT NULL,
  partner_kind INTEGER NOT NULL, user TEXT NOT NULL, role INTEGER NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY (signal_id, seq));
CREATE TABLE IF NOT EXISTS audit_record (
  seq INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, actor_user TEXT NOT NULL,
  actor_role TEXT NOT NULL, organisation_id TEXT NOT NULL, organisation_oin TEXT NOT NULL,
  action TEXT NOT NULL, object TEXT NOT NULL, result TEXT NOT NULL, purpose TEXT NOT NULL,
  origin TEXT NOT NULL, message_id TEXT NOT NULL, trace_id TEXT NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL, last_mac TEXT NOT NULL);
INSERT OR IGNORE INTO audit_head (id, last_seq, last_mac) VALUES (1, 0, '');
)sql";

[[noreturn]] void fail(sqlite3* database, std::string_view action) {
  throw StoreError(std::string(action) + ": " + sqlite3_errmsg(database));
}

void run(sqlite3* database, std::string_view sql) {
  char* message = nullptr;
  if (sqlite3_exec(database, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string why = message != nullptr ? message : "unknown";
    sqlite3_free(message);
    throw StoreError(std::string(sql.substr(0, 40)) + ": " + why);
  }
}

Database open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                     nullptr);
  Database database(raw);
  if (opened != SQLITE_OK) fail(raw, "open " + path);
  sqlite3_busy_timeout(raw, 5000);
  // The shipped configuration of zvh-pga: WAL, a sync of the log at every commit.
  run(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
  return database;
}

PreparedStatement prepare(sqlite3* database, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(database, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
    fail(database, "prepare");
  return PreparedStatement(raw);
}

// Binding views the caller's text (SQLITE_STATIC): it must outlive the step, which it does.
void bind(sqlite3_stmt* statement, int index, std::string_view text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void bind(sqlite3_stmt* statement, int index, std::int64_t value) {
  sqlite3_bind_int64(statement, index, value);
}

// Runs a statement that yields no row and makes it ready for the next use.
void step_done(sqlite3_stmt* statement) {
  const int stepped = sqlite3_step(statement);
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  if (stepped != SQLITE_DONE) fail(sqlite3_db_handle(statement), sqlite3_sql(statement));
}

std::string text_column(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text == nullptr ? std::string()
                         : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}
int int_column(sqlite3_stmt* statement, int column) { return sqlite3_column_int(statement, column); }

std::string phenomena_text(const std::vector<int>& phenomena) {
  std::string text;
  for (int phenomenon : phenomena) {
    if (!text.empty()) text += ',';
    text += std::to_string(phenomenon);
  }
  return text;
}

std::vector<int> phenomena_from(std::string_view text) {
  std::vector<int> phenomena;
  while (!text.empty()) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc()) throw StoreError("signal.phenomena is unreadable");
    phenomena.push_back(value);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (!text.empty()) text.remove_prefix(1);  // the comma
  }
  return phenomena;
}

// UTC with milliseconds, as zvh-pga records the moment.
std::string utc_now() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  tm utc{};
  gmtime_r(&now.tv_sec, &utc);
  std::array<char, 32> text{};
  const int length = std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
                                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                                   utc.tm_min, utc.tm_sec, now.tv_nsec / 1'000'000);
  return std::string(text.data(), static_cast<std::size_t>(length));
}

// mac = HMAC-SHA-256(key, previous mac | seq | the fields in order), lower-case hex: the link of
// zvh-pga's chain.
std::string link(const std::string& key, const std::string& previous_mac, std::int64_t seq,
                 const std::string& recorded_at, const AuditEvent& e) {
  std::string message = previous_mac;
  message.reserve(previous_mac.size() + 256);
  const std::string seq_text = std::to_string(seq);
  for (std::string_view field :
       {std::string_view(seq_text), std::string_view(recorded_at),
        std::string_view(e.actor_user), std::string_view(e.actor_role),
        std::string_view(e.organisation_id), std::string_view(e.organisation_oin),
        std::string_view(e.action), std::string_view(e.object), std::string_view(e.result),
        std::string_view(e.purpose), std::string_view(e.origin), std::string_view(e.message_id),
        std::string_view(e.trace_id)}) {
    message += '|';
    message += field;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &length) == nullptr)
    throw StoreError("HMAC-SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * length, '\0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[mac[i] >> 4];
    hex[2 * i + 1] = kHex[mac[i] & 0x0f];
  }
  return hex;
}

}  // namespace

EqualWorkStore::EqualWorkStore(const std::string& path, std::string audit_key, std::size_t readers)
    : audit_key_(std::move(audit_key)) {
  writer_.database = open(path);
  sqlite3* w = writer_.database.get();
  run(w, kSchema);
  writer_.begin = prepare(w, "BEGIN IMMEDIATE");
  writer_.commit = prepare(w, "COMMIT");
  writer_.rollback = prepare(w, "ROLLBACK");
  writer_.select_head = prepare(w, "SELECT last_seq, last_mac FROM audit_head WHERE id = 1");
  writer_.insert_record = prepare(
      w, "INSERT INTO audit_record (seq, recorded_at, actor_user, actor_role, organisation_id, "
         "organisation_oin, action, object, result, purpose, origin, message_id, trace_id, mac) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  writer_.update_head = prepare(w, "UPDATE audit_head SET last_seq = ?, last_mac = ? WHERE id = 1");
  writer_.insert_signal = prepare(
      w, "INSERT INTO signal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
         "?, ?, ?, ?)");
  writer_.insert_transition =
      prepare(w, "INSERT INTO transition VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

  for (std::size_t i = 0; i < readers; ++i) {
    auto reader = std::make_unique<Reader>();
    reader->database = open(path);
    sqlite3* r = reader->database.get();
    reader->begin = prepare(r, "BEGIN");
    reader->commit = prepare(r, "COMMIT");
    reader->select_signal = prepare(r, "SELECT * FROM signal WHERE id = ?");
    reader->select_transitions = prepare(
        r, "SELECT from_state, to_state, at, partner, partner_kind, user, role, reason "
           "FROM transition WHERE signal_id = ? ORDER BY seq");
    idle_readers_.push_back(std::move(reader));
  }
  writer_thread_ = std::thread([this] { write_loop(); });
}

EqualWorkStore::~EqualWorkStore() {
  {
    const std::lock_guard lock(jobs_mutex_);
    stopping_ = true;
  }
  jobs_waiting_.notify_all();
  writer_thread_.join();
}

std::unique_ptr<EqualWorkStore::Reader> EqualWorkStore::lease_reader() {
  std::unique_lock lock(readers_mutex_);
  reader_returned_.wait(lock, [this] { return !idle_readers_.empty(); });
  auto reader = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return reader;
}

void EqualWorkStore::give_back(std::unique_ptr<Reader> reader) {
  {
    const std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

std::optional<StoredSignal> EqualWorkStore::read(const std::string& signal_id) {
  auto reader = lease_reader();
  // Returns the connection whatever happens below.
  struct Return {
    EqualWorkStore& store;
    std::unique_ptr<Reader>& reader;
    ~Return() { store.give_back(std::move(reader)); }
  } give_back_on_exit{*this, reader};

  step_done(reader->begin.get());
  std::optional<StoredSignal> found;
  sqlite3_stmt* s = reader->select_signal.get();
  bind(s, 1, std::string_view(signal_id));
  const int stepped = sqlite3_step(s);
  if (stepped == SQLITE_ROW) {
    StoredSignal& signal = found.emplace();
    signal.id = text_column(s, 0);
    signal.state = int_column(s, 1);
    signal.round = int_column(s, 2);
    signal.registered_at = sqlite3_column_int64(s, 3);
    signal.registered_by = {text_column(s, 4), int_column(s, 5), text_column(s, 6), int_column(s, 7)};
    signal.receiving_partner = int_column(s, 8);
    signal.channel = int_column(s, 9);
    signal.reporter_type = int_column(s, 10);
    signal.reporter_organisation = text_column(s, 11);
    signal.received_on = text_column(s, 12);
    signal.subject_name = text_column(s, 13);
    signal.subject_birth_date = text_column(s, 14);
    if (sqlite3_column_type(s, 15) != SQLITE_NULL) signal.subject_bsn = text_column(s, 15);
    signal.subject_municipality = text_column(s, 16);
    signal.observed_facts = text_column(s, 17);
    signal.phenomena = phenomena_from(text_column(s, 18));
    signal.online_component = int_column(s, 19) != 0;
    signal.care_concern = int_column(s, 20) != 0;
    signal.urgency = int_column(s, 21);
    signal.municipality = text_column(s, 22);
    signal.region = text_column(s, 23);
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (stepped != SQLITE_ROW && stepped != SQLITE_DONE) {
    run(reader->database.get(), "ROLLBACK");
    fail(reader->database.get(), "select signal");
  }
  if (found) {
    sqlite3_stmt* t = reader->select_transitions.get();
    bind(t, 1, std::string_view(signal_id));
    int row = 0;
    while ((row = sqlite3_step(t)) == SQLITE_ROW) {
      StoredTransition& transition = found->history.emplace_back();
      if (sqlite3_column_type(t, 0) != SQLITE_NULL) transition.from = int_column(t, 0);
      transition.to = int_column(t, 1);
      transition.at = sqlite3_column_int64(t, 2);
      transition.actor = {text_column(t, 3), int_column(t, 4), text_column(t, 5), int_column(t, 6)};
      transition.reason = text_column(t, 7);
    }
    sqlite3_reset(t);
    sqlite3_clear_bindings(t);
    if (row != SQLITE_DONE) {
      run(reader->database.get(), "ROLLBACK");
      fail(reader->database.get(), "select transitions");
    }
  }
  step_done(reader->commit.get());
  return found;
}

void EqualWorkStore::record(const AuditEvent& event) {
  Job job;
  job.event = &event;
  submit(job);
}

void EqualWorkStore::register_signal(const StoredSignal& signal, const AuditEvent& event) {
  Job job;
  job.event = &event;
  job.signal = &signal;
  submit(job);
}

void EqualWorkStore::submit(Job& job) {
  std::unique_lock lock(jobs_mutex_);
  jobs_.push_back(&job);
  jobs_waiting_.notify_one();
  jobs_done_.wait(lock, [&job] { return job.done; });
  if (job.failure) throw StoreError(*job.failure);
}

void EqualWorkStore::write_loop() {
  std::vector<Job*> batch;
  for (;;) {
    {
      std::unique_lock lock(jobs_mutex_);
      jobs_waiting_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      // Whatever queued while the previous batch synced shares this commit.
      while (!jobs_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(jobs_.front());
        jobs_.pop_front();
      }
    }
    std::optional<std::string> failure;
    try {
      write_batch(batch);
    } catch (const StoreError& error) {
      failure = error.what();
      sqlite3_reset(writer_.rollback.get());
      sqlite3_step(writer_.rollback.get());
      sqlite3_reset(writer_.rollback.get());
    }
    {
      const std::lock_guard lock(jobs_mutex_);
      for (Job* job : batch) {
        job->failure = failure;
        job->done = true;
      }
    }
    jobs_done_.notify_all();
    batch.clear();
  }
}

void EqualWorkStore::write_batch(const std::vector<Job*>& batch) {
  step_done(writer_.begin.get());
  sqlite3_stmt* head = writer_.select_head.get();
  if (sqlite3_step(head) != SQLITE_ROW) {
    sqlite3_reset(head);
    throw StoreError("the audit head is missing");
  }
  std::int64_t seq = sqlite3_column_int64(head, 0);
  std::string mac = text_column(head, 1);
  sqlite3_reset(head);

  const std::string recorded_at = utc_now();
  for (const Job* job : batch) {
    if (job->signal != nullptr) insert_signal(*job->signal);
    const AuditEvent& e = *job->event;
    ++seq;
    mac = link(audit_key_, mac, seq, recorded_at, e);
    sqlite3_stmt* insert = writer_.insert_record.get();
    bind(insert, 1, seq);
    bind(insert, 2, std::string_view(recorded_at));
    int index = 3;
    for (const std::string* field : {&e.actor_user, &e.actor_role, &e.organisation_id,
                                     &e.organisation_oin, &e.action, &e.object, &e.result,
                                     &e.purpose, &e.origin, &e.message_id, &e.trace_id,
                                     static_cast<const std::string*>(&mac)})
      bind(insert, index++, std::string_view(*field));
    step_done(insert);
  }
  sqlite3_stmt* update = writer_.update_head.get();
  bind(update, 1, seq);
  bind(update, 2, std::string_view(mac));
  step_done(update);
  step_done(writer_.commit.get());
}

void EqualWorkStore::insert_signal(const StoredSignal& signal) {
  sqlite3_stmt* s = writer_.insert_signal.get();
  const std::string phenomena = phenomena_text(signal.phenomena);
  bind(s, 1, std::string_view(signal.id));
  bind(s, 2, std::int64_t{signal.state});
  bind(s, 3, std::int64_t{signal.round});
  bind(s, 4, signal.registered_at);
  bind(s, 5, std::string_view(signal.registered_by.partner_id));
  bind(s, 6, std::int64_t{signal.registered_by.partner_kind});
  bind(s, 7, std::string_view(signal.registered_by.user));
  bind(s, 8, std::int64_t{signal.registered_by.role});
  bind(s, 9, std::int64_t{signal.receiving_partner});
  bind(s, 10, std::int64_t{signal.channel});
  bind(s, 11, std::int64_t{signal.reporter_type});
  bind(s, 12, std::string_view(signal.reporter_organisation));
  bind(s, 13, std::string_view(signal.received_on));
  bind(s, 14, std::string_view(signal.subject_name));
  bind(s, 15, std::string_view(signal.subject_birth_date));
  if (signal.subject_bsn) bind(s, 16, std::string_view(*signal.subject_bsn));
  bind(s, 17, std::string_view(signal.subject_municipality));
  bind(s, 18, std::string_view(signal.observed_facts));
  bind(s, 19, std::string_view(phenomena));
  bind(s, 20, std::int64_t{signal.online_component ? 1 : 0});
  bind(s, 21, std::int64_t{signal.care_concern ? 1 : 0});
  bind(s, 22, std::int64_t{signal.urgency});
  bind(s, 23, std::string_view(signal.municipality));
  bind(s, 24, std::string_view(signal.region));
  step_done(s);
  std::int64_t seq = 0;
  for (const StoredTransition& transition : signal.history) {
    sqlite3_stmt* t = writer_.insert_transition.get();
    bind(t, 1, std::string_view(signal.id));
    bind(t, 2, ++seq);
    if (transition.from) bind(t, 3, std::int64_t{*transition.from});
    bind(t, 4, std::int64_t{transition.to});
    bind(t, 5, transition.at);
    bind(t, 6, std::string_view(transition.actor.partner_id));
    bind(t, 7, std::int64_t{transition.actor.partner_kind});
    bind(t, 8, std::string_view(transition.actor.user));
    bind(t, 9, std::int64_t{transition.actor.role});
    bind(t, 10, std::string_view(transition.reason));
    step_done(t);
  }
}

}  // namespace zvhpga::bench
