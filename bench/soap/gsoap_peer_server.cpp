// The performance peers of the zvh-pga SOAP service: the same WSDL compiled by gSOAP 2.8
// (wsdl2h + soapcpp2), served over HTTPS with a required client certificate and keep-alive.
// Per request it does what the zvh-pga door does before and after the plugin: parse the
// envelope, check the WS-Addressing headers and the SOAPAction, validate the body against the
// contract types (SOAP_XML_STRICT plus xs:pattern facets), and answer with a typed response.
//
// Bare (the floor): no store; GetSignal answers with the dossier of a freshly registered signal,
// the same document zvh-pga returns for the signal the benchmark registers first.
// Equal work (--store): what the product's rules require of zvh-pga per request besides the
// door, in equal_work_store.h: RegisterSignal stores the signal, GetSignal reads it and its
// transitions, and each appends an HMAC-chained audit record committed durably (WAL,
// synchronous=FULL, group commit) before it answers.
//
// Usage: zvhpga-bench-gsoap-server --key-and-cert PEM --ca PEM [--port N] [--lifetime SECONDS]
//        [--store SQLITE_FILE [--workers N]]
// Prints "port N" once it listens (N is ephemeral when --port is 0), then serves until killed or
// until the lifetime is over.
#include "equal_work_store.h"
#include "gsoap_support.h"
#include "soapZvhPgaSoap11BindingService.h"
#include "wsaapi.h"

#include <arpa/inet.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr std::string_view contract_action_prefix = "urn:nl:zvh-pga:contract:1/";

// A moment fixed once, so that every response is the same document.
constexpr time_t registered_at = 1795305600;  // 2026-11-22T00:00:00Z

class PeerService final : public ZvhPgaSoap11BindingService {
 public:
  PeerService(int input_mode, int output_mode, zvhpga::bench::EqualWorkStore* store)
      : ZvhPgaSoap11BindingService(input_mode, output_mode), store_(store) {}
  explicit PeerService(zvhpga::bench::EqualWorkStore* store) : store_(store) {}

  // A service for one accepted connection: its own soap context, a copy of the listening one
  // (TLS context, plugins, modes, the accepted socket), as soapcpp2 -j generates it for the
  // base class.
  ZvhPgaSoap11BindingService* copy() override {
    auto* connection = new PeerService(store_);
    soap_done(connection->soap);
    soap_copy_context(connection->soap, soap);
    return connection;
  }

  // Once per connection, after the handshake: the partner is the client certificate's subject
  // (its OIN in serialNumber, as PKIoverheid puts it), which the audit records name.
  void identify_partner() {
    if (store_ == nullptr || soap->ssl == nullptr) return;
    X509* certificate = SSL_get1_peer_certificate(soap->ssl);
    if (certificate == nullptr) return;
    const X509_NAME* subject = X509_get_subject_name(certificate);
    partner_id_ = subject_entry(subject, NID_commonName);
    partner_oin_ = subject_entry(subject, NID_serialNumber);
    X509_free(certificate);
  }

  int GetSignal(_ns1__GetSignalRequest* request, _ns1__GetSignalResponse& response) override {
    if (int refused = check_addressing("GetSignal"); refused != SOAP_OK) {
      return refused;
    }
    if (store_ == nullptr) {
      response.signal = registered_dossier(request->signalId);
    } else {
      try {
        const std::optional<zvhpga::bench::StoredSignal> signal = store_->read(request->signalId);
        const std::string object = "signal/" + request->signalId;
        store_->record(audit_event(request->requestedBy, "GetSignal", object,
                                   signal ? "success" : "refused:unknown-signal"));
        if (!signal) return soap_wsa_sender_fault(soap, "unknown signal", nullptr);
        response.signal = dossier_of(*signal);
      } catch (const zvhpga::bench::StoreError& error) {
        return soap_wsa_receiver_fault(soap, "store unavailable", error.what());
      }
    }
    return soap_wsa_reply(soap, soap_wsa_rand_uuid(soap), response_action("GetSignal").c_str());
  }

