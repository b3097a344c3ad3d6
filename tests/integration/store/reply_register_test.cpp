// The replies register (docs/contract.md, "Retried requests") on every driver: one reply per
// partner and key, a second one for a key still in its window a retryable failure, so the
// request that lost the race runs again and finds the first one's reply.
#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <latch>
#include <thread>

#include "store_fixture.h"

namespace zvhpga::odbc::testing {
namespace {

using ports::RequestReply;
using ports::StoreFailure;
using ports::TransactionMode;

RequestReply reply(std::string partner, std::string key, std::string answered_at = "2026-01-01T10:00:00.000Z",
                   std::string expires_at = "2026-01-02T10:00:00.000Z") {
  return RequestReply{.partner_id = std::move(partner),
                      .request_key = std::move(key),
                      .request_digest = std::string(64, 'd'),
                      .answer = "<RegisterSignalResponse/>",
                      .object = "signal/s-1",
                      .answered_at = std::move(answered_at),
                      .expires_at = std::move(expires_at)};
}

class ReplyRegisterTest : public StoreTest {
 protected:
  void record(ports::Store& store, const RequestReply& entry) {
    auto transaction = store.begin(TransactionMode::ReadWrite);
    transaction->reply_register().record(entry);
    transaction->commit();
  }
  std::optional<RequestReply> find(ports::Store& store, const std::string& partner,
                                   const std::string& key) {
    auto transaction = store.begin(TransactionMode::ReadOnly);
    return transaction->reply_register().find(partner, key);
  }
};

TEST_P(ReplyRegisterTest, ARecordedReplyReadsBackWhole) {
  auto store = open();
  RequestReply read_only = reply("gemeente", "k-2");
  read_only.answer = std::nullopt;
  record(*store, reply("gemeente", "k-1"));
  record(*store, read_only);
  const auto found = find(*store, "gemeente", "k-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->request_digest, std::string(64, 'd'));
  EXPECT_EQ(found->answer, "<RegisterSignalResponse/>");
  EXPECT_EQ(found->object, "signal/s-1");
  EXPECT_EQ(found->answered_at, "2026-01-01T10:00:00.000Z");
  EXPECT_EQ(found->expires_at, "2026-01-02T10:00:00.000Z");
  EXPECT_EQ(find(*store, "gemeente", "k-2")->answer, std::nullopt);
  EXPECT_FALSE(find(*store, "gemeente", "k-3").has_value());
}

TEST_P(ReplyRegisterTest, TheSameKeyOfAnotherPartnerIsItsOwn) {
  auto store = open();
  record(*store, reply("gemeente", "k-1"));
  record(*store, reply("politie", "k-1"));
  EXPECT_TRUE(find(*store, "politie", "k-1").has_value());
}

TEST_P(ReplyRegisterTest, ASecondReplyForAKeyInItsWindowIsARetryableFailure) {
  auto store = open();
  record(*store, reply("gemeente", "k-1"));
  try {
    record(*store, reply("gemeente", "k-1", "2026-01-01T11:00:00.000Z"));
    ADD_FAILURE() << "a second reply was recorded";
  } catch (const StoreFailure& failure) {
    EXPECT_TRUE(failure.retryable());
  }
  EXPECT_EQ(find(*store, "gemeente", "k-1")->answered_at, "2026-01-01T10:00:00.000Z");
}

TEST_P(ReplyRegisterTest, AReplyPastItsWindowIsReplacedByTheNewOne) {
  auto store = open();
  record(*store, reply("gemeente", "k-1"));
  record(*store, reply("gemeente", "k-1", "2026-01-03T10:00:00.000Z", "2026-01-04T10:00:00.000Z"));
  EXPECT_EQ(find(*store, "gemeente", "k-1")->answered_at, "2026-01-03T10:00:00.000Z");
}

TEST_P(ReplyRegisterTest, PruneRemovesOnlyRepliesPastTheirWindow) {
  auto store = open();
  record(*store, reply("gemeente", "old", "2026-01-01T10:00:00.000Z", "2026-01-02T10:00:00.000Z"));
  record(*store, reply("gemeente", "new", "2026-01-02T09:00:00.000Z", "2026-01-03T09:00:00.000Z"));
  {
    auto transaction = store->begin(TransactionMode::ReadWrite);
    EXPECT_EQ(transaction->reply_register().prune("2026-01-02T12:00:00.000Z"), 1);
    transaction->commit();
  }
  EXPECT_FALSE(find(*store, "gemeente", "old").has_value());
  EXPECT_TRUE(find(*store, "gemeente", "new").has_value());
}

TEST_P(ReplyRegisterTest, OfTwoConcurrentRepliesForOneKeyTheLaterFailsRetryably) {
  auto store = open();
  std::latch first_recorded(1);
  std::exception_ptr first_error;
  bool second_retryable = false;
  bool second_recorded = false;
  std::thread first([&] {
    try {
      auto transaction = store->begin(TransactionMode::ReadWrite);
      transaction->reply_register().record(reply("gemeente", "k-1"));
      first_recorded.count_down();
      // Long enough for the second to reach its own record() before this commits.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      transaction->commit();
    } catch (...) {
      first_error = std::current_exception();
      first_recorded.count_down();
    }
  });
  std::thread second([&] {
    first_recorded.wait();
    try {
      auto transaction = store->begin(TransactionMode::ReadWrite);
      transaction->reply_register().record(reply("gemeente", "k-1", "2026-01-01T10:00:01.000Z"));
      transaction->commit();
      second_recorded = true;
    } catch (const StoreFailure& failure) {
      second_retryable = failure.retryable();
    }
  });
  first.join();
  second.join();
  EXPECT_FALSE(first_error);
  EXPECT_FALSE(second_recorded);
  EXPECT_TRUE(second_retryable);
  EXPECT_EQ(find(*store, "gemeente", "k-1")->answered_at, "2026-01-01T10:00:00.000Z");
}

INSTANTIATE_TEST_SUITE_P(Drivers, ReplyRegisterTest, ::testing::ValuesIn(driver_cases()),
                         [](const ::testing::TestParamInfo<DriverCase>& driver) {
                           return driver.param.name;
                         });

}  // namespace
}  // namespace zvhpga::odbc::testing
