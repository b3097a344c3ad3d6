#include "service/request_pipeline.h"

#include "contract/codec.h"
#include "core/access_policy.h"
#include "xml/document.h"

namespace zvhpga::service {
namespace {

constexpr std::size_t kMaxIdentityField = 200;

// Used only if even the Error document could not be produced (out of memory).
constexpr const char* kLastResortError =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Error xmlns=\"urn:nl:zvh-pga:contract:1\"><code>internal-error</code>"
    "<message>The request could not be handled.</message></Error>\n";

core::Error not_authorized(std::string message) {
  return {core::ErrorCode::NotAuthorized, std::move(message), {}};
}

}  // namespace

RequestPipeline::RequestPipeline(const config::Configuration& config, const xml::Schema& contract,
                                 Store& store, Clock& clock, IdGenerator& ids)
    : config_(config), contract_(contract), store_(store), clock_(clock), service_(ids) {}

core::Result<const config::Partner*> RequestPipeline::find_partner(
    const CallerIdentity& identity) const {
  const config::Partner* partner = config_.find_partner(identity.organisation);
  if (partner == nullptr)
    return core::Error{core::ErrorCode::UnknownPartner,
                       "The organisation '" +
                           std::string(identity.organisation.substr(0, kMaxIdentityField)) +
                           "' is not a partner in this instance's configuration.",
                       {}};
  return partner;
}

core::Result<Caller> RequestPipeline::identify(const config::Partner& partner,
                                               const CallerIdentity& identity,
                                               const xmlNode& request_root) const {
  std::string user(identity.user);
  std::string role_token(identity.role);
  if (const auto in_document = contract::requested_by(request_root)) {
    if ((!user.empty() && user != in_document->user) ||
        (!role_token.empty() && role_token != in_document->role))
      return not_authorized(
          "The requestedBy in the document differs from the identity the caller presented.");
    user = in_document->user;
    role_token = in_document->role;
  }
  const auto role = core::from_token<core::Role>(role_token);
  if (!role)
    return core::Error{core::ErrorCode::UnknownRole,
                       "The role '" + role_token.substr(0, kMaxIdentityField) +
                           "' is not one of the roles of zvh-pga (docs/roles.md).",
                       {}};
  if (user.empty() || user.size() > kMaxIdentityField)
    return not_authorized("The caller identity must name the user (1 to 200 characters).");
  return Caller{{partner.id, partner.kind, std::move(user), *role}, &partner};
}

core::Result<std::string> RequestPipeline::process(const CallerIdentity& identity,
                                                   std::string_view request) {
  // An unknown organisation learns nothing, not even whether its document would parse.
  auto partner = find_partner(identity);
  if (!partner) return partner.error();
  auto doc = xml::parse_untrusted(request, config_.max_request_bytes);
  if (!doc) return doc.error();

  const xmlNode& root = *xmlDocGetRootElement(doc.value().get());
  const auto operation = contract::identify_operation(root);
  if (!operation)
    return core::Error{core::ErrorCode::UnknownOperation,
                       "The document's root element '" + std::string(xml::from_xml(root.name)) +
                           "' is not a request of contract " + contract::kNamespace + ".",
                       {}};
  if (auto valid = contract_.validate(*doc.value()); !valid) return valid.error();
  auto caller = identify(**partner, identity, root);
  if (!caller) return caller.error();
  if (!core::is_permitted(caller->actor.role, caller->actor.partner_kind, *operation))
    return not_authorized("A " + std::string(core::to_token(caller->actor.role)) + " of the " +
                          std::string(core::to_token(caller->actor.partner_kind)) +
                          " may not perform " + std::string(core::to_token(*operation)) + ".");

  const contract::Request typed = contract::decode_request(*operation, root);
  const bool reads_only =
      *operation == core::Operation::GetSignal || *operation == core::Operation::ListWorklist;
  auto tx = store_.begin(reads_only ? TransactionMode::ReadOnly : TransactionMode::ReadWrite);
  auto response = service_.handle(*tx, caller.value(), typed, now_from(clock_.now()));
  if (!response) return response.error();  // tx rolls back

  xml::Document answer = contract::encode_response(response.value());
  if (auto valid = contract_.validate(*answer); !valid)
    return core::Error{core::ErrorCode::Internal,
                       "The plugin produced an invalid response; nothing was changed.",
                       {}};
  tx->commit();
  return xml::serialize(*answer);
}

Answer RequestPipeline::refuse(const core::Error& error) const noexcept {
  try {
    xml::Document document = contract::encode_error(error);
    if (contract_.validate(*document))
      return {core::error_class(error.code), xml::serialize(*document)};
  } catch (...) {
  }
  try {
    return {core::ErrorClass::Internal, kLastResortError};
  } catch (...) {
    return {core::ErrorClass::Internal, {}};
  }
}

Answer RequestPipeline::handle(const CallerIdentity& identity, std::string_view request) noexcept {
  try {
    auto result = process(identity, request);
    if (result) return {std::nullopt, std::move(result.value())};
    return refuse(result.error());
  } catch (const StoreFailure& failure) {
    // The database's own words (SQL, paths) stay inside; the caller learns what to do.
    if (failure.retryable())
      return refuse({core::ErrorCode::StoreUnavailable,
                     "The database is temporarily unavailable; nothing was changed. Try again "
                     "shortly.",
                     {}});
    return refuse({core::ErrorCode::Internal,
                   "The request could not be stored; nothing was changed.", {}});
  } catch (...) {
    return refuse({core::ErrorCode::Internal, "The request could not be handled; nothing was "
                                              "changed.", {}});
  }
}

}  // namespace zvhpga::service