  // Bare: registers nothing; it exists so that the generated client's register-then-get round
  // trip can run against the peer as against zvh-pga. Equal work: stores the signal.
  int RegisterSignal(_ns1__RegisterSignalRequest* request,
                     _ns1__RegisterSignalResponse& response) override {
    if (int refused = check_addressing("RegisterSignal"); refused != SOAP_OK) {
      return refused;
    }
    // soap_wsa_rand_uuid gives "urn:uuid:<uuid>"; the contract's Identifier is the bare UUID.
    response.signalId = std::string(soap_wsa_rand_uuid(soap)).substr(std::strlen("urn:uuid:"));
    response.state = ns1__SignalState__received;
    if (store_ != nullptr) {
      try {
        store_->register_signal(
            stored_signal(*request, response.signalId),
            audit_event(request->requestedBy, "RegisterSignal", "signal/" + response.signalId,
                        "success"));
      } catch (const zvhpga::bench::StoreError& error) {
        return soap_wsa_receiver_fault(soap, "store unavailable", error.what());
      }
    }
    return soap_wsa_reply(soap, soap_wsa_rand_uuid(soap), response_action("RegisterSignal").c_str());
  }

  int SubmitContribution(_ns1__SubmitContributionRequest*, _ns1__SubmitContributionResponse&) override {
    return not_in_peer();
  }
  int RecordDecision(_ns1__RecordDecisionRequest*, _ns1__RecordDecisionResponse&) override {
    return not_in_peer();
  }
  int CloseSignal(_ns1__CloseSignalRequest*, _ns1__CloseSignalResponse&) override {
    return not_in_peer();
  }
  int ListWorklist(_ns1__ListWorklistRequest*, _ns1__ListWorklistResponse&) override {
    return not_in_peer();
  }
  int VerifyAuditTrail(_ns1__VerifyAuditTrailRequest*, _ns1__VerifyAuditTrailResponse&) override {
    return not_in_peer();
  }
  int ExportSubjectData(ns1__SubjectDataRequest*, ns1__SubjectDataResponse&) override {
    return not_in_peer();
  }
  int ReleaseSubjectData(ns1__SubjectDataRequest*, ns1__SubjectDataResponse&) override {
    return not_in_peer();
  }
  int WithholdItem(_ns1__WithholdItemRequest*, _ns1__WithholdItemResponse&) override {
    return not_in_peer();
  }
  int IsPersonKnown(ns1__SubjectDataRequest*, _ns1__IsPersonKnownResponse&) override {
    return not_in_peer();
  }
  int GetForm(_ns1__GetFormRequest*, _ns1__GetFormResponse&) override { return not_in_peer(); }
  int GetStatistics(_ns1__GetStatisticsRequest*, _ns1__GetStatisticsResponse&) override {
    return not_in_peer();
  }
  int PlaceLegalHold(_ns1__PlaceLegalHoldRequest*, _ns1__PlaceLegalHoldResponse&) override {
    return not_in_peer();
  }
  int ReleaseLegalHold(_ns1__ReleaseLegalHoldRequest*, _ns1__ReleaseLegalHoldResponse&) override {
    return not_in_peer();
  }
  int ApproveDestruction(_ns1__ApproveDestructionRequest*,
                         _ns1__ApproveDestructionResponse&) override {
    return not_in_peer();
  }
  int ProposeTransfer(_ns1__ProposeTransferRequest*, _ns1__ProposeTransferResponse&) override {
    return not_in_peer();
  }
  int RespondToTransfer(_ns1__RespondToTransferRequest*,
                        _ns1__RespondToTransferResponse&) override {
    return not_in_peer();
  }
  int RecordInforming(_ns1__RecordInformingRequest*, _ns1__RecordInformingResponse&) override {
    return not_in_peer();
  }
  int RecordInclusionReview(_ns1__RecordInclusionReviewRequest*,
                            _ns1__RecordInclusionReviewResponse&) override {
    return not_in_peer();
  }
  int WithdrawSignal(_ns1__WithdrawSignalRequest*, _ns1__WithdrawSignalResponse&) override {
    return not_in_peer();
  }
  int TriageOutSignal(_ns1__TriageOutSignalRequest*, _ns1__TriageOutSignalResponse&) override {
    return not_in_peer();
  }
  int ForecastRetention(_ns1__ForecastRetentionRequest*,
                        _ns1__ForecastRetentionResponse&) override {
    return not_in_peer();
  }
  int SubmitForm(_ns1__SubmitFormRequest*, _ns1__SubmitFormResponse&) override {
    return not_in_peer();
  }

