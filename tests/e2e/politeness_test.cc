// Politeness, measured on the wire: loopback servers record when each request arrives, and the
// tests check the gaps, rates, concurrency, pauses and back-off the crawl produced (issue 3).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A shop whose pages /p/0 … /p/(n-1) form a chain (each links to the next two), recording the
// arrival time of every request, robots.txt included.
class RecordingSite {
 public:
  // `overrides` registers handlers that take precedence over the site's own (cpp-httplib
  // uses the first matching route).
  explicit RecordingSite(int pages, std::string robots = "", milliseconds delay = milliseconds(0),
                         const std::function<void(RecordingSite&)>& overrides = {})
      : pages_(pages), robots_(std::move(robots)), delay_(delay) {
    if (overrides) {
      overrides(*this);
    }
    server_.Server().Get("/robots.txt",
                         [this](const httplib::Request& req, httplib::Response& res) {
                           Record(req.path);
                           if (robots_.empty()) {
                             res.status = 404;
                           } else {
                             res.set_content(robots_, "text/plain");
                           }
                         });
    server_.Server().Get(
        R"(/p/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
          Record(req.path);
          const int now_running = ++running_;
          int seen = max_running_.load();
          while (now_running > seen && !max_running_.compare_exchange_weak(seen, now_running)) {
          }
          if (delay_.count() > 0) {
            std::this_thread::sleep_for(delay_);
          }
          const int n = std::stoi(req.matches[1]);
          std::string body = "<html><body><h1>Page</h1>";
          for (int k = 1; k <= 2; ++k) {
            if (n + k < pages_) {
              body += "<a href=\"/p/" + std::to_string(n + k) + "\">next</a>";
            }
          }
          body += "<a href=\"/private/secret\">hidden</a></body></html>";
          res.set_content(body, "text/html");
          --running_;
        });
    server_.Server().Get(R"(/private/.*)",
                         [this](const httplib::Request& req, httplib::Response& res) {
                           Record(req.path);
                           res.set_content("<html>secret</html>", "text/html");
                         });
  }

  httplib::Server& server() { return server_.Server(); }
  bool Start() { return server_.Start(); }
  std::string Url(const std::string& path) const { return server_.Url(path); }

  void Record(const std::string& path) {
    std::lock_guard lock(mutex_);
    requests_.push_back({path, Clock::now()});
  }
  struct Request {
    std::string path;
    Clock::time_point at;
  };
  std::vector<Request> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int Count(const std::string& prefix) const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(
        std::count_if(requests_.begin(), requests_.end(),
                      [&](const Request& r) { return r.path.rfind(prefix, 0) == 0; }));
  }
  int max_running() const { return max_running_.load(); }

 private:
  int pages_;
  std::string robots_;
  milliseconds delay_;
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<int> running_{0};
  std::atomic<int> max_running_{0};
  testing::TestServer server_;
};

// Gaps between consecutive requests, in milliseconds.
std::vector<double> Gaps(const std::vector<RecordingSite::Request>& requests) {
  std::vector<double> gaps;
  for (std::size_t i = 1; i < requests.size(); ++i) {
    gaps.push_back(
        std::chrono::duration<double, std::milli>(requests[i].at - requests[i - 1].at).count());
  }
  return gaps;
}

class PolitenessTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }
  testing::RunResult Crawl(const std::string& seeds_text, const std::string& config_text) {
    return Invoke(CrawlArgs(Write("seeds.txt", seeds_text), Write("c.toml", config_text)));
  }
};

// Slack allowed below 1/rate between two arrivals at one host. Arrival times at the server
// carry connect and scheduling jitter on top of the crawler's spacing (2 shared cores).
constexpr double kSlackMs = 25.0;
// Chains of pages go deeper than the default max_depth of 5.
constexpr const char* kDeep = "max_depth = 100\n";

TEST_F(PolitenessTest, OneHostGetsItsRateAndNoBurst) {
  RecordingSite site(16);
  ASSERT_TRUE(site.Start());
  const auto run =
      Crawl(site.Url("/p/0") + "\n", std::string("[defaults]\nrate = 4\nburst = 1\n") + kDeep);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto requests = site.Requests();
  ASSERT_EQ(requests.size(), 18u);  // robots.txt + 16 pages + /private/secret
  const std::vector<double> gaps = Gaps(requests);
  const double min_gap = *std::min_element(gaps.begin(), gaps.end());
  const double span_s =
      std::chrono::duration<double>(requests.back().at - requests.front().at).count();
  const double rate = static_cast<double>(requests.size() - 1) / span_s;
  std::cout << "rate=4 burst=1: " << requests.size() << " requests, min gap " << min_gap
            << " ms, mean rate " << rate << "/s\n";
  EXPECT_GE(min_gap, 250.0 - kSlackMs);
  EXPECT_NEAR(rate, 4.0, 0.4);
}

