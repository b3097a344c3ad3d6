// The web service end to end: the plugin is opened and its service started through the C ABI,
// and every test talks HTTPS with mutual TLS to it on 127.0.0.1, as a partner's system would.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zvhpga/zvhpga.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "soap_messages.h"
#include "test_identity_provider.h"
#include "tls_client.h"

namespace zvhpga::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Limits of the test configuration below: short, so that the tests about them are quick.
constexpr auto kReadTimeout = 1500ms;
// What "refused quickly" and "still served" mean here, with room for a loaded sanitizer build.
constexpr auto kPromptly = 1500ms;
// Besides the I/O threads and the worker pool, starting the service starts the retention
// schedule's thread.
constexpr std::size_t kRetentionScheduleThreads = 1;

class SoapService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start({}); }

  static void start(const ServiceOptions& options) {
    // A server that cuts a client off must show as a failed write, not kill the test.
    std::signal(SIGPIPE, SIG_IGN);
    root_ = fs::temp_directory_path() / ("zvhpga-e2e-" + std::to_string(::getpid()));
    fs::create_directories(root_);
    // Made once for all test processes by the soap_e2e_pki test (make-test-pki.sh).
    pki_ = ZVHPGA_E2E_PKI;
    ASSERT_TRUE(fs::exists(pki_ / "impostor.pem")) << "run make-test-pki.sh " << pki_;
    const fs::path config = root_ / "zvhpga.xml";
    std::ofstream(config) << configuration(root_ / "data", pki_, options);

    zvhpga_output error{sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, nullptr, 0};
    const std::string& path = config.native();
    ASSERT_EQ(zvhpga_open(path.data(), path.size(), &instance_, &error), ZVHPGA_OK)
        << (error.data != nullptr ? error.data : "");
    const std::size_t threads_before = threads_in_process();
    ASSERT_EQ(zvhpga_start_service(instance_, &port_, &error), ZVHPGA_OK)
        << (error.data != nullptr ? error.data : "");
    threads_started_ = threads_in_process() - threads_before;
    zvhpga_free(&error);
  }

  static std::size_t threads_in_process() {
    const fs::directory_iterator tasks("/proc/self/task");
    return static_cast<std::size_t>(std::distance(fs::begin(tasks), fs::end(tasks)));
  }

  static void TearDownTestSuite() {
    zvhpga_close(instance_);  // stops the service too
    instance_ = nullptr;
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  static TlsOptions as(std::string_view name) {
    return {(pki_ / (std::string(name) + ".pem")).string(), (pki_ / (std::string(name) + ".key")).string(),
            TLS1_3_VERSION, {}, false};
  }

  static std::optional<TlsConnection> connect(const TlsOptions& options) {
    return TlsConnection::open(port_, (pki_ / "ca.pem").string(), options);
  }

  // One request on a fresh connection; nothing if the connection or the exchange failed.
  static std::optional<HttpResponse> exchange(const TlsOptions& options, std::string_view http_request) {
    auto connection = connect(options);
    if (!connection || !connection->send(http_request)) return std::nullopt;
    return connection->receive();
  }

  static std::optional<HttpResponse> call(const Message& message, std::string_view partner = "gemeente-utrecht") {
    return exchange(as(partner), soap_post(message.envelope(), "\"" + message.action + "\""));
  }

  static HttpResponse expect_success(const Message& message, std::string_view partner) {
    const auto response = call(message, partner);
    EXPECT_TRUE(response.has_value());
    if (!response) return {};
    EXPECT_EQ(response->status, 200) << response->body;
    EXPECT_EQ(between(response->body, "<wsa:Action>", "</wsa:Action>"), message.action + "Response");
    EXPECT_EQ(between(response->body, "<wsa:RelatesTo>", "</wsa:RelatesTo>"), message.message_id);
    const std::string own_id = between(response->body, "<wsa:MessageID>", "</wsa:MessageID>");
    EXPECT_FALSE(own_id.empty());
    EXPECT_NE(own_id, message.message_id);
    return *response;
  }

  // The Digikoppeling code at the start of the faultstring, and the Error code in the detail.
  struct FaultSeen {
    std::string faultcode;
    std::string digikoppeling_code;
    std::string error_code;
    std::string body;
  };

  static FaultSeen expect_fault(const std::optional<HttpResponse>& response) {
    EXPECT_TRUE(response.has_value()) << "no response";
    if (!response) return {};
    EXPECT_EQ(response->status, 500) << response->body;
    EXPECT_EQ(between(response->body, "<wsa:Action>", "</wsa:Action>"), std::string(kActionPrefix) + "Fault");
    return {between(response->body, "<faultcode>", "</faultcode>"),
            between(response->body, "<faultstring>", "</faultstring>").substr(0, 4),
            between(between(response->body, "<detail>", "</detail>"), "<code>", "</code>"),
            response->body};
  }

  static std::string register_signal() {
    const auto response = expect_success(
        operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer")),
        "gemeente-utrecht");
    return between(response.body, "<signalId>", "</signalId>");
  }

  // Slow clients and clients sending hostile documents press on the service while an ordinary
  // client is served, promptly, again and again.
  static void expect_others_served_while_hostile_clients_press();

  static inline fs::path root_;
  static inline fs::path pki_;
  static inline zvhpga_instance* instance_ = nullptr;
  static inline std::uint16_t port_ = 0;
  static inline std::size_t threads_started_ = 0;  // by zvhpga_start_service
};

TEST_F(SoapService, CarriesEveryOperationOfTheProcess) {
  const std::string signal_id = register_signal();
  ASSERT_EQ(signal_id.size(), 36u);
  const std::pair<const char*, const char*> contributions[] = {
      {"contribution-gemeente.xml", "gemeente-utrecht"},
      {"contribution-politie.xml", "politie-midden-nederland"},
      {"contribution-om.xml", "om-midden-nederland"}};
  for (const auto& [example, partner] : contributions)
    expect_success(operation("SubmitContribution", request_document(example, "wim", "weegploeg-member", signal_id)),
                   partner);
  const auto decided = expect_success(
      operation("RecordDecision", request_document("record-decision.xml", "cor", "weegploeg-chair", signal_id)),
      "gemeente-utrecht");
  EXPECT_NE(decided.body.find("<state>decided</state>"), std::string::npos) << decided.body;

  const auto read = expect_success(
      operation("GetSignal", request_document("get-signal.xml", "wim", "weegploeg-member", signal_id)),
      "politie-midden-nederland");
  EXPECT_NE(read.body.find("<GetSignalResponse"), std::string::npos);
  const auto worklist = expect_success(
      operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair")), "om-midden-nederland");
  EXPECT_NE(worklist.body.find("<ListWorklistResponse"), std::string::npos);
  const auto closed = expect_success(
      operation("CloseSignal", request_document("close-signal.xml", "cor", "weegploeg-chair", signal_id)),
      "gemeente-utrecht");
  EXPECT_NE(closed.body.find("<state>closed</state>"), std::string::npos) << closed.body;
}

TEST_F(SoapService, ServesSeveralRequestsOnOneKeptAliveConnection) {
  auto connection = connect(as("zvh-utrecht"));
  ASSERT_TRUE(connection);
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "piet", "process-director"));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection->send(soap_post(message.envelope(), "\"\"")));
    const auto response = connection->receive();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200) << response->body;
  }
}

