// Load generator for a SOAP service over mutual TLS: N persistent keep-alive connections, each
// a closed loop of one request at a time, for a fixed time after a warm-up. Every request has
// its own wsa:MessageID, and an answer counts only when it is HTTP 200, carries the expected
// text and relates to that MessageID. The server's CPU time (utime + stime from
// /proc/PID/stat) over the measured window, divided by the answers counted in it, gives the
// CPU cost of a request; VmHWM gives the server's peak memory.
// With --requests N the run is a fixed number of requests instead (spread over the
// connections, no warm-up, no time window): for a profile under callgrind, where the
// instruction count per request is what is compared and time means nothing.
//
// Usage: zvhpga-bench-load --port N --cert PEM --key PEM --ca PEM --body XML --action URI
//                          --server-pid PID [--host 127.0.0.1] [--path /] [--to URI]
//                          [--expect TEXT] [--connections 8] [--duration 10] [--warmup 2]
//                          [--requests N]
// Prints one line of key=value pairs; exits 1 when no answer was counted.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string path = "/";
  std::string cert, key, ca;
  std::string body_file;
  std::string action;
  std::string to;
  std::string expect;
  long server_pid = 0;
  int connections = 8;
  double duration_seconds = 10;
  double warmup_seconds = 2;
  uint64_t requests = 0;  // 0: a time window; otherwise this many requests in all
};

[[noreturn]] void usage(const char* problem) {
  std::fprintf(stderr,
               "zvhpga-bench-load: %s\n"
               "usage: zvhpga-bench-load --port N --cert PEM --key PEM --ca PEM --body XML"
               " --action URI --server-pid PID [--host H] [--path P] [--to URI] [--expect TEXT]"
               " [--connections N] [--duration S] [--warmup S] [--requests N]\n",
               problem);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) {
      usage("an option lacks its value");
    }
    const std::string_view name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--host") options.host = value;
    else if (name == "--port") options.port = value;
    else if (name == "--path") options.path = value;
    else if (name == "--cert") options.cert = value;
    else if (name == "--key") options.key = value;
    else if (name == "--ca") options.ca = value;
    else if (name == "--body") options.body_file = value;
    else if (name == "--action") options.action = value;
    else if (name == "--to") options.to = value;
    else if (name == "--expect") options.expect = value;
    else if (name == "--server-pid") options.server_pid = std::stol(value);
    else if (name == "--connections") options.connections = std::stoi(value);
    else if (name == "--duration") options.duration_seconds = std::stod(value);
    else if (name == "--warmup") options.warmup_seconds = std::stod(value);
    else if (name == "--requests") options.requests = std::stoull(value);
    else usage("unknown option");
  }
  if (options.port.empty() || options.cert.empty() || options.key.empty() || options.ca.empty() ||
      options.body_file.empty() || options.action.empty() || options.server_pid <= 0 ||
      options.connections < 1 || options.duration_seconds <= 0) {
    usage("missing or invalid options");
  }
  if (options.to.empty()) {
    options.to = "https://" + options.host + ":" + options.port + options.path;
  }
  return options;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The request document without its XML declaration, which cannot stand inside soap:Body.
std::string body_element(std::string document) {
  if (document.starts_with("<?xml")) {
    document.erase(0, document.find("?>") + 2);
  }
  return document;
}

constexpr std::string_view message_id_placeholder = "00000000-0000-4000-8000-000000000000";

// One HTTP request with a placeholder MessageID that each connection overwrites in place.
struct RequestTemplate {
  std::string bytes;
  size_t message_id_offset = 0;
};

