#include "core/error.h"

#include <utility>

namespace zvhpga::core {

Error configuration_error(std::string message, std::vector<Problem> problems) {
  return {ErrorCode::InvalidConfiguration, std::move(message), std::move(problems)};
}

std::string_view code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::MalformedXml: return "malformed-xml";
    case ErrorCode::DoctypeRefused: return "doctype-refused";
    case ErrorCode::RequestTooLarge: return "request-too-large";
    case ErrorCode::SchemaInvalid: return "schema-invalid";
    case ErrorCode::UnknownOperation: return "unknown-operation";
    case ErrorCode::UnknownPartner: return "unknown-partner";
    case ErrorCode::UnknownRole: return "unknown-role";
    case ErrorCode::NotAuthorized: return "not-authorized";
    case ErrorCode::UnknownSignal: return "unknown-signal";
    case ErrorCode::SignalLocked: return "signal-locked";
    case ErrorCode::UnknownContribution: return "unknown-contribution";
    case ErrorCode::UnknownItem: return "unknown-item";
    case ErrorCode::IllegalTransition: return "illegal-transition";
    case ErrorCode::DuplicateContribution: return "duplicate-contribution";
    case ErrorCode::ContributionsMissing: return "contributions-missing";
    case ErrorCode::ParticipantsMissing: return "participants-missing";
    case ErrorCode::InvalidValue: return "invalid-value";
    case ErrorCode::UnknownCatalogueVersion: return "unknown-catalogue-version";
    case ErrorCode::CriteriaIncomplete: return "criteria-incomplete";
    case ErrorCode::CatalogueRefused: return "catalogue-refused";
    case ErrorCode::RetentionPolicyRefused: return "retention-policy-refused";
    case ErrorCode::InvalidConfiguration: return "invalid-configuration";
    case ErrorCode::StoreUnavailable: return "store-unavailable";
    case ErrorCode::Internal: return "internal-error";
    case ErrorCode::RequestIdReused: return "request-id-reused";
    case ErrorCode::AuditTrailBroken: return "audit-trail-broken";
  }
  return "internal-error";
}

ErrorClass error_class(ErrorCode code) {
  switch (code) {
    case ErrorCode::StoreUnavailable: return ErrorClass::Unavailable;
    case ErrorCode::Internal:
    case ErrorCode::AuditTrailBroken: return ErrorClass::Internal;
    default: return ErrorClass::Rejected;
  }
}

}  // namespace zvhpga::core
