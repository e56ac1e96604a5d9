// The scheduling loop's decisions on a fake clock, against a fake frontier, pipeline and stop
// signals: when it stops, when it aborts transfers, how long it waits for retries, and what a
// host's robots.txt and 429 answers change. Nothing here sleeps: the fake pipeline moves the
// clock to the next completion or to the loop's wake-up time, and gives up (throws) if the loop
// never stops.
#include "crawler/crawl/crawl_loop.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storage/timestamp.h"
#include "tests/testing/fake_clock.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using Duration = Clock::TimePoint::duration;
constexpr Clock::TimePoint kNever = Clock::TimePoint::max();

// A frontier in memory: URLs by host, each due at a wall-clock time.
class FakeFrontier final : public CrawlFrontier {
 public:
  explicit FakeFrontier(const testing::FakeClock& clock) : clock_(clock) {}

  // Queues http://<host><path>, due `due_in` from now on the wall clock.
  void Add(const std::string& host, const std::string& path, milliseconds due_in = {}) {
    Entry entry;
    entry.url.id = next_id_++;
    entry.url.url = "http://" + host + path;
    entry.url.host = host;
    entry.due = clock_.WallNow() + due_in;
    if (queue_.count(host) == 0) {
      hosts_.push_back(host);
    }
    queue_[host].push_back(std::move(entry));
  }

  std::vector<std::string> QueuedHosts() override { return hosts_; }

  std::vector<storage::ClaimedUrl> Claim(const std::string& host, int limit) override {
    std::vector<storage::ClaimedUrl> claimed;
    std::deque<Entry>& queue = queue_[host];
    for (auto it = queue.begin(); it != queue.end() && static_cast<int>(claimed.size()) < limit;) {
      if (it->due <= clock_.WallNow()) {
        claimed.push_back(it->url);
        it = queue.erase(it);
      } else {
        ++it;
      }
    }
    return claimed;
  }

  void Requeue(const std::vector<storage::ClaimedUrl>& urls, std::string_view reason) override {
    for (const storage::ClaimedUrl& url : urls) {
      requeued.push_back(url.url);
    }
    requeue_reason = std::string(reason);
  }

  void MarkDisallowed(const std::vector<storage::ClaimedUrl>& urls,
                      std::string_view /*next_fetch_at*/) override {
    for (const storage::ClaimedUrl& url : urls) {
      disallowed.push_back(url.url);
    }
  }

  std::optional<storage::CachedRobots> LoadRobots(const std::string& host) override {
    const auto it = robots.find(host);
    if (it == robots.end()) {
      return std::nullopt;
    }
    return it->second;
  }

  std::optional<std::string> EarliestDeferred() override {
    std::optional<std::chrono::system_clock::time_point> earliest;
    for (const auto& [host, queue] : queue_) {
      for (const Entry& entry : queue) {
        if (entry.due > start_wall_ && (!earliest || entry.due < *earliest)) {
          earliest = entry.due;
        }
      }
    }
    if (!earliest) {
      return std::nullopt;
    }
    return storage::FormatTimestamp(*earliest);
  }

  void CommitIfDue() override { ++commits; }

  std::map<std::string, storage::CachedRobots> robots;  // stored robots.txt by host
  std::vector<std::string> disallowed;
  std::vector<std::string> requeued;
  std::string requeue_reason;
  int commits = 0;

 private:
  struct Entry {
    storage::ClaimedUrl url;
    std::chrono::system_clock::time_point due;
  };
  const testing::FakeClock& clock_;
  // URLs due later than this were deferred (a retry waiting), as next_fetch_at marks them.
  std::chrono::system_clock::time_point start_wall_ = clock_.WallNow();
  std::vector<std::string> hosts_;
  std::map<std::string, std::deque<Entry>> queue_;
  std::int64_t next_id_ = 1;
};

// A pipeline whose transfers each take `latency` on the fake clock and come back as `respond`
// says. Waiting moves the clock: to the next completion if it comes before `until`, else to
// `until`.
class FakePipeline final : public CrawlPipeline {
 public:
  // More rounds than any test needs; a loop that never stops fails the test instead of hanging.
  static constexpr int kMaxWaits = 100'000;

