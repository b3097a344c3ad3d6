#pragma once
// A call into the host platform's own web service (docs/soap.md, "Calling the host"): the
// outcome delivery pushes decisions through it. The SOAP adapter implements it over mutual TLS
// (soap/host_client.h).
#include <string>
#include <string_view>
#include <variant>

namespace zvhpga::ports {

struct HostCall {
  std::string_view action;        // wsa:Action
  std::string_view message_id;    // wsa:MessageID, the same on every repetition
  std::string_view body_element;  // the Body child, an element without XML declaration
};

// Why a call failed: a stable code and a fixed sentence, neither with anything the host or a
// library said, so both may be stored and shown.
struct CallFailure {
  std::string code;
  std::string message;
  bool transient = false;  // worth repeating with the same MessageID
};

// The acknowledged call: the answer's Body child as a document of its own.
using CallResult = std::variant<std::string, CallFailure>;

class HostClient {
 public:
  virtual ~HostClient() = default;
  // Repeats a transient failure as the implementation is configured to. Never throws.
  virtual CallResult call(const HostCall& call) noexcept = 0;
  // The host part of the URL, as audit records name the other side.
  virtual const std::string& host() const = 0;
};

}  // namespace zvhpga::ports