RequestTemplate make_request(const Options& options) {
  const std::string envelope =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
      " xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">"
      "<soap:Header>"
      "<wsa:To>" + options.to + "</wsa:To>"
      "<wsa:Action>" + options.action + "</wsa:Action>"
      "<wsa:MessageID>urn:uuid:" + std::string(message_id_placeholder) + "</wsa:MessageID>"
      "</soap:Header>"
      "<soap:Body>" + body_element(read_file(options.body_file)) + "</soap:Body>"
      "</soap:Envelope>";
  RequestTemplate request;
  request.bytes = "POST " + options.path + " HTTP/1.1\r\n"
                  "Host: " + options.host + ":" + options.port + "\r\n"
                  "Content-Type: text/xml; charset=utf-8\r\n"
                  "SOAPAction: \"" + options.action + "\"\r\n"
                  "Content-Length: " + std::to_string(envelope.size()) + "\r\n"
                  "\r\n" + envelope;
  request.message_id_offset = request.bytes.find(message_id_placeholder);
  return request;
}

// A version 4 UUID from a per-connection generator, written over the placeholder.
void write_message_id(std::mt19937_64& random, char* target) {
  static constexpr char hex[] = "0123456789abcdef";
  uint64_t high = random();
  uint64_t low = random();
  for (size_t i = 0; i < message_id_placeholder.size(); ++i) {
    if (message_id_placeholder[i] == '-' || i == 14 || i == 19) {
      continue;  // dashes, the version digit 4 and the variant digit 8 stay as they are
    }
    uint64_t& source = i < 18 ? high : low;
    target[i] = hex[source & 0xf];
    source >>= 4;
  }
}

struct TlsContext {
  SSL_CTX* context = nullptr;

