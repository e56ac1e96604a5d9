#include "crawler/politeness/host_scheduler.h"

#include <map>

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

std::vector<storage::ClaimedUrl> Urls(const std::string& host, int n, int first_id = 1) {
  std::vector<storage::ClaimedUrl> urls;
  for (int i = 0; i < n; ++i) {
    storage::ClaimedUrl url;
    url.id = first_id + i;
    url.host = host;
    url.url = "http://" + host + "/" + std::to_string(i);
    urls.push_back(url);
  }
  return urls;
}

TEST(HostSchedulerTest, NewHostAsksForARefillOnce) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{1.0, 1, 1, 8}, clock.Now());
  scheduler.AddHost("a", HostLimits{1.0, 1, 1, 8}, clock.Now());
  EXPECT_EQ(scheduler.TakeHostsNeedingRefill(), std::vector<std::string>{"a"});
  EXPECT_TRUE(scheduler.TakeHostsNeedingRefill().empty());
  EXPECT_EQ(scheduler.Wanted("a"), 8);
}

TEST(HostSchedulerTest, RefillsAtMostTheAskedNumberOfHostsOldestFirst) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  for (const char* host : {"a", "b", "c", "d", "e"}) {
    scheduler.AddHost(host, HostLimits{0, 1, 1, 8}, clock.Now());
  }
  EXPECT_TRUE(scheduler.RefillPending());
  EXPECT_EQ(scheduler.TakeHostsNeedingRefill(2), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(scheduler.Idle());
  EXPECT_EQ(scheduler.TakeHostsNeedingRefill(2), (std::vector<std::string>{"c", "d"}));
  // A host taken earlier and drained, then woken, queues up behind the one still waiting.
  scheduler.MarkDrained("a");
  scheduler.Wake("a", clock.Now());
  EXPECT_EQ(scheduler.TakeHostsNeedingRefill(5), (std::vector<std::string>{"e", "a"}));
  EXPECT_FALSE(scheduler.RefillPending());
  EXPECT_TRUE(scheduler.TakeHostsNeedingRefill(5).empty());
  EXPECT_TRUE(scheduler.Idle());
}

TEST(HostSchedulerTest, RespectsTheRateOfEachHost) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{2.0, 1, 10, 8}, clock.Now());
  scheduler.Add(Urls("a", 5), clock.Now());
  ASSERT_TRUE(scheduler.Next(clock.Now()).has_value());
  scheduler.Completed("a", clock.Now());
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
  ASSERT_TRUE(scheduler.NextWakeup().has_value());
  EXPECT_GE(*scheduler.NextWakeup() - clock.Now(), milliseconds(499));
  clock.Advance(milliseconds(501));
  EXPECT_TRUE(scheduler.Next(clock.Now()).has_value());
}

TEST(HostSchedulerTest, CapsTransfersInFlightPerHost) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 2, 8}, clock.Now());
  scheduler.Add(Urls("a", 5), clock.Now());
  EXPECT_TRUE(scheduler.Next(clock.Now()).has_value());
  EXPECT_TRUE(scheduler.Next(clock.Now()).has_value());
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
  EXPECT_EQ(scheduler.in_flight(), 2u);
  scheduler.Completed("a", clock.Now());
  EXPECT_TRUE(scheduler.Next(clock.Now()).has_value());
}

TEST(HostSchedulerTest, ASlowHostDoesNotHoldBackOthers) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("slow", HostLimits{0.1, 1, 1, 8}, clock.Now());
  scheduler.AddHost("fast", HostLimits{0.0, 1, 100, 8}, clock.Now());
  scheduler.Add(Urls("slow", 5, 1), clock.Now());
  scheduler.Add(Urls("fast", 5, 100), clock.Now());
  std::map<std::string, int> sent;
  while (auto url = scheduler.Next(clock.Now())) {
    ++sent[url->host];
    scheduler.Completed(url->host, clock.Now());
  }
  EXPECT_EQ(sent["slow"], 1);
  EXPECT_EQ(sent["fast"], 5);
}

TEST(HostSchedulerTest, PauseHoldsAHostUntilItEnds) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 5, 8}, clock.Now());
  scheduler.Add(Urls("a", 3), clock.Now());
  scheduler.Pause("a", clock.Now() + std::chrono::seconds(30));
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
  EXPECT_EQ(scheduler.hosts_waiting(), 1u);
  clock.Advance(std::chrono::seconds(31));
  EXPECT_TRUE(scheduler.Next(clock.Now()).has_value());
}

TEST(HostSchedulerTest, DrainedHostIsIdleUntilWoken) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 1, 8}, clock.Now());
  for (const auto& host : scheduler.TakeHostsNeedingRefill()) {
    scheduler.MarkDrained(host);
  }
  EXPECT_TRUE(scheduler.Idle());
  scheduler.Wake("a", clock.Now());
  EXPECT_FALSE(scheduler.Idle());
  EXPECT_EQ(scheduler.TakeHostsNeedingRefill(), std::vector<std::string>{"a"});
}

TEST(HostSchedulerTest, DrainQueuedGivesBackWhatWasNotSent) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 1, 8}, clock.Now());
  scheduler.Add(Urls("a", 4), clock.Now());
  ASSERT_TRUE(scheduler.Next(clock.Now()).has_value());
  EXPECT_EQ(scheduler.DrainQueued().size(), 3u);
  EXPECT_EQ(scheduler.queued(), 0u);
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
}

}  // namespace
}  // namespace pricecrawl::crawler

namespace pricecrawl::crawler {
namespace {

TEST(HostSchedulerRobotsTest, HeldHostSendsOnlyItsPriorityRequest) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 4, 8}, clock.Now());
  scheduler.Hold("a");
  scheduler.Add(Urls("a", 3, 10), clock.Now());
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
  storage::ClaimedUrl robots;
  robots.host = "a";
  robots.url = "http://a/robots.txt";
  scheduler.AddPriority(robots, clock.Now());
  EXPECT_FALSE(scheduler.Idle());
  auto first = scheduler.Next(clock.Now());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->url, "http://a/robots.txt");
  EXPECT_FALSE(scheduler.Next(clock.Now()).has_value());
  scheduler.Completed("a", clock.Now());
  scheduler.Release("a", clock.Now());
  EXPECT_EQ(scheduler.Next(clock.Now())->id, 10);
}

TEST(HostSchedulerRobotsTest, RefusedUrlsLeaveWithoutATokenOrASlot) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.SetAdmit([](const storage::ClaimedUrl& url) { return url.id % 2 == 0; });
  scheduler.AddHost("a", HostLimits{1.0, 1, 1, 8}, clock.Now());
  scheduler.Add(Urls("a", 4, 1), clock.Now());  // ids 1..4; odd ones refused
  auto sent = scheduler.Next(clock.Now());
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->id, 2);
  const auto refused = scheduler.TakeRefused();
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].id, 1);
}

TEST(HostSchedulerRobotsTest, RetiredHostGivesBackItsUrlsAndAsksForNoMore) {
  testing::FakeClock clock;
  HostScheduler scheduler;
  scheduler.AddHost("a", HostLimits{0.0, 1, 1, 8}, clock.Now());
  scheduler.TakeHostsNeedingRefill();
  scheduler.Add(Urls("a", 3), clock.Now());
  EXPECT_EQ(scheduler.Retire("a").size(), 3u);
  scheduler.Wake("a", clock.Now());
  EXPECT_TRUE(scheduler.TakeHostsNeedingRefill().empty());
  EXPECT_TRUE(scheduler.Idle());
}

}  // namespace
}  // namespace pricecrawl::crawler
