// Alerts end to end through the pricecrawl binary (issue 6, "Alerts"): alerts are written with
// the observations that raise them, a crawl killed with SIGKILL before delivery loses and
// duplicates nothing (the next run delivers each alert exactly once), and a secret taken from
// the environment reaches the receiver but never the logs.

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Product pages with JSON-LD whose price and stock the test changes between passes.
class Shop {
 public:
  Shop() {
    server_.Server().Get(R"(/item/(\w+))", [this](const httplib::Request& req,
                                                  httplib::Response& res) {
      std::lock_guard lock(mutex_);
      const std::string slug = req.matches[1];
      if (broken_.count(slug) != 0) {
        res.status = 500;
        return;
      }
      const std::string stock = in_stock_[slug] ? "InStock" : "OutOfStock";
      res.set_content("<html><head><title>" + slug +
                          "</title><script type=\"application/ld+json\">"
                          "{\"@context\":\"https://schema.org\",\"@type\":\"Product\",\"name\":\"" +
                          slug + "\",\"offers\":{\"@type\":\"Offer\",\"price\":\"" + prices_[slug] +
                          "\",\"priceCurrency\":\"EUR\",\"availability\":\"https://schema.org/" +
                          stock + "\"}}</script></head><body><h1>" + slug + "</h1></body></html>",
                      "text/html");
    });
    EXPECT_TRUE(server_.Start());
  }
  void Set(const std::string& slug, const std::string& price, bool in_stock = true) {
    std::lock_guard lock(mutex_);
    prices_[slug] = price;
    in_stock_[slug] = in_stock;
    broken_.erase(slug);
  }
  void Break(const std::string& slug) {
    std::lock_guard lock(mutex_);
    broken_.insert(slug);
  }
  std::string Url(const std::string& slug) const { return server_.Url("/item/" + slug); }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> prices_;
  std::map<std::string, bool> in_stock_;
  std::set<std::string> broken_;
  testing::TestServer server_;
};

// A webhook receiver. While held, a request waits until Release() and then gets a 503 (the
// sender is gone by then); otherwise it gets 200 and its alert id counts as acknowledged.
class Receiver {
 public:
  explicit Receiver(int status = 200) : status_(status) {
    server_.Server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      ++received_;
      keys_.push_back(req.get_header_value("Idempotency-Key"));
      token_ = req.get_param_value("token");
      authorization_ = req.get_header_value("Authorization");
      changed_.notify_all();
      if (held_) {
        changed_.wait_for(lock, seconds(60), [this] { return !held_; });
        res.status = 503;
        return;
      }
      res.status = status_;
      if (status_ == 200) {
        acked_.push_back(nlohmann::json::parse(req.body).at("id").get<std::int64_t>());
      }
    });
    EXPECT_TRUE(server_.Start());
  }
  ~Receiver() { Release(); }
  std::string Url(const std::string& query = "") const { return server_.Url("/hook" + query); }
  void Hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void Release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    changed_.notify_all();
  }
  // Waits (at most 60 s) until a request has arrived.
  bool WaitForRequest() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, seconds(60), [this] { return received_ > 0; });
  }
  std::vector<std::int64_t> acked() {
    std::lock_guard lock(mutex_);
    return acked_;
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  std::string token() {
    std::lock_guard lock(mutex_);
    return token_;
  }
  std::string authorization() {
    std::lock_guard lock(mutex_);
    return authorization_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int status_;
  bool held_ = false;
  int received_ = 0;
  std::vector<std::int64_t> acked_;
  std::vector<std::string> keys_;
  std::string token_, authorization_;
  testing::TestServer server_;
};

class AlertsCrawlTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }
  std::string Config(const std::string& alerts) {
    return Write("c.toml",
                 "[defaults]\nrate = 0\nobey_robots = false\nrecrawl_after = \"0s\"\n"
                 "max_retries = 0\n[alerts]\ndrop_percent = 10\n" +
                     alerts);
  }
};

TEST_F(AlertsCrawlTest, ObservationsRaiseAlertsAndFailedFetchesDoNot) {
  Shop shop;
  shop.Set("kettle", "79.50");
  shop.Set("grinder", "129.90", /*in_stock=*/false);
  shop.Set("press", "34.95");
  const std::string seeds =
      Write("seeds.txt", shop.Url("kettle") + " target=60\n" + shop.Url("grinder") + "\n" +
                             shop.Url("press") + " target=40\n");
  const std::string config = Config("");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  // First sight: press is already below its target; nothing else.
  EXPECT_EQ(QueryColumn("SELECT kind || ' ' || url FROM alerts ORDER BY id"),
            std::vector<std::string>{"target " + shop.Url("press")});

  shop.Set("kettle", "59.50");                       // -25 %: drop, and at its target
  shop.Set("grinder", "129.90", /*in_stock=*/true);  // back in stock
  shop.Break("press");                               // a failed fetch is no price change
  const auto second = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(
      QueryColumn("SELECT kind || ' ' || COALESCE(old_price, '-') || '->' || new_price || "
                  "' ' || COALESCE(change_percent, '-') || ' ' || currency || ' ' || title "
                  "FROM alerts ORDER BY title, kind"),
      (std::vector<std::string>{
          "back_in_stock 129.90->129.90 0.00 EUR grinder", "drop 79.50->59.50 -25.16 EUR kettle",
          "target 79.50->59.50 -25.16 EUR kettle", "target -->34.95 - EUR press"}));
  // Every alert points at the observation that raised it, written in the same batch.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM observations o "
                  "WHERE o.product_id = a.product_id AND o.observed_at = a.observed_at)"),
            "0");
  EXPECT_NE(second.err.find("4 undelivered alerts wait in the alerts table"), std::string::npos)
      << second.err;

  // Re-observing the same prices raises nothing new.
  shop.Set("press", "34.95");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM alerts"), "4");

  const auto status = Invoke({"status", "--db", Db()});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_NE(status.out.find("alerts: 4 (undelivered 4)"), std::string::npos) << status.out;
}