  explicit FakePipeline(testing::FakeClock& clock) : clock_(clock) {}

  void Submit(FetchRequest request) override {
    submitted.push_back(request);
    submitted_at.push_back(clock_.Now());
    const Clock::TimePoint done_at = latency == Duration::max() ? kNever : clock_.Now() + latency;
    in_flight_.push_back({std::move(request), done_at});
    if (on_submit) {
      on_submit(submitted.back());
    }
  }

  bool Failed() const override { return failed; }

  void AbortAll() override {
    ++aborts;
    if (!aborted_come_back) {
      return;
    }
    for (const Transfer& transfer : in_flight_) {
      StoredPage page;
      page.host = transfer.request.host;
      stored_.push_back(std::move(page));  // aborted: not a page, not an error
    }
    in_flight_.clear();
  }

  std::vector<StoredPage> TakeStored() override {
    std::vector<StoredPage> pages;
    pages.swap(stored_);
    return pages;
  }

  void WaitForStored(Clock::TimePoint until) override {
    if (++waits > kMaxWaits) {
      throw std::runtime_error("the loop did not stop");
    }
    if (!stored_.empty()) {
      return;
    }
    Clock::TimePoint next = kNever;
    for (const Transfer& transfer : in_flight_) {
      next = std::min(next, transfer.done_at);
    }
    if (next > until) {
      clock_.AdvanceTo(until);
      return;
    }
    clock_.AdvanceTo(next);
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
      if (it->done_at <= clock_.Now()) {
        stored_.push_back(respond(it->request));
        it = in_flight_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // A robots.txt that allows everything; a counted 200 page.
  static StoredPage Success(const FetchRequest& request) {
    StoredPage page;
    page.host = request.host;
    page.http_status = 200;
    if (request.kind == FetchKind::kRobots) {
      RobotsResult robots;
      robots.available = true;
      robots.http_status = 200;
      robots.policy = std::make_shared<const RobotsPolicy>(RobotsPolicy::AllowAll());
      page.robots = std::move(robots);
    } else {
      page.counted_page = true;
    }
    return page;
  }

  Duration latency = milliseconds(10);  // Duration::max(): never comes back
  std::function<StoredPage(const FetchRequest&)> respond = Success;
  std::function<void(const FetchRequest&)> on_submit;
  bool aborted_come_back = true;  // AbortAll returns every transfer at once
  bool failed = false;
  std::vector<FetchRequest> submitted;
  std::vector<Clock::TimePoint> submitted_at;
  int aborts = 0;
  int waits = 0;

 private:
  struct Transfer {
    FetchRequest request;
    Clock::TimePoint done_at;
  };
  testing::FakeClock& clock_;
  std::vector<Transfer> in_flight_;
  std::vector<StoredPage> stored_;
};

// SIGINT/SIGTERM delivered at set times on the fake clock.
class FakeSignals final : public StopSignalSource {
 public:
  explicit FakeSignals(const testing::FakeClock& clock) : clock_(clock) {}
  int Count() const override {
    return static_cast<int>(std::count_if(
        at.begin(), at.end(), [this](Clock::TimePoint t) { return t <= clock_.Now(); }));
  }
  std::vector<Clock::TimePoint> at;

 private:
  const testing::FakeClock& clock_;
};

class CrawlLoopTest : public ::testing::Test {
 protected:
  CrawlLoopTest() {
    config_.defaults.obey_robots = false;
    config_.defaults.rate = 0;  // unlimited unless a test says otherwise
    config_.defaults.burst = 4;
    config_.defaults.max_concurrent = 4;
    config_.grace_period = seconds(5);
  }

  CrawlLoopResult Run(const CrawlLoopOptions& options = {}) {
    CrawlLoop loop(
        config_, options, clock_, frontier_, pipeline_,
        [this](LogLevel /*level*/, const std::string& message) { log_.push_back(message); });
    loop.AddQueuedHosts();
    started_ = clock_.Now();
    return loop.Run(signals_, started_, [this](const CrawlProgress& progress, Clock::TimePoint) {
      last_progress_ = progress;
    });
  }

  void AddUrls(const std::string& host, int count) {
    for (int i = 0; i < count; ++i) {
      frontier_.Add(host, "/p" + std::to_string(i));
    }
  }

  bool Logged(const std::string& line) const {
    return std::find(log_.begin(), log_.end(), line) != log_.end();
  }

  Duration Elapsed() const { return clock_.Now() - started_; }

  testing::FakeClock clock_;
  FakeFrontier frontier_{clock_};
  FakePipeline pipeline_{clock_};
  FakeSignals signals_{clock_};
  config::Config config_;
  std::vector<std::string> log_;
  Clock::TimePoint started_;
  CrawlProgress last_progress_;
};

TEST_F(CrawlLoopTest, FinishesWhenTheFrontierIsExhausted) {
  AddUrls("a.test", 10);
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  EXPECT_EQ(result.pages, 10);
  EXPECT_EQ(result.dispatched, 10);
  EXPECT_EQ(pipeline_.submitted.size(), 10u);
  EXPECT_EQ(pipeline_.aborts, 0);
  EXPECT_GT(frontier_.commits, 0);
  // Progress is reported after each round that goes on, so the last one misses the last pages.
  EXPECT_GT(last_progress_.pages, 0);
  EXPECT_LE(last_progress_.pages, 10);
}

TEST_F(CrawlLoopTest, SignalLetsTransfersInFlightFinishWithinTheGracePeriod) {
  AddUrls("a.test", 20);
  pipeline_.latency = seconds(2);
  signals_.at = {clock_.Now() + seconds(1)};
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kSignal);
  EXPECT_EQ(pipeline_.submitted.size(), 4u);  // max_concurrent; nothing more after the signal
  EXPECT_EQ(result.pages, 4);
  EXPECT_EQ(pipeline_.aborts, 0);
  EXPECT_FALSE(result.aborted_transfers);
  EXPECT_TRUE(Logged("stopping: waiting up to 5s for 4 transfers in flight"));
  EXPECT_GE(Elapsed(), seconds(2));
  EXPECT_LT(Elapsed(), seconds(3));
}

TEST_F(CrawlLoopTest, SignalAbortsTransfersStillInFlightWhenTheGracePeriodEnds) {
  AddUrls("a.test", 20);
  pipeline_.latency = Duration::max();
  signals_.at = {clock_.Now() + seconds(1)};
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kSignal);
  EXPECT_EQ(pipeline_.aborts, 1);
  EXPECT_TRUE(result.aborted_transfers);
  EXPECT_EQ(result.pages, 0);
  EXPECT_TRUE(Logged("aborting 4 transfers still in flight; they are fetched again next run"));
  EXPECT_GE(Elapsed(), seconds(1) + seconds(5));
  EXPECT_LT(Elapsed(), seconds(1) + seconds(5) + seconds(1));
}

