// Every refusal of the parser and of the schema validator is told in the plugin's own words:
// one class of error after the other, each with its sentence, and none with libxml2's wording.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "xml/document.h"
#include "xml/schema.h"

namespace zvhpga::xml {
namespace {

constexpr std::size_t kLimit = 1024 * 1024;

// Fragments of libxml2's own messages; none may reach a caller.
const std::vector<std::string> kLibxml2Wording = {
    "xmlParse", "xmlChar", "Element '", "{", "[facet", "atomic type", "Expected is", "not expected",
    "PCDATA", "Premature", "mandates", "redefined", "EntityRef", "indicate encoding", "Bytes:",
    "Extra content", "XML_PARSE_HUGE", "key-sequence", "identity-constraint", "content type is"};

void expect_own_words(const std::string& message) {
  for (const std::string& fragment : kLibxml2Wording)
    EXPECT_EQ(message.find(fragment), std::string::npos) << fragment << " in: " << message;
}

std::string parse_refusal(std::string_view bytes) {
  auto result = parse_untrusted(bytes, kLimit);
  EXPECT_FALSE(result.ok()) << bytes;
  if (result.ok()) return {};
  EXPECT_EQ(result.error().code, core::ErrorCode::MalformedXml) << result.error().message;
  expect_own_words(result.error().message);
  return result.error().message;
}

struct NotWellFormed {
  const char* document;
  const char* message;
};

TEST(Diagnostics, SaysWhatIsNotWellFormedAndWhereInItsOwnWords) {
  const NotWellFormed cases[] = {
      {"", "The document is not well-formed XML (line 1: the document is empty)."},
      {"<a>&#0;</a>",
       "The document is not well-formed XML (line 1: a character (or a character reference) names "
       "a character XML does not allow)."},
      {"<a>&#99999999;</a>",
       "The document is not well-formed XML (line 1: a character (or a character reference) names "
       "a character XML does not allow)."},
      {"<a>\x01</a>",
       "The document is not well-formed XML (line 1: a character (or a character reference) names "
       "a character XML does not allow)."},
      {"<a>\xff</a>", "The document is not well-formed XML (line 1: the bytes are not valid UTF-8)."},
      {"<a>\n<b></a>",
       "The document is not well-formed XML (line 2: the end tag 'a' does not match the start tag "
       "'b' (line 2))."},
      {"<a>\n<b>",
       "The document is not well-formed XML (line 2: the document ends before the element 'b' is "
       "closed)."},
      {"<a>&x;</a>",
       "The document is not well-formed XML (line 1: the entity reference &x; is not defined; only "
       "&amp; &lt; &gt; &quot; &apos; and character references are)."},
      {"<a>&amp</a>", "The document is not well-formed XML (line 1: a reference lacks its closing ';')."},
      {"<a b='1' b='2'/>",
       "The document is not well-formed XML (line 1: the attribute 'b' appears twice on one element)."},
      {"<a b/>", "The document is not well-formed XML (line 1: the attribute 'b' has no value)."},
      {"<a b='<'/>", "The document is not well-formed XML (line 1: an attribute value contains '<')."},
      {"<a/><b/>",
       "The document is not well-formed XML (line 1: something follows the root element's end; a "
       "document has exactly one root element)."},
      {"<a><p:b/></a>",
       "The document is not well-formed XML (line 1: the namespace prefix 'p' is not declared)."},
      {"<a><!-- x -- y --></a>", "The document is not well-formed XML (line 1: a comment contains '--')."},
      {"<a/>\n<?xml version='1.0'?>",
       "The document is not well-formed XML (line 2: an XML declaration (or a processing instruction "
       "named xml) appears after the start)."},
  };
  for (const NotWellFormed& bad : cases) EXPECT_EQ(parse_refusal(bad.document), bad.message) << bad.document;
}

TEST(Diagnostics, RefusesTrailingBytesAfterANulByte) {
  const std::string document("<a>\n\n</a>\0<b>garbage</b>", 24);
  EXPECT_EQ(parse_refusal(document),
            "The document is not well-formed XML (line 3: the document contains a NUL byte, which "
            "XML does not allow).");
}

TEST(Diagnostics, SaysThatElementsAreNestedTooDeeply) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<a>";
  EXPECT_EQ(parse_refusal(deep),
            "The document is not well-formed XML (line 1: elements are nested too deeply).");
}

// A schema with one element per class of violation.
constexpr std::string_view kSchema = R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="urn:test" xmlns="urn:test" xmlns:t="urn:test" elementFormDefault="qualified">
  <xs:element name="r">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="id">
          <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[a-z]{3}"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="count" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="9"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="share" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:decimal"><xs:totalDigits value="3"/><xs:fractionDigits value="1"/><xs:minExclusive value="0"/><xs:maxExclusive value="100"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="code" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="name" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="colour" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="red"/><xs:enumeration value="green"/></xs:restriction></xs:simpleType>
        </xs:element>
        <xs:element name="day" type="xs:date" minOccurs="0"/>
        <xs:element name="flag" type="xs:boolean" minOccurs="0"/>
        <xs:element name="text" type="xs:string" minOccurs="0"/>
        <xs:element name="nothing" minOccurs="0"><xs:complexType/></xs:element>
        <xs:element name="item" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType><xs:attribute name="key" type="xs:string" use="required"/></xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
    <xs:unique name="uniqueKey"><xs:selector xpath="t:item"/><xs:field xpath="@key"/></xs:unique>
  </xs:element>
</xs:schema>)";

