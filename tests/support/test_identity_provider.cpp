#include "test_identity_provider.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <atomic>
#include <chrono>
#include <stdexcept>

namespace zvhpga::testing {
namespace {

constexpr std::size_t kCoordinateBytes = 32;

struct Free {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  void operator()(ECDSA_SIG* signature) const { ECDSA_SIG_free(signature); }
  void operator()(BIO* bio) const { BIO_free(bio); }
};

void require(bool condition, const char* what) {
  if (!condition) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

struct TestIdentityProvider::Key {
  std::unique_ptr<EVP_PKEY, Free> pair;
};

std::string base64url(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::int64_t seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

AssertionClaims AssertionClaims::valid_for(std::string_view audience) {
  static std::atomic<int> counter{0};
  AssertionClaims claims;
  claims.aud = audience;
  claims.iat = seconds_now();
  claims.exp = claims.iat + 300;
  claims.jti = "urn:uuid:test-" + std::to_string(claims.iat) + "-" + std::to_string(++counter);
  return claims;
}

std::string AssertionClaims::json() const {
  std::string out = "{";
  const auto member = [&](std::string_view name, const std::string& value) {
    out += (out.size() > 1 ? "," : "") + json_string(name) + ":" + value;
  };
  if (!sub.empty()) member("sub", json_string(sub));
  if (!role.empty()) member("role", json_string(role));
  if (!aud.empty()) member("aud", json_string(aud));
  if (iat != 0) member("iat", std::to_string(iat));
  if (exp != 0) member("exp", std::to_string(exp));
  if (!jti.empty()) member("jti", json_string(jti));
  return out + "}";
}

TestIdentityProvider::TestIdentityProvider(const char* curve) : key_(std::make_unique<Key>()) {
  key_->pair.reset(EVP_EC_gen(curve));
  require(key_->pair != nullptr, "EVP_EC_gen");
}

TestIdentityProvider::~TestIdentityProvider() = default;

void TestIdentityProvider::write_public_key(const std::filesystem::path& file) const {
  std::unique_ptr<BIO, Free> bio(BIO_new_file(file.c_str(), "w"));
  require(bio != nullptr, "BIO_new_file");
  require(PEM_write_bio_PUBKEY(bio.get(), key_->pair.get()) == 1, "PEM_write_bio_PUBKEY");
}

std::string TestIdentityProvider::sign(std::string_view header_json,
                                       std::string_view payload_json) const {
  const std::string input = base64url(header_json) + "." + base64url(payload_json);
  std::unique_ptr<EVP_MD_CTX, Free> context(EVP_MD_CTX_new());
  require(context != nullptr, "EVP_MD_CTX_new");
  require(EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_->pair.get()) == 1,
          "EVP_DigestSignInit");
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  require(EVP_DigestSign(context.get(), nullptr, &length, data, input.size()) == 1, "EVP_DigestSign");
  std::string der(length, '\0');
  require(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &length, data,
                         input.size()) == 1,
          "EVP_DigestSign");
  // The DER ECDSA-Sig-Value OpenSSL writes, as the R||S that JWS carries (RFC 7518 §3.4).
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, Free> signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(length)));
  require(signature != nullptr, "d2i_ECDSA_SIG");
  std::array<unsigned char, 2 * kCoordinateBytes> raw{};
  require(BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), raw.data(), kCoordinateBytes) > 0 &&
              BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), raw.data() + kCoordinateBytes,
                           kCoordinateBytes) > 0,
          "BN_bn2binpad");
  return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

}  // namespace zvhpga::testing
