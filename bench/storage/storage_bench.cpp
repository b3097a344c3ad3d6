// RegisterSignal throughput through the plugin's public ABI, next to the rate at which the same
// ODBC driver commits single-row inserts, in the same run on the same database. One client
// thread: both figures are then commits per second one after the other, and their ratio is
// what the plugin's own work costs (docs/storage.md).
//
// A second table sets the store layer with and without crypto-shredding side by side
// (docs/crypto-shredding.md): signals written and read back through the plain ODBC store and
// through the sealing store on the same database, in the same run.
//
// On PostgreSQL a third table sends the same requests from eight client threads at once, to one
// instance and to two instances on the one database, and prints beside each rate the answers
// that were not OK and the transactions PostgreSQL rolled back meanwhile
// (pg_stat_database.xact_rollback): nothing in this load is refused, so every rollback is a
// serialization conflict, a deadlock or a lock timeout (docs/storage.md, "Concurrent writers").
//
// Usage: storage_bench [REQUESTS]
// SQLite runs in a temporary directory with JournalMode=WAL;SyncPragma=FULL. PostgreSQL runs
// when ZVHPGA_TEST_PG_CONNECTION names a THROWAWAY database (installer/pg-test-cluster.sh): the
// benchmark drops the plugin's schema there first.
#include <zvhpga/zvhpga.h>

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crypto/aead.h"
#include "crypto/sealing_store.h"
#include "crypto/signal_keys.h"
#include "odbc/handles.h"
#include "odbc/key_store.h"
#include "odbc/odbc_store.h"
#include "odbc/statement.h"
#include "odbc/transaction_scope.h"