TEST_F(SoapService, RunsTwoIoThreadsBesideTheWorkersByDefault) {
  EXPECT_EQ(threads_started_, 2u + kWorkerThreads + kRetentionScheduleThreads);
}

TEST_F(SoapService, ServesKeptAliveClientsAtOnce) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "piet", "process-director"));
  std::atomic<int> served{0};
  std::vector<std::thread> clients;
  for (int client = 0; client < 6; ++client)
    clients.emplace_back([&] {
      auto connection = connect(as("zvh-utrecht"));
      for (int i = 0; connection && i < 5 && connection->send(soap_post(message.envelope(), "\"\"")); ++i) {
        const auto response = connection->receive();
        if (!response || response->status != 200) return;
        ++served;
      }
    });
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(served, 6 * 5);
}

// The service on one I/O thread, which does every TLS handshake in turn.
class SoapServiceOnOneIoThread : public SoapService {
 protected:
  static void SetUpTestSuite() { start({.io_threads = 1}); }
};

TEST_F(SoapServiceOnOneIoThread, RunsTheConfiguredIoThreadsBesideTheWorkers) {
  EXPECT_EQ(threads_started_, 1u + kWorkerThreads + kRetentionScheduleThreads);
}

std::string served_soap_address(const std::optional<HttpResponse>& wsdl) {
  EXPECT_TRUE(wsdl);
  if (!wsdl) return {};
  EXPECT_EQ(wsdl->status, 200);
  return between(between(wsdl->body, "<soap:address", "/>"), "location=\"", "\"");
}

TEST_F(SoapService, ServesItsWsdl) {
  const auto response = exchange(as("zvh-utrecht"), "GET /zvh-pga?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("wsdl:definitions"), std::string::npos);
}

TEST_F(SoapService, ServesItsListenAddressAsTheWsdlsSoapAddressByDefault) {
  EXPECT_EQ(served_soap_address(exchange(as("zvh-utrecht"), "GET /zvh-pga?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n")),
            "https://127.0.0.1:" + std::to_string(port_) + "/zvh-pga");
}

// The same service behind a gateway, with its public address configured.
class SoapServiceWithAPublicAddress : public SoapService {
 protected:
  static void SetUpTestSuite() { start({.public_address = "https://zvh-gateway.example/pga/v1"}); }
};

TEST_F(SoapServiceWithAPublicAddress, ServesTheConfiguredPublicAddressAsTheWsdlsSoapAddress) {
  EXPECT_EQ(served_soap_address(exchange(as("zvh-utrecht"), "GET /zvh-pga?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n")),
            "https://zvh-gateway.example/pga/v1");
}

TEST_F(SoapService, AnswersOtherMethodsWith405NamingTheAllowedOnes) {
  for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS"}) {
    const auto response = exchange(as("zvh-utrecht"), std::string(method) +
                                                          " /zvh-pga HTTP/1.1\r\nHost: localhost\r\n"
                                                          "Content-Length: 0\r\n\r\n");
    ASSERT_TRUE(response) << method;
    EXPECT_EQ(response->status, 405) << method;
    EXPECT_NE(response->headers.find("\r\nAllow: GET, POST"), std::string::npos) << method << response->headers;
  }
}

TEST_F(SoapService, RefusesARequestWithTwoContentTypeOrSoapActionHeaders) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  const std::string request = soap_post(message.envelope(), "\"\"");
  const auto header_end = request.find("\r\n") + 2;
  for (const char* repeated : {"Content-Type: application/xml\r\n", "SOAPAction: \"urn:other\"\r\n"}) {
    std::string twice = request;
    twice.insert(header_end, repeated);
    const auto response = exchange(as("gemeente-utrecht"), twice);
    ASSERT_TRUE(response) << repeated;
    EXPECT_EQ(response->status, 400) << repeated << response->body;
  }
}

// --- faults, one per Digikoppeling code ---------------------------------------------------

TEST_F(SoapService, Fault0001ForAnythingButOneBodyChildInASoap11Envelope) {
  Message two_children = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  two_children.body += two_children.body;
  const auto fault = expect_fault(call(two_children));
  EXPECT_EQ(fault.faultcode, "soap:Client");
  EXPECT_EQ(fault.digikoppeling_code, "0001");
  EXPECT_EQ(fault.body.find("<detail>"), std::string::npos) << "detail only for Body processing";

  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"), soap_post("<not-closed>", "\"\""))).digikoppeling_code,
            "0001");
}

TEST_F(SoapService, Fault0001WithVersionMismatchForASoap12Envelope) {
  const std::string soap12 = R"(<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>)";
  const auto fault = expect_fault(exchange(as("gemeente-utrecht"), soap_post(soap12, "\"\"")));
  EXPECT_EQ(fault.faultcode, "soap:VersionMismatch");
  EXPECT_EQ(fault.digikoppeling_code, "0001");
}

TEST_F(SoapService, Fault0001ForBytesAfterTheEnvelope) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  for (const std::string& trailing : {std::string("\0garbage", 8), std::string("<second/>")}) {
    const auto fault = expect_fault(
        exchange(as("gemeente-utrecht"), soap_post(message.envelope() + trailing, "\"" + message.action + "\"")));
    EXPECT_EQ(fault.digikoppeling_code, "0001");
  }
}

