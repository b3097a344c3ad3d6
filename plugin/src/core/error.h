#pragma once
// Errors are values: a stable code, a sentence a person understands, and (for documents with
// several faults) every problem found, each tied to the field it concerns.
#include <string>
#include <string_view>
#include <vector>

namespace zvhpga::core {

enum class ErrorCode {
  MalformedXml,
  DoctypeRefused,
  RequestTooLarge,
  SchemaInvalid,
  UnknownOperation,
  UnknownPartner,
  UnknownRole,
  NotAuthorized,
  UnknownSignal,
  SignalLocked,
  UnknownContribution,
  UnknownItem,
  IllegalTransition,
  DuplicateContribution,
  ContributionsMissing,
  ParticipantsMissing,
  InvalidValue,
  UnknownCatalogueVersion,
  CriteriaIncomplete,
  CatalogueRefused,
  RetentionPolicyRefused,
  InvalidConfiguration,
  StoreUnavailable,
  Internal,
  RequestIdReused,
  AuditTrailBroken,
};

// What kind of failure it is, for the C ABI status and the SOAP faultcode.
enum class ErrorClass { Rejected, Unavailable, Internal };

struct Problem {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code;
  std::string message;
  std::vector<Problem> problems;
};

// An InvalidConfiguration error: what an administrator must change before the plugin can run.
Error configuration_error(std::string message, std::vector<Problem> problems = {});

// The stable, documented identifier of a code (docs/errors.md); never renamed once released.
std::string_view code_name(ErrorCode code);
ErrorClass error_class(ErrorCode code);

}  // namespace zvhpga::core
