#pragma once
// The claims of a user assertion, checked once its signature verified (crypto/jws.h): who it
// names, for whom, and when it may be used (docs/configuration.md, "User assertions"). The
// replay check, one use per assertion across every process, is the store's (ports/
// assertion_replay.h) and runs in the request's own transaction.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/configuration.h"
#include "core/result.h"
#include "crypto/jws.h"

namespace zvhpga::service {

// The claims as accepted, and how long the assertion's use is remembered.
struct AssertedUser {
  std::string user;          // sub
  std::string role;          // role, a token checked by the pipeline as any role is
  std::string assertion_id;  // jti
  std::int64_t kept_until = 0;  // exp plus the clock skew, seconds since the epoch
};

// The claim that names the role (sub names the user, as in RFC 7519).
inline constexpr std::string_view kRoleClaim = "role";
// The longest assertion id (jti) accepted: enough for a UUID or a URN, short enough to key on.
inline constexpr std::size_t kMaxAssertionId = 200;

// Verifies `token` under `key` and checks its claims against `settings` at `now`. Every refusal
// is NotAuthorized and says which claim failed.
core::Result<AssertedUser> check_user_assertion(std::string_view token,
                                                const crypto::Es256PublicKey& key,
                                                const config::UserAssertionSettings& settings,
                                                std::chrono::system_clock::time_point now);

}  // namespace zvhpga::service
