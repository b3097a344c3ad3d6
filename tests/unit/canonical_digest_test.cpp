// What recognises a retried request (docs/contract.md, "Retried requests"): SHA-256, and the
// request element canonicalised wherever it stands.
#include <gtest/gtest.h>

#include "crypto/digest.h"
#include "xml/document.h"

namespace zvhpga {
namespace {

constexpr std::size_t kLimit = 1024 * 1024;

std::string canonical_root(std::string_view bytes) {
  auto document = xml::parse_untrusted(bytes, kLimit);
  EXPECT_TRUE(document.ok());
  return xml::canonical(*xmlDocGetRootElement(document.value().get()));
}

// The Body child of a SOAP envelope, canonicalised where it stands.
std::string canonical_body_child(std::string_view envelope) {
  auto document = xml::parse_untrusted(envelope, kLimit);
  EXPECT_TRUE(document.ok());
  const xmlNode* node = xmlDocGetRootElement(document.value().get())->children;
  while (node != nullptr && (node->type != XML_ELEMENT_NODE || xmlStrcmp(node->name, xml::to_xml("Body")) != 0))
    node = node->next;
  EXPECT_NE(node, nullptr);
  node = node->children;
  while (node != nullptr && node->type != XML_ELEMENT_NODE) node = node->next;
  return xml::canonical(*node);
}

TEST(Sha256, MatchesTheFips180TestVector) {
  EXPECT_EQ(crypto::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Canonical, AnElementReadsTheSameInsideAnEnvelopeAsOnItsOwn) {
  const std::string alone =
      canonical_root("<c:GetSignalRequest xmlns:c='urn:nl:zvh-pga:contract:1' requestId=\"r-1\">"
                     "<c:signalId>s</c:signalId></c:GetSignalRequest>");
  const std::string enveloped = canonical_body_child(
      "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/' "
      "xmlns:c='urn:nl:zvh-pga:contract:1' xmlns:unused='urn:unused'><soap:Body>"
      "<c:GetSignalRequest requestId='r-1'><c:signalId>s</c:signalId></c:GetSignalRequest>"
      "</soap:Body></soap:Envelope>");
  EXPECT_EQ(enveloped, alone);
  EXPECT_EQ(alone,
            "<c:GetSignalRequest xmlns:c=\"urn:nl:zvh-pga:contract:1\" requestId=\"r-1\">"
            "<c:signalId>s</c:signalId></c:GetSignalRequest>");
}

TEST(Canonical, AChangedValueChangesTheCanonicalForm) {
  EXPECT_NE(canonical_root("<a xmlns='urn:x'><b>one</b></a>"),
            canonical_root("<a xmlns='urn:x'><b>two</b></a>"));
}

}  // namespace
}  // namespace zvhpga
