#pragma once
// A partner's identity provider as the tests play it: a fresh EC P-256 key made with OpenSSL,
// its public key written as PEM for the configuration, and compact JWS (RFC 7515) signed with it
// as ES256, or with whatever header the test wants to try.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace zvhpga::testing {

std::string base64url(std::string_view bytes);

// The claims of a user assertion, each written only when set; now is seconds since 1970.
struct AssertionClaims {
  std::string sub = "a.jansen";
  std::string role = "intake-officer";
  std::string aud;
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string jti;

  // Valid for five minutes from now, with a fresh jti, for this audience.
  static AssertionClaims valid_for(std::string_view audience);
  std::string json() const;
};

std::int64_t seconds_now();

class TestIdentityProvider {
 public:
  // A new key pair on the curve (OpenSSL's name); ES256 needs P-256.
  explicit TestIdentityProvider(const char* curve = "P-256");
  ~TestIdentityProvider();
  TestIdentityProvider(const TestIdentityProvider&) = delete;
  TestIdentityProvider& operator=(const TestIdentityProvider&) = delete;

  void write_public_key(const std::filesystem::path& file) const;
  // header.payload.signature: the ES256 signature (R||S) over the first two parts as written.
  std::string sign(std::string_view header_json, std::string_view payload_json) const;
  std::string sign(const AssertionClaims& claims) const {
    return sign(R"({"alg":"ES256","typ":"JWT"})", claims.json());
  }

 private:
  struct Key;
  std::unique_ptr<Key> key_;
};

}  // namespace zvhpga::testing
