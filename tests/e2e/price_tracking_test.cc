// Price tracking end to end: a loopback shop is crawled twice with prices changed between the
// passes, and the database views and the prices/history commands show the history (issue 4).

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

// A shop with a listing page and product pages whose prices the test changes between passes.
class Shop {
 public:
  Shop() {
    server_.Server().Get("/", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      std::string body = "<html><body><h1>All products</h1><ul>";
      for (const auto& [slug, price] : prices_) {
        body += "<li><a href=\"/item/" + slug + "\">" + slug + "</a> <span class=price>€" + price +
                "</span></li>";
      }
      res.set_content(body + "</ul></body></html>", "text/html");
    });
    server_.Server().Get(
        R"(/item/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mutex_);
          const std::string slug = req.matches[1];
          const std::string price = prices_[slug];
          const std::string stock = in_stock_[slug] ? "InStock" : "OutOfStock";
          res.set_content(
              "<html><head><title>" + slug + "</title><link rel=canonical href=\"/item/" + slug +
                  "\"><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                  "\"@type\":\"Product\",\"name\":\"" +
                  slug + "\",\"sku\":\"SKU-" + slug +
                  "\",\"offers\":{\"@type\":\"Offer\",\"price\":\"" + price +
                  "\",\"priceCurrency\":\"EUR\",\"availability\":\"https://schema.org/" + stock +
                  "\"}}</script></head><body><h1>" + slug + "</h1><p class=price>€" + price +
                  "</p></body></html>",
              "text/html");
        });
    EXPECT_TRUE(server_.Start());
  }
  void Set(const std::string& slug, const std::string& price, bool in_stock = true) {
    std::lock_guard lock(mutex_);
    prices_[slug] = price;
    in_stock_[slug] = in_stock;
  }
  std::string Url(const std::string& path) const { return server_.Url(path); }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> prices_;
  std::map<std::string, bool> in_stock_;
  testing::TestServer server_;
};

class PriceTrackingTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }
};

