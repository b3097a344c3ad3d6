#pragma once
// Keyed hashing for the audit chain (and, later, pseudonyms): HMAC-SHA-256 through OpenSSL's
// EVP_MAC interface.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zvhpga::crypto {

using Key = std::vector<unsigned char>;

// Lower-case hex of HMAC-SHA-256(key, message).
std::string hmac_sha256_hex(std::span<const unsigned char> key, std::string_view message);

// Compares two MACs in time independent of where they differ.
bool equal_macs(std::string_view a, std::string_view b);

}  // namespace zvhpga::crypto