 private:
  static std::string subject_entry(const X509_NAME* subject, int nid) {
    const int index = X509_NAME_get_index_by_NID(subject, nid, -1);
    if (index < 0) return {};
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                       static_cast<std::size_t>(ASN1_STRING_length(value)));
  }

  static std::string random_hex_id() {
    unsigned char bytes[16];
    RAND_bytes(bytes, sizeof bytes);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(2 * sizeof bytes, '\0');
    for (std::size_t i = 0; i < sizeof bytes; ++i) {
      id[2 * i] = kHex[bytes[i] >> 4];
      id[2 * i + 1] = kHex[bytes[i] & 0x0f];
    }
    return id;
  }

  // The fields zvh-pga's audit record has: who (user, role, organisation and its OIN), what,
  // on what, with what result, for which purpose, through which door, and the message's id.
  zvhpga::bench::AuditEvent audit_event(const ns1__RequestedBy* by, const char* action,
                                        std::string object, const char* result) {
    zvhpga::bench::AuditEvent event;
    if (by != nullptr) {
      event.actor_user = by->user;
      event.actor_role = soap_ns1__Role2s(soap, by->role);
    }
    event.organisation_id = partner_id_;
    event.organisation_oin = partner_oin_;
    event.action = action;
    event.object = std::move(object);
    event.result = result;
    event.purpose = "signal-handling";
    event.origin = "soap:127.0.0.1";
    if (soap->header != nullptr && soap->header->wsa5__MessageID != nullptr)
      event.message_id = soap->header->wsa5__MessageID;
    event.trace_id = random_hex_id();
    return event;
  }

  zvhpga::bench::StoredActor actor_of(const ns1__RequestedBy* by) const {
    zvhpga::bench::StoredActor actor;
    actor.partner_id = partner_id_;
    actor.partner_kind = ns1__PartnerKind__gemeente;
    if (by != nullptr) {
      actor.user = by->user;
      actor.role = by->role;
    }
    return actor;
  }

  zvhpga::bench::StoredSignal stored_signal(const _ns1__RegisterSignalRequest& request,
                                            const std::string& signal_id) const {
    zvhpga::bench::StoredSignal signal;
    signal.id = signal_id;
    signal.state = ns1__SignalState__received;
    signal.round = 1;
    signal.registered_at = time(nullptr);
    signal.registered_by = actor_of(request.requestedBy);
    signal.receiving_partner = request.receivingPartner;
    signal.channel = request.channel;
    if (request.reporter != nullptr) {
      signal.reporter_type = request.reporter->type;
      signal.reporter_organisation = request.reporter->organisation;
    }
    signal.received_on = request.receivedOn;
    if (request.subject != nullptr) {
      signal.subject_name = request.subject->name;
      signal.subject_birth_date = request.subject->birthDate;
      if (request.subject->bsn != nullptr) signal.subject_bsn = *request.subject->bsn;
      signal.subject_municipality = request.subject->municipality;
    }
    signal.observed_facts = request.observedFacts;
    if (request.phenomenonHypothesis != nullptr)
      for (ns1__Phenomenon phenomenon : request.phenomenonHypothesis->phenomenon)
        signal.phenomena.push_back(phenomenon);
    signal.online_component = request.onlineComponent;
    signal.care_concern = request.careConcern;
    signal.urgency = request.urgency;
    signal.municipality = request.municipality;
    signal.region = request.region;
    signal.history.push_back({std::nullopt, ns1__SignalState__received, signal.registered_at,
                              signal.registered_by, "signal registered"});
    return signal;
  }

  ns1__Actor* actor(const zvhpga::bench::StoredActor& stored) {
    ns1__Actor* actor = soap_new_ns1__Actor(soap);
    actor->partnerId = stored.partner_id;
    actor->partnerKind = static_cast<ns1__PartnerKind>(stored.partner_kind);
    actor->user = stored.user;
    actor->role = static_cast<ns1__Role>(stored.role);
    return actor;
  }

  ns1__Dossier* dossier_of(const zvhpga::bench::StoredSignal& stored) {
    ns1__Dossier* dossier = soap_new_ns1__Dossier(soap);
    dossier->signalId = stored.id;
    dossier->state = static_cast<ns1__SignalState>(stored.state);
    dossier->round = stored.round;
    dossier->registeredAt = static_cast<time_t>(stored.registered_at);
    dossier->registeredBy = actor(stored.registered_by);
    ns1__SignalIntake* intake = soap_new_ns1__SignalIntake(soap);
    intake->receivingPartner = static_cast<ns1__PartnerKind>(stored.receiving_partner);
    intake->channel = static_cast<ns1__Channel>(stored.channel);
    intake->reporter = soap_new_ns1__Reporter(soap);
    intake->reporter->type = static_cast<ns1__ReporterType>(stored.reporter_type);
    intake->reporter->organisation = stored.reporter_organisation;
    intake->receivedOn = stored.received_on;
    intake->subject = soap_new_ns1__Person(soap);
    intake->subject->name = stored.subject_name;
    intake->subject->birthDate = stored.subject_birth_date;
    if (stored.subject_bsn) {
      intake->subject->bsn = soap_new_std__string(soap);
      *intake->subject->bsn = *stored.subject_bsn;
    }
    intake->subject->municipality = stored.subject_municipality;
    intake->observedFacts = stored.observed_facts;
    if (!stored.phenomena.empty()) {
      intake->phenomenonHypothesis = soap_new_ns1__PhenomenonHypothesis(soap);
      for (int phenomenon : stored.phenomena)
        intake->phenomenonHypothesis->phenomenon.push_back(static_cast<ns1__Phenomenon>(phenomenon));
    }
    intake->onlineComponent = stored.online_component;
    intake->careConcern = stored.care_concern;
    intake->urgency = static_cast<ns1__Urgency>(stored.urgency);
    intake->municipality = stored.municipality;
    intake->region = stored.region;
    dossier->intake = intake;
    for (const zvhpga::bench::StoredTransition& stored_transition : stored.history) {
      ns1__Transition* transition = soap_new_ns1__Transition(soap);
      if (stored_transition.from) {
        transition->from = soap_new_ns1__SignalState(soap);
        *transition->from = static_cast<ns1__SignalState>(*stored_transition.from);
      }
      transition->to = static_cast<ns1__SignalState>(stored_transition.to);
      transition->at = static_cast<time_t>(stored_transition.at);
      transition->actor = actor(stored_transition.actor);
      transition->reason = stored_transition.reason;
      dossier->history.transition.push_back(transition);
    }
    return dossier;
  }

  static std::string request_action(std::string_view operation) {
    return std::string(contract_action_prefix).append(operation);
  }
  static std::string response_action(std::string_view operation) {
    return request_action(operation).append("Response");
  }

  // The Digikoppeling WUS header rules the zvh-pga door applies: wsa:To, wsa:Action and
  // wsa:MessageID present, the action that of the operation, SOAPAction "" or equal to it.
  int check_addressing(std::string_view operation) {
    const SOAP_ENV__Header* header = soap->header;
    if (header == nullptr || header->wsa5__To == nullptr) {
      return soap_wsa_sender_fault(soap, "0005 wsa:To is missing", nullptr);
    }
    if (header->wsa5__Action == nullptr) {
      return soap_wsa_sender_fault(soap, "0006 wsa:Action is missing", nullptr);
    }
    if (header->wsa5__MessageID == nullptr) {
      return soap_wsa_sender_fault(soap, "0007 wsa:MessageID is missing", nullptr);
    }
    const std::string expected = request_action(operation);
    if (expected != header->wsa5__Action) {
      return soap_wsa_sender_fault(soap, "0011 wsa:Action does not name this operation", nullptr);
    }
    if (soap->action != nullptr && *soap->action != '\0' && expected != soap->action) {
      return soap_wsa_sender_fault(soap, "0003 SOAPAction differs from wsa:Action", nullptr);
    }
    return SOAP_OK;
  }

  // Every operation of the WSDL must be defined (the service class is pure virtual), so a new
  // contract operation shows up here as a compile error rather than going unnoticed.
  int not_in_peer() {
    return soap_wsa_sender_fault(soap, "the benchmark peer serves GetSignal and RegisterSignal only",
                                 nullptr);
  }

  ns1__Actor* intake_officer() {
    ns1__Actor* actor = soap_new_ns1__Actor(soap);
    actor->partnerId = "gemeente-utrecht";
    actor->partnerKind = ns1__PartnerKind__gemeente;
    actor->user = "bench";
    actor->role = ns1__Role__intake_officer;
    return actor;
  }

  // The values of examples/register-signal.xml, as GetSignal returns them after registration.
  ns1__Dossier* registered_dossier(const std::string& signal_id) {
    ns1__Dossier* dossier = soap_new_ns1__Dossier(soap);
    dossier->signalId = signal_id;
    dossier->state = ns1__SignalState__received;
    dossier->round = 1;
    dossier->registeredAt = registered_at;
    dossier->registeredBy = intake_officer();

    ns1__SignalIntake* intake = soap_new_ns1__SignalIntake(soap);
    intake->receivingPartner = ns1__PartnerKind__gemeente;
    intake->channel = ns1__Channel__meldpunt;
    intake->reporter = soap_new_ns1__Reporter(soap);
    intake->reporter->type = ns1__ReporterType__local_partner;
    intake->reporter->organisation = "ROC Midden Nederland, mentoraat";
    intake->receivedOn = "2026-11-16";
    intake->subject = soap_new_ns1__Person(soap);
    intake->subject->name = "J. de Vries";
    intake->subject->birthDate = "2007-03-14";
    intake->subject->bsn = soap_new_std__string(soap);
    *intake->subject->bsn = "111222333";
    intake->subject->municipality = "Utrecht";
    intake->observedFacts =
        "Mentor heard the student say on 12 November, in class, that \"the system deserves to "
        "burn\" and that he had \"joined a group that will make it happen\". Two classmates report "
        "he shares videos of a sovereign-citizen channel in the class group chat (screenshots "
        "held by the school).";
    intake->phenomenonHypothesis = soap_new_ns1__PhenomenonHypothesis(soap);
    intake->phenomenonHypothesis->phenomenon = {ns1__Phenomenon__anti_institutioneel_extremisme,
                                                ns1__Phenomenon__unclear};
    intake->onlineComponent = true;
    intake->careConcern = true;
    intake->urgency = ns1__Urgency__regular;
    intake->municipality = "Utrecht";
    intake->region = "midden-nederland";
    dossier->intake = intake;

    ns1__Transition* registration = soap_new_ns1__Transition(soap);
    registration->to = ns1__SignalState__received;
    registration->at = registered_at;
    registration->actor = intake_officer();
    registration->reason = "signal registered";
    dossier->history.transition.push_back(registration);
    return dossier;
  }

  zvhpga::bench::EqualWorkStore* store_;
  std::string partner_id_;
  std::string partner_oin_;
};

