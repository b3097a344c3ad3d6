// Raw HTTP bytes from a partner that passed mutual TLS, through Beast's parser with the
// service's limits, the envelope, WS-Addressing and the request pipeline to the store: what any
// network peer with a valid certificate can send.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

#include "runtime/instance.h"
#include "fuzz_support.h"
#include "soap/soap_endpoint.h"

namespace {

namespace http = boost::beast::http;

constexpr std::string_view kPartnerOin = "00000099002220647000";  // gemeente-utrecht
constexpr std::uint32_t kMaxHeaderBytes = 8192;
constexpr std::uint64_t kMaxBodyBytes = 1024 * 1024;

struct Service {
  std::unique_ptr<zvhpga::runtime::Instance> instance;
  std::unique_ptr<zvhpga::soap::SoapEndpoint> endpoint;
};

Service& service() {
  static Service opened = [] {
    auto instance = zvhpga::runtime::Instance::open(zvhpga::fuzzing::write_fuzz_configuration());
    if (!instance) std::abort();
    Service result{std::move(instance.value()), nullptr};
    result.endpoint = std::make_unique<zvhpga::soap::SoapEndpoint>(
        result.instance->configuration(), result.instance->pipeline(), "00000099823288444000");
    return result;
  }();
  return opened;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  parser.eager(true);
  boost::beast::error_code error;
  std::size_t used = 0;
  while (used < size && !error && !parser.is_done())
    used += parser.put(boost::asio::const_buffer(data + used, size - used), error);
  if (!error && !parser.is_done()) parser.put_eof(error);
  if (error || !parser.is_done()) return 0;

  const auto& request = parser.get();
  const auto soap_action = request.find("SOAPAction");
  const zvhpga::soap::HttpReply reply = service().endpoint->handle(
      {kPartnerOin, "fuzz",
       soap_action == request.end() ? std::nullopt
                                    : std::optional<std::string_view>(soap_action->value()),
       request[http::field::content_type], request.body()});
  // Every answer is a success or a SOAP fault with a body.
  if ((reply.status != 200 && reply.status != 500) || reply.body.empty()) std::abort();
  return 0;
}
