// The JSON every alert channel receives (crawler/alerts/alert_json.h): exact decimal strings,
// nulls for what is absent, and page text that is not valid UTF-8.

#include "crawler/alerts/alert_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pricecrawl::crawler {
namespace {

storage::OutboxAlert Alert() {
  storage::OutboxAlert alert;
  alert.id = 12;
  alert.url = "https://shop.example/item/kettle";
  alert.title = "Kettle";
  alert.kind = "drop";
  alert.old_price = "79.50";
  alert.new_price = "59.50";
  alert.currency = "EUR";
  alert.change_percent = "-25.16";
  alert.observed_at = "2025-11-25T10:00:00.000Z";
  return alert;
}

TEST(AlertJsonTest, HasEveryFieldWithPricesAsDecimalStrings) {
  const nlohmann::json j = nlohmann::json::parse(AlertJson(Alert()));
  EXPECT_EQ(j.size(), 9u);
  EXPECT_EQ(j["id"], 12);
  EXPECT_EQ(j["url"], "https://shop.example/item/kettle");
  EXPECT_EQ(j["title"], "Kettle");
  EXPECT_EQ(j["kind"], "drop");
  EXPECT_EQ(j["old_price"], "79.50");
  EXPECT_EQ(j["new_price"], "59.50");
  EXPECT_EQ(j["currency"], "EUR");
  EXPECT_EQ(j["change_percent"], "-25.16");
  EXPECT_EQ(j["observed_at"], "2025-11-25T10:00:00.000Z");
}

TEST(AlertJsonTest, AbsentValuesAreNull) {
  storage::OutboxAlert alert = Alert();
  alert.title.clear();
  alert.old_price.clear();
  alert.currency.clear();
  alert.change_percent.clear();
  const nlohmann::json j = nlohmann::json::parse(AlertJson(alert));
  EXPECT_TRUE(j["title"].is_null());
  EXPECT_TRUE(j["old_price"].is_null());
  EXPECT_TRUE(j["currency"].is_null());
  EXPECT_TRUE(j["change_percent"].is_null());
  EXPECT_EQ(j["new_price"], "59.50");
}

TEST(AlertJsonTest, InvalidUtf8InTheTitleIsReplacedNotThrown) {
  storage::OutboxAlert alert = Alert();
  alert.title = "Caf\xE9";  // Latin-1 from a page that lied about its charset
  const nlohmann::json j = nlohmann::json::parse(AlertJson(alert));
  EXPECT_EQ(j["title"], "Caf\xEF\xBF\xBD");  // U+FFFD
}

}  // namespace
}  // namespace pricecrawl::crawler
