// A retried request changes nothing (docs/contract.md, "Retried requests"): through the C ABI a
// request names itself with a requestId; the same partner sending the same document under it
// again within the window gets the first answer, another document under it is refused.
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

// The example document with requestId="<id>" on its root element.
std::string with_request_id(std::string document, const std::string& id) {
  const auto root = document.find("Request xmlns=");
  document.insert(root + std::string("Request").size(), " requestId=\"" + id + "\"");
  return document;
}

class RetriedRequest : public PluginTest {
 protected:
  std::string registration(const std::string& id) {
    return with_request_id(example("register-signal.xml"), id);
  }
  long signals() const { return store_fingerprint().at("pga_signal"); }
  long replies() const { return store_fingerprint().at("pga_request_reply"); }
  std::string last_audit_object() const {
    return query("SELECT object FROM pga_audit_record ORDER BY seq DESC LIMIT 1")[0][0];
  }
  // Reopens the instance with limits/retryWindowMinutes set to this text.
  Reply reopen_with_retry_window(const std::string& minutes) {
    const auto file = directory_ / "zvhpga.xml";
    std::stringstream config;
    config << std::ifstream(file).rdbuf();
    std::string text = config.str();
    text.replace(text.find("</limits>"), 0, "<retryWindowMinutes>" + minutes + "</retryWindowMinutes>");
    std::ofstream(file, std::ios::trunc) << text;
    return reopen();
  }
  // Moves every kept reply's window into the past, as waiting out the window would.
  void let_the_window_pass() const {
    tamper("UPDATE pga_request_reply SET expires_at = '2000-01-01T00:00:00.000Z'");
  }
};

TEST_F(RetriedRequest, SameRequestIdTwiceRegistersOneSignalAndAnswersTheSameSignal) {
  const Reply first = call(kIntake, registration("intake-0001"));
  ASSERT_EQ(first.status, ZVHPGA_OK) << first.document;
  const Reply second = call(kIntake, registration("intake-0001"));
  ASSERT_EQ(second.status, ZVHPGA_OK) << second.document;
  EXPECT_EQ(second.document, first.document);
  EXPECT_EQ(signals(), 1);
}

TEST_F(RetriedRequest, AReplayedAnswerIsAuditedAsReplayedForTheSameSignal) {
  const Reply first = call(kIntake, registration("intake-0001"));
  const auto lines_before = store_fingerprint().at("pga_processing_log");
  call(kIntake, registration("intake-0001"));
  EXPECT_EQ(last_audit_result(), "replayed");
  EXPECT_EQ(last_audit_object(), "signal/" + first.text_of("signalId"));
  // Nothing ran, so no personal data was processed again.
  EXPECT_EQ(store_fingerprint().at("pga_processing_log"), lines_before);
}

TEST_F(RetriedRequest, AnotherDocumentUnderAUsedRequestIdIsRefusedAndStoresNothing) {
  ASSERT_EQ(call(kIntake, registration("intake-0001")).status, ZVHPGA_OK);
  std::string other = registration("intake-0001");
  const std::string name = "J. de Vries";
  other.replace(other.find(name), name.size(), "P. Jansen");
  auto before = store_fingerprint();
  const Reply reply = call(kIntake, other);
  EXPECT_EQ(reply.status, ZVHPGA_REJECTED);
  EXPECT_EQ(reply.error_code(), "request-id-reused") << reply.document;
  EXPECT_EQ(last_audit_result(), "refused:request-id-reused");
  auto after = store_fingerprint();
  EXPECT_EQ(after["pga_audit_record"], before["pga_audit_record"] + 1);
  before.erase("pga_audit_record");
  after.erase("pga_audit_record");
  EXPECT_EQ(after, before);
}

TEST_F(RetriedRequest, TheSameDocumentFromAnotherUserUnderAUsedRequestIdIsRefused) {
  ASSERT_EQ(call(kIntake, registration("intake-0001")).status, ZVHPGA_OK);
  Caller colleague = kIntake;
  colleague.user = "another-user";
  EXPECT_EQ(call(colleague, registration("intake-0001")).error_code(), "request-id-reused");
  EXPECT_EQ(signals(), 1);
}

TEST_F(RetriedRequest, TheSameRequestIdOfAnotherPartnerIsItsOwn) {
  const std::string id = register_signal();
  const Reply gemeente =
      call(kGemeente, with_request_id(example("contribution-gemeente.xml", id), "c-1"));
  const Reply politie =
      call(kPolitie, with_request_id(example("contribution-politie.xml", id), "c-1"));
  EXPECT_EQ(gemeente.status, ZVHPGA_OK) << gemeente.document;
  EXPECT_EQ(politie.status, ZVHPGA_OK) << politie.document;
  EXPECT_EQ(store_fingerprint().at("pga_contribution"), 2);
}