struct Violation {
  const char* inner;  // the children of <r>, after a valid <id>
  const char* field;
  const char* message;
};

std::vector<core::Problem> validation_problems(const Schema& schema, const std::string& document) {
  auto doc = parse_untrusted(document, kLimit);
  EXPECT_TRUE(doc.ok()) << document;
  if (!doc.ok()) return {};
  auto valid = schema.validate(*doc.value());
  EXPECT_FALSE(valid.ok()) << document;
  if (valid.ok()) return {};
  EXPECT_EQ(valid.error().code, core::ErrorCode::SchemaInvalid);
  return valid.error().problems;
}

TEST(Diagnostics, SaysWhichElementBreaksWhichRuleOfTheSchemaInItsOwnWords) {
  const Schema schema(kSchema);
  const Violation cases[] = {
      {"<bogus/>", "bogus",
       "line 1: element 'bogus' is not allowed here in 'r'; expected 'count', 'share', 'code', "
       "'name', 'colour', 'day', 'flag', 'text', 'nothing' or 'item'."},
      {"<count>0</count>", "count", "line 1: the value of 'count' must be at least 1."},
      {"<count>10</count>", "count", "line 1: the value of 'count' must be at most 9."},
      {"<count>many</count>", "count", "line 1: the value of 'count' is not a valid value for it."},
      {"<share>0</share>", "share", "line 1: the value of 'share' must be greater than 0."},
      {"<share>100</share>", "share", "line 1: the value of 'share' must be less than 100."},
      {"<share>1.25</share>", "share", "line 1: the value of 'share' has more than 1 digit after the decimal point."},
      {"<code>ab</code>", "code", "line 1: the value of 'code' must be exactly 3 characters long."},
      {"<name></name>", "name", "line 1: the value of 'name' must be at least 1 character long."},
      {"<name>abcdef</name>", "name", "line 1: the value of 'name' is 6 characters long; at most 5 are allowed."},
      {"<colour>blue</colour>", "colour", "line 1: the value of 'colour' is not one of the allowed values (red, green)."},
      {"<day>2026-13-40</day>", "day", "line 1: the value of 'day' is not a valid date."},
      {"<flag>maybe</flag>", "flag", "line 1: the value of 'flag' must be true or false."},
      {"<text><b/></text>", "text", "line 1: element 'text' may contain only text, no elements."},
      {"<nothing>x</nothing>", "nothing", "line 1: element 'nothing' must be empty."},
      {"<item/>", "item", "line 1: element 'item' lacks the required attribute 'key'."},
      {"<item key='a' other='b'/>", "item", "line 1: element 'item' does not allow the attribute 'other'."},
      {"<item key='a'/><item key='a'/>", "item", "line 1: element 'item' repeats a value that must be unique."},
      {"text<count>1</count>", "r", "line 1: element 'r' may contain only elements, no text."},
  };
  for (const Violation& bad : cases) {
    const auto problems = validation_problems(
        schema, "<r xmlns='urn:test'><id>abc</id>" + std::string(bad.inner) + "</r>");
    ASSERT_FALSE(problems.empty()) << bad.inner;
    EXPECT_EQ(problems.front().field, bad.field) << bad.inner;
    EXPECT_EQ(problems.front().message, bad.message) << bad.inner;
    for (const core::Problem& problem : problems) expect_own_words(problem.message);
  }
}

TEST(Diagnostics, SaysWhichElementIsMissingOrOutOfPlace) {
  const Schema schema(kSchema);
  const auto missing = validation_problems(schema, "<r xmlns='urn:test'>\n</r>");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing.front().field, "r");
  EXPECT_EQ(missing.front().message, "line 1: element 'r' is incomplete; expected 'id'.");

  const auto repeated = validation_problems(schema, "<r xmlns='urn:test'><id>abc</id>\n<nothing/><nothing/></r>");
  ASSERT_EQ(repeated.size(), 1u);
  EXPECT_EQ(repeated.front().message, "line 2: element 'nothing' is not allowed here in 'r'; expected 'item'.");

  const auto bad_pattern = validation_problems(schema, "<r xmlns='urn:test'>\n\n<id>ABC</id></r>");
  ASSERT_EQ(bad_pattern.size(), 1u);
  EXPECT_EQ(bad_pattern.front().message, "line 3: the value of 'id' does not have the form the schema prescribes.");

  const auto other_root = validation_problems(schema, "<other xmlns='urn:test'/>");
  ASSERT_EQ(other_root.size(), 1u);
  EXPECT_EQ(other_root.front().message, "line 1: element 'other' is not a document this schema describes.");
}

}  // namespace
}  // namespace zvhpga::xml
