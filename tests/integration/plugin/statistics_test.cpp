// GetStatistics through the public ABI: who may ask, for which region and period, and that a
// small count reaches the caller as suppressed, never as a number.
#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

const Caller kPrivacyOfficer{"gemeente-utrecht", "privacy-officer"};
const Caller kAuditor{"gemeente-utrecht", "auditor"};

std::string statistics_request(const std::string& from, const std::string& to,
                               const std::string& region = {}) {
  std::string request = "<GetStatisticsRequest xmlns=\"urn:nl:zvh-pga:contract:1\"><from>" +
                        from + "</from><to>" + to + "</to>";
  if (!region.empty()) request += "<region>" + region + "</region>";
  return request + "</GetStatisticsRequest>";
}

// The document without the line breaks and indentation between its elements.
std::string compact(const std::string& document) {
  std::string text;
  bool indenting = false;
  for (char c : document) {
    if (c == '\n') {
      indenting = true;
      continue;
    }
    if (indenting && c == ' ') continue;
    indenting = false;
    text += c;
  }
  return text;
}

class Statistics : public PluginTest {};

TEST_F(Statistics, TheProcessDirectorPrivacyOfficerAndAuditorMayAsk) {
  for (const Caller& caller : {kDirector, kPrivacyOfficer, kAuditor}) {
    const Reply reply = call(caller, statistics_request("2026-01-01", "2026-12-31"));
    EXPECT_EQ(reply.status, ZVHPGA_OK) << caller.role << ": " << reply.document;
    EXPECT_EQ(reply.text_of("region"), "midden-nederland");
  }
}

TEST_F(Statistics, CaseWorkersMayNotAsk) {
  for (const Caller& caller : {kIntake, kGemeente, kChair}) {
    const Reply reply = call(caller, statistics_request("2026-01-01", "2026-12-31"));
    EXPECT_EQ(reply.status, ZVHPGA_REJECTED) << caller.role;
    EXPECT_EQ(reply.error_code(), "not-authorized") << caller.role;
  }
}

TEST_F(Statistics, AnotherRegionIsRefused) {
  const Reply reply =
      call(kDirector, statistics_request("2026-01-01", "2026-12-31", "rotterdam-rijnmond"));
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED);
  EXPECT_EQ(reply.error_code(), "not-authorized");
}

TEST_F(Statistics, APeriodThatEndsBeforeItBeginsIsRefused) {
  const Reply reply = call(kDirector, statistics_request("2026-12-31", "2026-01-01"));
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED);
  EXPECT_EQ(reply.error_code(), "invalid-value");
}

TEST_F(Statistics, ASingleSignalIsSuppressedNotCounted) {
  register_signal();
  const Reply reply = call(kDirector, statistics_request("2026-01-01", "2026-12-31"));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_NE(compact(reply.document).find("<signals><suppressed/></signals>"), std::string::npos)
      << reply.document;
  EXPECT_EQ(reply.document.find("<count>1</count>"), std::string::npos) << reply.document;
  EXPECT_EQ(reply.text_of("minimumCount"), "5");
}

TEST_F(Statistics, ZerosArePublished) {
  const Reply reply = call(kDirector, statistics_request("2026-01-01", "2026-12-31"));
  ASSERT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_NE(compact(reply.document).find("<signals><count>0</count></signals>"), std::string::npos)
      << reply.document;
}

}  // namespace
}  // namespace zvhpga::testing