TEST_F(SoapService, EveryFaultToARequestWhoseMessageIdCouldBeReadRelatesToIt) {
  const Message complete = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  const auto relates_to_the_request = [&](const Message& message, std::string_view soap_action, std::string_view code) {
    const auto fault = expect_fault(exchange(as("gemeente-utrecht"), soap_post(message.envelope(), soap_action)));
    EXPECT_EQ(fault.digikoppeling_code, code);
    EXPECT_EQ(between(fault.body, "<wsa:RelatesTo>", "</wsa:RelatesTo>"), message.message_id) << code;
  };
  const std::string action = "\"" + complete.action + "\"";
  Message two_children = complete;
  two_children.body += two_children.body;
  relates_to_the_request(two_children, action, "0001");
  relates_to_the_request(complete, "\"urn:other\"", "0003");
  Message without_to = complete;
  without_to.to.clear();
  relates_to_the_request(without_to, action, "0005");
  Message without_action = complete;
  without_action.action.clear();
  relates_to_the_request(without_action, "\"\"", "0006");
  Message custom_header = complete;
  custom_header.extra_headers = R"(<custom:Medewerker xmlns:custom="urn:example:custom">jan</custom:Medewerker>)";
  relates_to_the_request(custom_header, action, "0010");
  Message reply_elsewhere = complete;
  reply_elsewhere.extra_headers = "<wsa:ReplyTo><wsa:Address>https://elsewhere.example/</wsa:Address></wsa:ReplyTo>";
  relates_to_the_request(reply_elsewhere, action, "0011");
  relates_to_the_request(
      operation("GetSignal", request_document("get-signal.xml", "wim", "weegploeg-member", "not-an-identifier")),
      "\"\"", "0004");
}

TEST_F(SoapService, Fault0002ForAnUnknownOinAndForAnOperationTheRoleMayNotDo) {
  const Message worklist = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  const auto stranger = expect_fault(call(worklist, "stranger"));
  EXPECT_EQ(stranger.digikoppeling_code, "0002");
  EXPECT_TRUE(stranger.error_code.empty()) << "an unknown caller learns nothing about its message";

  // The zvh is no weegploeg partner: it may not register a signal. The domain error travels
  // in the detail.
  const auto zvh = expect_fault(
      call(operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer")), "zvh-utrecht"));
  EXPECT_EQ(zvh.digikoppeling_code, "0002");
  EXPECT_EQ(zvh.error_code, "not-authorized");
}

TEST_F(SoapService, Fault0003ForASoapActionOtherThanEmptyOrTheAction) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"), soap_post(message.envelope(), "\"urn:other\""))).digikoppeling_code,
            "0003");
  const std::string without_header = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " +
                                     std::to_string(message.envelope().size()) + "\r\n\r\n" + message.envelope();
  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"), without_header)).digikoppeling_code, "0003");
  const auto empty = exchange(as("gemeente-utrecht"), soap_post(message.envelope(), "\"\""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
}

TEST_F(SoapService, Fault0004NamesTheElementAndLineInTheProjectsOwnWords) {
  std::string document = request_document("get-signal.xml", "wim", "weegploeg-member");
  document.insert(document.find("<signalId>"), "<bogus/>");
  const auto fault = expect_fault(call(operation("GetSignal", document)));
  EXPECT_EQ(fault.error_code, "schema-invalid");
  const std::string detail = between(fault.body, "<detail>", "</detail>");
  EXPECT_NE(detail.find("<field>bogus</field>"), std::string::npos) << detail;
  EXPECT_NE(detail.find("<message>line 6: element 'bogus' is not allowed here in 'GetSignalRequest'; "
                        "expected 'signalId'.</message>"),
            std::string::npos)
      << detail;
  EXPECT_EQ(detail.find("not expected"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("{urn:"), std::string::npos) << detail;
}

TEST_F(SoapService, Fault0004WithTheSchemaProblemsInTheDetail) {
  const auto fault = expect_fault(call(operation(
      "GetSignal", request_document("get-signal.xml", "wim", "weegploeg-member", "not-an-identifier"))));
  EXPECT_EQ(fault.faultcode, "soap:Client");
  EXPECT_EQ(fault.digikoppeling_code, "0004");
  EXPECT_EQ(fault.error_code, "schema-invalid");
  EXPECT_NE(fault.body.find("<problem>"), std::string::npos);
}

TEST_F(SoapService, Faults0005To0007ForAMissingToActionOrMessageId) {
  const Message complete = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  Message without_to = complete;
  without_to.to.clear();
  EXPECT_EQ(expect_fault(call(without_to)).digikoppeling_code, "0005");
  Message without_action = complete;
  without_action.action.clear();
  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"), soap_post(without_action.envelope(), "\"\""))).digikoppeling_code,
            "0006");
  Message without_id = complete;
  without_id.message_id.clear();
  EXPECT_EQ(expect_fault(call(without_id)).digikoppeling_code, "0007");
}

TEST_F(SoapService, Fault0009ForAnythingButUtf8) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  const std::string action = "\"" + message.action + "\"";
  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"),
                                  soap_post(message.envelope(), action, "text/xml; charset=ISO-8859-1")))
                .digikoppeling_code,
            "0009");
  std::string latin1 = message.envelope();
  latin1.replace(latin1.find("UTF-8"), 5, "ISO-8859-1");
  latin1.insert(latin1.find("</soap:Envelope>"), "<!-- caf\xE9 -->");
  EXPECT_EQ(expect_fault(exchange(as("gemeente-utrecht"), soap_post(latin1, action))).digikoppeling_code, "0009");
}

TEST_F(SoapService, Fault0010ForAHeaderBlockOtherThanWsAddressing) {
  Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  message.extra_headers = R"(<custom:Medewerker xmlns:custom="urn:example:custom">jan</custom:Medewerker>)";
  EXPECT_EQ(expect_fault(call(message)).digikoppeling_code, "0010");
}

TEST_F(SoapService, Fault0011ForAHeaderValueOtherThanPrescribed) {
  Message reply_elsewhere = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  reply_elsewhere.extra_headers = "<wsa:ReplyTo><wsa:Address>https://elsewhere.example/</wsa:Address></wsa:ReplyTo>";
  EXPECT_EQ(expect_fault(call(reply_elsewhere)).digikoppeling_code, "0011");

  Message anonymous = reply_elsewhere;
  anonymous.extra_headers = "<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>";
  const auto accepted = call(anonymous);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200) << accepted->body;

  Message other_operation = reply_elsewhere;
  other_operation.extra_headers.clear();
  other_operation.action = std::string(kActionPrefix) + "GetSignal";
  EXPECT_EQ(expect_fault(call(other_operation)).digikoppeling_code, "0011");
}

TEST_F(SoapService, Fault0011ForAToAddressedToAnotherOrganisation) {
  Message elsewhere = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  elsewhere.to = "https://localhost/zvh-pga?OIN=00000099002220647000";  // the gemeente's, not the ZVH's
  EXPECT_EQ(expect_fault(call(elsewhere)).digikoppeling_code, "0011");
}

