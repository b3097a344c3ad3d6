#pragma once
// Base64url without padding (RFC 4648 §5, as JWS uses it, RFC 7515 §2), decoded strictly: only
// the 64 letters of its alphabet, no '=', no whitespace, and no leftover bits set, so that each
// byte string has exactly one encoding and a changed character is never read as the same bytes.
#include <optional>
#include <string>
#include <string_view>

namespace zvhpga::crypto {

std::optional<std::string> decode_base64url(std::string_view text);

}  // namespace zvhpga::crypto
