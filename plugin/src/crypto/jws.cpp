#include "crypto/jws.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <array>

#include "core/flat_json.h"
#include "crypto/base64url.h"
#include "crypto/openssl_handles.h"
#include "files/bounded_file.h"

namespace zvhpga::crypto {
namespace {

// ES256: a P-256 signature is R and S, 32 bytes each (RFC 7518 §3.4).
constexpr std::size_t kCoordinateBytes = 32;
// A PEM public key is a few hundred bytes; anything far larger is not one.
constexpr std::size_t kMaxPemBytes = std::size_t{64} * 1024;
constexpr std::string_view kCurve = "prime256v1";

core::Error refused(std::string message) {
  ERR_clear_error();
  return {core::ErrorCode::NotAuthorized, std::move(message), {}};
}

core::Error bad_key_file(const std::filesystem::path& file, std::string_view what) {
  ERR_clear_error();
  return core::configuration_error("The assertion key file " + file.string() + " " +
                                   std::string(what) + ".");
}

// R||S as the DER ECDSA-Sig-Value that EVP_DigestVerify takes.
std::optional<std::string> der_signature(std::string_view signature) {
  EcdsaSignatureHandle value(ECDSA_SIG_new());
  BignumHandle r(BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()),
                           kCoordinateBytes, nullptr));
  BignumHandle s(BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()) +
                               kCoordinateBytes,
                           kCoordinateBytes, nullptr));
  if (!value || !r || !s || ECDSA_SIG_set0(value.get(), r.get(), s.get()) != 1)
    return std::nullopt;
  static_cast<void>(r.release());  // owned by value now
  static_cast<void>(s.release());
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(value.get(), &der);
  const OpenSslBytes owned(der);
  if (length <= 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
}

}  // namespace

core::Result<Es256PublicKey> Es256PublicKey::load(const std::filesystem::path& pem_file) {
  // A public key is no secret, but the file is read by the same rule as every other: a FIFO or
  // a device named here must not stall or flood the loader.
  auto pem = files::read_bounded_file(pem_file, {"assertion key file", kMaxPemBytes});
  if (!pem) return pem.error();
  const BioHandle bio(BIO_new_mem_buf(pem.value().data(), static_cast<int>(pem.value().size())));
  if (!bio) return bad_key_file(pem_file, "cannot be read");
  PublicKeyHandle read(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!read) return bad_key_file(pem_file, "holds no PEM public key (-----BEGIN PUBLIC KEY-----)");
  std::shared_ptr<EVP_PKEY> key(std::move(read));
  std::array<char, 64> group{};
  std::size_t group_length = 0;
  if (EVP_PKEY_is_a(key.get(), "EC") != 1 ||
      EVP_PKEY_get_group_name(key.get(), group.data(), group.size(), &group_length) != 1 ||
      std::string_view(group.data(), group_length) != kCurve)
    return bad_key_file(pem_file,
                        "holds a key that is not on the EC curve P-256, which ES256 needs");
  return Es256PublicKey(std::move(key));
}

bool Es256PublicKey::verifies(std::string_view signing_input, std::string_view signature) const {
  if (signature.size() != 2 * kCoordinateBytes) return false;
  const auto der = der_signature(signature);
  const DigestContextHandle context(EVP_MD_CTX_new());
  const bool valid =
      der && context &&
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(der->data()),
                       der->size(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) == 1;
  ERR_clear_error();
  return valid;
}

core::Result<std::string> verify_compact_jws(std::string_view token, const Es256PublicKey& key) {
  const auto first_dot = token.find('.');
  constexpr auto kNone = std::string_view::npos;
  const auto second_dot = first_dot == kNone ? kNone : token.find('.', first_dot + 1);
  if (second_dot == kNone || token.find('.', second_dot + 1) != kNone)
    return refused("The user assertion is not a compact JWS: three base64url parts joined by '.'.");
  const std::string_view signing_input = token.substr(0, second_dot);
  const auto header_bytes = decode_base64url(token.substr(0, first_dot));
  const auto payload = decode_base64url(token.substr(first_dot + 1, second_dot - first_dot - 1));
  const auto signature = decode_base64url(token.substr(second_dot + 1));
  if (!header_bytes || !payload || !signature)
    return refused("The user assertion is not a compact JWS: a part is not strict base64url.");

  const auto header = core::parse_flat_json_object(*header_bytes);
  if (!header) return refused("The user assertion's JWS header is not a flat JSON object.");
  // Only the algorithm this partner's key is for: never "none", never an HMAC keyed with the
  // public key, never whatever the sender names (RFC 8725 §3.1).
  if (header->text("alg") != "ES256")
    return refused("The user assertion's JWS header must name the algorithm ES256 and no other.");
  if (header->find("crit") != nullptr)
    return refused(
        "The user assertion's JWS header names critical extensions, which zvh-pga does not know.");
  if (header->find("typ") != nullptr && header->text("typ") != "JWT")
    return refused("The user assertion's JWS header has a typ other than JWT.");
  if (!key.verifies(signing_input, *signature))
    return refused(
        "The user assertion's signature does not verify under the partner's assertion key.");
  return *payload;
}

}  // namespace zvhpga::crypto