TEST_F(RetriedRequest, AfterTheWindowTheSameRequestIdCountsAsNew) {
  const Reply first = call(kIntake, registration("intake-0001"));
  let_the_window_pass();
  const Reply again = call(kIntake, registration("intake-0001"));
  ASSERT_EQ(again.status, ZVHPGA_OK) << again.document;
  EXPECT_NE(again.text_of("signalId"), first.text_of("signalId"));
  EXPECT_EQ(signals(), 2);
  EXPECT_EQ(replies(), 1);
}

TEST_F(RetriedRequest, TheWindowIsTheConfiguredOne) {
  ASSERT_EQ(reopen_with_retry_window("90").status, ZVHPGA_OK);
  call(kIntake, registration("intake-0001"));
  EXPECT_EQ(query("SELECT CAST(round((julianday(expires_at) - julianday(answered_at)) * 1440) "
                  "AS INTEGER) FROM pga_request_reply")[0][0],
            "90");
}

TEST_F(RetriedRequest, AWindowOverSevenDaysIsAConfigurationError) {
  EXPECT_EQ(reopen_with_retry_window("10081").status, ZVHPGA_CONFIG_ERROR);
}

TEST_F(RetriedRequest, ConcurrentIdenticalRequestsRunOnce) {
  constexpr std::size_t kCopies = 6;
  std::vector<Reply> answers(kCopies);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kCopies; ++i)
    threads.emplace_back([&, i] { answers[i] = call(kIntake, registration("intake-0001")); });
  for (auto& thread : threads) thread.join();
  for (const Reply& answer : answers) {
    EXPECT_EQ(answer.status, ZVHPGA_OK) << answer.document;
    EXPECT_EQ(answer.document, answers.front().document);
  }
  EXPECT_EQ(signals(), 1);
  EXPECT_EQ(query("SELECT count(*) FROM pga_audit_record WHERE result = 'replayed'")[0][0],
            std::to_string(kCopies - 1));
}

TEST_F(RetriedRequest, ARetriedReadRunsAgainIsAuditedAsRepeatedAndKeepsNoAnswer) {
  const std::string id = register_signal();
  const std::string read = with_request_id(example("get-signal.xml", id), "read-1");
  ASSERT_EQ(call(kIntake, read).status, ZVHPGA_OK);
  const Reply again = call(kIntake, read);
  ASSERT_EQ(again.status, ZVHPGA_OK) << again.document;
  EXPECT_EQ(again.text_of("signalId"), id);
  EXPECT_EQ(last_audit_result(), "repeated");
  // The dossier holds personal data: its answer is not kept for the retry.
  EXPECT_EQ(query("SELECT count(*) FROM pga_request_reply WHERE answer IS NULL")[0][0], "1");
  EXPECT_EQ(replies(), 1);
}

TEST_F(RetriedRequest, ARefusedRequestRetriedRunsAgain) {
  const std::string id = register_signal();
  contribute(id, kGemeente, "contribution-gemeente.xml");
  const std::string decision = with_request_id(example("record-decision.xml", id), "decide-1");
  EXPECT_EQ(call(kChair, decision).error_code(), "contributions-missing");
  contribute(id, kPolitie, "contribution-politie.xml");
  contribute(id, kOm, "contribution-om.xml");
  const Reply retried = call(kChair, decision);
  EXPECT_EQ(retried.status, ZVHPGA_OK) << retried.document;
  EXPECT_EQ(retried.text_of("state"), "decided");
}

TEST_F(RetriedRequest, ARequestWithoutRequestIdRunsEveryTime) {
  call(kIntake, example("register-signal.xml"));
  call(kIntake, example("register-signal.xml"));
  EXPECT_EQ(signals(), 2);
  EXPECT_EQ(replies(), 0);
}

TEST_F(RetriedRequest, TheRetentionRunRemovesRepliesPastTheirWindow) {
  call(kIntake, registration("intake-0001"));
  call(kIntake, registration("intake-0002"));
  ASSERT_EQ(replies(), 2);
  let_the_window_pass();
  ASSERT_EQ(run_retention().status, ZVHPGA_OK);
  EXPECT_EQ(replies(), 0);
}

}  // namespace
}  // namespace zvhpga::testing
