// The crawl's one SQLite connection is shared by the scheduling thread (claims) and the store
// node (results) under one mutex. These tests drive both from real threads at once, so the
// thread-sanitizer build (scripts/test.sh) checks that sharing.
#include "crawler/crawl/crawl_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/price/decimal.h"
#include "crawler/price/product.h"
#include "storage/query.h"
#include "storage/schema.h"
#include "storage/timestamp.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

using storage::ClaimedUrl;

constexpr int kHosts = 4;
constexpr int kUrlsPerHost = 150;

ParsedPage DonePage(const ClaimedUrl& claimed, int link_count) {
  ParsedPage page;
  page.fetch.request.url_id = claimed.id;
  page.fetch.request.url = claimed.url;
  page.fetch.request.host = claimed.host;
  page.fetch.request.depth = claimed.depth;
  page.fetch.http_status = 200;
  page.fetch.effective_url = claimed.url;
  page.final_url = claimed.url;
  page.verdict.state = storage::UrlState::kDone;
  page.verdict.reset_attempts = true;
  for (int i = 0; i < link_count; ++i) {
    page.links.push_back({claimed.url + "/l" + std::to_string(i), claimed.host, claimed.depth + 1});
  }
  return page;
}

TEST(CrawlStoreTest, ClaimsAndStoresFromTwoThreadsLoseNothing) {
  testing::TempDir dir;
  storage::Db db = storage::OpenDatabase(dir.File("crawl.db"));
  storage::ApplySchema(db.get());
  const SystemClock clock;
  CrawlStore store(std::move(db), clock, BatchLimits{16, std::chrono::milliseconds(5)});
  const std::int64_t run_id =
      store.WithStores([&](storage::FrontierStore&, storage::RunStore& runs) {
        return runs.Start(store.NowText(), 1);
      });
  store.SetRunId(run_id);
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore&) {
    for (int h = 0; h < kHosts; ++h) {
      for (int i = 0; i < kUrlsPerHost; ++i) {
        const std::string host = "h" + std::to_string(h) + ".test";
        frontier.Enqueue("http://" + host + "/p" + std::to_string(i), host, 0, store.NowText());
      }
    }
    return 0;
  });
  store.Commit();

  std::mutex handoff_mutex;
  std::deque<ClaimedUrl> handoff;
  std::atomic<bool> claiming_done{false};
  std::atomic<int> stored{0};
  std::atomic<int> new_links{0};

  std::thread claimer([&] {
    // Bounded: every URL is claimed once; an empty round for every host ends the loop.
    for (int round = 0; round < 10'000; ++round) {
      int claimed_now = 0;
      for (int h = 0; h < kHosts; ++h) {
        std::vector<ClaimedUrl> batch = store.Claim("h" + std::to_string(h) + ".test", 7);
        claimed_now += static_cast<int>(batch.size());
        std::lock_guard lock(handoff_mutex);
        for (ClaimedUrl& url : batch)
          handoff.push_back(std::move(url));
      }
      store.CommitIfDue();
      if (claimed_now == 0 && round > 0)
        break;
    }
    claiming_done = true;
  });
  std::thread storer([&] {
    for (int spins = 0; spins < 1'000'000; ++spins) {
      std::optional<ClaimedUrl> next;
      {
        std::lock_guard lock(handoff_mutex);
        if (!handoff.empty()) {
          next = std::move(handoff.front());
          handoff.pop_front();
        }
      }
      if (!next) {
        if (claiming_done) {
          std::lock_guard lock(handoff_mutex);
          if (handoff.empty())
            break;
        }
        std::this_thread::yield();
        continue;
      }
      // Depth-0 pages add two links each; the links themselves are left queued.
      const StoredPage result = store.Store(DonePage(*next, next->depth == 0 ? 2 : 0));
      new_links += result.new_urls;
      ++stored;
    }
  });
  claimer.join();
  storer.join();
  store.Commit();

  // The claimer also takes the links the storer added while it ran, so count by state.
  const storage::StateCounts counts = store.WithStores(
      [](storage::FrontierStore& frontier, storage::RunStore&) { return frontier.Counts(); });
  EXPECT_EQ(counts.in_flight, 0);
  EXPECT_EQ(counts.done, stored.load());
  EXPECT_EQ(new_links.load(), kHosts * kUrlsPerHost * 2);
  EXPECT_EQ(counts.Total(), kHosts * kUrlsPerHost * 3);
  EXPECT_GE(stored.load(), kHosts * kUrlsPerHost);
}

