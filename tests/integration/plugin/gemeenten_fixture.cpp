#include "gemeenten_fixture.h"

#include <fstream>
#include <sstream>
#include <string_view>

namespace zvhpga::testing {
namespace {

std::string partner(const std::string& id, const std::string& oin, const std::string& kind,
                    const std::string& region) {
  return "<partner><id>" + id + "</id><oin>" + oin + "</oin><kind>" + kind + "</kind><name>" + id +
         "</name><region>" + region + "</region></partner>";
}

}  // namespace

void GemeentenTest::SetUp() {
  PluginTest::SetUp();
  const auto file = directory_ / "zvhpga.xml";
  std::stringstream config;
  config << std::ifstream(file).rdbuf();
  const std::string extra = partner("gemeente-zeist", kZeistOin, "gemeente", "midden-nederland") +
                            partner("gemeente-den-haag", "00000001002220649000", "gemeente", "haaglanden") +
                            partner("politie-haaglanden", "00000001003214346000", "politie", "haaglanden") +
                            partner("om-haaglanden", "00000001003214371000", "om", "haaglanden");
  std::ofstream(file, std::ios::trunc) << replaced(config.str(), "</partners>", extra + "</partners>");
  const Reply reopened = reopen();
  ASSERT_EQ(reopened.status, ZVHPGA_OK) << reopened.document;
}

std::string GemeentenTest::registration_for(const std::string& gemeente) {
  return replaced(example("register-signal.xml"), "</RegisterSignalRequest>",
                  "<responsibleGemeente>" + gemeente + "</responsibleGemeente></RegisterSignalRequest>");
}

std::string GemeentenTest::without_responsible_gemeente() { return example("register-signal.xml"); }

std::map<std::string, long> GemeentenTest::content_fingerprint() const {
  auto counts = store_fingerprint();
  for (const char* log : {"pga_audit_record", "pga_audit_head", "pga_processing_log"}) counts.erase(log);
  return counts;
}

std::string GemeentenTest::register_for(const Caller& caller, const std::string& gemeente) {
  const Reply reply = call(caller, registration_for(gemeente));
  EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  return reply.text_of("signalId");
}

std::string GemeentenTest::revision_of(const std::string& signal_id, const std::string& contribution) {
  return replaced(example("contribution-gemeente.xml", signal_id), "</signalId>",
                  "</signalId><revises>" + contribution + "</revises>");
}

void GemeentenTest::expect_unknown(const Caller& caller, const std::string& document,
                                   const std::string& unknown, const std::string& signal_id) {
  const Reply refused = call(caller, document);
  const Reply nonexistent = call(caller, unknown);
  EXPECT_EQ(refused.error_code(), "unknown-signal") << refused.document;
  EXPECT_EQ(refused.status, nonexistent.status);
  std::string expected = nonexistent.document;
  for (auto at = expected.find(kNoSuchSignal); at != std::string::npos; at = expected.find(kNoSuchSignal))
    expected.replace(at, std::string_view(kNoSuchSignal).size(), signal_id);
  EXPECT_EQ(refused.document, expected);
}

}  // namespace zvhpga::testing
