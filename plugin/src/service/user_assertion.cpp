#include "service/user_assertion.h"

#include "core/flat_json.h"

namespace zvhpga::service {
namespace {

core::Error refused(std::string message) {
  return {core::ErrorCode::NotAuthorized, "The user assertion " + std::move(message), {}};
}

}  // namespace

core::Result<AssertedUser> check_user_assertion(std::string_view token,
                                                const crypto::Es256PublicKey& key,
                                                const config::UserAssertionSettings& settings,
                                                std::chrono::system_clock::time_point now) {
  auto payload = crypto::verify_compact_jws(token, key);
  if (!payload) return payload.error();
  auto claims = core::parse_flat_json_object(*payload);
  if (!claims)
    return refused("has claims that are not a flat JSON object: " + claims.error().message);

  AssertedUser asserted;
  auto user = claims->text("sub");
  auto role = claims->text(kRoleClaim);
  auto id = claims->text("jti");
  if (!user || user->empty()) return refused("names no user (claim sub).");
  if (!role || role->empty()) return refused("names no role (claim role).");
  if (!id || id->empty() || id->size() > kMaxAssertionId)
    return refused("has no unique id of 1 to 200 characters (claim jti).");
  if (claims->text("aud") != settings.service_oin)
    return refused("is not addressed to this service (claim aud must be its OIN " +
                   settings.service_oin + ").");

  const auto issued_at = claims->integer("iat");
  const auto expires_at = claims->integer("exp");
  const auto* not_before_value = claims->find("nbf");
  const auto not_before = claims->integer("nbf");
  if (!issued_at || !expires_at || (not_before_value != nullptr && !not_before))
    return refused("must give iat and exp (and nbf, when present) as whole seconds since 1970.");
  const std::int64_t seconds_now =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t skew = settings.clock_skew.count();
  // In this order, so that no sum below can overflow: iat is bounded by now, exp by iat.
  if (*issued_at < 0 || *issued_at > seconds_now + skew)
    return refused("is not valid yet: it was issued later than now (claim iat).");
  if (not_before && *not_before > seconds_now + skew)
    return refused("is not valid yet (claim nbf).");
  if (*expires_at <= *issued_at) return refused("expires before it was issued (claims iat, exp).");
  if (*expires_at - *issued_at > settings.max_lifetime.count())
    return refused("lives longer than the " + std::to_string(settings.max_lifetime.count()) +
                   " seconds accepted (claims iat, exp).");
  if (seconds_now >= *expires_at + skew) return refused("has expired (claim exp).");

  asserted.user = std::move(*user);
  asserted.role = std::move(*role);
  asserted.assertion_id = std::move(*id);
  asserted.kept_until = *expires_at + skew;
  return asserted;
}

}  // namespace zvhpga::service
