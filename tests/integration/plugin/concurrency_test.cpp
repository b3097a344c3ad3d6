// Threads of one host calling one instance at once: every request is handled whole, and the
// integral rule holds when the three partners contribute to one signal at the same moment.
// Run under ThreadSanitizer by installer/test.sh.
#include <thread>
#include <vector>

#include "plugin_fixture.h"

namespace zvhpga::testing {
namespace {

using Concurrency = PluginTest;

TEST_F(Concurrency, ParallelRegistrationsAllSucceed) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10;
  std::vector<std::vector<Reply>> replies(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) replies[t].push_back(call(kIntake, example("register-signal.xml")));
    });
  for (auto& thread : threads) thread.join();
  for (const auto& per_thread : replies)
    for (const Reply& reply : per_thread) EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;
  EXPECT_EQ(store_fingerprint().at("pga_signal"), kThreads * kPerThread);
}

TEST_F(Concurrency, SimultaneousContributionsMoveTheSignalExactlyOnce) {
  const std::string id = register_signal();
  const std::pair<Caller, const char*> partners[] = {{kGemeente, "contribution-gemeente.xml"},
                                                      {kPolitie, "contribution-politie.xml"},
                                                      {kOm, "contribution-om.xml"}};
  std::vector<Reply> replies(3);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { replies[i] = call(partners[i].first, example(partners[i].second, id)); });
  for (auto& thread : threads) thread.join();
  for (const Reply& reply : replies) EXPECT_EQ(reply.status, ZVHPGA_OK) << reply.document;

  const Reply dossier = call(kChair, example("get-signal.xml", id));
  EXPECT_EQ(dossier.text_of("state"), "ready-for-weighing");
  // The registration, then received → awaiting → ready: three transitions, none twice.
  EXPECT_EQ(store_fingerprint().at("pga_transition"), 3);
}

TEST_F(Concurrency, RacingDuplicateContributionsOnlyOneWins) {
  const std::string id = register_signal();
  std::vector<Reply> replies(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < replies.size(); ++i)
    threads.emplace_back([&, i] { replies[i] = call(kOm, example("contribution-om.xml", id)); });
  for (auto& thread : threads) thread.join();
  int accepted = 0;
  for (const Reply& reply : replies) {
    if (reply.status == ZVHPGA_OK) ++accepted;
    else EXPECT_EQ(reply.error_code(), "duplicate-contribution") << reply.document;
  }
  EXPECT_EQ(accepted, 1);
}

}  // namespace
}  // namespace zvhpga::testing
