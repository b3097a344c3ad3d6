// A user assertion as a partner's system (or whoever holds its certificate) could send it, and
// the claims and header inside it: the strict flat-JSON reader, strict base64url and the ES256
// check of a compact JWS (docs/configuration.md, "User assertions").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/flat_json.h"
#include "crypto/base64url.h"
#include "crypto/jws.h"
#include "fuzz_support.h"
#include "test_identity_provider.h"

namespace {

// A key nobody outside this process has: no input may ever verify under it.
const zvhpga::crypto::Es256PublicKey& unknown_key() {
  static const zvhpga::crypto::Es256PublicKey key = [] {
    const auto file = zvhpga::fuzzing::process_directory() / "idp.pem";
    zvhpga::testing::TestIdentityProvider().write_public_key(file);
    auto loaded = zvhpga::crypto::Es256PublicKey::load(file);
    if (!loaded) std::abort();
    return std::move(loaded.value());
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto object = zvhpga::core::parse_flat_json_object(input);
  if (!object && object.error().message.empty()) std::abort();  // a refusal always says why
  if (object) {
    const auto& members = object->members();
    for (std::size_t i = 0; i < members.size(); ++i)
      for (std::size_t j = i + 1; j < members.size(); ++j)
        if (members[i].first == members[j].first) std::abort();  // no member named twice
  }

  // Strict means one spelling per byte string: what decodes encodes back to the input.
  if (const auto bytes = zvhpga::crypto::decode_base64url(input))
    if (zvhpga::testing::base64url(*bytes) != input) std::abort();

  if (zvhpga::crypto::verify_compact_jws(input, unknown_key())) std::abort();
  return 0;
}
