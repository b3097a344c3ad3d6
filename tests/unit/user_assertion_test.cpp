// User assertions (docs/configuration.md, "User assertions"): the strict readers under them,
// the ES256 check of the compact JWS, and the claims' rules. Every token is signed here, with a
// key OpenSSL makes for the test.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "core/flat_json.h"
#include "crypto/base64url.h"
#include "crypto/jws.h"
#include "service/user_assertion.h"
#include "test_identity_provider.h"

namespace zvhpga {
namespace {

using testing::AssertionClaims;
using testing::TestIdentityProvider;
using testing::base64url;

constexpr std::string_view kServiceOin = "00000001823288444000";
constexpr std::int64_t kNow = 1'790'000'000;  // a fixed moment, in seconds since 1970

// --- the flat JSON reader -------------------------------------------------------------------

TEST(FlatJson, ReadsStringsWholeNumbersBooleansAndNull) {
  const auto object = core::parse_flat_json_object(
      R"( {"sub":"a.jansen","iat":1790000000,"neg":-5,"t":true,"f":false,"n":null} )");

  ASSERT_TRUE(object) << object.error().message;
  EXPECT_EQ(object->text("sub"), "a.jansen");
  EXPECT_EQ(object->integer("iat"), 1790000000);
  EXPECT_EQ(object->integer("neg"), -5);
  EXPECT_EQ(std::get<bool>(*object->find("t")), true);
  EXPECT_EQ(std::get<bool>(*object->find("f")), false);
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(*object->find("n")));
  EXPECT_EQ(object->members().size(), 6U);
}

TEST(FlatJson, DecodesEscapesAndSurrogatePairsToUtf8) {
  const auto object = core::parse_flat_json_object(
      R"({"name":"J. \"de\" Vri\u00e9s \/ \ud83d\ude00 \\"})");

  ASSERT_TRUE(object) << object.error().message;
  EXPECT_EQ(object->text("name"), "J. \"de\" Vri\xC3\xA9s / \xF0\x9F\x98\x80 \\");
}

TEST(FlatJson, RefusesAMemberNamedTwice) {
  // Two readers that keep the first or the last would see different users.
  const auto object = core::parse_flat_json_object(R"({"sub":"a","sub":"b"})");

  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, core::ErrorCode::InvalidValue);
  EXPECT_NE(object.error().message.find("twice"), std::string::npos);
}

TEST(FlatJson, RefusesAMemberNamedTwiceThroughAnEscape) {
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a","s\u0075b":"b"})"));
}

TEST(FlatJson, RefusesAnEscapeJsonDoesNotKnow) {
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a\x41"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a\u00G1"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a\u00"})"));
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"a\\"));
}

TEST(FlatJson, RefusesALoneSurrogateEscape) {
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"\ud83d"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"\ude00"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"\ud83d\u0041"})"));
}

TEST(FlatJson, RefusesInvalidUtf8) {
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\xE9\"}"));              // Latin-1
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\xC0\xAF\"}"));          // overlong
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\xED\xA0\x80\"}"));      // surrogate
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\xF4\x90\x80\x80\"}"));  // > U+10FFFF
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\x80\"}"));              // continuation
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"\xE2\x82\"}"));          // cut short
  EXPECT_FALSE(core::parse_flat_json_object("{\"s\xFFub\":\"a\"}"));             // in a name
}

TEST(FlatJson, RefusesAControlCharacterInAString) {
  EXPECT_FALSE(core::parse_flat_json_object("{\"sub\":\"a\nb\"}"));
  EXPECT_FALSE(core::parse_flat_json_object(std::string("{\"sub\":\"a\0b\"}", 12)));
}

TEST(FlatJson, RefusesNestedObjectsAndArrays) {
  EXPECT_FALSE(core::parse_flat_json_object(R"({"aud":["00000001823288444000"]})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"cnf":{"jkt":"x"}})"));
}

