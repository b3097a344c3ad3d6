#include "soap/soap_endpoint.h"

#include <variant>

#include "contract/codec.h"
#include "soap/envelope.h"
#include "core/access_policy.h"
#include "xml/document.h"

namespace zvhpga::soap {
namespace {

constexpr unsigned kHttpOk = 200;
// SOAP 1.1 over HTTP (WS-I Basic Profile R1126): every fault is a 500.
constexpr unsigned kHttpFault = 500;

// WS-I Basic Profile R1109: the header value is a quoted string; an unquoted one is accepted.
bool soap_action_matches(std::optional<std::string_view> soap_action, std::string_view action) {
  if (!soap_action) return false;
  std::string_view value = *soap_action;
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  return value.empty() || value == action;
}

// The value of the OIN query parameter of a wsa:To address (Digikoppeling RFC 2018-01:
// `https://host/path?OIN=00000001...`), if it has one.
std::optional<std::string_view> addressed_oin(std::string_view to) {
  const auto query = to.find('?');
  if (query == std::string_view::npos) return std::nullopt;
  std::string_view rest = to.substr(query + 1);
  while (!rest.empty()) {
    const auto end = rest.find('&');
    const std::string_view parameter = rest.substr(0, end);
    if (parameter.starts_with("OIN=")) return parameter.substr(4);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

// The size the Body child is held to limits/maxRequestBytes by. In an envelope no larger than
// the limit the child fits whatever its own size, so only a larger envelope pays for
// serialising the child to measure it.
std::size_t body_child_bytes(const Envelope& envelope, std::size_t envelope_bytes,
                             std::size_t max_bytes) {
  if (envelope_bytes <= max_bytes) return envelope_bytes;
  return body_document(envelope).size();
}

}  // namespace

SoapEndpoint::SoapEndpoint(const config::Configuration& config, service::RequestPipeline& pipeline,
                           std::optional<std::string> service_oin)
    : config_(config), pipeline_(pipeline), service_oin_(std::move(service_oin)) {}

const config::Partner* SoapEndpoint::partner_with_oin(std::string_view oin) const {
  const config::Partner* partner = config_.find_partner(oin);
  return partner != nullptr && partner->oin == oin ? partner : nullptr;
}

HttpReply SoapEndpoint::fault_reply(const Fault& fault, ExchangeFacts facts) {
  const Addressing addressing{{}, std::string(kActionPrefix) + "Fault", "urn:uuid:" + ids_.new_id(),
                              facts.message_id};
  facts.fault = fault.code;
  return {kHttpFault, std::string(kSoapContentType), write_envelope(addressing, fault_element(fault)),
          std::move(facts)};
}

HttpReply SoapEndpoint::refuse_unknown_partner() {
  return fault_reply(envelope_fault(FaultCode::NotAuthorized), {});
}

HttpReply SoapEndpoint::handle(const SoapRequest& request) noexcept {
  ExchangeFacts facts;
  try {
    return exchange(request, facts);
  } catch (...) {
  }
  try {
    facts.error = core::ErrorCode::Internal;
    return fault_reply(domain_fault(core::ErrorCode::Internal, {}), std::move(facts));
  } catch (...) {
    return {kHttpFault, {}, {}, {}};
  }
}

HttpReply SoapEndpoint::exchange(const SoapRequest& request, ExchangeFacts& facts) {
  // The Body child is limited by the plugin's own limit; the envelope around it may add a bit.
  auto read = read_envelope(request.content_type, request.body, request.body.size(),
                            MessageKind::Request);
  if (auto* refused = std::get_if<RefusedEnvelope>(&read)) {
    facts.message_id = refused->message_id;
    return fault_reply(refused->fault, facts);
  }
  const Envelope& envelope = std::get<Envelope>(read);
  const Addressing& addressing = envelope.addressing;
  facts.message_id = addressing.message_id;

  // The host and path of wsa:To are not compared: a proxy or load balancer in front of the
  // service may rewrite them. An OIN in it names the receiving organisation, and that must be
  // the one whose certificate this service presents.
  if (const auto oin = addressed_oin(addressing.to); oin && service_oin_ && *oin != *service_oin_)
    return fault_reply(envelope_fault(FaultCode::WrongHeaderValue), facts);

  // wsa:Action names an operation (urn:nl:zvh-pga:contract:1/<Operation>) and the Body child
  // must be its request; a Body that is no request of the contract at all is left to the
  // pipeline, which says so in an Error document (fault 0004).
  const std::string_view action = addressing.action;
  const auto action_operation =
      action.starts_with(kActionPrefix)
          ? core::from_token<core::Operation>(action.substr(kActionPrefix.size()))
          : std::nullopt;
  facts.operation = action_operation;
  const auto body_operation = contract::identify_operation(*envelope.body_child);
  if (!action_operation || (body_operation && body_operation != action_operation))
    return fault_reply(envelope_fault(FaultCode::WrongHeaderValue), facts);
  if (!soap_action_matches(request.soap_action, addressing.action))
    return fault_reply(envelope_fault(FaultCode::InvalidSoapAction), facts);

  const service::CallerIdentity identity{request.partner_oin, {}, {}, addressing.message_id,
                                         core::Door::WebService, request.peer_address};
  const service::ParsedRequest body{
      *envelope.body_child,
      body_child_bytes(envelope, request.body.size(), config_.max_request_bytes)};
  service::Answer answer = pipeline_.handle(identity, body);
  facts.trace_id = std::move(answer.trace_id);
  if (answer.error) {
    facts.error = answer.error;
    return fault_reply(domain_fault(*answer.error, std::move(answer.document)), facts);
  }

  const Addressing reply{{}, std::string(action) + "Response",
                         "urn:uuid:" + ids_.new_id(), addressing.message_id};
  return {kHttpOk, std::string(kSoapContentType),
          write_envelope(reply, xml::without_declaration(answer.document)), std::move(facts)};
}

}  // namespace zvhpga::soap
