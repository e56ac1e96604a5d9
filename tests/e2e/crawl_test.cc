// End-to-end tests of `pricecrawl crawl` and `status`: the real binary, run as a child process
// against in-process HTTP servers on 127.0.0.1, checked through the database users read.

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include "storage/sqlite.h"
#include "tests/testing/child_process.h"
#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A generated shop on one server: /page/N links to three later pages (wrapping), with
// duplicates, fragments, tracking parameters, an off-site link and a mailto: link; every page
// is reachable from /page/0. Counts requests per path.
class Site {
 public:
  Site(int pages, milliseconds delay, std::string other_host = "")
      : pages_(pages), delay_(delay), other_host_(std::move(other_host)) {
    server_.Server().Get(R"(/page/(\d+))", [this](const httplib::Request& req,
                                                  httplib::Response& res) {
      Count(req.path);
      if (delay_.count() > 0) {
        std::this_thread::sleep_for(delay_);
      }
      const int n = std::stoi(req.matches[1]);
      std::string body = "<html><head><title>Page " + std::to_string(n) + "</title></head><body>";
      for (int k = 1; k <= 3; ++k) {
        const int target = (n * 3 + k) % pages_;
        body += "<a href=\"/page/" + std::to_string(target) + "\">p</a>";
        body += "<a href=\"" + std::to_string(target) + "#top\">same</a>";
        body += "<a href=\"/page/" + std::to_string(target) + "?utm_source=x\">tracked</a>";
      }
      body += "<a href=\"mailto:a@b.c\">mail</a><a href=\"http://offsite.invalid/x\">off</a>";
      if (!other_host_.empty()) {
        body += "<a href=\"" + other_host_ + "/page/" + std::to_string(n % 10) + "\">other</a>";
      }
      body += "</body></html>";
      res.set_content(body, "text/html; charset=utf-8");
    });
    server_.Server().Get("/robots.txt",
                         [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Server().Get("/missing", [this](const httplib::Request& req, httplib::Response& res) {
      Count(req.path);
      res.status = 404;
    });
    server_.Server().Get("/image.png", [this](const httplib::Request& req, httplib::Response& res) {
      Count(req.path);
      res.set_content("PNG", "image/png");
    });
    EXPECT_TRUE(server_.Start());
  }

  std::string Url(const std::string& path) const { return server_.Url(path); }
  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(server_.Port()); }
  int Total() const { return total_.load(); }
  std::map<std::string, int> Counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  void Count(const std::string& path) {
    std::lock_guard lock(mutex_);
    ++counts_[path];
    ++total_;
  }

  int pages_;
  milliseconds delay_;
  std::string other_host_;
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
  std::atomic<int> total_{0};
  testing::TestServer server_;
};

class CrawlTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }

  std::string Config(int max_concurrent = 4, const std::string& extra = "") {
    return Write("c.toml", "grace_period = \"2s\"\n" + extra +
                               "[defaults]\nrate = 0\nmax_concurrent = " +
                               std::to_string(max_concurrent) + "\nmax_retries = 1\n");
  }

  // Waits (bounded) until the site has answered at least `n` requests.
  static bool WaitForRequests(const Site& site, int n, milliseconds timeout = milliseconds(30000)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (site.Total() < n) {
      if (std::chrono::steady_clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
  }
};

TEST_F(CrawlTest, CrawlsAMultiHostSiteCompletely) {
  Site second(40, milliseconds(0));
  Site first(60, milliseconds(0), second.Origin());
  const std::string seeds =
      Write("seeds.txt", "# two shops\n" + first.Url("/page/0") + "\n\n" + second.Url("/page/0") +
                             " target=9.99\n" + first.Url("/missing") + "\n" +
                             first.Url("/image.png") + "\n");
  const testing::RunResult run = Invoke(CrawlArgs(seeds, Config()));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("finished"), std::string::npos) << run.out;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "100");
  EXPECT_EQ(Query("SELECT error FROM urls WHERE url LIKE '%/missing'"), "HTTP 404 Not Found");
  EXPECT_EQ(Query("SELECT state || ' ' || error FROM urls WHERE url LIKE '%/image.png'"),
            "skipped not HTML (image/png)");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE url LIKE '%offsite%' OR url LIKE 'mailto%'"),
            "0");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE url LIKE '%utm_%' OR url LIKE '%#%'"), "0");
  EXPECT_EQ(Query("SELECT target_price FROM urls WHERE url = '" + second.Url("/page/0") + "'"),
            "9.99");
  EXPECT_EQ(Query("SELECT status || ' ' || pages_fetched || ' ' || errors FROM runs"),
            "finished 102 1");
  for (const auto& [path, count] : first.Counts()) {
    EXPECT_EQ(count, 1) << path << " fetched more than once";
  }
  EXPECT_EQ(Query("PRAGMA integrity_check"), "ok");

  const testing::RunResult status = Invoke({"status", "--db", Db()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("run 1: finished"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("done 100"), std::string::npos) << status.out;
}

TEST_F(CrawlTest, FinishedRunThenCrawlStartsANewPassWithTheSeeds) {
  Site site(5, milliseconds(0));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, Config())).exit_code, 0);
  const testing::RunResult again = Invoke(CrawlArgs(seeds, Config()));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM runs"), "2");
  // The seed is fetched again; the other pages are not due before recrawl_after (6h).
  EXPECT_EQ(site.Counts()["/page/0"], 2);
  EXPECT_EQ(site.Counts()["/page/1"], 1);
}

