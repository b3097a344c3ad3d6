// Load and crash recovery: partners' systems register signals and submit contributions over
// mutual TLS for a fixed time. The service runs in a child process, so that it can be killed
// with SIGKILL in the middle, as the OOM killer or a power cut would. Afterwards the store holds
// exactly what was acknowledged (and, after a crash, at most the requests then in flight, each
// whole), every audit record's chain verifies, and the service starts again and accepts work.
// Scale: ZVHPGA_LOAD_CLIENTS (8) and ZVHPGA_LOAD_SECONDS (5); bench/load/run.sh runs it large.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zvhpga/zvhpga.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "soap_messages.h"
#include "tls_client.h"

namespace zvhpga::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int setting(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && std::atoi(value) > 0 ? std::atoi(value) : fallback;
}

// The plugin and its web service in a child process of its own.
class ServiceProcess {
 public:
  explicit ServiceProcess(const fs::path& config) {
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(pipe_ends[0]);
      serve(config, pipe_ends[1]);
    }
    ::close(pipe_ends[1]);
    if (::read(pipe_ends[0], &port_, sizeof port_) != sizeof port_) port_ = 0;
    ::close(pipe_ends[0]);
  }
  ~ServiceProcess() { kill(); }
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  std::uint16_t port() const { return port_; }

  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  [[noreturn]] static void serve(const fs::path& config, int port_pipe) {
    const std::string path = config.string();
    zvhpga_instance* instance = nullptr;
    std::uint16_t port = 0;
    if (zvhpga_open(path.data(), path.size(), &instance, nullptr) != ZVHPGA_OK ||
        zvhpga_start_service(instance, &port, nullptr) != ZVHPGA_OK)
      ::_exit(1);
    if (::write(port_pipe, &port, sizeof port) != sizeof port) ::_exit(1);
    for (;;) ::pause();  // serves on the plugin's threads until killed
  }

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// A distinct urn:uuid for each request of each client.
std::string message_id(int client, long request) {
  char id[64];
  std::snprintf(id, sizeof id, "urn:uuid:%08x-0000-4000-8000-%012lx", static_cast<unsigned>(client),
                static_cast<unsigned long>(request));
  return id;
}

struct LoadResult {
  std::set<std::string> registered;   // signals whose registration was acknowledged
  std::set<std::string> contributed;  // signals whose contribution was acknowledged
  long errors = 0;                    // answers other than success while the service ran
  long answers = 0;
  std::vector<double> latencies_ms;
  double seconds = 0;

  void print(const char* title) {
    std::sort(latencies_ms.begin(), latencies_ms.end());
    const auto at = [&](double fraction) {
      const auto last = static_cast<double>(latencies_ms.size() - 1);
      return latencies_ms.empty() ? 0.0 : latencies_ms[static_cast<std::size_t>(fraction * last)];
    };
    std::printf("%s: %ld answers in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms; %zu signals "
                "registered, %zu contributions; %ld errors\n",
                title, answers, seconds, static_cast<double>(answers) / seconds, at(0.5), at(0.99), registered.size(),
                contributed.size(), errors);
  }
};

class LoadAndCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    std::signal(SIGPIPE, SIG_IGN);
    pki_ = ZVHPGA_E2E_PKI;
    ASSERT_TRUE(fs::exists(pki_ / "ca.pem")) << "run make-test-pki.sh " << pki_;
    std::string pattern = (fs::temp_directory_path() / "zvhpga-load-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    config_ = root_ / "zvhpga.xml";
    std::ofstream(config_) << configuration(root_ / "data", pki_, {.store_timeout_ms = 10'000});
  }
  void TearDown() override { fs::remove_all(root_); }

  TlsOptions as(std::string_view name) const {
    return {(pki_ / (std::string(name) + ".pem")).string(), (pki_ / (std::string(name) + ".key")).string(),
            TLS1_3_VERSION, {}, false};
  }

  // `clients` connections of the gemeente, each registering a signal and contributing to it in
  // turn until the deadline or until the service is gone; `crash` kills it halfway.
  LoadResult run_load(ServiceProcess& service, bool crash) {
    const int clients = setting("ZVHPGA_LOAD_CLIENTS", 8);
    const auto duration = std::chrono::seconds(setting("ZVHPGA_LOAD_SECONDS", 5));
    LoadResult result;
    std::mutex mutex;
    std::atomic<bool> killed{false};
    const auto start = Clock::now();
    const auto deadline = start + duration;
    std::vector<std::thread> threads;
    for (int client = 0; client < clients; ++client) {
      threads.emplace_back([&, client] {
        auto connection = TlsConnection::open(service.port(), (pki_ / "ca.pem").string(), as("gemeente-utrecht"));
        LoadResult mine;
        for (long n = 0; connection && Clock::now() < deadline; ++n) {
          Message registration = operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"));
          registration.message_id = message_id(client, 2 * n);
          const auto sent = Clock::now();
          auto answer = connection->send(soap_post(registration.envelope(), "\"\"")) ? connection->receive() : std::nullopt;
          if (!answer || answer->status != 200) {
            if (!killed) ++mine.errors;
            break;
          }
          mine.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
          ++mine.answers;
          const std::string signal_id = between(answer->body, "<signalId>", "</signalId>");
          mine.registered.insert(signal_id);

          Message contribution = operation("SubmitContribution",
                                           request_document("contribution-gemeente.xml", "gea", "weegploeg-member", signal_id));
          contribution.message_id = message_id(client, 2 * n + 1);
          const auto again = Clock::now();
          answer = connection->send(soap_post(contribution.envelope(), "\"\"")) ? connection->receive() : std::nullopt;
          if (!answer || answer->status != 200) {
            if (!killed) ++mine.errors;
            if (!killed) ADD_FAILURE() << (answer ? answer->body : "no answer");
            break;
          }
          mine.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - again).count());
          ++mine.answers;
          mine.contributed.insert(signal_id);
        }
        const std::lock_guard lock(mutex);
        result.registered.merge(mine.registered);
        result.contributed.merge(mine.contributed);
        result.errors += mine.errors;
        result.answers += mine.answers;
        result.latencies_ms.insert(result.latencies_ms.end(), mine.latencies_ms.begin(), mine.latencies_ms.end());
      });
    }
    if (crash) {
      std::this_thread::sleep_for(duration / 2);
      killed = true;
      service.kill();
    }
    for (auto& thread : threads) thread.join();
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  }

  // Rows of one column, read from the store file directly. Read-write, as the next opener of a
  // crashed store: SQLite rolls back what the killed process left half-written in its journal.
  std::set<std::string> column(const std::string& sql) const {
    std::set<std::string> values;
    sqlite3* db = nullptr;
    const std::string file = (root_ / "data" / "zvhpga.sqlite").string();
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot read the store: " << sqlite3_errmsg(db);
    } else {
      int step = SQLITE_ROW;
      while ((step = sqlite3_step(statement)) == SQLITE_ROW)
        values.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
      if (step != SQLITE_DONE) ADD_FAILURE() << "cannot read the store: " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return values;
  }

  // The audit trail verified by the plugin itself, opened on the store afresh.
  std::string verify_audit_trail() const {
    const std::string path = config_.string();
    zvhpga_instance* instance = nullptr;
    if (zvhpga_open(path.data(), path.size(), &instance, nullptr) != ZVHPGA_OK) return "cannot open";
    const std::string request = read_file(fs::path(ZVHPGA_E2E_EXAMPLES) / "verify-audit-trail.xml");
    // The zvh's auditor: a zvh has no privacy officer (docs/roles.md, "Roles per partner kind").
    zvhpga_caller caller{sizeof(zvhpga_caller), ZVHPGA_ABI_VERSION, "zvh-utrecht", 11, "pia", 3,
                         "auditor", 7, nullptr, 0};
    zvhpga_output output{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    zvhpga_call(instance, &caller, request.data(), request.size(), &output);
    std::string answer = output.data != nullptr ? output.data : "";
    zvhpga_free(&output);
    zvhpga_close(instance);
    return answer;
  }

  void expect_service_accepts_work() {
    ServiceProcess restarted(config_);
    ASSERT_NE(restarted.port(), 0) << "the service did not start again";
    Message registration = operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"));
    auto connection = TlsConnection::open(restarted.port(), (pki_ / "ca.pem").string(), as("gemeente-utrecht"));
    ASSERT_TRUE(connection);
    ASSERT_TRUE(connection->send(soap_post(registration.envelope(), "\"\"")));
    const auto answer = connection->receive();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << answer->body;
  }

  fs::path pki_;
  fs::path root_;
  fs::path config_;
};

TEST_F(LoadAndCrash, UnderLoadTheStoreHoldsExactlyWhatWasAcknowledged) {
  ServiceProcess service(config_);
  ASSERT_NE(service.port(), 0);
  LoadResult result = run_load(service, false);
  service.kill();
  result.print("load");

  EXPECT_EQ(result.errors, 0);
  ASSERT_FALSE(result.registered.empty());
  EXPECT_EQ(column("SELECT signal_id FROM pga_signal"), result.registered);
  EXPECT_EQ(column("SELECT signal_id FROM pga_contribution"), result.contributed);
  const std::string verified = verify_audit_trail();
  EXPECT_EQ(between(verified, "<intact>", "</intact>"), "true") << verified;
}

TEST_F(LoadAndCrash, AfterSigkillMidLoadNothingAcknowledgedIsLostAndNothingIsHalfThere) {
  const int clients = setting("ZVHPGA_LOAD_CLIENTS", 8);
  ServiceProcess service(config_);
  ASSERT_NE(service.port(), 0);
  LoadResult result = run_load(service, true);
  result.print("crash");
  EXPECT_EQ(result.errors, 0);
  ASSERT_FALSE(result.registered.empty());

  // Acknowledged means durable.
  const auto signals = column("SELECT signal_id FROM pga_signal");
  const auto contributions = column("SELECT signal_id FROM pga_contribution");
  EXPECT_TRUE(std::includes(signals.begin(), signals.end(), result.registered.begin(), result.registered.end()));
  EXPECT_TRUE(std::includes(contributions.begin(), contributions.end(), result.contributed.begin(),
                            result.contributed.end()));
  // What was not acknowledged was in flight when the service died: at most one per client.
  EXPECT_LE(signals.size() + contributions.size(),
            result.registered.size() + result.contributed.size() + static_cast<std::size_t>(clients));
  // And what is there is whole: every signal with its registration, every change with its audit record.
  EXPECT_EQ(column("SELECT signal_id FROM pga_transition WHERE from_state IS NULL"), signals);
  EXPECT_EQ(column("SELECT substr(object, 8) FROM pga_audit_record "
                   "WHERE action = 'RegisterSignal' AND result = 'success'"),
            signals);
  const std::string verified = verify_audit_trail();
  EXPECT_EQ(between(verified, "<intact>", "</intact>"), "true") << verified;
  expect_service_accepts_work();
}

}  // namespace
}  // namespace zvhpga::e2e