TEST_F(AlertsCrawlTest, KilledBeforeDeliveryTheNextRunDeliversEachAlertExactlyOnce) {
  Shop shop;
  std::string seed_lines;
  for (const char* slug : {"a", "b", "c", "d"}) {
    shop.Set(slug, "10.00");
    seed_lines += shop.Url(slug) + " target=20\n";  // each alerts on first sight
  }
  const std::string seeds = Write("seeds.txt", seed_lines);
  Receiver receiver;
  const std::string config = Config("webhook = \"" + receiver.Url() + "\"\n");

  receiver.Hold();  // the first delivery hangs: the crawl dies with its alerts undelivered
  {
    auto child = Start(CrawlArgs(seeds, config));
    ASSERT_TRUE(receiver.WaitForRequest());
    child->Signal(SIGKILL);
    ASSERT_EQ(child->Wait(seconds(10)).value_or(-1), 128 + SIGKILL);
  }
  receiver.Release();
  EXPECT_TRUE(receiver.acked().empty());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM alerts WHERE delivered_at IS NOT NULL"), "0");
  // Delivery reads committed rows only, so the alert it was sending is in the database.
  const std::string first_key = receiver.keys().at(0);
  EXPECT_EQ(
      Query("SELECT COUNT(*) FROM alerts WHERE 'pricecrawl-alert-' || id = '" + first_key + "'"),
      "1");

  const auto next = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(next.exit_code, 0) << next.err;
  const std::vector<std::string> ids = QueryColumn("SELECT id FROM alerts ORDER BY id");
  EXPECT_EQ(ids.size(), 4u);  // one target alert per product: none lost, none doubled
  std::vector<std::int64_t> acked = receiver.acked();
  std::sort(acked.begin(), acked.end());
  std::vector<std::int64_t> expected;
  for (const std::string& id : ids) {
    expected.push_back(std::stoll(id));
  }
  EXPECT_EQ(acked, expected);  // each exactly once
  EXPECT_EQ(Query("SELECT COUNT(*) FROM alerts WHERE delivered_at IS NULL"), "0");
}

TEST_F(AlertsCrawlTest, EnvironmentSecretReachesTheReceiverButNeverTheLogs) {
  const std::string secret = "tok-9f3Kq2-private";
  ASSERT_EQ(::setenv("PC_ALERT_TEST_TOKEN", secret.c_str(), 1),
            0);  // NOLINT(concurrency-mt-unsafe)
  Shop shop;
  shop.Set("kettle", "10.00");
  const std::string seeds = Write("seeds.txt", shop.Url("kettle") + " target=20\n");
  Receiver receiver(500);
  const std::string config =
      Config("webhook = \"" + receiver.Url("?token=${PC_ALERT_TEST_TOKEN}") + "\"\n" +
             "webhook_header = \"Authorization: Bearer ${PC_ALERT_TEST_TOKEN}\"\n");
  const std::string log_file = File("crawl.log");
  std::vector<std::string> args = CrawlArgs(seeds, config);
  args.insert(args.end(), {"-v", "--log-file", log_file});
  const auto run = Invoke(args);
  ::unsetenv("PC_ALERT_TEST_TOKEN");  // NOLINT(concurrency-mt-unsafe)
  ASSERT_EQ(run.exit_code, 0) << run.err;

  EXPECT_EQ(receiver.token(), secret);
  EXPECT_EQ(receiver.authorization(), "Bearer " + secret);
  const std::string log = testing::ReadFile(log_file);
  const auto status = Invoke({"status", "--db", Db()});
  for (const std::string& text : {run.out, run.err, log, status.out}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
  }
  EXPECT_NE(run.err.find("?token=${PC_ALERT_TEST_TOKEN}: HTTP 500"), std::string::npos) << run.err;
  EXPECT_NE(log.find("?token=${PC_ALERT_TEST_TOKEN}: HTTP 500"), std::string::npos) << log;
  EXPECT_NE(status.out.find("1 failing"), std::string::npos) << status.out;
  EXPECT_EQ(Query("SELECT instr(last_error, '" + secret + "') FROM alerts"), "0");
}

}  // namespace
}  // namespace pricecrawl
