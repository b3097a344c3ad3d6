#pragma once
// One SOAP exchange, independent of the network: the HTTP facts of a request go in, the HTTP
// reply comes out. The Body child travels through the same RequestPipeline as a call through
// the C ABI; this class adds the envelope, WS-Addressing and the faults, and no business rule.
#include <optional>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "crypto/random_id.h"
#include "service/request_pipeline.h"
#include "soap/fault.h"
#include "soap/request_log.h"

namespace zvhpga::soap {

inline constexpr std::string_view kActionPrefix = "urn:nl:zvh-pga:contract:1/";

struct HttpReply {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  ExchangeFacts facts;  // for the request log; empty for a reply the endpoint did not make
};

struct SoapRequest {
  std::string_view partner_oin;                // from the client certificate, already known
  std::string_view peer_address;               // the client's address, for the audit trail
  std::optional<std::string_view> soap_action;  // the SOAPAction header, if sent
  std::string_view content_type;
  std::string_view body;
};

class SoapEndpoint {
 public:
  // service_oin: the OIN in the service's own certificate, if it carries one; a request whose
  // wsa:To names another OIN is not for this service.
  SoapEndpoint(const config::Configuration& config, service::RequestPipeline& pipeline,
               std::optional<std::string> service_oin);

  // The partner whose certificate carries this OIN, looked up by OIN only (never by id).
  const config::Partner* partner_with_oin(std::string_view oin) const;

  // Never throws: whatever fails inside becomes a Server fault that says nothing more.
  HttpReply handle(const SoapRequest& request) noexcept;

  // Fault 0002 without looking at the message: a caller the partner table does not know
  // learns nothing about its message.
  HttpReply refuse_unknown_partner();

 private:
  // facts: what is known of the request so far (its MessageID once read, for the RelatesTo of
  // a fault that an exception becomes), and what it came to.
  HttpReply exchange(const SoapRequest& request, ExchangeFacts& facts);
  HttpReply fault_reply(const Fault& fault, ExchangeFacts facts);

  const config::Configuration& config_;
  service::RequestPipeline& pipeline_;
  const std::optional<std::string> service_oin_;
  crypto::RandomIdGenerator ids_;
};

}  // namespace zvhpga::soap