// Rows of a table of the service's store, read directly.
long rows_in(const fs::path& store, const std::string& table) {
  sqlite3* database = nullptr;
  EXPECT_EQ(sqlite3_open_v2(store.c_str(), &database, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(database, sqlite3_close);
  long count = -1;
  const std::string sql = "SELECT count(*) FROM " + table;
  sqlite3_exec(database, sql.c_str(),
               [](void* out, int, char** values, char**) {
                 *static_cast<long*>(out) = std::stol(values[0]);
                 return 0;
               },
               &count, nullptr);
  return count;
}

TEST_F(SoapService, TheSameMessageIdTwiceRegistersOneSignalAndAnswersTheSameSignal) {
  const fs::path store = root_ / "data" / "zvhpga.sqlite";
  const Message registration =
      operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"));
  const long signals_before = rows_in(store, "pga_signal");
  const HttpResponse first = expect_success(registration, "gemeente-utrecht");
  const HttpResponse retried = expect_success(registration, "gemeente-utrecht");
  EXPECT_EQ(between(retried.body, "<signalId>", "</signalId>"),
            between(first.body, "<signalId>", "</signalId>"));
  EXPECT_EQ(rows_in(store, "pga_signal"), signals_before + 1);
}

TEST_F(SoapService, Fault0011ForAnotherDocumentUnderAMessageIdAlreadyUsed) {
  const fs::path store = root_ / "data" / "zvhpga.sqlite";
  const Message registration =
      operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"));
  expect_success(registration, "gemeente-utrecht");
  Message other = registration;
  const std::string name = "J. de Vries";
  other.body.replace(other.body.find(name), name.size(), "P. Jansen");
  const long signals_before = rows_in(store, "pga_signal");
  const FaultSeen fault = expect_fault(call(other));
  EXPECT_EQ(fault.faultcode, "soap:Client");
  EXPECT_EQ(fault.digikoppeling_code, "0011");
  EXPECT_EQ(fault.error_code, "request-id-reused");
  EXPECT_EQ(between(fault.body, "<wsa:RelatesTo>", "</wsa:RelatesTo>"), registration.message_id);
  EXPECT_EQ(rows_in(store, "pga_signal"), signals_before);
}

TEST_F(SoapService, AcceptsAToWithoutOinWhateverItsHostAndPath) {
  Message proxied = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  proxied.to = "https://zvh-gateway.example/pga/v1";
  expect_success(proxied, "gemeente-utrecht");
}

// The request split where a client that sent `Expect: 100-continue` waits for the go-ahead.
struct ExpectingRequest {
  std::string header;
  std::string body;
};

ExpectingRequest expecting_continue(const Message& message) {
  std::string request = soap_post(message.envelope(), "\"" + message.action + "\"");
  const auto body_start = request.find("\r\n\r\n") + 4;
  ExpectingRequest split{request.substr(0, body_start), request.substr(body_start)};
  split.header.insert(split.header.size() - 2, "Expect: 100-continue\r\n");
  return split;
}

TEST_F(SoapService, SendsContinueBeforeTheBodyToAClientThatExpectsIt) {
  const auto request = expecting_continue(
      operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair")));
  auto connection = connect(as("gemeente-utrecht"));
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->send(request.header));
  const auto go_ahead = connection->receive();
  ASSERT_TRUE(go_ahead);
  EXPECT_EQ(go_ahead->status, 100);
  ASSERT_TRUE(connection->send(request.body));
  const auto answer = connection->receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200) << answer->body;
}

TEST_F(SoapService, RefusesAnUnknownOrganisationBeforeItSendsTheBody) {
  const auto request = expecting_continue(
      operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair")));
  auto connection = connect(as("stranger"));
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->send(request.header));
  EXPECT_EQ(expect_fault(connection->receive()).digikoppeling_code, "0002");
}

TEST_F(SoapService, RefusesABodyOverTheLimitBeforeItIsSent) {
  Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  message.body.append(2 * 1024 * 1024, ' ');  // over the default 1 MiB
  const auto request = expecting_continue(message);
  auto connection = connect(as("gemeente-utrecht"));
  ASSERT_TRUE(connection);
  ASSERT_TRUE(connection->send(request.header));
  const auto answer = connection->receive();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 413);
}