TEST(FlatJson, RefusesNumbersThatAreNotWholeOrNotInRange) {
  EXPECT_FALSE(core::parse_flat_json_object(R"({"exp":1.5})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"exp":1e9})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"exp":01})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"exp":-})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"exp":9223372036854775808})"));
  EXPECT_TRUE(core::parse_flat_json_object(R"({"exp":9223372036854775807})"));
  EXPECT_TRUE(core::parse_flat_json_object(R"({"exp":-9223372036854775808})"));
}

TEST(FlatJson, RefusesAnythingButOneObject) {
  EXPECT_FALSE(core::parse_flat_json_object(""));
  EXPECT_FALSE(core::parse_flat_json_object("[]"));
  EXPECT_FALSE(core::parse_flat_json_object(R"("sub")"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a"} {})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a",})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({sub:"a"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub" "a"})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":tru})"));
  EXPECT_FALSE(core::parse_flat_json_object(R"({"sub":"a")"));
  EXPECT_TRUE(core::parse_flat_json_object("{}"));
}

// --- strict base64url -----------------------------------------------------------------------

TEST(Base64url, DecodesWithoutPadding) {
  EXPECT_EQ(crypto::decode_base64url(""), "");
  EXPECT_EQ(crypto::decode_base64url("YQ"), "a");
  EXPECT_EQ(crypto::decode_base64url("YWI"), "ab");
  EXPECT_EQ(crypto::decode_base64url("YWJj"), "abc");
  EXPECT_EQ(crypto::decode_base64url("-_8"), "\xFB\xFF");
  EXPECT_EQ(crypto::decode_base64url(base64url("any \x01\xFF bytes")), "any \x01\xFF bytes");
}

TEST(Base64url, RefusesPaddingWhitespaceAndTheOtherAlphabet) {
  EXPECT_FALSE(crypto::decode_base64url("YQ=="));
  EXPECT_FALSE(crypto::decode_base64url("YW Jj"));
  EXPECT_FALSE(crypto::decode_base64url("+/8"));
  EXPECT_FALSE(crypto::decode_base64url("YWJj\n"));
}

TEST(Base64url, RefusesAnEncodingWithLeftoverBitsSet) {
  // "YR" would also read as "a" by a lenient decoder: the same bytes under a second spelling.
  EXPECT_FALSE(crypto::decode_base64url("YR"));
  EXPECT_FALSE(crypto::decode_base64url("YWJ"));
}

TEST(Base64url, RefusesASingleCharacterLeftOver) {
  EXPECT_FALSE(crypto::decode_base64url("YWJjZ"));
}

// --- the identity provider's key ------------------------------------------------------------

class AssertionKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("zvhpga-assertion-key-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::filesystem::path directory_;
};

TEST_F(AssertionKeyFile, LoadsAnEcP256PublicKey) {
  TestIdentityProvider provider;
  provider.write_public_key(directory_ / "idp.pem");

  EXPECT_TRUE(crypto::Es256PublicKey::load(directory_ / "idp.pem"));
}

TEST_F(AssertionKeyFile, RefusesAMissingFileByName) {
  const auto key = crypto::Es256PublicKey::load(directory_ / "absent.pem");

  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, core::ErrorCode::InvalidConfiguration);
  EXPECT_NE(key.error().message.find("absent.pem does not exist"), std::string::npos)
      << key.error().message;
}

// A FIFO named as the key would block an ordinary open until someone writes to it.
TEST_F(AssertionKeyFile, RefusesAFifoWithoutWaitingForAWriter) {
  ASSERT_EQ(mkfifo((directory_ / "idp.fifo").c_str(), 0600), 0);

  const auto key = crypto::Es256PublicKey::load(directory_ / "idp.fifo");

  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("not a regular file"), std::string::npos)
      << key.error().message;
}

TEST_F(AssertionKeyFile, RefusesAFileWithoutAPublicKey) {
  std::ofstream(directory_ / "garbage.pem") << "-----BEGIN CERTIFICATE-----\nnot one\n";

  const auto key = crypto::Es256PublicKey::load(directory_ / "garbage.pem");

  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("holds no PEM public key"), std::string::npos)
      << key.error().message;
}