struct Options {
  const char* key_and_cert = nullptr;
  const char* ca = nullptr;
  int port = 0;
  unsigned lifetime_seconds = 600;
  const char* store = nullptr;
  std::size_t workers = 4;  // zvh-pga's default soap/limits/workerThreads
};

[[noreturn]] void usage() {
  std::fputs("usage: zvhpga-bench-gsoap-server --key-and-cert PEM --ca PEM [--port N]"
             " [--lifetime SECONDS] [--store SQLITE_FILE [--workers N]]\n", stderr);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const char* value = argv[i + 1];
    if (name == "--key-and-cert") {
      options.key_and_cert = value;
    } else if (name == "--ca") {
      options.ca = value;
    } else if (name == "--port") {
      options.port = std::atoi(value);
    } else if (name == "--store") {
      options.store = value;
    } else if (name == "--workers") {
      options.workers = static_cast<std::size_t>(std::atoi(value));
    } else if (name == "--lifetime") {
      options.lifetime_seconds = static_cast<unsigned>(std::atoi(value));
    } else {
      usage();
    }
  }
  if (argc % 2 == 0 || options.key_and_cert == nullptr || options.ca == nullptr) {
    usage();
  }
  return options;
}

int bound_port(SOAP_SOCKET socket) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

int free_request_data(soap* context) {
  soap_destroy(context);
  soap_end(context);
  return SOAP_OK;
}