TEST_F(PolitenessTest, TwentyHostsEachAtTheirOwnPace) {
  constexpr int kHosts = 20;
  std::vector<std::unique_ptr<RecordingSite>> sites;
  std::string seeds;
  for (int i = 0; i < kHosts; ++i) {
    sites.push_back(std::make_unique<RecordingSite>(11));
    ASSERT_TRUE(sites.back()->Start());
    seeds += sites.back()->Url("/p/0") + "\n";
  }
  const auto run = Crawl(seeds, std::string("[defaults]\nrate = 4\nburst = 1\n") + kDeep);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<Clock::time_point> all;
  double worst_gap = 1e9;
  double slowest = 1e9;
  double fastest = 0;
  for (const auto& site : sites) {
    const auto requests = site->Requests();
    ASSERT_EQ(requests.size(), 13u);  // robots.txt + 11 pages + /private/secret
    // Gaps between page requests: the robots.txt request opens the host's first connection,
    // so its arrival time carries connect latency that 20 busy servers make uneven.
    const auto gaps = Gaps(requests);
    worst_gap = std::min(worst_gap, *std::min_element(gaps.begin() + 1, gaps.end()));
    const double span_s =
        std::chrono::duration<double>(requests.back().at - requests.front().at).count();
    const double rate = static_cast<double>(requests.size() - 1) / span_s;
    slowest = std::min(slowest, rate);
    fastest = std::max(fastest, rate);
    for (const auto& r : requests) {
      all.push_back(r.at);
    }
  }
  std::sort(all.begin(), all.end());
  const double span_s = std::chrono::duration<double>(all.back() - all.front()).count();
  const double total_rate = static_cast<double>(all.size() - 1) / span_s;
  std::cout << kHosts << " hosts at 4/s: " << all.size() << " requests in " << span_s
            << " s, total " << total_rate << "/s, per-host rates " << slowest << " to " << fastest
            << "/s, smallest per-host gap " << worst_gap << " ms\n";
  // Each host keeps its own pace; with 21 processes' worth of threads on 2 cores (more under
  // ASan) single arrivals jitter by tens of ms, so the per-gap bound here is looser than in
  // OneHostGetsItsRateAndNoBurst, and the rates carry the claim.
  EXPECT_GE(worst_gap, 250.0 - 75.0);
  EXPECT_GT(slowest, 4.0 * 0.9);
  EXPECT_LT(fastest, 4.0 * 1.1);
  EXPECT_GT(total_rate, 0.85 * 80.0);
  EXPECT_LT(total_rate, 1.15 * 80.0);
}

TEST_F(PolitenessTest, CapsTransfersInFlightPerHost) {
  RecordingSite site(30, "", milliseconds(80));
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/p/0") + "\n",
                         std::string("[defaults]\nrate = 0\nmax_concurrent = 2\n") + kDeep);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(site.Count("/p/"), 30);
  EXPECT_EQ(site.max_running(), 2);
}

TEST_F(PolitenessTest, CrawlDelayTightensTheRate) {
  RecordingSite site(5, "User-agent: *\nCrawl-delay: 0.5\n");
  ASSERT_TRUE(site.Start());
  const auto run =
      Crawl(site.Url("/p/0") + "\n", std::string("[defaults]\nrate = 20\nburst = 1\n") + kDeep);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto requests = site.Requests();
  ASSERT_EQ(requests.size(), 7u);  // robots.txt + 5 pages + /private/secret
  const auto gaps = Gaps(requests);
  // The first gap follows robots.txt, fetched at the configured rate before the delay was known.
  const double min_gap = *std::min_element(gaps.begin() + 1, gaps.end());
  std::cout << "Crawl-delay 0.5: smallest gap " << min_gap << " ms\n";
  EXPECT_GE(min_gap, 500.0 - kSlackMs);
  EXPECT_EQ(Query("SELECT crawl_delay_ms FROM hosts"), "500");
}

TEST_F(PolitenessTest, RobotsDisallowedUrlsAreNeverRequested) {
  RecordingSite site(4,
                     "User-agent: pricecrawl\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n");
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/p/0") + "\n", "[defaults]\nrate = 0\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(site.Count("/private/"), 0);
  EXPECT_EQ(site.Count("/p/"), 4);
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls WHERE url LIKE '%/private/%'"),
            "skipped: disallowed by robots.txt");
  EXPECT_EQ(site.Count("/robots.txt"), 1);
  // A second pass within 24 h reads robots.txt from the database.
  ASSERT_EQ(Invoke(CrawlArgs(File("seeds.txt"), File("c.toml"))).exit_code, 0);
  EXPECT_EQ(site.Count("/robots.txt"), 1);
}

TEST_F(PolitenessTest, ObeyRobotsOffFetchesEverything) {
  RecordingSite site(2, "User-agent: *\nDisallow: /\n");
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/p/0") + "\n", "[defaults]\nrate = 0\nobey_robots = false\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(site.Count("/robots.txt"), 0);
  EXPECT_EQ(site.Count("/p/"), 2);
  EXPECT_EQ(site.Count("/private/"), 1);
}

