#include "soap_messages.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace zvhpga::e2e {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string fresh_message_id() {
  // Random per process, counted within it: unique across the test processes sharing a store too.
  static const unsigned long long process = std::random_device{}();
  static std::atomic<unsigned long long> next{0};
  char id[64];
  std::snprintf(id, sizeof id, "urn:uuid:%08llx-0000-4000-8000-%012llx", process & 0xffffffffULL,
                next.fetch_add(1));
  return id;
}

std::string between(std::string_view text, std::string_view open, std::string_view close) {
  const auto start = text.find(open);
  if (start == std::string_view::npos) return {};
  const auto end = text.find(close, start + open.size());
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(start + open.size(), end - start - open.size()));
}

std::string configuration(const std::filesystem::path& data, const std::filesystem::path& pki,
                          const ServiceOptions& options) {
  const std::string crl =
      options.check_revocation ? "<crl>" + (pki / "crl.pem").string() + "</crl>" : "";
  const auto optional_element = [](const char* name, const std::optional<int>& value) {
    return value ? "<" + std::string(name) + ">" + std::to_string(*value) + "</" + name + ">" : std::string();
  };
  const std::string handshake_limits = optional_element("handshakeTimeoutMs", options.handshake_timeout_ms) +
                                       optional_element("maxHandshakes", options.max_handshakes) +
                                       optional_element("maxHandshakesPerAddress", options.max_handshakes_per_address);
  const std::string io_threads = optional_element("ioThreads", options.io_threads);
  const std::string public_address =
      options.public_address ? "<publicAddress>" + *options.public_address + "</publicAddress>" : "";
  const std::string log_level =
      options.log_level ? "<logLevel>" + *options.log_level + "</logLevel>" : "";
  const std::string assertion_key =
      options.gemeente_assertion_key
          ? "<assertionKey>" + options.gemeente_assertion_key->string() + "</assertionKey>"
          : "";
  const std::string user_assertions =
      options.gemeente_assertion_key
          ? "<userAssertions><serviceOin>" + std::string(kServiceOin) + "</serviceOin></userAssertions>"
          : "";
  const std::string monitoring =
      options.monitoring_port
          ? "<monitoring><address>127.0.0.1</address><port>" + std::to_string(*options.monitoring_port) +
                "</port><timeoutMs>1500</timeoutMs></monitoring>"
          : "";
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:nl:zvh-pga:config:1">
  <dataDirectory>)" + data.string() + R"(</dataDirectory>
  <store><odbc>
    <connectionString>Driver=SQLite3;Database=${dataDirectory}/zvhpga.sqlite;Timeout=)" + std::to_string(options.store_timeout_ms) + R"(</connectionString>
  </odbc></store>
  <limits><maxRequestBytes>)" + std::to_string(kMaxRequestBytes) + R"(</maxRequestBytes></limits>
  <partners>
    <partner><id>gemeente-utrecht</id><oin>00000099002220647000</oin><kind>gemeente</kind><name>G</name><region>midden-nederland</region>)" + options.gemeente_roles + assertion_key + R"(</partner>
    <partner><id>politie-midden-nederland</id><oin>00000099003214345000</oin><kind>politie</kind><name>P</name><region>midden-nederland</region></partner>
    <partner><id>om-midden-nederland</id><oin>00000099003214370000</oin><kind>om</kind><name>O</name><region>midden-nederland</region></partner>
    <partner><id>zvh-utrecht</id><oin>00000099823288444000</oin><kind>zvh</kind><name>Z</name><region>midden-nederland</region></partner>
  </partners>)" + user_assertions + R"(
  <soap>
    <listen><address>127.0.0.1</address><port>0</port></listen>)" + public_address + R"(
    <tls>
      <certificate>)" + (pki / (options.server_certificate + ".pem")).string() + R"(</certificate>
      <privateKey>)" + (pki / (options.server_certificate + ".key")).string() + R"(</privateKey>
      <trustStore>)" + (pki / "ca.pem").string() + R"(</trustStore>)" + crl + R"(
    </tls>
    <limits>
      <readTimeoutMs>1500</readTimeoutMs>
      <writeTimeoutMs>1500</writeTimeoutMs>
      <idleTimeoutMs>2000</idleTimeoutMs>
      <maxConnections>64</maxConnections>)" + handshake_limits + io_threads + R"(
      <workerThreads>)" + std::to_string(kWorkerThreads) + R"(</workerThreads>
    </limits>)" + log_level + monitoring + R"(
  </soap>
</configuration>
)";
}

std::string Message::envelope() const {
  std::string headers;
  if (!to.empty()) headers += "<wsa:To>" + to + "</wsa:To>";
  if (!action.empty()) headers += "<wsa:Action>" + action + "</wsa:Action>";
  if (!message_id.empty()) headers += "<wsa:MessageID>" + message_id + "</wsa:MessageID>";
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing">
<soap:Header>)" + headers + extra_headers + R"(</soap:Header>
<soap:Body>)" + body + R"(</soap:Body>
</soap:Envelope>)";
}

namespace {

// An example with the signal and a requestedBy of this content set.
std::string with_requested_by(std::string_view example, const std::string& requested_by_content,
                              std::string_view signal_id) {
  std::string document = read_file(std::filesystem::path(ZVHPGA_E2E_EXAMPLES) / example);
  document.erase(0, document.find("?>") + 2);
  for (auto at = document.find(kExampleSignalId); at != std::string::npos;
       at = document.find(kExampleSignalId, at + signal_id.size()))
    document.replace(at, kExampleSignalId.size(), signal_id);
  const std::string requested_by = "<requestedBy>" + requested_by_content + "</requestedBy>";
  const auto root_start = document.find('<');
  const auto root_end = document.find('>', root_start);
  if (document[root_end - 1] == '/') {  // an empty request such as ListWorklistRequest
    const std::string name = document.substr(root_start + 1, document.find_first_of(" /", root_start) - root_start - 1);
    document.replace(root_end - 1, 2, ">" + requested_by + "</" + name + ">");
  } else {
    document.insert(root_end + 1, requested_by);
  }
  return document;
}

std::string user_and_role(std::string_view user, std::string_view role) {
  return "<user>" + std::string(user) + "</user><role>" + std::string(role) + "</role>";
}

}  // namespace

std::string request_document(std::string_view example, std::string_view user, std::string_view role,
                             std::string_view signal_id) {
  return with_requested_by(example, user_and_role(user, role), signal_id);
}

std::string asserted_request_document(std::string_view example, std::string_view user,
                                      std::string_view role, std::string_view assertion,
                                      std::string_view signal_id) {
  return with_requested_by(
      example, user_and_role(user, role) + "<assertion>" + std::string(assertion) + "</assertion>",
      signal_id);
}

Message operation(std::string_view name, std::string body) {
  Message message;
  message.action = std::string(kActionPrefix) + std::string(name);
  message.body = std::move(body);
  return message;
}

}  // namespace zvhpga::e2e
