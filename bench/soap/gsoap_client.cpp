// A client generated from schemas/zvhpga-v1.wsdl by gSOAP calls a SOAP service over mutual TLS:
// it reads examples/register-signal.xml into the generated request type (so the contract's own
// example passes gSOAP's strict validation), registers it, gets the signal back by the returned
// identifier, and checks the answer and the WS-Addressing correlation of both calls.
// It proves that a standard toolkit can use the WSDL; run.sh runs it against both servers.
//
// Usage: zvhpga-bench-gsoap-client --url URL --key-and-cert PEM --ca PEM --register XML
//                                  [--user NAME] [--role ROLE]
// Exit status 0 when both calls succeeded and the answers are the expected ones.
#include "gsoap_support.h"
#include "soapZvhPgaSoap11BindingProxy.h"
#include "wsaapi.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view contract_action_prefix = "urn:nl:zvh-pga:contract:1/";

struct Options {
  const char* url = nullptr;
  const char* key_and_cert = nullptr;
  const char* ca = nullptr;
  const char* register_request = nullptr;
  std::string user = "bench-client";
  ns1__Role role = ns1__Role__intake_officer;
};

[[noreturn]] void usage() {
  std::fputs("usage: zvhpga-bench-gsoap-client --url URL --key-and-cert PEM --ca PEM"
             " --register XML [--user NAME] [--role ROLE]\n", stderr);
  std::exit(2);
}

Options parse_options(soap* context, int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const char* value = argv[i + 1];
    if (name == "--url") {
      options.url = value;
    } else if (name == "--key-and-cert") {
      options.key_and_cert = value;
    } else if (name == "--ca") {
      options.ca = value;
    } else if (name == "--register") {
      options.register_request = value;
    } else if (name == "--user") {
      options.user = value;
    } else if (name == "--role") {
      if (soap_s2ns1__Role(context, value, &options.role) != SOAP_OK) {
        usage();
      }
    } else {
      usage();
    }
  }
  if (argc % 2 == 0 || options.url == nullptr || options.key_and_cert == nullptr ||
      options.ca == nullptr || options.register_request == nullptr) {
    usage();
  }
  return options;
}

int fail(ZvhPgaSoap11BindingProxy& proxy, const char* step) {
  std::cerr << "gsoap-client: " << step << " failed: ";
  proxy.soap_stream_fault(std::cerr);
  return 1;
}

int fail(const char* what) {
  std::cerr << "gsoap-client: " << what << '\n';
  return 1;
}

std::string action_of(std::string_view operation) {
  return std::string(contract_action_prefix).append(operation);
}

// Addresses the next call and returns its MessageID, which the answer's RelatesTo must carry.
std::string address_call(soap* context, const char* url, std::string_view operation) {
  const std::string message_id = soap_wsa_rand_uuid(context);
  soap_wsa_request(context, message_id.c_str(), url, action_of(operation).c_str());
  return message_id;
}

bool answer_relates_to(const soap* context, const std::string& message_id) {
  const SOAP_ENV__Header* header = context->header;
  return header != nullptr && header->wsa5__RelatesTo != nullptr &&
         header->wsa5__RelatesTo->__item != nullptr && message_id == header->wsa5__RelatesTo->__item;
}

}  // namespace

int main(int argc, char** argv) {
  soap_ssl_init();
  ZvhPgaSoap11BindingProxy proxy(SOAP_XML_STRICT, SOAP_XML_INDENT);
  const Options options = parse_options(proxy.soap, argc, argv);
  zvhpga::bench::validate_patterns(proxy.soap);
  proxy.soap_endpoint = options.url;
  if (soap_register_plugin(proxy.soap, soap_wsa) != SOAP_OK ||
      soap_ssl_client_context(proxy.soap, SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3,
                              options.key_and_cert, nullptr, options.ca, nullptr, nullptr) != SOAP_OK) {
    return fail(proxy, "TLS setup");
  }

  // A context of its own for the example document, which must outlive the call that sends it.
  soap reader(SOAP_XML_STRICT);
  zvhpga::bench::validate_patterns(&reader);
  std::ifstream example(options.register_request);
  reader.is = &example;
  _ns1__RegisterSignalRequest register_request;
  if (!example || soap_read__ns1__RegisterSignalRequest(&reader, &register_request) != SOAP_OK) {
    soap_stream_fault(&reader, std::cerr);
    return fail("the register example is not a valid RegisterSignalRequest");
  }
  ns1__RequestedBy requested_by;
  requested_by.user = options.user;
  requested_by.role = options.role;
  register_request.requestedBy = &requested_by;

  const std::string register_id = address_call(proxy.soap, options.url, "RegisterSignal");
  _ns1__RegisterSignalResponse registered;
  if (proxy.RegisterSignal(&register_request, registered) != SOAP_OK) {
    return fail(proxy, "RegisterSignal");
  }
  if (!answer_relates_to(proxy.soap, register_id)) {
    return fail("the RegisterSignal answer does not relate to its request");
  }
  std::cout << "RegisterSignal: signalId " << registered.signalId << ", state "
            << soap_ns1__SignalState2s(proxy.soap, registered.state) << '\n';

  _ns1__GetSignalRequest get_request;
  get_request.requestedBy = &requested_by;
  get_request.signalId = registered.signalId;
  const std::string get_id = address_call(proxy.soap, options.url, "GetSignal");
  _ns1__GetSignalResponse dossier;
  if (proxy.GetSignal(&get_request, dossier) != SOAP_OK) {
    return fail(proxy, "GetSignal");
  }
  if (!answer_relates_to(proxy.soap, get_id)) {
    return fail("the GetSignal answer does not relate to its request");
  }
  if (dossier.signal == nullptr || dossier.signal->signalId != registered.signalId ||
      dossier.signal->intake == nullptr ||
      dossier.signal->intake->region != register_request.region) {
    return fail("GetSignal did not return the registered signal");
  }
  std::cout << "GetSignal: signalId " << dossier.signal->signalId << ", state "
            << soap_ns1__SignalState2s(proxy.soap, dossier.signal->state) << ", "
            << dossier.signal->history.transition.size() << " transition(s)\n";
  proxy.destroy();
  soap_destroy(&reader);
  soap_end(&reader);
  return 0;
}