TEST_F(CrawlLoopTest, AbortedTransfersThatNeverComeBackEndTheLoopAfterTheDrainTime) {
  AddUrls("a.test", 4);
  pipeline_.latency = Duration::max();
  pipeline_.aborted_come_back = false;
  signals_.at = {clock_.Now() + seconds(1)};
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kSignal);
  EXPECT_EQ(pipeline_.aborts, 1);
  // The grace period, then 10 s for aborted transfers to come back through the graph.
  EXPECT_GE(Elapsed(), seconds(1) + seconds(5) + seconds(10));
  EXPECT_LT(Elapsed(), seconds(1) + seconds(5) + seconds(11));
}

TEST_F(CrawlLoopTest, SecondSignalAbortsAtOnce) {
  AddUrls("a.test", 20);
  pipeline_.latency = Duration::max();
  signals_.at = {clock_.Now() + seconds(1), clock_.Now() + milliseconds(1500)};
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kSignal);
  EXPECT_EQ(pipeline_.aborts, 1);
  EXPECT_TRUE(result.aborted_transfers);
  EXPECT_GE(Elapsed(), milliseconds(1500));
  EXPECT_LT(Elapsed(), seconds(2));  // well inside the 5 s grace period
}

TEST_F(CrawlLoopTest, MaxDurationStopsAtTheDeadline) {
  config_.defaults.rate = 1.0;
  config_.defaults.burst = 1;
  AddUrls("a.test", 1000);
  CrawlLoopOptions options;
  options.max_duration = seconds(30);
  const CrawlLoopResult result = Run(options);
  EXPECT_EQ(result.reason, StopReason::kDeadline);
  EXPECT_TRUE(Logged("stopping: waiting up to 5s for 0 transfers in flight") ||
              Logged("stopping: waiting up to 5s for 1 transfers in flight"));
  EXPECT_GE(Elapsed(), seconds(30));
  EXPECT_LT(Elapsed(), seconds(31));
  // One request a second from the start: 30 or 31 went out, each came back.
  EXPECT_GE(result.dispatched, 30);
  EXPECT_LE(result.dispatched, 31);
  EXPECT_EQ(result.pages, result.dispatched);
  EXPECT_EQ(pipeline_.aborts, 0);
}