TEST_F(AssertionKeyFile, RefusesAKeyOnAnotherCurve) {
  TestIdentityProvider provider("P-384");
  provider.write_public_key(directory_ / "p384.pem");

  const auto key = crypto::Es256PublicKey::load(directory_ / "p384.pem");

  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("P-256"), std::string::npos) << key.error().message;
}

// The known answer of RFC 7515 Appendix A.3: the ES256 example verifies under its key (the JWK
// x and y there, as a SubjectPublicKeyInfo) and fails with one bit of its signature changed.
TEST_F(AssertionKeyFile, VerifiesTheEs256ExampleOfRfc7515) {
  const std::string point = "\x04" +
                            *crypto::decode_base64url("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU") +
                            *crypto::decode_base64url("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { point } }
  const std::string der = std::string("\x30\x59\x30\x13\x06\x07\x2a\x86\x48\xce\x3d\x02\x01"
                                      "\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\x03\x42\x00",
                                      26) + point;
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> parsed(
      d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())), &EVP_PKEY_free);
  ASSERT_NE(parsed, nullptr);
  {
    const std::unique_ptr<BIO, decltype(&BIO_free)> out(
        BIO_new_file((directory_ / "rfc7515.pem").c_str(), "w"), &BIO_free);
    ASSERT_EQ(PEM_write_bio_PUBKEY(out.get(), parsed.get()), 1);
  }
  const auto key = crypto::Es256PublicKey::load(directory_ / "rfc7515.pem");
  ASSERT_TRUE(key) << key.error().message;
  const std::string token =
      "eyJhbGciOiJFUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
      "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

  const auto payload = crypto::verify_compact_jws(token, *key);
  ASSERT_TRUE(payload) << payload.error().message;
  EXPECT_EQ(*payload, "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
  std::string changed = token;
  changed[changed.size() - 2] = 'V';  // "1Q" -> "VQ": another R||S
  EXPECT_FALSE(crypto::verify_compact_jws(changed, *key));
}

// --- the assertion: signature and claims ----------------------------------------------------

class UserAssertion : public AssertionKeyFile {
 protected:
  void SetUp() override {
    AssertionKeyFile::SetUp();
    provider_.write_public_key(directory_ / "idp.pem");
    auto key = crypto::Es256PublicKey::load(directory_ / "idp.pem");
    ASSERT_TRUE(key) << key.error().message;
    key_.emplace(std::move(key.value()));
    settings_.service_oin = kServiceOin;
    settings_.clock_skew = std::chrono::seconds(60);
    settings_.max_lifetime = std::chrono::seconds(300);
  }

  static AssertionClaims claims() {
    AssertionClaims claims;
    claims.aud = kServiceOin;
    claims.iat = kNow - 10;
    claims.exp = kNow + 200;
    claims.jti = "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e";
    return claims;
  }

