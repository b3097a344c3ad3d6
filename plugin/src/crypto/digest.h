#pragma once
// Unkeyed hashing: SHA-256 through OpenSSL, for digests that identify, not authenticate (a
// retried request's document, docs/contract.md "Retried requests").
#include <string>
#include <string_view>

namespace zvhpga::crypto {

// Lower-case hex of SHA-256(bytes).
std::string sha256_hex(std::string_view bytes);

}  // namespace zvhpga::crypto