TEST_F(PriceTrackingTest, SecondPassRecordsChangesExactly) {
  Shop shop;
  shop.Set("kettle", "79.50");
  shop.Set("grinder", "129.90");
  shop.Set("press", "34.95");
  const std::string seeds = Write("seeds.txt", shop.Url("/") + "\n");
  const std::string config =
      Write("c.toml", "[defaults]\nrate = 0\nobey_robots = false\nrecrawl_after = \"0s\"\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM products"), "3");  // the listing page is not a product
  EXPECT_EQ(Query("SELECT COUNT(*) FROM price_changes"), "0");

  shop.Set("kettle", "59.50");        // a drop
  shop.Set("grinder", "129.90");      // unchanged
  shop.Set("press", "35.00", false);  // up, and sold out
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);

  EXPECT_EQ(Query("SELECT COUNT(*) FROM price_history"), "6");
  const auto status = Invoke({"status", "--db", Db()});
  EXPECT_NE(status.out.find("products: 3 (out of stock 1, observations 6)"), std::string::npos)
      << status.out;
  EXPECT_EQ(Query("SELECT price || ' ' || previous_price || ' ' || change_percent || ' ' || "
                  "availability FROM latest_prices WHERE url LIKE '%/kettle'"),
            "59.50 79.50 -25.16 in_stock");
  EXPECT_EQ(Query("SELECT price || ' ' || previous_price || ' ' || change_percent FROM "
                  "latest_prices WHERE url LIKE '%/grinder'"),
            "129.90 129.90 0.00");
  EXPECT_EQ(Query("SELECT availability FROM latest_prices WHERE url LIKE '%/press'"),
            "out_of_stock");
  EXPECT_EQ(QueryColumn("SELECT old_price || '->' || new_price || ' ' || change_percent FROM "
                        "price_changes ORDER BY url"),
            (std::vector<std::string>{"79.50->59.50 -25.16", "34.95->35.00 0.14"}));

  const auto changed = Invoke({"prices", "--db", Db(), "--changed", "--format", "csv"});
  EXPECT_EQ(changed.exit_code, 0);
  EXPECT_NE(changed.out.find("url,title,old_price,new_price,currency,change_percent,changed_at"),
            std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find(",79.50,59.50,EUR,-25.16,"), std::string::npos) << changed.out;

  const auto history =
      Invoke({"history", shop.Url("/item/kettle"), "--db", Db(), "--format", "json"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_LT(history.out.find("\"79.50\""), history.out.find("\"59.50\"")) << history.out;

  const auto missing = Invoke({"history", shop.Url("/item/none"), "--db", Db()});
  EXPECT_EQ(missing.exit_code, 1);
}

// The price of `slug` as the last pass saw it.
std::string LatestPrice(const testing::CrawlHarness& h, const std::string& slug) {
  return h.Query("SELECT price FROM latest_prices WHERE url LIKE '%/" + slug + "'");
}

// A new user's second crawl (issue 17): with the default 6 h recrawl_after only the seeds are
// fetched again, and the run says why and how to recheck everything now.
TEST_F(PriceTrackingTest, SecondCrawlSaysWhichPagesAreNotDueAndRecheckFetchesThem) {
  Shop shop;
  shop.Set("kettle", "79.50");
  shop.Set("press", "34.95");
  const std::string seeds = Write("seeds.txt", shop.Url("/") + "\n");
  const std::string config = Write("c.toml", "[defaults]\nrate = 0\nobey_robots = false\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  shop.Set("kettle", "59.50");

  const auto second = Invoke(CrawlArgs(seeds, config));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(LatestPrice(*this, "kettle"), "79.50");  // not due: only the seed was fetched
  EXPECT_NE(second.out.find("2 known pages are not due yet (recrawl_after; the next at "),
            std::string::npos)
      << second.out;
  EXPECT_NE(second.out.find("crawl --recheck fetches them now"), std::string::npos);

  std::vector<std::string> recheck = CrawlArgs(seeds, config);
  recheck.push_back("--recheck");
  const auto third = Invoke(recheck);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(LatestPrice(*this, "kettle"), "59.50");
  EXPECT_EQ(third.out.find("not due yet"), std::string::npos) << third.out;
}

// Lowering recrawl_after takes effect on the next pass, not when the due times the earlier
// pass stored have passed.
TEST_F(PriceTrackingTest, AShorterRecrawlAfterAppliesToPagesAlreadyFetched) {
  Shop shop;
  shop.Set("kettle", "79.50");
  const std::string seeds = Write("seeds.txt", shop.Url("/") + "\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, Write("six_hours.toml",
                                          "[defaults]\nrate = 0\n"
                                          "obey_robots = false\n")))
                .exit_code,
            0);
  shop.Set("kettle", "59.50");
  const std::string one_second = Write("one_second.toml",
                                       "[defaults]\nrate = 0\nobey_robots = false\n"
                                       "recrawl_after = \"1s\"\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto second = Invoke(CrawlArgs(seeds, one_second));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(LatestPrice(*this, "kettle"), "59.50");
}

// A [[host]] recrawl_after is the interval for that host's pages only.
TEST_F(PriceTrackingTest, AHostsOwnRecrawlAfterDecidesItsPages) {
  Shop shop;
  shop.Set("kettle", "79.50");
  const std::string seeds = Write("seeds.txt", shop.Url("/") + "\n");
  const std::string config = Write("c.toml",
                                   "[defaults]\nrate = 0\nobey_robots = false\n"
                                   "[[host]]\nmatch = \"127.0.0.1\"\nrecrawl_after = \"0s\"\n");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  shop.Set("kettle", "59.50");
  ASSERT_EQ(Invoke(CrawlArgs(seeds, config)).exit_code, 0);
  EXPECT_EQ(LatestPrice(*this, "kettle"), "59.50");
}

}  // namespace
}  // namespace pricecrawl