TEST_F(CrawlTest, MaxPagesEndsTheRunAfterThatManyFetches) {
  Site site(50, milliseconds(0));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  std::vector<std::string> args = CrawlArgs(seeds, Config(1));
  args.insert(args.end(), {"--max-pages", "7"});
  const testing::RunResult run = Invoke(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(site.Total(), 7);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "7");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'in_flight'"), "0");
}

TEST_F(CrawlTest, SigtermStopsWithExitThreeAndTheNextRunResumes) {
  Site site(120, milliseconds(20));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  const std::string config = Config(2);
  auto child = Start(CrawlArgs(seeds, config));
  ASSERT_TRUE(WaitForRequests(site, 20));
  child->Signal(SIGTERM);
  const std::optional<int> code = child->Wait(milliseconds(20000));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 3) << testing::ReadFile(File("bg.err"));
  EXPECT_NE(testing::ReadFile(File("bg.out")).find("run the same command again to resume"),
            std::string::npos);
  EXPECT_EQ(Query("SELECT status FROM runs"), "interrupted");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'in_flight'"), "0");
  const int before = site.Total();
  EXPECT_LT(before, 120);

  const testing::RunResult resumed = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM runs"), "1");
  EXPECT_EQ(Query("SELECT status || ' ' || resumes FROM runs"), "finished 1");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "120");
  // A graceful stop lets transfers finish: nothing is fetched twice.
  for (const auto& [path, count] : site.Counts()) {
    EXPECT_EQ(count, 1) << path;
  }
}

