#pragma once
// SOAP 1.1 faults as Digikoppeling prescribes them: faultcode Client or Server, the Best Practices
// WUS error code at the start of the faultstring, and a detail only when the Body caused the
// fault. Fault texts are fixed sentences: nothing from a parser, a path or the database.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace zvhpga::soap {

// Digikoppeling Best Practices WUS, "foutafhandeling": the codes 0001-0011 and 0051.
enum class FaultCode {
  InvalidEnvelope,     // 0001
  NotAuthorized,       // 0002
  InvalidSoapAction,   // 0003
  NotSchemaValid,      // 0004
  MissingTo,           // 0005
  MissingAction,       // 0006
  MissingMessageId,    // 0007
  MissingRelatesTo,    // 0008
  NotUtf8,             // 0009
  NonWsaHeader,        // 0010
  WrongHeaderValue,    // 0011
  ServiceUnavailable,  // 0051
};

// The faultcode: the sender's fault or the service's; VersionMismatch is the sender's too, for
// an envelope of another SOAP version (SOAP 1.1 §4.1.2).
enum class FaultSide { Client, Server, VersionMismatch };

struct Fault {
  FaultSide side = FaultSide::Client;
  // Empty for a domain refusal that no Digikoppeling code describes (illegal-transition, ...).
  std::optional<FaultCode> code;
  std::string reason;
  // The plugin's Error document (without XML declaration) when the Body caused the fault.
  std::string detail;
};

std::string_view digikoppeling_code(FaultCode code);

// A fault about the envelope, its headers or the transport, with its fixed reason.
Fault envelope_fault(FaultCode code);

// Fault 0001 with faultcode VersionMismatch: the Envelope element is in another namespace than
// SOAP 1.1's (a SOAP 1.2 envelope, say).
Fault version_mismatch_fault();

// The fault for the plugin's Error document (docs/errors.md), which travels as its detail;
// error_code is the code that document carries (service::Answer::code).
Fault domain_fault(core::ErrorCode error_code, std::string error_document);

// The faultstring: "0004: ..." or just the reason when there is no Digikoppeling code.
std::string fault_string(const Fault& fault);

}  // namespace zvhpga::soap