TEST_F(PolitenessTest, RobotsServerErrorIsRetriedBeforeCrawling) {
  std::atomic<int> robots_calls{0};
  RecordingSite site(3, "", milliseconds(0), [&](RecordingSite& s) {
    s.server().Get("/robots.txt", [&](const httplib::Request& req, httplib::Response& res) {
      s.Record(req.path);
      if (robots_calls++ == 0) {
        res.status = 500;
      } else {
        res.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
      }
    });
  });
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/p/0") + "\n", "[defaults]\nrate = 0\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(robots_calls.load(), 2);
  EXPECT_EQ(site.Count("/p/"), 3);
  EXPECT_EQ(site.Count("/private/"), 0);
  const auto requests = site.Requests();
  ASSERT_GE(requests.size(), 3u);
  // No page before robots.txt answered.
  EXPECT_EQ(requests[0].path, "/robots.txt");
  EXPECT_EQ(requests[1].path, "/robots.txt");
  EXPECT_GE(requests[1].at - requests[0].at, milliseconds(2000 - 15));
}

TEST_F(PolitenessTest, TooManyRequestsWithRetryAfterPausesTheHost) {
  std::atomic<int> calls{0};
  Clock::time_point refused_at{};
  RecordingSite site(6, "", milliseconds(0), [&](RecordingSite& s) {
    s.server().Get("/p/0", [&](const httplib::Request& req, httplib::Response& res) {
      s.Record(req.path);
      if (calls++ == 0) {
        refused_at = Clock::now();
        res.status = 429;
        res.set_header("Retry-After", "2");
        return;
      }
      res.set_content("<html><a href=\"/p/1\">1</a><a href=\"/p/2\">2</a></html>", "text/html");
    });
  });
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/p/0") + "\n",
                         std::string("[defaults]\nrate = 0\nmax_retries = 2\n") + kDeep);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto requests = site.Requests();
  for (const auto& r : requests) {
    if (r.at > refused_at) {
      EXPECT_GE(r.at - refused_at, milliseconds(2000 - 15)) << r.path << " during the pause";
    }
  }
  EXPECT_EQ(Query("SELECT state || ' ' || attempts FROM urls WHERE url LIKE '%/p/0'"), "done 0");
  EXPECT_EQ(site.Count("/p/"), 7);  // /p/0 twice, then /p/1 … /p/5
}

TEST_F(PolitenessTest, ServerErrorIsRetriedWithBackoffThenSucceeds) {
  RecordingSite site(1);
  std::atomic<int> calls{0};
  site.server().Get("/flaky", [&](const httplib::Request& req, httplib::Response& res) {
    site.Record(req.path);
    if (calls++ < 2) {
      res.status = 503;
      return;
    }
    res.set_content("<html>ok</html>", "text/html");
  });
  ASSERT_TRUE(site.Start());
  const auto run = Crawl(site.Url("/flaky") + "\n", "[defaults]\nrate = 0\nmax_retries = 3\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto requests = site.Requests();
  ASSERT_EQ(requests.size(), 4u);  // robots.txt, 503, 503, 200
  const auto gaps = Gaps(requests);
  std::cout << "503 back-off gaps: " << gaps[1] << " ms, " << gaps[2] << " ms\n";
  EXPECT_GE(gaps[1], 500.0 - kSlackMs);   // 1 s base, jittered to [0.5, 1] s
  EXPECT_GE(gaps[2], 1000.0 - kSlackMs);  // then [1, 2] s
  EXPECT_EQ(Query("SELECT state || ' ' || attempts || ' ' || COALESCE(error, '') FROM urls"),
            "done 0 ");
}

TEST_F(PolitenessTest, RedirectLoopAndOversizedBodyAreRecorded) {
  RecordingSite site(1);
  site.server().Get("/loop-a", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/loop-b");
  });
  site.server().Get("/loop-b", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/loop-a");
  });
  site.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(64 * 1024, 'x'), "text/html");
  });
  site.server().Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd");
  });
  ASSERT_TRUE(site.Start());
  const auto run =
      Crawl(site.Url("/loop-a") + "\n" + site.Url("/big") + "\n" + site.Url("/to-file") + "\n",
            "[defaults]\nrate = 0\nmax_body = \"16KiB\"\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls WHERE url LIKE '%/loop-a'"),
            "failed: redirect loop at '" + site.Url("/loop-a") + "'");
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls WHERE url LIKE '%/big'"),
            "failed: body larger than max_body (16384 bytes)");
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls WHERE url LIKE '%/to-file'"),
            "failed: redirect to 'file:///etc/passwd' refused: only http and https");
}

TEST_F(PolitenessTest, RecrawlSendsConditionalGetAndCounts304AsFresh) {
  RecordingSite site(1);
  std::atomic<int> conditional{0};
  site.server().Get("/item", [&](const httplib::Request& req, httplib::Response& res) {
    site.Record(req.path);
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      ++conditional;
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content("<html><title>Item</title></html>", "text/html");
  });
  ASSERT_TRUE(site.Start());
  const std::string seeds = Write("seeds.txt", site.Url("/item") + "\n");
  const std::string config = Write("c.toml", "[defaults]\nrate = 0\nrecrawl_after = \"0s\"\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  EXPECT_EQ(conditional.load(), 1);
  EXPECT_EQ(Query("SELECT state || ' ' || http_status || ' ' || etag FROM urls"),
            "done 304 \"v1\"");
}

}  // namespace
}  // namespace pricecrawl
