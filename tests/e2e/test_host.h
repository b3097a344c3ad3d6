#pragma once
// A host platform's web service for the client tests: HTTPS with mutual TLS on 127.0.0.1 under
// the plugin's own TLS policy, answering RecordOutcomeRequest with the acknowledgement of
// schemas/zvhpga-host-v1.xsd. It can be told to fail the first calls (a SOAP Server fault) and
// to leave wsa:RelatesTo out of its answers or name another message there, and records every
// call it received.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/configuration.h"

namespace zvhpga::e2e {

struct ReceivedCall {
  std::string action;
  std::string to;
  std::string message_id;
  std::string decision_id;
  std::string body;  // the whole envelope
};

class TestHost {
 public:
  // Listens on 127.0.0.1:port (0: any free port) with the given certificate, requiring a
  // client certificate that chains to tls.trust_store.
  TestHost(const config::TlsFiles& tls, std::uint16_t port = 0);
  ~TestHost();
  TestHost(const TestHost&) = delete;
  TestHost& operator=(const TestHost&) = delete;

  std::uint16_t port() const;
  void fail_first_calls(int count);
  void omit_relates_to();
  void relate_to_another_message();
  std::vector<ReceivedCall> calls() const;

  struct Running;

 private:
  std::unique_ptr<Running> running_;
};

}  // namespace zvhpga::e2e
