// The rows `pricecrawl report` reads: which products, in which order, and every observation's
// fields as stored.
#include "storage/report_queries.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/price_store.h"
#include "storage/schema.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

std::int64_t AddProduct(PriceStore& prices, const std::string& url, const std::string& title) {
  return prices.UpsertProduct({url, url, "", title, "", "", ""}, "2026-11-25T10:00:00.000Z");
}

ObservationRecord At(std::int64_t product_id, const std::string& at, const std::string& price,
                     std::int64_t micros) {
  ObservationRecord o;
  o.product_id = product_id;
  o.observed_at = at;
  o.price = price;
  o.price_micros = micros;
  o.currency = "EUR";
  o.availability = "in_stock";
  o.source = "json-ld";
  return o;
}

std::vector<std::string> Urls(const std::vector<ReportProduct>& products) {
  std::vector<std::string> urls;
  for (const ReportProduct& p : products) {
    urls.push_back(p.url);
  }
  return urls;
}

TEST(ReportQueriesTest, EmptyDatabaseHasNoProducts) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("r.db"));
  ApplySchema(db.get());
  EXPECT_TRUE(LoadReportProducts(db.get()).empty());
}

TEST(ReportQueriesTest, OnlyProductsWithObservationsByTitleWithoutCase) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("r.db"));
  ApplySchema(db.get());
  PriceStore prices(db.get());
  const auto zebra = AddProduct(prices, "http://a/zebra", "zebra mug");
  const auto apple = AddProduct(prices, "http://a/apple", "Apple corer");
  const auto untitled = AddProduct(prices, "http://a/b-untitled", "");
  AddProduct(prices, "http://a/never-priced", "Aardvark");  // no observation: not in the report
  for (const auto id : {zebra, apple, untitled}) {
    prices.AddObservation(At(id, "2026-11-25T10:00:00.000Z", "1.00", 1'000'000));
  }
  const std::vector<ReportProduct> products = LoadReportProducts(db.get());
  // "Apple corer" < "http://a/b-untitled" (the URL stands in for the title) < "zebra mug".
  EXPECT_EQ(Urls(products),
            (std::vector<std::string>{"http://a/apple", "http://a/b-untitled", "http://a/zebra"}));
  EXPECT_EQ(products[0].id, apple);
  EXPECT_EQ(products[0].title, "Apple corer");
  EXPECT_EQ(products[1].title, "");
}

TEST(ReportQueriesTest, ObservationsOldestFirstWithTheirFields) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("r.db"));
  ApplySchema(db.get());
  PriceStore prices(db.get());
  const auto id = AddProduct(prices, "http://a/kettle", "Kettle");
  ObservationRecord later = At(id, "2026-11-25T11:00:00.000Z", "59.50", 59'500'000);
  later.availability = "out_of_stock";
  later.previous_price = "79.50";
  later.change_percent = "-25.16";
  later.changed = true;
  prices.AddObservation(later);  // stored first, observed later
  ObservationRecord first = At(id, "2026-11-25T10:00:00.000Z", "79.50", 79'500'000);
  first.currency = "";
  prices.AddObservation(first);
  const std::vector<ReportProduct> products = LoadReportProducts(db.get());
  ASSERT_EQ(products.size(), 1u);
  const std::vector<ReportObservation>& o = products[0].observations;
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].observed_at, "2026-11-25T10:00:00.000Z");
  EXPECT_EQ(o[0].price, "79.50");
  EXPECT_EQ(o[0].price_micros, 79'500'000);
  EXPECT_EQ(o[0].currency, "");  // NULL reads as ""
  EXPECT_EQ(o[0].previous_price, "");
  EXPECT_EQ(o[0].change_percent, "");
  EXPECT_FALSE(o[0].changed);
  EXPECT_EQ(o[1].observed_at, "2026-11-25T11:00:00.000Z");
  EXPECT_EQ(o[1].price_micros, 59'500'000);
  EXPECT_EQ(o[1].currency, "EUR");
  EXPECT_EQ(o[1].availability, "out_of_stock");
  EXPECT_EQ(o[1].previous_price, "79.50");
  EXPECT_EQ(o[1].change_percent, "-25.16");
  EXPECT_TRUE(o[1].changed);
}

}  // namespace
}  // namespace pricecrawl::storage
