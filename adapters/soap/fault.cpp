#include "soap/fault.h"

#include <array>
#include <utility>

namespace zvhpga::soap {
namespace {

struct FaultText {
  FaultCode code;
  std::string_view number;
  FaultSide side;
  std::string_view reason;
};

constexpr std::array<FaultText, 12> kFaults{{
    {FaultCode::InvalidEnvelope, "0001", FaultSide::Client,
     "The message is not a well-formed SOAP 1.1 envelope with exactly one Body child."},
    {FaultCode::NotAuthorized, "0002", FaultSide::Client,
     "The caller is not authorised for this service or this operation."},
    {FaultCode::InvalidSoapAction, "0003", FaultSide::Client,
     "The SOAPAction HTTP header must be \"\" or equal to wsa:Action."},
    {FaultCode::NotSchemaValid, "0004", FaultSide::Client,
     "The Body is not a valid request document of the contract."},
    {FaultCode::MissingTo, "0005", FaultSide::Client, "The wsa:To header is missing."},
    {FaultCode::MissingAction, "0006", FaultSide::Client, "The wsa:Action header is missing."},
    {FaultCode::MissingMessageId, "0007", FaultSide::Client, "The wsa:MessageID header is missing."},
    {FaultCode::MissingRelatesTo, "0008", FaultSide::Client, "The wsa:RelatesTo header is missing."},
    {FaultCode::NotUtf8, "0009", FaultSide::Client, "The message is not encoded in UTF-8."},
    {FaultCode::NonWsaHeader, "0010", FaultSide::Client,
     "The SOAP Header holds a block other than WS-Addressing 1.0."},
    {FaultCode::WrongHeaderValue, "0011", FaultSide::Client,
     "A WS-Addressing header has a value other than the one prescribed."},
    {FaultCode::ServiceUnavailable, "0051", FaultSide::Server,
     "The service is temporarily unavailable; nothing was changed. Try again shortly."},
}};

const FaultText& text_of(FaultCode code) {
  for (const FaultText& text : kFaults)
    if (text.code == code) return text;
  return kFaults.front();
}

// The plugin's refusals that a Digikoppeling code describes; the Error code stays in the detail.
std::optional<FaultCode> digikoppeling_equivalent(core::ErrorCode error_code) {
  switch (error_code) {
    case core::ErrorCode::SchemaInvalid:
    case core::ErrorCode::UnknownOperation: return FaultCode::NotSchemaValid;
    case core::ErrorCode::UnknownPartner:
    case core::ErrorCode::UnknownRole:
    case core::ErrorCode::NotAuthorized: return FaultCode::NotAuthorized;
    case core::ErrorCode::StoreUnavailable: return FaultCode::ServiceUnavailable;
    // Another document under a wsa:MessageID the partner already used (docs/soap.md).
    case core::ErrorCode::RequestIdReused: return FaultCode::WrongHeaderValue;
    default: return std::nullopt;
  }
}

}  // namespace

std::string_view digikoppeling_code(FaultCode code) { return text_of(code).number; }

Fault envelope_fault(FaultCode code) {
  const FaultText& text = text_of(code);
  return {text.side, code, std::string(text.reason), {}};
}

Fault version_mismatch_fault() {
  return {FaultSide::VersionMismatch, FaultCode::InvalidEnvelope,
          "The envelope is not a SOAP 1.1 envelope; this service speaks SOAP 1.1 only.", {}};
}

Fault domain_fault(core::ErrorCode error_code, std::string error_document) {
  Fault fault;
  fault.code = digikoppeling_equivalent(error_code);
  if (fault.code) {
    const FaultText& text = text_of(*fault.code);
    fault.side = text.side;
    fault.reason = text.reason;
  } else if (core::error_class(error_code) == core::ErrorClass::Internal) {
    fault.side = FaultSide::Server;
    fault.reason = "The request could not be handled; nothing was changed.";
  } else {
    fault.reason =
        "The request was refused (" + std::string(core::code_name(error_code)) + "); see the detail.";
  }
  fault.detail = std::move(error_document);
  return fault;
}

std::string fault_string(const Fault& fault) {
  if (!fault.code) return fault.reason;
  return std::string(digikoppeling_code(*fault.code)) + ": " + fault.reason;
}

}  // namespace zvhpga::soap