TEST(CrawlStoreTest, AnswersTheLoopThroughCrawlFrontier) {
  testing::TempDir dir;
  storage::Db db = storage::OpenDatabase(dir.File("crawl.db"));
  storage::ApplySchema(db.get());
  const SystemClock clock;
  CrawlStore store(std::move(db), clock, BatchLimits{});
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore&) {
    frontier.Enqueue("http://a.test/1", "a.test", 0, store.NowText());
    frontier.Enqueue("http://b.test/1", "b.test", 0, store.NowText());
    return 0;
  });
  CrawlFrontier& frontier = store;
  std::vector<std::string> hosts = frontier.QueuedHosts();
  std::sort(hosts.begin(), hosts.end());
  EXPECT_EQ(hosts, (std::vector<std::string>{"a.test", "b.test"}));
  EXPECT_EQ(frontier.EarliestDeferred(), std::nullopt);

  // A retry queued again 30 s from now is the earliest deferred URL.
  const std::vector<ClaimedUrl> claimed = frontier.Claim("a.test", 10);
  ASSERT_EQ(claimed.size(), 1u);
  ParsedPage retry = DonePage(claimed[0], 0);
  retry.fetch.http_status = 503;
  retry.verdict.state = storage::UrlState::kQueued;
  retry.verdict.spend_attempt = true;
  retry.verdict.reset_attempts = false;
  retry.verdict.due_in = std::chrono::seconds(30);
  store.Store(retry);
  const std::optional<std::string> earliest = frontier.EarliestDeferred();
  ASSERT_TRUE(earliest.has_value());
  const auto due = storage::ParseTimestamp(*earliest);
  ASSERT_TRUE(due.has_value());
  EXPECT_GT(*due, clock.WallNow() + std::chrono::seconds(20));
  EXPECT_LE(*due, clock.WallNow() + std::chrono::seconds(30));
  frontier.CommitIfDue();
}

ParsedPage ProductPage(const ClaimedUrl& claimed, const char* price) {
  ParsedPage page = DonePage(claimed, 0);
  ProductData product;
  product.is_product = true;
  product.title = claimed.url;
  product.price = Decimal::Parse(price);
  product.currency = "EUR";
  product.source = "json-ld";
  page.product = product;
  return page;
}

// Issue 17: the store writes the integers the views sort on, computed exactly from the prices
// (Decimal, never a double): the previous observation's price_micros and change_percent x 100.
// The prices are chosen so that text order and numeric order differ for both.
TEST(CrawlStoreTest, ObservationsCarryExactIntegersThatSortByValue) {
  testing::TempDir dir;
  storage::Db db = storage::OpenDatabase(dir.File("crawl.db"));
  storage::ApplySchema(db.get());
  testing::FakeClock clock;
  CrawlStore store(std::move(db), clock, BatchLimits{});
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore&) {
    frontier.Enqueue("http://a.test/grinder", "a.test", 0, store.NowText());
    frontier.Enqueue("http://a.test/espresso", "a.test", 0, store.NowText());
    return 0;
  });
  const std::vector<ClaimedUrl> claimed = store.Claim("a.test", 10);
  ASSERT_EQ(claimed.size(), 2u);
  const ClaimedUrl& grinder = claimed[0].url == "http://a.test/grinder" ? claimed[0] : claimed[1];
  const ClaimedUrl& espresso = claimed[0].url == "http://a.test/grinder" ? claimed[1] : claimed[0];
  store.Store(ProductPage(grinder, "100.00"));
  store.Store(ProductPage(espresso, "1399.00"));
  clock.Advance(std::chrono::hours(1));
  store.Store(ProductPage(grinder, "77.75"));     // -22.25 %
  store.Store(ProductPage(espresso, "1091.64"));  // -21.97 %
  clock.Advance(std::chrono::hours(1));
  store.Store(ProductPage(espresso, "1091.64"));  // unchanged: 0.00 %
  store.Commit();

  storage::Db reader = storage::OpenDatabase(dir.File("crawl.db"));
  const auto column = [&](const std::string& sql) {
    std::vector<std::string> values;
    for (const auto& row : storage::RunQuery(reader.get(), sql, {}).rows) {
      values.push_back(row[0].value_or("NULL"));
    }
    return values;
  };
  EXPECT_EQ(column("SELECT previous_price_micros || ' ' || change_basis_points FROM observations"
                   " WHERE previous_price IS NOT NULL ORDER BY id"),
            (std::vector<std::string>{"100000000 -2225", "1399000000 -2197", "1091640000 0"}));
  EXPECT_EQ(column("SELECT COUNT(*) FROM observations WHERE previous_price IS NULL"
                   " AND previous_price_micros IS NULL AND change_basis_points IS NULL"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(column("SELECT price FROM latest_prices WHERE currency = 'EUR'"
                   " ORDER BY price_micros"),
            (std::vector<std::string>{"77.75", "1091.64"}));
  EXPECT_EQ(column("SELECT change_percent FROM price_changes WHERE currency = 'EUR'"
                   " ORDER BY change_basis_points"),
            (std::vector<std::string>{"-22.25", "-21.97"}));
  EXPECT_EQ(column("SELECT old_price_micros || '>' || new_price_micros FROM price_changes"
                   " ORDER BY new_price_micros"),
            (std::vector<std::string>{"100000000>77750000", "1399000000>1091640000"}));
}

}  // namespace
}  // namespace pricecrawl::crawler