TEST_F(CrawlTest, KillNineLosesAtMostWhatWasInFlight) {
  Site site(150, milliseconds(10));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  const std::string config = Config(4);
  auto child = Start(CrawlArgs(seeds, config));
  ASSERT_TRUE(WaitForRequests(site, 60));
  child->Signal(SIGKILL);
  ASSERT_EQ(child->Wait(milliseconds(10000)).value_or(-1), 128 + SIGKILL);
  EXPECT_EQ(Query("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Query("SELECT status FROM runs"), "running");
  const int served_at_kill = site.Total();
  std::set<std::string> done_at_kill;
  for (const std::string& url : QueryColumn("SELECT url FROM urls WHERE state = 'done'")) {
    done_at_kill.insert(url.substr(url.find("/page/")));
  }

  const testing::RunResult resumed = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming run 1"), std::string::npos) << resumed.err;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "150");
  EXPECT_EQ(Query("PRAGMA integrity_check"), "ok");
  int fetched_twice = 0;
  for (const auto& [path, count] : site.Counts()) {
    EXPECT_LE(count, 2) << path;
    if (count == 2) {
      ++fetched_twice;
      // Nothing committed as done is fetched again: only what was in flight or in the open batch.
      EXPECT_EQ(done_at_kill.count(path), 0u) << path << " was done before the kill";
    }
  }
  EXPECT_EQ(fetched_twice, site.Total() - 150);
  EXPECT_EQ(fetched_twice, served_at_kill - static_cast<int>(done_at_kill.size()));
  std::cout << "kill -9 after " << served_at_kill << " responses, " << done_at_kill.size()
            << " committed as done; " << fetched_twice << " fetched again on resume\n";
}

TEST_F(CrawlTest, SecondCrawlOnTheSameDatabaseExits75) {
  Site site(200, milliseconds(50));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  const std::string config = Config(1);
  auto child = Start(CrawlArgs(seeds, config));
  ASSERT_TRUE(WaitForRequests(site, 2));
  const auto started = std::chrono::steady_clock::now();
  const testing::RunResult second = Invoke(CrawlArgs(seeds, config));
  EXPECT_EQ(second.exit_code, 75) << second.err;
  EXPECT_NE(second.err.find("another 'pricecrawl crawl' is using"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));
  child->Signal(SIGINT);
  EXPECT_EQ(child->Wait(milliseconds(20000)).value_or(-1), 3);
}

TEST_F(CrawlTest, LockLeftByAKilledCrawlIsTakenOver) {
  Site site(40, milliseconds(20));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  const std::string config = Config(2);
  auto child = Start(CrawlArgs(seeds, config));
  ASSERT_TRUE(WaitForRequests(site, 5));
  const int holder = child->pid();
  child->Signal(SIGKILL);
  ASSERT_EQ(child->Wait(milliseconds(10000)).value_or(-1), 128 + SIGKILL);
  EXPECT_EQ(Query("SELECT status FROM runs"), "running");  // as the killed process left it

  // status sees no live holder: the run is reported interrupted, not running.
  const testing::RunResult status = Invoke({"status", "--db", Db()});
  EXPECT_NE(status.out.find("interrupted (the process died)"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("running now"), std::string::npos) << status.out;

  // The next crawl takes the lock at once (never exit 75) and resumes the killed run.
  const auto started = std::chrono::steady_clock::now();
  const testing::RunResult next = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.err.find("resuming run 1"), std::string::npos) << next.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(60));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "40");
  EXPECT_EQ(Query("SELECT status FROM runs"), "finished");
  EXPECT_NE(Query("SELECT pid FROM runs"), std::to_string(holder));
}

TEST_F(CrawlTest, SecondSigintAbortsTransfersAtOnce) {
  Site site(20, milliseconds(3000));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  const std::string config =
      Write("c.toml", "grace_period = \"30s\"\n[defaults]\nrate = 0\nmax_concurrent = 4\n");
  auto child = Start(CrawlArgs(seeds, config));
  ASSERT_TRUE(WaitForRequests(site, 1));
  const testing::RunResult status = Invoke({"status", "--db", Db()});
  EXPECT_NE(status.out.find("running now (pid " + std::to_string(child->pid()) + ")"),
            std::string::npos)
      << status.out;
  child->Signal(SIGINT);
  std::this_thread::sleep_for(milliseconds(200));
  const auto second = std::chrono::steady_clock::now();
  child->Signal(SIGINT);
  ASSERT_EQ(child->Wait(milliseconds(20000)).value_or(-1), 3);
  EXPECT_LT(std::chrono::steady_clock::now() - second, seconds(2));
  EXPECT_EQ(Query("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'in_flight'"), "0");
  EXPECT_EQ(Query("SELECT state FROM urls WHERE url LIKE '%/page/0'"), "queued");
}