TEST_F(SoapService, Fault0051WhenTheStoreIsBusyAndNothingChanged) {
  sqlite3* database = nullptr;
  ASSERT_EQ(sqlite3_open((root_ / "data" / "zvhpga.sqlite").c_str(), &database), SQLITE_OK);
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(database, sqlite3_close);
  ASSERT_EQ(sqlite3_exec(database, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto fault = expect_fault(
      call(operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"))));
  sqlite3_exec(database, "ROLLBACK", nullptr, nullptr, nullptr);
  EXPECT_EQ(fault.faultcode, "soap:Server");
  EXPECT_EQ(fault.digikoppeling_code, "0051");
  EXPECT_EQ(fault.error_code, "store-unavailable");
}

TEST_F(SoapService, DomainRefusalsTravelInTheDetailWithTheirOwnCode) {
  const std::string signal_id = register_signal();
  const auto fault = expect_fault(
      call(operation("CloseSignal", request_document("close-signal.xml", "cor", "weegploeg-chair", signal_id))));
  EXPECT_EQ(fault.faultcode, "soap:Client");
  EXPECT_EQ(fault.error_code, "illegal-transition");
}

// --- transport: who may connect ---------------------------------------------------------

TEST_F(SoapService, RefusesAClientWithoutCertificate) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  EXPECT_FALSE(exchange(TlsOptions{}, soap_post(message.envelope(), "\"\"")));
}

TEST_F(SoapService, RefusesACertificateFromAnUntrustedCa) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  EXPECT_FALSE(exchange(as("impostor"), soap_post(message.envelope(), "\"\"")));
}

TEST_F(SoapService, SpeaksOnlyTls12And13WithEcdheAndAead) {
  TlsOptions tls11 = as("gemeente-utrecht");
  tls11.max_version = TLS1_1_VERSION;
  tls11.allow_legacy = true;
  EXPECT_FALSE(connect(tls11));

  TlsOptions no_forward_secrecy = as("gemeente-utrecht");
  no_forward_secrecy.max_version = TLS1_2_VERSION;
  no_forward_secrecy.tls12_ciphers = "AES128-GCM-SHA256:AES256-GCM-SHA384";
  EXPECT_FALSE(connect(no_forward_secrecy));

  TlsOptions cbc = no_forward_secrecy;
  cbc.tls12_ciphers = "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA";
  EXPECT_FALSE(connect(cbc));

  TlsOptions good = no_forward_secrecy;
  good.tls12_ciphers = "ECDHE-ECDSA-CHACHA20-POLY1305";
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  const auto response = exchange(good, soap_post(message.envelope(), "\"\""));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// The same service with the test CA's CRL configured.
class SoapServiceCheckingRevocation : public SoapService {
 protected:
  static void SetUpTestSuite() { start({.check_revocation = true}); }
};

TEST_F(SoapServiceCheckingRevocation, RefusesARevokedCertificateAndServesTheOthers) {
  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  EXPECT_FALSE(exchange(as("revoked"), soap_post(message.envelope(), "\"\"")));
  const auto response = call(message, "politie-midden-nederland");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

// --- roles bound to partner kinds (docs/roles.md) -----------------------------------------

class SoapRoles : public SoapService {
 protected:
  // A signal the weegploeg decided not to pursue: locked to all but the privacy officer.
  static std::string locked_signal() {
    const std::string id = register_signal();
    const std::pair<const char*, const char*> contributions[] = {
        {"contribution-gemeente.xml", "gemeente-utrecht"},
        {"contribution-politie.xml", "politie-midden-nederland"},
        {"contribution-om.xml", "om-midden-nederland"}};
    for (const auto& [example, partner] : contributions)
      expect_success(operation("SubmitContribution", request_document(example, "wim", "weegploeg-member", id)),
                     partner);
    std::string decision = request_document("record-decision.xml", "cor", "weegploeg-chair", id);
    const std::string outcome = "<outcome>include-in-casusoverleg</outcome>";
    decision.replace(decision.find(outcome), outcome.size(), "<outcome>no-further-action</outcome>");
    expect_success(operation("RecordDecision", decision), "gemeente-utrecht");
    return id;
  }

  // The newest audit record: user, role, organisation, action, result.
  static std::vector<std::string> last_audit_record() {
    sqlite3* database = nullptr;
    EXPECT_EQ(sqlite3_open_v2((root_ / "data" / "zvhpga.sqlite").c_str(), &database,
                              SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(database, sqlite3_close);
    std::vector<std::string> row;
    sqlite3_exec(database,
                 "SELECT actor_user, actor_role, organisation_id, action, result FROM "
                 "pga_audit_record ORDER BY seq DESC LIMIT 1",
                 [](void* out, int columns, char** values, char**) {
                   for (int i = 0; i < columns; ++i)
                     static_cast<std::vector<std::string>*>(out)->emplace_back(values[i] ? values[i] : "");
                   return 0;
                 },
                 &row, nullptr);
    return row;
  }

  // The claim is refused with not-authorized, on record with what was claimed, and the
  // answer holds nothing of the person.
  static void expect_refused_as_privacy_officer(const std::string& operation_name,
                                                const std::string& document,
                                                const std::string& partner) {
    const FaultSeen fault = expect_fault(call(operation(operation_name, document), partner));
    EXPECT_EQ(fault.error_code, "not-authorized") << fault.body;
    EXPECT_NE(fault.body.find("does not grant the role privacy-officer to " + partner +
                              " at the web-service door"),
              std::string::npos)
        << fault.body;
    EXPECT_EQ(fault.body.find("<subject>"), std::string::npos);
    EXPECT_EQ(last_audit_record(),
              (std::vector<std::string>{"spion", "privacy-officer", partner, operation_name,
                                        "refused:not-authorized"}));
  }
};

TEST_F(SoapRoles, PolitieAndOmAsPrivacyOfficerMayNotReadALockedSignal) {
  const std::string id = locked_signal();
  for (const char* partner : {"politie-midden-nederland", "om-midden-nederland"})
    expect_refused_as_privacy_officer(
        "GetSignal", request_document("get-signal.xml", "spion", "privacy-officer", id), partner);
}

TEST_F(SoapRoles, PolitieAndOmAsPrivacyOfficerMayNotExportSubjectData) {
  locked_signal();
  for (const char* partner : {"politie-midden-nederland", "om-midden-nederland"})
    expect_refused_as_privacy_officer(
        "ExportSubjectData", request_document("export-subject-data.xml", "spion", "privacy-officer"),
        partner);
}

TEST_F(SoapRoles, GemeenteAsPrivacyOfficerIsRefusedWhenItsEntryDoesNotGrantIt) {
  const std::string id = locked_signal();
  expect_refused_as_privacy_officer(
      "GetSignal", request_document("get-signal.xml", "spion", "privacy-officer", id), "gemeente-utrecht");
  expect_refused_as_privacy_officer(
      "ExportSubjectData", request_document("export-subject-data.xml", "spion", "privacy-officer"),
      "gemeente-utrecht");
}

// The same service with gemeente-utrecht's entry widened explicitly to its privacy officer
// through the web service.
class SoapRolesWidened : public SoapRoles {
 protected:
  static void SetUpTestSuite() {
    start({.gemeente_roles = "<extraRole door=\"web-service\">privacy-officer</extraRole>"});
  }
};

TEST_F(SoapRolesWidened, GemeentePrivacyOfficerReadsTheLockedSignalAndExports) {
  const std::string id = locked_signal();
  const auto dossier = expect_success(
      operation("GetSignal", request_document("get-signal.xml", "fg", "privacy-officer", id)),
      "gemeente-utrecht");
  EXPECT_NE(dossier.body.find("<GetSignalResponse"), std::string::npos);
  const auto exported = expect_success(
      operation("ExportSubjectData", request_document("export-subject-data.xml", "fg", "privacy-officer")),
      "gemeente-utrecht");
  EXPECT_NE(exported.body.find("<ExportSubjectDataResponse"), std::string::npos);
}

TEST_F(SoapRolesWidened, WideningOneGemeenteWidensNoOtherPartner) {
  const std::string id = locked_signal();
  expect_refused_as_privacy_officer(
      "GetSignal", request_document("get-signal.xml", "spion", "privacy-officer", id),
      "politie-midden-nederland");
}

// --- hostile documents and clients ------------------------------------------------------

std::string deep_document(int depth) {
  std::string body;
  for (int i = 0; i < depth; ++i) body += "<a>";
  for (int i = 0; i < depth; ++i) body += "</a>";
  return body;
}

const std::string kDoctype = R"(<?xml version="1.0"?>
<!DOCTYPE soap:Envelope [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>&secret;</x></soap:Body></soap:Envelope>)";

const std::string kEntityBomb = [] {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">";
  for (int i = 1; i < 10; ++i)
    bomb += "<!ENTITY lol" + std::to_string(i) + " \"" +
            [&] { std::string refs; for (int k = 0; k < 10; ++k) refs += "&lol" + std::to_string(i - 1) + ";"; return refs; }() + "\">";
  return bomb + "]>\n<lolz>&lol9;</lolz>";
}();

TEST_F(SoapService, RefusesDoctypeEntityBombAndDeepNestingQuicklyWithoutInternals) {
  Message deep = operation("ListWorklist", deep_document(5000));
  for (const std::string& hostile : {kDoctype, kEntityBomb, deep.envelope()}) {
    const auto started = Clock::now();
    const auto fault = expect_fault(exchange(as("gemeente-utrecht"), soap_post(hostile, "\"\"")));
    EXPECT_LT(Clock::now() - started, kPromptly);
    EXPECT_EQ(fault.digikoppeling_code, "0001");
    for (std::string_view internal : {"line", "entity", "depth", "passwd", "libxml", "/"})
      EXPECT_EQ(between(fault.body, "<faultstring>", "</faultstring>").find(internal), std::string::npos) << internal;
  }
}

TEST_F(SoapService, RefusesABodyOverTheLimitAtTheHttpLevel) {
  // Refused on the announced length, before a byte of the body is read.
  const std::string announced = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                                "SOAPAction: \"\"\r\nContent-Length: 1048577\r\n\r\n";
  const auto response = exchange(as("gemeente-utrecht"), announced);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(SoapService, HoldsTheBodyChildToTheRequestDocumentLimit) {
  Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  message.body.insert(message.body.rfind("</"), kMaxRequestBytes, ' ');
  const auto fault = expect_fault(call(message));
  EXPECT_EQ(fault.faultcode, "soap:Client");
  EXPECT_EQ(fault.error_code, "request-too-large");
}

TEST_F(SoapService, AcceptsABodyChildWithinTheLimitInAnEnvelopeOverIt) {
  Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  message.extra_headers.assign(kMaxRequestBytes, ' ');
  expect_success(message, "gemeente-utrecht");
}

TEST_F(SoapService, CutsOffASlowClientAfterTheReadTimeout) {
  auto slow = connect(as("gemeente-utrecht"));
  ASSERT_TRUE(slow);
  const auto started = Clock::now();
  const std::string request = soap_post(Message{}.envelope(), "\"\"");
  bool cut_off = false;
  for (std::size_t i = 0; i < request.size() && Clock::now() - started < 4 * kReadTimeout; ++i) {
    if (!slow->send(request.substr(i, 1))) {
      cut_off = true;
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(cut_off || slow->closed_by_server());
  EXPECT_LT(Clock::now() - started, 4 * kReadTimeout);
}

void SoapService::expect_others_served_while_hostile_clients_press() {
  std::atomic<bool> stop{false};
  std::vector<std::thread> hostile;
  // Slow clients trickling a request, and clients sending hostile documents in a loop.
  for (int i = 0; i < 8; ++i)
    hostile.emplace_back([&stop] {
      while (!stop) {
        auto slow = connect(as("politie-midden-nederland"));
        for (int k = 0; slow && !stop && k < 50 && slow->send("P"); ++k) std::this_thread::sleep_for(50ms);
      }
    });
  for (const std::string* document : {&kEntityBomb, &kDoctype})
    hostile.emplace_back([&stop, document] {
      const std::string deep = Message{"t", "a", "m", {}, deep_document(5000)}.envelope();
      while (!stop) {
        exchange(as("om-midden-nederland"), soap_post(*document, "\"\""));
        exchange(as("om-midden-nederland"), soap_post(deep, "\"\""));
      }
    });
  std::this_thread::sleep_for(300ms);

  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  for (int i = 0; i < 10; ++i) {
    const auto started = Clock::now();
    const auto response = call(message);
    EXPECT_TRUE(response);
    if (!response) break;  // the pressing threads must still be stopped and joined
    EXPECT_EQ(response->status, 200);
    EXPECT_LT(Clock::now() - started, kPromptly);
  }
  stop = true;
  for (std::thread& thread : hostile) thread.join();
}

// The same service where the gemeente's partner entry names its identity provider's key: its
// requests are identified by the signed user assertion in requestedBy (docs/configuration.md).
class SoapServiceWithUserAssertions : public SoapService {
 protected:
  static void SetUpTestSuite() {
    provider_ = std::make_unique<testing::TestIdentityProvider>();
    key_file_ = fs::temp_directory_path() / ("zvhpga-e2e-idp-" + std::to_string(::getpid()) + ".pem");
    provider_->write_public_key(key_file_);
    ServiceOptions options;
    options.gemeente_assertion_key = key_file_;
    start(options);
  }
  static void TearDownTestSuite() {
    SoapService::TearDownTestSuite();
    fs::remove(key_file_);
    provider_.reset();
  }

  static Message register_as_asserted(const std::string& assertion, std::string message_id) {
    Message message =
        operation("RegisterSignal", asserted_request_document("register-signal.xml", "a.jansen",
                                                              "intake-officer", assertion));
    message.message_id = std::move(message_id);
    return message;
  }

  static inline std::unique_ptr<testing::TestIdentityProvider> provider_;
  static inline fs::path key_file_;
};

TEST_F(SoapServiceWithUserAssertions, AcceptsAValidAssertionAndRefusesItsReplayWithFault0002) {
  testing::AssertionClaims claims = testing::AssertionClaims::valid_for(kServiceOin);
  const std::string assertion = provider_->sign(claims);

  const HttpResponse accepted = expect_success(
      register_as_asserted(assertion, "urn:uuid:7d0e6a52-0b1c-4f00-9a6e-000000000001"),
      "gemeente-utrecht");
  EXPECT_FALSE(between(accepted.body, "<signalId>", "</signalId>").empty()) << accepted.body;

  // The same assertion in another message, as a captured one would be sent again.
  const FaultSeen replayed = expect_fault(call(
      register_as_asserted(assertion, "urn:uuid:7d0e6a52-0b1c-4f00-9a6e-000000000002")));
  EXPECT_EQ(replayed.faultcode, "soap:Client");
  EXPECT_EQ(replayed.digikoppeling_code, "0002");
  EXPECT_EQ(replayed.error_code, "not-authorized") << replayed.body;
}

TEST_F(SoapServiceWithUserAssertions, RefusesThatPartnersRequestWithoutAnAssertionWithFault0002) {
  const FaultSeen refused = expect_fault(
      call(operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"))));

  EXPECT_EQ(refused.digikoppeling_code, "0002");
  EXPECT_EQ(refused.error_code, "not-authorized") << refused.body;
}

TEST_F(SoapServiceWithUserAssertions, RefusesAnAssertionForAnotherAudienceWithFault0002) {
  const std::string assertion =
      provider_->sign(testing::AssertionClaims::valid_for("00000099002220647000"));

  const FaultSeen refused = expect_fault(
      call(register_as_asserted(assertion, "urn:uuid:7d0e6a52-0b1c-4f00-9a6e-000000000003")));

  EXPECT_EQ(refused.digikoppeling_code, "0002");
  EXPECT_EQ(refused.error_code, "not-authorized") << refused.body;
}

TEST_F(SoapServiceWithUserAssertions, ServesThePartnersWithoutAKeyAsBefore) {
  expect_success(operation("ListWorklist", request_document("list-worklist.xml", "piet", "weegploeg-member")),
                 "politie-midden-nederland");
}

TEST_F(SoapService, KeepsServingOthersWhileHostileClientsPress) {
  expect_others_served_while_hostile_clients_press();
}

TEST_F(SoapServiceOnOneIoThread, KeepsServingOthersWhileHostileClientsPress) {
  expect_others_served_while_hostile_clients_press();
}

// A plain TCP connection from a loopback address of its own (127.0.0.0/8 all reach the host),
// that never starts TLS; -1 if it could not be made.
int idle_connection(std::uint16_t port, std::uint32_t from_address) {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(from_address);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(socket, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(socket, reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0) {
    ::close(socket);
    return -1;
  }
  return socket;
}

bool closed_by_peer(int socket) {
  char byte = 0;
  const auto got = ::recv(socket, &byte, 1, MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// The service with small limits for connections still in their TLS handshake, well below the
// connection cap, so that a flood a test can make exceeds them.
class SoapServiceUnderAHandshakeFlood : public SoapService {
 protected:
  static void SetUpTestSuite() {
    start({.handshake_timeout_ms = 1000, .max_handshakes = 16, .max_handshakes_per_address = 4});
  }
};

TEST_F(SoapServiceUnderAHandshakeFlood, ServesAPartnerWhileIdleConnectionsFlood) {
  // 300 connections that never start TLS, from 10 addresses, far more than the connection cap
  // (64); whatever the service closes is opened again, for as long as the partner calls.
  constexpr int kFlood = 300;
  constexpr std::uint32_t kFirstFloodAddress = 0x7F000002;  // 127.0.0.2
  constexpr int kFloodAddresses = 10;
  std::vector<int> flood(kFlood, -1);
  const auto refill = [&] {
    for (int i = 0; i < kFlood; ++i) {
      if (flood[i] >= 0 && !closed_by_peer(flood[i])) continue;
      if (flood[i] >= 0) ::close(flood[i]);
      flood[i] = idle_connection(port_, kFirstFloodAddress + static_cast<std::uint32_t>(i % kFloodAddresses));
    }
  };
  refill();
  std::atomic<bool> stop{false};
  std::thread flooding([&] {
    while (!stop) {
      refill();
      std::this_thread::sleep_for(100ms);
    }
  });
  std::this_thread::sleep_for(300ms);

  const Message message = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  for (int i = 0; i < 20; ++i) {
    const auto started = Clock::now();
    const auto response = call(message);
    EXPECT_TRUE(response && response->status == 200) << "call " << i;
    EXPECT_LT(Clock::now() - started, kPromptly) << "call " << i;
    std::this_thread::sleep_for(50ms);
  }
  stop = true;
  flooding.join();
  for (const int socket : flood)
    if (socket >= 0) ::close(socket);
}

// --- the request log ------------------------------------------------------------------------

// The service with its stderr, where the request log goes, in a file of the test's own.
class SoapServiceRequestLog : public SoapService {
 protected:
  static void SetUpTestSuite() { start_logging({}); }

  static void start_logging(const ServiceOptions& options) {
    log_file_ = fs::temp_directory_path() / ("zvhpga-e2e-log-" + std::to_string(::getpid()));
    std::fflush(stderr);
    saved_stderr_ = ::dup(STDERR_FILENO);
    const int file = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(file, STDERR_FILENO);
    ::close(file);
    start(options);
  }

  static void TearDownTestSuite() {
    SoapService::TearDownTestSuite();
    ::dup2(saved_stderr_, STDERR_FILENO);
    ::close(saved_stderr_);
    std::error_code ignored;
    fs::remove(log_file_, ignored);
  }

  void SetUp() override { first_line_ = log_lines().size(); }

  static std::vector<std::string> log_lines() {
    std::vector<std::string> lines;
    std::ifstream log(log_file_);
    for (std::string line; std::getline(log, line);) lines.push_back(line);
    return lines;
  }

  // The lines the service wrote since this test began.
  std::vector<std::string> lines_of_this_test() const {
    auto lines = log_lines();
    lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(first_line_));
    return lines;
  }

  // The demo's walk through the process, over the web service: register, three
  // contributions, the decision, and the signal read back.
  void run_the_demo() {
    const std::string signal_id = register_signal();
    const std::pair<const char*, const char*> contributions[] = {
        {"contribution-gemeente.xml", "gemeente-utrecht"},
        {"contribution-politie.xml", "politie-midden-nederland"},
        {"contribution-om.xml", "om-midden-nederland"}};
    for (const auto& [example, partner] : contributions)
      expect_success(operation("SubmitContribution",
                               request_document(example, "wim", "weegploeg-member", signal_id)),
                     partner);
    expect_success(operation("RecordDecision",
                             request_document("record-decision.xml", "cor", "weegploeg-chair", signal_id)),
                   "gemeente-utrecht");
    expect_success(operation("GetSignal", request_document("get-signal.xml", "wim", "weegploeg-member", signal_id)),
                   "politie-midden-nederland");
  }

  // The example's personal data and free text where a caller may put anything: in the
  // MessageID, wsa:To, the SOAPAction, a malformed envelope, a document the schema refuses,
  // and a request from an organisation the partner table does not know. The first, a signal
  // registered under such a MessageID, is answered; each of the others is refused.
  static constexpr int kHostileRequests = 7;
  void send_hostile_values() {
    Message named = operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer"));
    named.message_id = "J. de Vries 111222333 2007-03-14";
    const auto registered = call(named);
    EXPECT_TRUE(registered && registered->status == 200);
    Message addressed = named;
    addressed.message_id = fresh_message_id();
    addressed.to = "https://localhost/zvh-pga?OIN=111222333&amp;J.+de+Vries";
    expect_fault(call(addressed));
    Message acted = named;
    acted.message_id = fresh_message_id();
    expect_fault(exchange(as("gemeente-utrecht"),
                          soap_post(acted.envelope(), "\"J. de Vries 2007-03-14\"")));
    expect_fault(exchange(as("gemeente-utrecht"),
                          soap_post("<subject><name>J. de Vries</name><bsn>111222333", "\"\"")));
    std::string unknown_element = request_document("register-signal.xml", "ina", "intake-officer");
    unknown_element.insert(unknown_element.find("<subject>"), "<mentor>A. Jansen (OOV)</mentor>");
    expect_fault(call(operation("RegisterSignal", unknown_element)));
    expect_fault(call(operation("RegisterSignal", request_document("register-signal.xml", "ina", "intake-officer")),
                      "stranger"));
    const auto announced_too_large = exchange(
        as("gemeente-utrecht"), "POST /zvh-pga?bsn=111222333 HTTP/1.1\r\nHost: localhost\r\n"
                                "Content-Type: text/xml\r\nSOAPAction: \"\"\r\nContent-Length: 1048577\r\n\r\n");
    EXPECT_TRUE(announced_too_large && announced_too_large->status == 413);
  }

  static inline fs::path log_file_;
  static inline int saved_stderr_ = -1;
  std::size_t first_line_ = 0;
};

// Every field of a request line is one the service chose or checked; nothing else fits.
const std::regex kRequestLine(
    R"(zvh-pga: time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z event=request )"
    R"(trace=([0-9a-f]{32}|-) message=(urn:uuid:[0-9a-fA-F-]{36}|other|-) partner=(\d{20}|unknown) )"
    R"(operation=([A-Za-z]+|-) result=(ok|refused) http=\d{3}( fault=\d{4})?( error=[a-z-]+)? )"
    R"(duration_ms=\d+\.\d)");

TEST_F(SoapServiceRequestLog, WritesOneLinePerRequestAndRefusalAlsoBeforeThePipeline) {
  run_the_demo();
  send_hostile_values();
  const auto lines = lines_of_this_test();
  ASSERT_EQ(lines.size(), 6u + kHostileRequests);
  for (const std::string& line : lines) EXPECT_TRUE(std::regex_match(line, kRequestLine)) << line;
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NE(lines[i].find(" result=ok http=200 "), std::string::npos) << lines[i];
    EXPECT_EQ(lines[i].find("trace=-"), std::string::npos) << "leads to its audit record: " << lines[i];
  }
  EXPECT_NE(lines[0].find(" operation=RegisterSignal "), std::string::npos) << lines[0];
  EXPECT_NE(lines[6].find(" message=other partner="), std::string::npos) << lines[6];
  EXPECT_NE(lines[6].find(" result=ok "), std::string::npos) << lines[6];
  EXPECT_NE(lines[7].find(" fault=0011"), std::string::npos) << lines[7];
  EXPECT_NE(lines[8].find(" fault=0003"), std::string::npos) << lines[8];
  EXPECT_NE(lines[9].find(" fault=0001"), std::string::npos) << lines[9];
  EXPECT_NE(lines[10].find(" fault=0004 error="), std::string::npos) << lines[10];
  EXPECT_NE(lines[11].find(" partner=unknown operation=- result=refused http=500 fault=0002"), std::string::npos)
      << lines[11];
  EXPECT_NE(lines[12].find(" result=refused http=413 "), std::string::npos) << lines[12];
}

TEST_F(SoapServiceRequestLog, NamesNoPersonNumberBirthDateOrFreeText) {
  run_the_demo();
  send_hostile_values();
  const auto lines = log_lines();  // the start-up line too
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    for (std::string_view forbidden :
         {"Vries", "Jansen", "Bakker", "Visser", "111222333", "2007-03-14", "2007", "Mentor", "mentor",
          "burn", "sovereign", "ROC", "class", "Utrecht"})
      EXPECT_EQ(line.find(forbidden), std::string::npos) << forbidden << " in: " << line;
  }
}

TEST_F(SoapServiceRequestLog, StartsWithWhatIsConfiguredAndNoSecret) {
  const auto lines = log_lines();
  ASSERT_FALSE(lines.empty());
  const std::string& start = lines.front();
  EXPECT_NE(start.find(" event=start listen=127.0.0.1:" + std::to_string(port_) + " store=sqlite "), std::string::npos)
      << start;
  for (std::string_view configured : {" catalogue=", " policy=", "gemeente-utrecht=", " log_level=info"})
    EXPECT_NE(start.find(configured), std::string::npos) << configured << " in: " << start;
  for (std::string_view secret : {"Driver", "Database", ".key", "/"})
    EXPECT_EQ(start.find(secret), std::string::npos) << secret << " in: " << start;
}

TEST_F(SoapServiceRequestLog, WritesALineForEachFailedTlsHandshakeWithItsReason) {
  // Under TLS 1.3 the client learns of the refusal only when it reads.
  auto connection = connect(TlsOptions{});
  if (connection && connection->send("GET /zvh-pga?wsdl HTTP/1.1\r\nHost: localhost\r\n\r\n")) {
    EXPECT_FALSE(connection->receive());
  }
  std::vector<std::string> lines = lines_of_this_test();
  for (const auto deadline = Clock::now() + kPromptly; lines.empty() && Clock::now() < deadline;
       lines = lines_of_this_test())
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(std::regex_match(
      lines[0], std::regex(R"(zvh-pga: time=\S+ event=tls-handshake result=refused reason=no_client_certificate)")))
      << lines[0];
}

// The same with soap/logLevel warning.
class SoapServiceLoggingRefusalsOnly : public SoapServiceRequestLog {
 protected:
  static void SetUpTestSuite() { start_logging({.log_level = "warning"}); }
};

TEST_F(SoapServiceLoggingRefusalsOnly, LogsARefusalButNotAnAnsweredRequest) {
  const Message worklist = operation("ListWorklist", request_document("list-worklist.xml", "cor", "weegploeg-chair"));
  expect_success(worklist, "gemeente-utrecht");
  expect_fault(call(worklist, "stranger"));
  const auto lines = lines_of_this_test();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(" partner=unknown operation=- result=refused http=500 fault=0002"), std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace zvhpga::e2e