  explicit TlsContext(const Options& options) {
    context = SSL_CTX_new(TLS_client_method());
    if (context == nullptr || SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
        SSL_CTX_use_certificate_chain_file(context, options.cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(context, options.key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(context, options.ca.c_str(), nullptr) != 1) {
      ERR_print_errors_fp(stderr);
      throw std::runtime_error("cannot set up the TLS client context");
    }
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  }
  ~TlsContext() { SSL_CTX_free(context); }
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
};

// One mutual-TLS connection; any failure closes it, and the next request opens a new one.
class Connection {
 public:
  Connection(const Options& options, SSL_CTX* context) : options_(options), context_(context) {}
  ~Connection() { close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool open() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* addresses = nullptr;
    if (getaddrinfo(options_.host.c_str(), options_.port.c_str(), &hints, &addresses) != 0) {
      return false;
    }
    socket_ = ::socket(addresses->ai_family, addresses->ai_socktype, addresses->ai_protocol);
    const bool connected =
        socket_ >= 0 && ::connect(socket_, addresses->ai_addr, addresses->ai_addrlen) == 0;
    freeaddrinfo(addresses);
    if (!connected) {
      close();
      return false;
    }
    const int on = 1;
    setsockopt(socket_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    ssl_ = SSL_new(context_);
    SSL_set_fd(ssl_, socket_);
    if (SSL_connect(ssl_) != 1) {
      close();
      return false;
    }
    received_.clear();
    return true;
  }

  bool is_open() const { return ssl_ != nullptr; }

  std::string negotiated() const {
    return std::string(SSL_get_version(ssl_)) + "/" + SSL_get_cipher_name(ssl_);
  }

  void close() {
    if (ssl_ != nullptr) {
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
    if (socket_ >= 0) {
      ::close(socket_);
      socket_ = -1;
    }
  }

  bool send(const std::string& bytes) {
    size_t written = 0;
    while (written < bytes.size()) {
      const int n = SSL_write(ssl_, bytes.data() + written, static_cast<int>(bytes.size() - written));
      if (n <= 0) {
        return false;
      }
      written += static_cast<size_t>(n);
    }
    return true;
  }

  struct Response {
    int status = 0;
    std::string body;
    bool server_closes = false;
  };

  // Reads one HTTP/1.1 response, with a Content-Length or a chunked body.
  bool receive(Response& response) {
    size_t header_end;
    while ((header_end = received_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return false;
      }
    }
    std::string head = received_.substr(0, header_end + 2);
    received_.erase(0, header_end + 4);
    if (!head.starts_with("HTTP/1.1 ") && !head.starts_with("HTTP/1.0 ")) {
      return false;
    }
    response.status = std::atoi(head.c_str() + 9);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    response.server_closes = head.find("\r\nconnection: close") != std::string::npos ||
                             head.starts_with("http/1.0");
    if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
      return receive_chunked(response.body);
    }
    const size_t length_at = head.find("\r\ncontent-length:");
    if (length_at == std::string::npos) {
      return false;
    }
    const size_t length = std::strtoul(head.c_str() + length_at + 17, nullptr, 10);
    if (!await(length)) {
      return false;
    }
    response.body.assign(received_, 0, length);
    received_.erase(0, length);
    return true;
  }

 private:
  bool fill() {
    char buffer[16384];
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n <= 0) {
      return false;
    }
    received_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  bool await(size_t bytes) {
    while (received_.size() < bytes) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  bool receive_chunked(std::string& body) {
    body.clear();
    for (;;) {
      size_t line_end;
      while ((line_end = received_.find("\r\n")) == std::string::npos) {
        if (!fill()) {
          return false;
        }
      }
      const size_t size = std::strtoul(received_.c_str(), nullptr, 16);
      received_.erase(0, line_end + 2);
      if (!await(size + 2)) {
        return false;
      }
      body.append(received_, 0, size);
      received_.erase(0, size + 2);
      if (size == 0) {
        return true;  // no trailers are expected from either server
      }
    }
  }

  const Options& options_;
  SSL_CTX* context_;
  int socket_ = -1;
  SSL* ssl_ = nullptr;
  std::string received_;
};

struct Window {
  Clock::time_point start;
  Clock::time_point end;
};

struct ConnectionResult {
  std::vector<uint32_t> latencies_us;
  uint64_t errors = 0;
  uint64_t reconnects = 0;
  std::string negotiated;
};

// Sends requests until the window ends or, when `quota` is not 0, until that many answers
// have been counted.
void run_connection(const Options& options, SSL_CTX* context, const RequestTemplate& request_template,
                    const Window& window, uint64_t quota, uint64_t seed, ConnectionResult& result) {
  std::mt19937_64 random(seed);
  std::string request = request_template.bytes;
  Connection connection(options, context);
  Connection::Response response;
  result.latencies_us.reserve(1 << 20);
  bool first_connect = true;
  for (;;) {
    const Clock::time_point sent = Clock::now();
    if (sent >= window.end || (quota != 0 && result.latencies_us.size() + result.errors >= quota)) {
      return;
    }
    if (!connection.is_open()) {
      if (!connection.open()) {
        ++result.errors;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      if (first_connect) {
        result.negotiated = connection.negotiated();
        first_connect = false;
      } else {
        ++result.reconnects;
      }
      continue;  // the handshake is not part of a request's latency
    }
    char* message_id = request.data() + request_template.message_id_offset;
    write_message_id(random, message_id);
    const bool answered = connection.send(request) && connection.receive(response);
    const Clock::time_point received = Clock::now();
    const bool correct =
        answered && response.status == 200 &&
        response.body.find(options.expect) != std::string::npos &&
        response.body.find(std::string_view(message_id, message_id_placeholder.size())) !=
            std::string::npos;
    if (!answered || response.server_closes) {
      connection.close();
    }
    if (sent < window.start || received > window.end) {
      continue;
    }
    if (!correct) {
      ++result.errors;
      if (result.errors == 1 && answered) {
        std::fprintf(stderr, "zvhpga-bench-load: unexpected answer (HTTP %d): %.600s\n",
                     response.status, response.body.c_str());
      }
      continue;
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(received - sent);
    result.latencies_us.push_back(static_cast<uint32_t>(micros.count()));
  }
}

// utime + stime of the whole process, all threads, in clock ticks (fields 14 and 15).
uint64_t process_cpu_ticks(long pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  // The command name (field 2) may hold spaces; the fields after it start past its ')'.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  for (int index = 3; index < 14; ++index) {
    fields >> field;
  }
  uint64_t user = 0, system = 0;
  fields >> user >> system;
  return user + system;
}

// Peak resident set size of the process so far, in KiB.
uint64_t peak_rss_kib(long pid) {
  std::istringstream status(read_file("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) {
      return std::strtoull(line.c_str() + 6, nullptr, 10);
    }
  }
  return 0;
}

uint32_t percentile(std::vector<uint32_t>& values, double fraction) {
  const auto rank = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
  return values[rank];
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse_options(argc, argv);
  const RequestTemplate request = make_request(options);
  const TlsContext tls(options);

  const auto seconds = [](double value) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
  };
  const bool counted = options.requests != 0;
  Window window;
  window.start = Clock::now() + (counted ? Clock::duration::zero() : seconds(options.warmup_seconds));
  window.end = counted ? Clock::time_point::max() : window.start + seconds(options.duration_seconds);
  const auto connections = static_cast<uint64_t>(options.connections);

  std::vector<ConnectionResult> results(static_cast<size_t>(options.connections));
  std::vector<std::thread> threads;
  std::random_device entropy;
  const Clock::time_point began = Clock::now();
  const uint64_t cpu_at_start = process_cpu_ticks(options.server_pid);
  for (uint64_t index = 0; index < connections; ++index) {
    const uint64_t seed = (static_cast<uint64_t>(entropy()) << 32) | entropy();
    // The first connections take the remainder of an uneven division.
    const uint64_t quota = options.requests / connections + (index < options.requests % connections ? 1 : 0);
    threads.emplace_back(run_connection, std::cref(options), tls.context, std::cref(request),
                         std::cref(window), quota, seed, std::ref(results[index]));
  }
  uint64_t cpu_before = cpu_at_start, cpu_after = 0, peak_kib = 0;
  double measured_seconds = options.duration_seconds;
  if (counted) {
    for (auto& thread : threads) {
      thread.join();
    }
    cpu_after = process_cpu_ticks(options.server_pid);
    peak_kib = peak_rss_kib(options.server_pid);
    measured_seconds = std::chrono::duration<double>(Clock::now() - began).count();
  } else {
    std::this_thread::sleep_until(window.start);
    cpu_before = process_cpu_ticks(options.server_pid);
    std::this_thread::sleep_until(window.end);
    cpu_after = process_cpu_ticks(options.server_pid);
    peak_kib = peak_rss_kib(options.server_pid);
    for (auto& thread : threads) {
      thread.join();
    }
  }

  std::vector<uint32_t> latencies;
  uint64_t errors = 0, reconnects = 0;
  for (const auto& result : results) {
    latencies.insert(latencies.end(), result.latencies_us.begin(), result.latencies_us.end());
    errors += result.errors;
    reconnects += result.reconnects;
  }
  const double requests = static_cast<double>(latencies.size());
  const double cpu_us = static_cast<double>(cpu_after - cpu_before) * 1e6 /
                        static_cast<double>(sysconf(_SC_CLK_TCK));
  std::printf("requests=%zu rps=%.0f cpu_us_per_request=%.1f p50_us=%u p99_us=%u max_us=%u "
              "peak_rss_kib=%llu errors=%llu reconnects=%llu request_bytes=%zu tls=%s\n",
              latencies.size(), requests / measured_seconds,
              requests > 0 ? cpu_us / requests : 0.0,
              latencies.empty() ? 0 : percentile(latencies, 0.50),
              latencies.empty() ? 0 : percentile(latencies, 0.99),
              latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end()),
              static_cast<unsigned long long>(peak_kib), static_cast<unsigned long long>(errors),
              static_cast<unsigned long long>(reconnects), request.bytes.size(),
              results.front().negotiated.empty() ? "none" : results.front().negotiated.c_str());
  return latencies.empty() ? 1 : 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "zvhpga-bench-load: %s\n", error.what());
  return 1;
}
