#include "storage/price_store.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/query.h"
#include "storage/schema.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

TEST(PriceStoreTest, ProductKeyIdentifiesAProductAcrossUrls) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("p.db"));
  ApplySchema(db.get());
  PriceStore prices(db.get());
  ProductRecord product{
      "http://a/item", "http://a/item?ref=x", "http://a/item", "Kettle", "K1", "", ""};
  const auto first = prices.UpsertProduct(product, "2026-11-25T10:00:00.000Z");
  product.url = "http://a/item?color=red";
  product.title = "";  // a later page without a title keeps the one known
  EXPECT_EQ(prices.UpsertProduct(product, "2026-11-25T11:00:00.000Z"), first);
  const QueryResult row =
      RunQuery(db.get(), "SELECT url, title, first_seen_at, last_seen_at FROM products", {});
  ASSERT_EQ(row.rows.size(), 1u);
  EXPECT_EQ(row.rows[0][0], "http://a/item?color=red");
  EXPECT_EQ(row.rows[0][1], "Kettle");
  EXPECT_EQ(row.rows[0][2], "2026-11-25T10:00:00.000Z");
  EXPECT_EQ(row.rows[0][3], "2026-11-25T11:00:00.000Z");
}

TEST(PriceStoreTest, ViewsShowLatestPriceAndChanges) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("v.db"));
  ApplySchema(db.get());
  PriceStore prices(db.get());
  const auto id = prices.UpsertProduct({"k", "http://a/k", "", "Kettle", "", "", ""},
                                       "2026-11-25T10:00:00.000Z");
  EXPECT_FALSE(prices.Last(id).has_value());
  ObservationRecord o;
  o.product_id = id;
  o.observed_at = "2026-11-25T10:00:00.000Z";
  o.price = "79.50";
  o.price_micros = 79'500'000;
  o.currency = "EUR";
  o.availability = "in_stock";
  o.source = "json-ld";
  prices.AddObservation(o);
  o.observed_at = "2026-11-25T11:00:00.000Z";
  o.price = "59.50";
  o.price_micros = 59'500'000;
  o.previous_price = "79.50";
  o.change_percent = "-25.16";
  o.changed = true;
  prices.AddObservation(o);
  EXPECT_EQ(prices.Last(id)->price, "59.50");
  const QueryResult latest =
      RunQuery(db.get(), "SELECT price, previous_price, change_percent FROM latest_prices", {});
  ASSERT_EQ(latest.rows.size(), 1u);
  EXPECT_EQ(latest.rows[0][0], "59.50");
  EXPECT_EQ(latest.rows[0][1], "79.50");
  EXPECT_EQ(latest.rows[0][2], "-25.16");
  EXPECT_EQ(RunQuery(db.get(), "SELECT COUNT(*) FROM price_history", {}).rows[0][0], "2");
  EXPECT_EQ(
      RunQuery(db.get(), "SELECT old_price || '>' || new_price FROM price_changes", {}).rows[0][0],
      "79.50>59.50");
}

// Issue 17: the exact integers the views sort on are written with each observation, and NULL
// where the text beside them is NULL (a product's first observation).
TEST(PriceStoreTest, ObservationsCarryTheIntegersTheViewsSortOn) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("i.db"));
  ApplySchema(db.get());
  PriceStore prices(db.get());
  const auto id = prices.UpsertProduct({"k", "http://a/k", "", "Kettle", "", "", ""},
                                       "2026-11-25T10:00:00.000Z");
  ObservationRecord o;
  o.product_id = id;
  o.observed_at = "2026-11-25T10:00:00.000Z";
  o.price = "1399.00";
  o.price_micros = 1'399'000'000;
  o.currency = "EUR";
  o.availability = "in_stock";
  o.source = "json-ld";
  prices.AddObservation(o);
  EXPECT_EQ(prices.Last(id)->price_micros, 1'399'000'000);
  o.observed_at = "2026-11-25T11:00:00.000Z";
  o.price = "1091.64";
  o.price_micros = 1'091'640'000;
  o.previous_price = "1399.00";
  o.previous_price_micros = 1'399'000'000;
  o.change_percent = "-21.97";
  o.change_basis_points = -2197;
  o.changed = true;
  prices.AddObservation(o);
  EXPECT_EQ(prices.Last(id)->price_micros, 1'091'640'000);
  const QueryResult rows = RunQuery(db.get(),
                                    "SELECT typeof(previous_price_micros), previous_price_micros,"
                                    " typeof(change_basis_points), change_basis_points"
                                    " FROM observations ORDER BY id",
                                    {});
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0],
            (std::vector<std::optional<std::string>>{"null", std::nullopt, "null", std::nullopt}));
  EXPECT_EQ(rows.rows[1],
            (std::vector<std::optional<std::string>>{"integer", "1399000000", "integer", "-2197"}));
  const QueryResult latest = RunQuery(
      db.get(),
      "SELECT price_micros, previous_price_micros, change_basis_points FROM latest_prices", {});
  ASSERT_EQ(latest.rows.size(), 1u);
  EXPECT_EQ(latest.rows[0],
            (std::vector<std::optional<std::string>>{"1091640000", "1399000000", "-2197"}));
  const QueryResult change = RunQuery(
      db.get(), "SELECT old_price_micros, new_price_micros, change_basis_points FROM price_changes",
      {});
  ASSERT_EQ(change.rows.size(), 1u);
  EXPECT_EQ(change.rows[0],
            (std::vector<std::optional<std::string>>{"1399000000", "1091640000", "-2197"}));
}

}  // namespace
}  // namespace pricecrawl::storage