namespace {

namespace odbc = zvhpga::odbc;
using Clock = std::chrono::steady_clock;

constexpr int kWarmUp = 20;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void replace_element(std::string& xml, const std::string& element, const std::string& content) {
  const std::string open = "<" + element + ">";
  const auto start = xml.find(open);
  const auto end = xml.find("</" + element + ">", start);
  if (start == std::string::npos || end == std::string::npos)
    throw std::runtime_error("the configuration template has no " + element);
  xml.replace(start + open.size(), end - start - open.size(), content);
}

double per_second(int operations, Clock::duration elapsed) {
  return operations / std::chrono::duration<double>(elapsed).count();
}

void execute_committed(odbc::Connection& connection, const std::string& sql) {
  odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
  connection.execute(sql);
  transaction.commit();
}

// Single-row inserts, each committed on its own, through the same driver, connection attributes
// and session setup as the plugin's store, the statement prepared once as the store keeps its
// own. The row is about as wide as a signal's intake.
double raw_insert_rate(const std::string& given_connection_string, int rows) {
  const auto environment = std::make_shared<odbc::Environment>();
  const std::string connection_string = odbc::with_default_attributes(
      given_connection_string, odbc::Connection(environment, given_connection_string).dialect());
  odbc::Connection connection(environment, connection_string);
  execute_committed(connection, "DROP TABLE IF EXISTS bench_raw_insert");
  execute_committed(connection,
                    "CREATE TABLE bench_raw_insert (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const std::string payload(400, 'x');
  const auto insert_one = [&](int id) {
    odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    odbc::Statement& insert =
        connection.prepared("INSERT INTO bench_raw_insert (id, payload) VALUES (?, ?)");
    insert.execute({std::int64_t{id}, std::string_view(payload)});
    transaction.commit();
  };
  for (int id = 0; id < kWarmUp; ++id) insert_one(-1 - id);
  const auto start = Clock::now();
  for (int id = 0; id < rows; ++id) insert_one(id);
  const auto elapsed = Clock::now() - start;
  execute_committed(connection, "DROP TABLE bench_raw_insert");
  return per_second(rows, elapsed);
}

class Instance {
 public:
  explicit Instance(const std::filesystem::path& config) {
    const std::string path = config.string();
    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const zvhpga_status status = zvhpga_open(path.data(), path.size(), &instance_, &error);
    const std::string message = error.data != nullptr ? error.data : "";
    zvhpga_free(&error);
    if (status != ZVHPGA_OK) throw std::runtime_error("zvhpga_open: " + message);
  }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() { zvhpga_close(instance_); }

  void register_signal(const std::string& document) const {
    std::string answer;
    if (try_register_signal(document, answer) != ZVHPGA_OK)
      throw std::runtime_error("RegisterSignal failed: " + answer);
  }

  zvhpga_status try_register_signal(const std::string& document, std::string& answer) const {
    static const std::string organisation = "gemeente-utrecht";
    static const std::string user = "bench.intake";
    static const std::string role = "intake-officer";
    zvhpga_caller caller{};
    caller.struct_size = sizeof caller;
    caller.abi_version = ZVHPGA_ABI_VERSION;
    caller.organisation = organisation.data();
    caller.organisation_size = organisation.size();
    caller.user = user.data();
    caller.user_size = user.size();
    caller.role = role.data();
    caller.role_size = role.size();
    zvhpga_output response{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const zvhpga_status status =
        zvhpga_call(instance_, &caller, document.data(), document.size(), &response);
    answer = response.data != nullptr ? response.data : "";
    zvhpga_free(&response);
    return status;
  }

 private:
  zvhpga_instance* instance_ = nullptr;
};

std::filesystem::path write_config(const std::filesystem::path& directory,
                                   const std::string& connection_string) {
  std::string config = read(ZVHPGA_CONFIG_TEMPLATE);
  replace_element(config, "dataDirectory", (directory / "data").string());
  replace_element(config, "connectionString", connection_string);
  const auto config_file = directory / "zvhpga.xml";
  std::ofstream(config_file) << config;
  return config_file;
}

std::string registration_document() {
  return read(std::filesystem::path(ZVHPGA_EXAMPLES_DIR) / "register-signal.xml");
}

double register_signal_rate(const std::filesystem::path& directory,
                            const std::string& connection_string, int requests) {
  const std::string document = registration_document();
  const Instance instance(write_config(directory, connection_string));
  for (int request = 0; request < kWarmUp; ++request) instance.register_signal(document);
  const auto start = Clock::now();
  for (int request = 0; request < requests; ++request) instance.register_signal(document);
  return per_second(requests, Clock::now() - start);
}

struct Row {
  std::string database;
  double raw = 0;
  double plugin = 0;
  std::optional<long> conflicts{};  // PostgreSQL's rolled-back transactions during the plugin's run
};

std::string count_or_dash(const std::optional<long>& count) {
  return count ? std::to_string(*count) : "-";
}

void print(const std::vector<Row>& rows, int requests) {
  std::printf("%d requests each, one client thread, after %d warm-up requests\n\n", requests,
              kWarmUp);
  std::printf("| %-34s | %20s | %24s | %12s | %11s |\n", "database", "raw inserts/s",
              "RegisterSignal/s", "plugin/raw", "rolled back");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(22, '-').c_str(),
              std::string(26, '-').c_str(), std::string(14, '-').c_str(),
              std::string(13, '-').c_str());
  for (const Row& row : rows) {
    std::printf("| %-34s | %20.0f | %24.0f | %11.0f%% | %11s |\n", row.database.c_str(), row.raw,
                row.plugin, 100.0 * row.plugin / row.raw, count_or_dash(row.conflicts).c_str());
  }
}

struct TemporaryDirectory {
  TemporaryDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "zvhpga-storage-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

Row sqlite_row(const std::string& name, const std::string& options, int requests) {
  const TemporaryDirectory raw_directory;
  const TemporaryDirectory plugin_directory;
  const auto connection_string = [&](const std::filesystem::path& file) {
    return "Driver=SQLite3;Database=" + file.string() + ";" + options;
  };
  return {name, raw_insert_rate(connection_string(raw_directory.path / "raw.sqlite"), requests),
          register_signal_rate(plugin_directory.path,
                               connection_string(plugin_directory.path / "data" / "zvhpga.sqlite"),
                               requests)};
}

void drop_plugin_schema(const std::string& connection_string) {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  execute_committed(connection, "DROP SCHEMA IF EXISTS zvhpga CASCADE");
}

// The transactions the database has rolled back so far (pg_stat_database.xact_rollback). A
// session's counts reach the statistics for certain only when it ends, so this first waits
// until no other client is connected to the database: the plugin's connections are then
// closed and counted.
long rolled_back_transactions(const std::string& connection_string) {
  odbc::Connection connection(std::make_shared<odbc::Environment>(), connection_string);
  const auto single_value = [&](const char* sql) {
    odbc::TransactionScope transaction(connection, connection.dialect().begin_locking_write);
    odbc::Statement statement(connection, sql);
    statement.execute({});
    const std::optional<std::string> value = statement.fetch() ? statement.text(1) : std::nullopt;
    statement.close();
    transaction.commit();
    if (!value) throw std::runtime_error(std::string("no value from ") + sql);
    return std::stol(*value);
  };
  const auto give_up = Clock::now() + std::chrono::seconds(30);
  while (single_value("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND backend_type = 'client backend' AND pid <> pg_backend_pid()") > 0) {
    if (Clock::now() > give_up)
      throw std::runtime_error("other clients stay connected to the benchmark's database");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return single_value(
      "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()");
}

Row postgresql_row(const std::string& connection_string, int requests) {
  drop_plugin_schema(connection_string);
  const TemporaryDirectory plugin_directory;
  Row row{"PostgreSQL 15 (psqlODBC, fsync on)", raw_insert_rate(connection_string, requests)};
  const long rolled_back_before = rolled_back_transactions(connection_string);
  row.plugin = register_signal_rate(plugin_directory.path, connection_string, requests);
  row.conflicts = rolled_back_transactions(connection_string) - rolled_back_before;
  return row;
}

constexpr int kClients = 8;

struct LoadRow {
  int instances = 0;
  double rate = 0;   // RegisterSignal answered OK per second, all clients together
  long not_ok = 0;   // answers other than OK
  long conflicts = 0;
};

// `requests` registrations from kClients threads at once, spread over `instance_count` plugin
// instances on the same database.
LoadRow concurrent_row(const std::string& connection_string, int instance_count, int requests) {
  drop_plugin_schema(connection_string);
  const TemporaryDirectory directory;
  const auto config = write_config(directory.path, connection_string);
  const std::string document = registration_document();
  LoadRow row{instance_count};
  const long rolled_back_before = rolled_back_transactions(connection_string);
  {
    std::vector<std::unique_ptr<Instance>> instances;
    for (int index = 0; index < instance_count; ++index)
      instances.push_back(std::make_unique<Instance>(config));
    for (const auto& instance : instances)
      for (int request = 0; request < kWarmUp; ++request) instance->register_signal(document);
    std::atomic<long> not_ok{0};
    std::atomic<long> ok{0};
    const auto start = Clock::now();
    {
      std::vector<std::jthread> clients;
      for (int client = 0; client < kClients; ++client)
        clients.emplace_back([&, client] {
          const Instance& instance = *instances[static_cast<std::size_t>(client % instance_count)];
          std::string answer;
          for (int request = client; request < requests; request += kClients)
            ++(instance.try_register_signal(document, answer) == ZVHPGA_OK ? ok : not_ok);
        });
    }
    row.rate = per_second(static_cast<int>(ok.load()), Clock::now() - start);
    row.not_ok = not_ok.load();
  }
  row.conflicts = rolled_back_transactions(connection_string) - rolled_back_before;
  return row;
}

void print_concurrent(const std::vector<LoadRow>& rows, int requests) {
  std::printf("\nPostgreSQL 15 under concurrent load: RegisterSignal from %d client threads, %d "
              "requests in all, after %d warm-up requests per instance\n\n",
              kClients, requests, kWarmUp);
  std::printf("| %-34s | %20s | %10s | %11s |\n", "instances on one database", "RegisterSignal/s",
              "not OK", "rolled back");
  std::printf("|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(22, '-').c_str(),
              std::string(12, '-').c_str(), std::string(13, '-').c_str());
  for (const LoadRow& row : rows)
    std::printf("| %-34d | %20.0f | %10ld | %11ld |\n", row.instances, row.rate, row.not_ok,
                row.conflicts);
}

zvhpga::core::Dossier bench_dossier(std::string signal_id) {
  namespace core = zvhpga::core;
  core::Dossier dossier;
  dossier.signal_id = std::move(signal_id);
  auto& intake = dossier.intake;
  intake.reporter_organisation = "Wijkteam Noord";
  intake.received_on = "2024-02-28";
  intake.subject = core::Person{.name = "J. de Vries",
                                .birth_date = "2007-03-14",
                                .bsn = "111222333",
                                .municipality = "Utrecht"};
  intake.observed_facts = std::string(300, 'f');
  intake.phenomenon_hypothesis = {core::Phenomenon::Unclear};
  intake.municipality = "Utrecht";
  intake.region = "Utrecht";
  dossier.registered_by = {.partner_id = "gemeente-utrecht",
                           .partner_kind = core::PartnerKind::Gemeente,
                           .user = "bench.intake",
                           .role = core::Role::IntakeOfficer};
  dossier.registered_at = "2024-03-01T09:00:00.000Z";
  dossier.transitions = {core::Transition{std::nullopt, core::SignalState::Received,
                                          dossier.registered_by, dossier.registered_at,
                                          "registered"}};
  return dossier;
}

struct StoreRates {
  double write = 0;  // signals registered (intake and transition, one commit) per second
  double read = 0;   // dossiers loaded per second
};

StoreRates store_rates(zvhpga::ports::Store& store, const std::string& prefix, int signals) {
  using zvhpga::ports::TransactionMode;
  const auto write = [&](int number) {
    const auto dossier = bench_dossier(prefix + std::to_string(number));
    auto transaction = store.begin(TransactionMode::ReadWrite);
    transaction->insert_signal(dossier);
    transaction->append_transition(dossier.signal_id, dossier.transitions.front());
    transaction->commit();
  };
  const auto read = [&](int number) {
    auto transaction = store.begin(TransactionMode::ReadOnly);
    if (!transaction->load_dossier(prefix + std::to_string(number)))
      throw std::runtime_error("a benchmark signal did not read back");
  };
  for (int number = 0; number < kWarmUp; ++number) write(-1 - number);
  StoreRates rates;
  auto start = Clock::now();
  for (int number = 0; number < signals; ++number) write(number);
  rates.write = per_second(signals, Clock::now() - start);
  start = Clock::now();
  for (int number = 0; number < signals; ++number) read(number);
  rates.read = per_second(signals, Clock::now() - start);
  return rates;
}

// The plain store and the sealing store over one database; the key store a SQLite file as
// by default (journal DELETE, synchronous FULL, secure_delete).
void print_sealing_cost(const std::string& name, const std::string& connection_string,
                        int signals) {
  const TemporaryDirectory keys_directory;
  auto store = odbc::open_store({.connection_string = connection_string});
  auto key_store = odbc::open_key_store("Driver=SQLite3;Database=" +
                                        (keys_directory.path / "signal-keys.sqlite").string() +
                                        ";Timeout=5000;SyncPragma=FULL");
  auto keys = zvhpga::crypto::SignalKeys::open(*key_store, zvhpga::crypto::random_key());
  if (!keys) throw std::runtime_error(keys.error().message);
  zvhpga::crypto::SealingStore sealing(*store, *keys);
  const StoreRates plain = store_rates(*store, "plain-", signals);
  const StoreRates sealed = store_rates(sealing, "sealed-", signals);
  std::printf("| %-34s | %12.0f | %12.0f | %9.0f%% | %12.0f | %12.0f | %9.0f%% |\n", name.c_str(),
              plain.write, sealed.write, 100.0 * sealed.write / plain.write, plain.read,
              sealed.read, 100.0 * sealed.read / plain.read);
}

void print_sealing_header(int signals) {
  std::printf("\nStore layer, %d signals each, plain store next to sealing store (crypto-shredding)\n\n",
              signals);
  std::printf("| %-34s | %12s | %12s | %10s | %12s | %12s | %10s |\n", "database", "write/s",
              "sealed w/s", "sealed/pl", "read/s", "sealed r/s", "sealed/pl");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(),
              std::string(14, '-').c_str(), std::string(14, '-').c_str(),
              std::string(12, '-').c_str(), std::string(14, '-').c_str(),
              std::string(14, '-').c_str(), std::string(12, '-').c_str());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int requests = argc > 1 ? std::stoi(argv[1]) : 500;
    std::vector<Row> rows;
    rows.push_back(sqlite_row("SQLite (WAL, synchronous=FULL)",
                              "JournalMode=WAL;SyncPragma=FULL;", requests));
    // Without a durable commit the remaining cost is the plugin's own work on the CPU.
    rows.push_back(sqlite_row("SQLite (WAL, synchronous=OFF)",
                              "JournalMode=WAL;SyncPragma=OFF;", requests));
    const char* pg = std::getenv("ZVHPGA_TEST_PG_CONNECTION");
    const bool postgresql = pg != nullptr && *pg != '\0';
    if (postgresql)
      rows.push_back(postgresql_row(pg, requests));
    else
      std::cerr << "ZVHPGA_TEST_PG_CONNECTION is not set: PostgreSQL is left out\n";
    print(rows, requests);
    if (postgresql)
      print_concurrent({concurrent_row(pg, 1, requests), concurrent_row(pg, 2, requests)}, requests);

    print_sealing_header(requests);
    {
      const TemporaryDirectory directory;
      print_sealing_cost("SQLite (WAL, synchronous=FULL)",
                         "Driver=SQLite3;Database=" + (directory.path / "store.sqlite").string() +
                             ";JournalMode=WAL;SyncPragma=FULL;",
                         requests);
    }
    if (postgresql) {
      drop_plugin_schema(pg);
      print_sealing_cost("PostgreSQL 15 (psqlODBC, fsync on)", pg, requests);
    }
    return 0;
  } catch (const std::exception& failure) {
    std::cerr << "storage_bench: " << failure.what() << "\n";
    return 1;
  }
}
