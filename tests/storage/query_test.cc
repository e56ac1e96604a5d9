// The queries behind `pricecrawl prices` and `pricecrawl history`: the columns each prints and
// the order of its rows, read from a database the price store filled.
#include "storage/query.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/price_store.h"
#include "storage/schema.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

// One observation of `product_id`; a later one carries the change from `previous`.
void Observe(PriceStore& prices, std::int64_t product_id, const std::string& at,
             const std::string& price, std::int64_t micros, const std::string& previous = "",
             const std::string& change = "") {
  ObservationRecord o;
  o.product_id = product_id;
  o.observed_at = at;
  o.price = price;
  o.price_micros = micros;
  o.currency = "EUR";
  o.availability = "in_stock";
  o.source = "json-ld";
  o.previous_price = previous;
  o.change_percent = change;
  o.changed = !previous.empty() && previous != price;
  prices.AddObservation(o);
}

// Two products: a kettle whose price fell once, and a press seen once (with a canonical URL).
class PriceQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenDatabase(dir_.File("q.db"));
    ApplySchema(db_.get());
    PriceStore prices(db_.get());
    const auto kettle =
        prices.UpsertProduct({"http://b/kettle", "http://b/kettle", "", "Kettle", "", "", ""},
                             "2026-11-25T10:00:00.000Z");
    const auto press = prices.UpsertProduct(
        {"http://a/press", "http://a/press?ref=x", "http://a/press", "Press", "", "", ""},
        "2026-11-25T10:00:00.000Z");
    Observe(prices, kettle, "2026-11-25T10:00:00.000Z", "79.50", 79'500'000);
    Observe(prices, press, "2026-11-25T10:30:00.000Z", "34.95", 34'950'000);
    Observe(prices, kettle, "2026-11-25T11:00:00.000Z", "59.50", 59'500'000, "79.50", "-25.16");
  }

  testing::TempDir dir_;
  Db db_;
};

TEST_F(PriceQueriesTest, LatestPricesOnePerProductByUrl) {
  const QueryResult latest = LatestPrices(db_.get());
  EXPECT_EQ(latest.columns,
            (std::vector<std::string>{"url", "title", "price", "currency", "availability",
                                      "observed_at", "previous_price", "change_percent"}));
  ASSERT_EQ(latest.rows.size(), 2u);
  EXPECT_EQ(latest.rows[0][0], "http://a/press?ref=x");
  EXPECT_EQ(latest.rows[0][2], "34.95");
  EXPECT_EQ(latest.rows[0][6], std::nullopt);  // a first observation has no previous price
  EXPECT_EQ(latest.rows[1][0], "http://b/kettle");
  EXPECT_EQ(latest.rows[1][2], "59.50");
  EXPECT_EQ(latest.rows[1][5], "2026-11-25T11:00:00.000Z");
  EXPECT_EQ(latest.rows[1][6], "79.50");
  EXPECT_EQ(latest.rows[1][7], "-25.16");
}

TEST_F(PriceQueriesTest, PriceChangesOnlyTheChanges) {
  const QueryResult changes = PriceChanges(db_.get());
  EXPECT_EQ(changes.columns,
            (std::vector<std::string>{"url", "title", "old_price", "new_price", "currency",
                                      "change_percent", "changed_at"}));
  ASSERT_EQ(changes.rows.size(), 1u);
  EXPECT_EQ(changes.rows[0][0], "http://b/kettle");
  EXPECT_EQ(changes.rows[0][2], "79.50");
  EXPECT_EQ(changes.rows[0][3], "59.50");
  EXPECT_EQ(changes.rows[0][6], "2026-11-25T11:00:00.000Z");
}

TEST_F(PriceQueriesTest, PriceChangesNewestFirst) {
  PriceStore prices(db_.get());
  const auto press = prices.UpsertProduct(
      {"http://a/press", "http://a/press?ref=x", "http://a/press", "Press", "", "", ""},
      "2026-11-25T12:00:00.000Z");
  Observe(prices, press, "2026-11-25T12:00:00.000Z", "30.00", 30'000'000, "34.95", "-14.16");
  const QueryResult changes = PriceChanges(db_.get());
  ASSERT_EQ(changes.rows.size(), 2u);
  EXPECT_EQ(changes.rows[0][0], "http://a/press?ref=x");
  EXPECT_EQ(changes.rows[1][0], "http://b/kettle");
}

TEST_F(PriceQueriesTest, ProductHistoryOldestFirstByCrawledOrCanonicalUrl) {
  const QueryResult history = ProductHistory(db_.get(), "http://b/kettle");
  EXPECT_EQ(history.columns,
            (std::vector<std::string>{"observed_at", "price", "currency", "availability", "source",
                                      "change_percent"}));
  ASSERT_EQ(history.rows.size(), 2u);
  EXPECT_EQ(history.rows[0][1], "79.50");
  EXPECT_EQ(history.rows[1][1], "59.50");
  EXPECT_EQ(history.rows[1][4], "json-ld");
  EXPECT_EQ(ProductHistory(db_.get(), "http://a/press").rows.size(), 1u);
  EXPECT_EQ(ProductHistory(db_.get(), "http://a/press?ref=x").rows.size(), 1u);
}

TEST_F(PriceQueriesTest, ProductHistoryUnknownUrlHasNoRows) {
  EXPECT_TRUE(ProductHistory(db_.get(), "http://c/none").rows.empty());
  // The URL is bound, never spliced into the SQL.
  EXPECT_TRUE(ProductHistory(db_.get(), "' OR 1=1 --").rows.empty());
}

}  // namespace
}  // namespace pricecrawl::storage