  core::Result<service::AssertedUser> check(const std::string& token) const {
    return service::check_user_assertion(token, *key_, settings_,
                                         std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
  }

  // The refusal's message, or a note that it was accepted.
  std::string refusal(const std::string& token) const {
    const auto checked = check(token);
    if (checked) return "accepted";
    EXPECT_EQ(checked.error().code, core::ErrorCode::NotAuthorized);
    return checked.error().message;
  }

  TestIdentityProvider provider_;
  std::optional<crypto::Es256PublicKey> key_;
  config::UserAssertionSettings settings_;
};

bool mentions(const std::string& message, std::string_view part) {
  return message.find(part) != std::string::npos;
}

TEST_F(UserAssertion, AValidAssertionNamesTheUserRoleAndItsId) {
  const auto checked = check(provider_.sign(claims()));

  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->user, "a.jansen");
  EXPECT_EQ(checked->role, "intake-officer");
  EXPECT_EQ(checked->assertion_id, "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(checked->kept_until, kNow + 200 + 60);  // exp plus the clock skew
}

TEST_F(UserAssertion, AnExpiredAssertionIsRefused) {
  auto expired = claims();
  expired.iat = kNow - 400;
  expired.exp = kNow - 100;

  EXPECT_TRUE(mentions(refusal(provider_.sign(expired)), "has expired"));
}

TEST_F(UserAssertion, AnAssertionJustPastItsExpiryIsAcceptedWithinTheClockSkew) {
  auto late = claims();
  late.iat = kNow - 100;
  late.exp = kNow - 30;

  EXPECT_EQ(refusal(provider_.sign(late)), "accepted");
}

TEST_F(UserAssertion, AnAssertionIssuedLaterThanNowIsNotValidYet) {
  auto future = claims();
  future.iat = kNow + 120;  // beyond the 60 seconds of skew
  future.exp = kNow + 300;

  EXPECT_TRUE(mentions(refusal(provider_.sign(future)), "not valid yet"));
}

TEST_F(UserAssertion, AnAssertionNotValidBeforeLaterIsNotValidYet) {
  const auto base = claims();
  const std::string json = base.json().substr(0, base.json().size() - 1) +
                           ",\"nbf\":" + std::to_string(kNow + 120) + "}";

  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256"})", json)), "not valid yet (claim nbf)"));
}

TEST_F(UserAssertion, AnAssertionForAnotherAudienceIsRefused) {
  auto elsewhere = claims();
  elsewhere.aud = "00000001003214345000";

  EXPECT_TRUE(mentions(refusal(provider_.sign(elsewhere)), "not addressed to this service"));
}

TEST_F(UserAssertion, AnAssertionWithoutAudienceIsRefused) {
  auto nowhere = claims();
  nowhere.aud.clear();

  EXPECT_TRUE(mentions(refusal(provider_.sign(nowhere)), "not addressed to this service"));
}

TEST_F(UserAssertion, AnAssertionSignedWithAnotherKeyIsRefused) {
  const TestIdentityProvider impostor;

  EXPECT_TRUE(mentions(refusal(impostor.sign(claims())), "signature does not verify"));
}

TEST_F(UserAssertion, ATamperedPayloadIsRefused) {
  const std::string token = provider_.sign(claims());
  auto privileged = claims();
  privileged.role = "privacy-officer";
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  const std::string tampered = token.substr(0, first_dot + 1) + base64url(privileged.json()) +
                               token.substr(second_dot);

  EXPECT_TRUE(mentions(refusal(tampered), "signature does not verify"));
}

TEST_F(UserAssertion, AlgNoneIsRefused) {
  const std::string unsigned_token =
      base64url(R"({"alg":"none"})") + "." + base64url(claims().json()) + ".";

  EXPECT_TRUE(mentions(refusal(unsigned_token), "must name the algorithm ES256"));
}

TEST_F(UserAssertion, AnyAlgorithmButEs256IsRefusedEvenWithAValidSignature) {
  for (const char* header : {R"({"alg":"HS256"})", R"({"alg":"es256"})", R"({"alg":"ES384"})",
                             R"({"typ":"JWT"})", R"({"alg":null})"}) {
    EXPECT_TRUE(mentions(refusal(provider_.sign(header, claims().json())),
                         "must name the algorithm ES256"))
        << header;
  }
}

TEST_F(UserAssertion, AHeaderWithCriticalExtensionsOrAnotherTypeIsRefused) {
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256","crit":"exp"})", claims().json())),
                       "critical extensions"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256","typ":"at+jwt"})", claims().json())),
                       "typ other than JWT"));
}

TEST_F(UserAssertion, AKeyIdInTheHeaderDoesNotChooseTheKey) {
  EXPECT_EQ(refusal(provider_.sign(R"({"alg":"ES256","kid":"any"})", claims().json())), "accepted");
}

