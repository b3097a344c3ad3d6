// What an identity field may hold (docs/contract.md, "Identity"), and how text that XML cannot
// carry is still shown.
#include "core/text.h"

#include <gtest/gtest.h>

namespace zvhpga::core {
namespace {

TEST(IdentityText, DutchNameWithDiacriticsIsValid) {
  EXPECT_EQ(identity_text_fault("Anaïs van 't Hoff-Çelik"), std::nullopt);
}

TEST(IdentityText, Latin1BytesAreNotValidUtf8) {
  EXPECT_EQ(identity_text_fault("Jos\xE9"), "is not valid UTF-8");
}

TEST(IdentityText, OverlongEncodingIsNotValidUtf8) {
  EXPECT_EQ(identity_text_fault("\xC0\xAF"), "is not valid UTF-8");
}

TEST(IdentityText, EncodedSurrogateIsNotValidUtf8) {
  EXPECT_EQ(identity_text_fault("\xED\xA0\x80"), "is not valid UTF-8");
}

TEST(IdentityText, TruncatedSequenceIsNotValidUtf8) {
  EXPECT_EQ(identity_text_fault("a\xE2\x82"), "is not valid UTF-8");
}

TEST(IdentityText, EveryControlCharacterIsRefused) {
  for (const std::string& control : {std::string(1, '\0'), std::string("\t"), std::string("\n"),
                                    std::string("\r"), std::string("\x1b"), std::string("\x7f"),
                                    std::string("\xC2\x85"), std::string("\xC2\x9F")})
    EXPECT_EQ(identity_text_fault("a" + control + "b"), "holds a control character");
}

TEST(IdentityText, NoncharacterXmlCannotCarryIsRefused) {
  EXPECT_EQ(identity_text_fault("a\xEF\xBF\xBE"), "holds a control character");
}

TEST(IdentityText, LengthIsCountedInCharactersUpTo200) {
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(identity_text_fault(accented), std::nullopt);
  EXPECT_EQ(identity_text_fault(accented + "e"), "is longer than 200 characters");
}

TEST(XmlText, ValidTextIsUnchangedWithItsLineBreaksAndTabs) {
  EXPECT_EQ(xml_text("Feiten:\n\t- één\r\n"), "Feiten:\n\t- één\r\n");
}

TEST(XmlText, EachInvalidByteIsShownAsOneReplacementCharacter) {
  EXPECT_EQ(xml_text("Jos\xE9 Pe\xF1" "a"), "Jos\xEF\xBF\xBD Pe\xEF\xBF\xBD" "a");
}

TEST(XmlText, ControlCharacterXmlCannotCarryIsShownAsAReplacementCharacter) {
  EXPECT_EQ(xml_text(std::string("a\x1b" "b\0c", 5)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
}

TEST(XmlText, InvalidBytesAtTheStartAndTheEndAreShownAsReplacementCharacters) {
  EXPECT_EQ(xml_text("\xE9t\xE9"), "\xEF\xBF\xBDt\xEF\xBF\xBD");
}

}  // namespace
}  // namespace zvhpga::core
