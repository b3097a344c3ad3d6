// The one parser for untrusted bytes refuses what it must and says so in words.
#include <gtest/gtest.h>

#include "xml/document.h"

namespace zvhpga::xml {
namespace {

constexpr std::size_t kLimit = 1024 * 1024;

core::ErrorCode refusal(std::string_view bytes, std::size_t limit = kLimit) {
  auto result = parse_untrusted(bytes, limit);
  EXPECT_FALSE(result.ok());
  return result.ok() ? core::ErrorCode::Internal : result.error().code;
}

TEST(Hardening, ParsesAWellFormedDocument) {
  auto result = parse_untrusted("<a xmlns='urn:x'><b>text</b></a>", kLimit);
  ASSERT_TRUE(result.ok());
  EXPECT_STREQ(from_xml(xmlDocGetRootElement(result.value().get())->name), "a");
}

TEST(Hardening, RefusesAnyDoctype) {
  EXPECT_EQ(refusal("<!DOCTYPE a><a/>"), core::ErrorCode::DoctypeRefused);
}

TEST(Hardening, RefusesEntityExpansionBombs) {
  const char* laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><a>&lol2;</a>";
  EXPECT_EQ(refusal(laughs), core::ErrorCode::DoctypeRefused);
}

TEST(Hardening, RefusesExternalEntities) {
  const char* xxe = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
  EXPECT_EQ(refusal(xxe), core::ErrorCode::DoctypeRefused);
}

TEST(Hardening, RefusesMalformedXmlWithTheLine) {
  auto result = parse_untrusted("<a>\n<b></a>", kLimit);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::MalformedXml);
  EXPECT_NE(result.error().message.find("line 2"), std::string::npos);
}

TEST(Hardening, RefusesEmptyInput) { EXPECT_EQ(refusal(""), core::ErrorCode::MalformedXml); }

TEST(Hardening, RefusesInvalidUtf8) {
  EXPECT_EQ(refusal("<a>\xff\xfe</a>"), core::ErrorCode::MalformedXml);
}

TEST(Hardening, RefusesADocumentOverTheSizeLimit) {
  EXPECT_EQ(refusal("<a>0123456789</a>", 10), core::ErrorCode::RequestTooLarge);
}

TEST(Hardening, UndeclaredEntityReferenceIsMalformed) {
  EXPECT_EQ(refusal("<a>&unknown;</a>"), core::ErrorCode::MalformedXml);
}

}  // namespace
}  // namespace zvhpga::xml