TEST_F(UserAssertion, MalformedBase64IsRefused) {
  const std::string token = provider_.sign(claims());
  for (const std::string& broken :
       {"+" + token.substr(1), token.substr(0, token.size() - 1) + "=", token + "A",
        token.substr(0, token.find('.')) + "=" + token.substr(token.find('.'))}) {
    const std::string message = refusal(broken);
    EXPECT_TRUE(mentions(message, "strict base64url") || mentions(message, "signature does not verify"))
        << message;
  }
}

TEST_F(UserAssertion, ATokenThatIsNotThreePartsIsRefused) {
  const std::string token = provider_.sign(claims());
  EXPECT_TRUE(mentions(refusal(token + ".x"), "three base64url parts"));
  EXPECT_TRUE(mentions(refusal(token.substr(0, token.rfind('.'))), "three base64url parts"));
  EXPECT_TRUE(mentions(refusal(""), "three base64url parts"));
}

TEST_F(UserAssertion, ASignatureOfTheWrongLengthIsRefused) {
  const std::string token = provider_.sign(claims());
  const std::string shortened = token.substr(0, token.rfind('.') + 1) + base64url(std::string(63, 'x'));

  EXPECT_TRUE(mentions(refusal(shortened), "signature does not verify"));
}

TEST_F(UserAssertion, SignedClaimsThatAreNotFlatJsonAreRefused) {
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256"})", "not json")),
                       "not a flat JSON object"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256"})",
                                               R"({"sub":"a","sub":"privacy-officer"})")),
                       "not a flat JSON object"));
}

TEST_F(UserAssertion, AHeaderThatIsNotFlatJsonIsRefused) {
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256","alg":"none"})", claims().json())),
                       "header is not a flat JSON object"));
}

TEST_F(UserAssertion, AnAssertionWithoutUserRoleOrIdIsRefused) {
  auto no_user = claims();
  no_user.sub.clear();
  auto no_role = claims();
  no_role.role.clear();
  auto no_id = claims();
  no_id.jti.clear();
  auto long_id = claims();
  long_id.jti = std::string(201, 'j');

  EXPECT_TRUE(mentions(refusal(provider_.sign(no_user)), "names no user"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(no_role)), "names no role"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(no_id)), "unique id"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(long_id)), "unique id"));
}

TEST_F(UserAssertion, AnAssertionWithoutTimesOrWithTextForTimesIsRefused) {
  auto no_expiry = claims();
  no_expiry.exp = 0;
  const std::string text_time =
      R"({"sub":"a","role":"intake-officer","aud":"00000001823288444000","iat":"1789999990",)"
      R"("exp":1790000100,"jti":"x"})";

  EXPECT_TRUE(mentions(refusal(provider_.sign(no_expiry)), "must give iat and exp"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(R"({"alg":"ES256"})", text_time)), "must give iat and exp"));
}

TEST_F(UserAssertion, AnAssertionLivingLongerThanTheMaximumIsRefused) {
  auto long_lived = claims();
  long_lived.exp = long_lived.iat + 301;

  EXPECT_TRUE(mentions(refusal(provider_.sign(long_lived)), "lives longer than the 300 seconds"));
}

TEST_F(UserAssertion, AnAssertionExpiringBeforeItWasIssuedIsRefused) {
  auto backwards = claims();
  backwards.exp = backwards.iat - 1;

  EXPECT_TRUE(mentions(refusal(provider_.sign(backwards)), "expires before it was issued"));
}

TEST_F(UserAssertion, ExtremeTimesAreRefusedWithoutOverflow) {
  auto ancient = claims();
  ancient.iat = std::numeric_limits<std::int64_t>::min();
  auto endless = claims();
  endless.exp = std::numeric_limits<std::int64_t>::max();

  EXPECT_TRUE(mentions(refusal(provider_.sign(ancient)), "not valid yet"));
  EXPECT_TRUE(mentions(refusal(provider_.sign(endless)), "lives longer"));
}

}  // namespace
}  // namespace zvhpga