TEST_F(CrawlLoopTest, MaxPagesStopsOnceThoseRequestsCameBack) {
  AddUrls("a.test", 10);
  CrawlLoopOptions options;
  options.max_pages = 3;
  const CrawlLoopResult result = Run(options);
  EXPECT_EQ(result.reason, StopReason::kMaxPages);
  EXPECT_EQ(result.dispatched, 3);
  EXPECT_EQ(pipeline_.submitted.size(), 3u);
  EXPECT_EQ(result.pages, 3);
}

TEST_F(CrawlLoopTest, PipelineFailureStopsAndAbortsAtOnce) {
  AddUrls("a.test", 20);
  pipeline_.latency = Duration::max();
  pipeline_.on_submit = [this](const FetchRequest&) { pipeline_.failed = true; };
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kFailure);
  EXPECT_EQ(pipeline_.aborts, 1);
  EXPECT_LT(Elapsed(), seconds(1));
  EXPECT_FALSE(Logged("stopping: waiting up to 5s for 4 transfers in flight"));
}

TEST_F(CrawlLoopTest, IdleRunWaitsForARetryDueWithinAMinute) {
  frontier_.Add("a.test", "/later", seconds(30));
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  ASSERT_EQ(pipeline_.submitted.size(), 1u);
  EXPECT_EQ(pipeline_.submitted[0].url, "http://a.test/later");
  EXPECT_GE(pipeline_.submitted_at[0] - started_, seconds(30));
  EXPECT_LT(pipeline_.submitted_at[0] - started_, seconds(31));
  EXPECT_EQ(result.pages, 1);
}

TEST_F(CrawlLoopTest, IdleRunFinishesWhenTheEarliestRetryIsMoreThanAMinuteAway) {
  frontier_.Add("a.test", "/much-later", seconds(61));
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  EXPECT_TRUE(pipeline_.submitted.empty());
  EXPECT_LT(Elapsed(), seconds(1));
}

TEST_F(CrawlLoopTest, RetryInWakesTheHostWhenItComesDue) {
  frontier_.Add("a.test", "/flaky");
  bool failed_once = false;
  pipeline_.respond = [&](const FetchRequest& request) {
    StoredPage page = FakePipeline::Success(request);
    if (!failed_once) {
      failed_once = true;
      page.http_status = 503;
      page.counted_page = false;
      page.retry_in = seconds(20);
      frontier_.Add("a.test", "/flaky", seconds(20));  // the store queued it again
    }
    return page;
  };
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  ASSERT_EQ(pipeline_.submitted.size(), 2u);
  EXPECT_GE(pipeline_.submitted_at[1] - pipeline_.submitted_at[0], seconds(20));
  EXPECT_LT(pipeline_.submitted_at[1] - pipeline_.submitted_at[0], seconds(21));
}