// One thread per connection, the threading model of gSOAP's own examples; with keep-alive each
// thread serves its connection's requests until the client closes it.
void serve_connection(PeerService* connection) {
  if (connection->ssl_accept() == SOAP_OK) {
    connection->identify_partner();
    connection->serve();
  } else {
    connection->soap_stream_fault(std::cerr);  // a refused handshake says why, once
  }
  connection->destroy();
  delete connection;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  // Bounded even when whoever started it dies first: SIGALRM's default action ends the process.
  alarm(options.lifetime_seconds);

  soap_ssl_init();
  // gSOAP's I/O blocks, so each keep-alive connection has its thread; the store's work is bounded
  // by its reader connections, as many as zvh-pga has worker threads, and its one writer.
  std::unique_ptr<zvhpga::bench::EqualWorkStore> store;
  if (options.store != nullptr) {
    std::string audit_key(32, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(audit_key.data()), static_cast<int>(audit_key.size()));
    try {
      store = std::make_unique<zvhpga::bench::EqualWorkStore>(options.store, std::move(audit_key),
                                                              options.workers);
    } catch (const zvhpga::bench::StoreError& error) {
      std::cerr << "the store cannot be opened: " << error.what() << '\n';
      return 1;
    }
  }
  PeerService service(SOAP_IO_KEEPALIVE | SOAP_XML_STRICT, SOAP_IO_KEEPALIVE, store.get());
  // gSOAP closes a keep-alive connection after 100 requests by default, because it frees what a
  // request allocated only when the connection ends. Freeing it after every request instead (the
  // purpose of fserveloop) lets the peer keep its connections as long as the zvh-pga server does.
  service.soap->max_keep_alive = 1'000'000'000;
  service.soap->fserveloop = free_request_data;
  service.soap->bind_flags = SO_REUSEADDR;
  service.soap->accept_timeout = 0;
  service.soap->recv_timeout = 30;
  service.soap->send_timeout = 30;
  zvhpga::bench::validate_patterns(service.soap);
  if (soap_register_plugin(service.soap, soap_wsa) != SOAP_OK ||
      soap_ssl_server_context(service.soap,
                              SOAP_SSL_REQUIRE_CLIENT_AUTHENTICATION | SOAP_TLSv1_2 | SOAP_TLSv1_3,
                              options.key_and_cert, nullptr, options.ca, nullptr, nullptr, nullptr,
                              "zvhpga-bench-gsoap") != SOAP_OK) {
    service.soap_stream_fault(std::cerr);
    return 1;
  }
  if (!soap_valid_socket(service.bind("127.0.0.1", options.port, 128))) {
    service.soap_stream_fault(std::cerr);
    return 1;
  }
  std::printf("port %d\n", bound_port(service.soap->master));
  std::fflush(stdout);

  for (;;) {
    if (!soap_valid_socket(service.accept())) {
      service.soap_stream_fault(std::cerr);
      continue;
    }
    std::thread(serve_connection, static_cast<PeerService*>(service.copy())).detach();
  }
}