TEST_F(CrawlTest, MaxDurationStopsWithExitThree) {
  Site site(300, milliseconds(30));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  std::vector<std::string> args = CrawlArgs(seeds, Config(1));
  args.insert(args.end(), {"--max-duration", "1s"});
  const testing::RunResult run = Invoke(args);
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.out.find("--max-duration reached"), std::string::npos) << run.out;
  EXPECT_EQ(Query("SELECT status FROM runs"), "interrupted");
}

TEST_F(CrawlTest, FreshStartsANewPassOverAnInterruptedOne) {
  Site site(300, milliseconds(30));
  const std::string seeds = Write("seeds.txt", site.Url("/page/0") + "\n");
  std::vector<std::string> args = CrawlArgs(seeds, Config(1));
  args.insert(args.end(), {"--max-duration", "500ms"});
  ASSERT_EQ(Invoke(args).exit_code, 3);
  args.push_back("--fresh");
  ASSERT_EQ(Invoke(args).exit_code, 3);
  EXPECT_EQ(Query("SELECT group_concat(status) FROM runs"), "interrupted,interrupted");
}

TEST_F(CrawlTest, BadSeedLineNamesFileAndLine) {
  const std::string seeds = Write("seeds.txt", "http://127.0.0.1:1/\nftp://example.org/x\n");
  const testing::RunResult run = Invoke(CrawlArgs(seeds, Config()));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(seeds + ":2:"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("terminate"), std::string::npos);
}

TEST_F(CrawlTest, UnknownConfigKeyIsNamed) {
  const std::string seeds = Write("seeds.txt", "http://127.0.0.1:1/\n");
  const std::string config = Write("bad.toml", "[defaults]\nrat = 2\n");
  const testing::RunResult run = Invoke(CrawlArgs(seeds, config));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("defaults.rat"), std::string::npos) << run.err;
}

TEST_F(CrawlTest, UnwritableDatabasePathIsNamed) {
  const std::string seeds = Write("seeds.txt", "http://127.0.0.1:1/\n");
  const testing::RunResult run = Invoke(
      {"crawl", "--seeds", seeds, "--db", "/nonexistent-dir/shop.db", "--progress", "never"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("/nonexistent-dir/shop.db"), std::string::npos) << run.err;
}

TEST_F(CrawlTest, ConnectionFailuresAreRecordedAndTheCrawlGoesOn) {
  Site site(3, milliseconds(0));
  // Port 1 on loopback refuses connections.
  const std::string seeds =
      Write("seeds.txt", "http://127.0.0.1:1/nothing-here\n" + site.Url("/page/0") + "\n");
  const std::string config =
      Write("c.toml", "[defaults]\nrate = 0\nmax_retries = 0\nconnect_timeout = \"1s\"\n");
  const testing::RunResult run = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // RFC 9309 §2.3.1.4: an unreachable robots.txt means "disallow all": the URL is not
  // fetched, keeps its place in the queue and says why.
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls "
                  "WHERE url = 'http://127.0.0.1:1/nothing-here'"),
            "queued: robots.txt unavailable (connection refused); waiting for the next run");
  EXPECT_EQ(Query("SELECT COUNT(*) FROM urls WHERE state = 'done'"), "3");
}

TEST_F(CrawlTest, RefusedConnectionIsRecordedOnTheUrl) {
  const std::string seeds = Write("seeds.txt", "http://127.0.0.1:1/nothing-here\n");
  const std::string config =
      Write("c.toml", "[defaults]\nrate = 0\nmax_retries = 0\nobey_robots = false\n");
  const testing::RunResult run = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Query("SELECT state || ': ' || error FROM urls"), "failed: connection refused");
  EXPECT_EQ(Query("SELECT errors FROM runs"), "1");
}

}  // namespace
}  // namespace pricecrawl