TEST_F(CrawlLoopTest, RobotsTxtGoesFirstForANewHost) {
  config_.defaults.obey_robots = true;
  AddUrls("a.test", 3);
  pipeline_.latency = seconds(1);
  pipeline_.respond = [this](const FetchRequest& request) {
    StoredPage page = FakePipeline::Success(request);
    if (page.robots) {
      page.robots->policy = std::make_shared<const RobotsPolicy>(
          RobotsPolicy::Parse("User-agent: *\nDisallow: /p1\n", config_.user_agent));
    }
    return page;
  };
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  ASSERT_EQ(pipeline_.submitted.size(), 3u);
  EXPECT_EQ(pipeline_.submitted[0].kind, FetchKind::kRobots);
  EXPECT_EQ(pipeline_.submitted[0].url, "http://a.test/robots.txt");
  EXPECT_EQ(pipeline_.submitted[0].url_id, 0);
  // The pages wait until robots.txt came back, and the one it disallows never goes out.
  EXPECT_EQ(pipeline_.submitted[1].url, "http://a.test/p0");
  EXPECT_EQ(pipeline_.submitted[2].url, "http://a.test/p2");
  EXPECT_GE(pipeline_.submitted_at[1] - started_, seconds(1));
  EXPECT_EQ(frontier_.disallowed, std::vector<std::string>{"http://a.test/p1"});
  EXPECT_EQ(result.dispatched, 2);
}

TEST_F(CrawlLoopTest, StoredRobotsTxtYoungerThanADayIsNotFetchedAgain) {
  config_.defaults.obey_robots = true;
  AddUrls("a.test", 2);
  frontier_.robots["a.test"] = storage::CachedRobots{200, "User-agent: *\nDisallow: /p1\n",
                                                     storage::FormatTimestamp(clock_.WallNow())};
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  ASSERT_EQ(pipeline_.submitted.size(), 1u);
  EXPECT_EQ(pipeline_.submitted[0].url, "http://a.test/p0");
  EXPECT_EQ(frontier_.disallowed, std::vector<std::string>{"http://a.test/p1"});
}

TEST_F(CrawlLoopTest, UnavailableRobotsTxtLeavesTheHostForTheNextRun) {
  config_.defaults.obey_robots = true;
  AddUrls("a.test", 2);
  pipeline_.respond = [](const FetchRequest& request) {
    StoredPage page = FakePipeline::Success(request);
    if (page.robots) {
      page.robots->available = false;
      page.robots->policy = nullptr;
      page.robots->error = "HTTP 503";
    }
    return page;
  };
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  // Tried kMaxFailures times, never a page.
  ASSERT_EQ(pipeline_.submitted.size(), static_cast<std::size_t>(RobotsGate::kMaxFailures));
  for (const FetchRequest& request : pipeline_.submitted) {
    EXPECT_EQ(request.kind, FetchKind::kRobots);
  }
  EXPECT_EQ(frontier_.requeued.size(), 2u);
  EXPECT_EQ(frontier_.requeue_reason,
            "robots.txt unavailable (HTTP 503); waiting for the next run");
  EXPECT_TRUE(
      Logged("robots.txt of a.test unavailable (HTTP 503); its URLs wait for the next run"));
}

TEST_F(CrawlLoopTest, TooManyRequestsHalvesTheHostsRate) {
  config_.defaults.rate = 4.0;
  config_.defaults.burst = 1;
  config_.defaults.max_concurrent = 1;
  AddUrls("a.test", 4);
  pipeline_.respond = [](const FetchRequest& request) {
    StoredPage page = FakePipeline::Success(request);
    if (request.url == "http://a.test/p0") {
      page.http_status = 429;
      page.counted_page = false;
      page.counted_error = true;
    }
    return page;
  };
  const CrawlLoopResult result = Run();
  EXPECT_EQ(result.reason, StopReason::kExhausted);
  EXPECT_TRUE(Logged("a.test answered 429 Too Many Requests; its rate is now 2.00/s"));
  ASSERT_EQ(pipeline_.submitted_at.size(), 4u);
  // At 4/s requests went out every 250 ms; after the 429 at 2/s (creeping back 10% per
  // success) they are more than 400 ms apart.
  for (std::size_t i = 2; i < pipeline_.submitted_at.size(); ++i) {
    EXPECT_GT(pipeline_.submitted_at[i] - pipeline_.submitted_at[i - 1], milliseconds(400)) << i;
  }
  EXPECT_EQ(result.errors, 1);
  EXPECT_EQ(result.pages, 3);
}

}  // namespace
}  // namespace pricecrawl::crawler
