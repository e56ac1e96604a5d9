// OpenGraph / product meta extraction (crawler/extract/opengraph.h).

#include "crawler/extract/opengraph.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"

namespace pricecrawl::crawler {
namespace {

TEST(OpenGraphTest, OgPriceAmountAndCurrency) {
  const HtmlDocument doc(testing::ReadFixture("shopify_offers.html"));
  const ExtractedFields f = ExtractOpenGraph(doc, {});
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "34.00");
  EXPECT_EQ(f.candidates[0].currency, "CAD");
  EXPECT_EQ(f.candidates[0].where, "meta og:price:amount");
  EXPECT_EQ(f.title, "Merino Beanie");
}

TEST(OpenGraphTest, ProductPriceSalePriceAndAvailability) {
  const HtmlDocument doc(
      "<head><meta property=\"product:original_price:amount\" content=\"59.90\">"
      "<meta property=\"product:original_price:currency\" content=\"EUR\">"
      "<meta property=\"product:price:amount\" content=\"39.90\">"
      "<meta property=\"product:price:currency\" content=\"EUR\">"
      "<meta property=\"product:availability\" content=\"oos\"></head>");
  const ExtractedFields f = ExtractOpenGraph(doc, {});
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "39.90");
  EXPECT_FALSE(f.candidates[0].is_list_price);
  EXPECT_EQ(f.candidates[1].price.ToString(), "59.90");
  EXPECT_TRUE(f.candidates[1].is_list_price);
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
}

ExtractedFields Extract(const std::string& head) {
  const HtmlDocument doc("<head>" + head + "</head>");
  return ExtractOpenGraph(doc, {});
}

TEST(OpenGraphTest, SalePriceIsListedFirstAndMarked) {
  const ExtractedFields f = Extract(
      "<meta property=\"product:price:amount\" content=\"30.00\">"
      "<meta property=\"product:price:currency\" content=\"EUR\">"
      "<meta property=\"product:sale_price:amount\" content=\"22.50\">"
      "<meta property=\"product:sale_price:currency\" content=\"EUR\">");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "22.50");
  EXPECT_TRUE(f.candidates[0].is_sale_price);
  EXPECT_EQ(f.candidates[0].where, "meta product:sale_price:amount");
  EXPECT_EQ(f.candidates[1].price.ToString(), "30.00");
  EXPECT_FALSE(f.candidates[1].is_sale_price);
  EXPECT_FALSE(f.candidates[1].is_list_price);
}

TEST(OpenGraphTest, StandardAmountIsARegularPriceAndMakesTheAmountTheSale) {
  const ExtractedFields f = Extract(
      "<meta property=\"og:price:standard_amount\" content=\"39.00\">"
      "<meta property=\"og:price:amount\" content=\"29.00\">"
      "<meta property=\"og:price:currency\" content=\"GBP\">");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "29.00");
  EXPECT_TRUE(f.candidates[0].is_sale_price);
  EXPECT_EQ(f.candidates[0].note,
            "og:price:amount beside og:price:standard_amount 39.00: the sale price");
  EXPECT_EQ(f.candidates[1].price.ToString(), "39.00");
  EXPECT_TRUE(f.candidates[1].is_list_price);
  EXPECT_EQ(f.candidates[1].currency, "GBP");
}

TEST(OpenGraphTest, EqualStandardAmountIsNoSale) {
  const ExtractedFields f = Extract(
      "<meta property=\"og:price:amount\" content=\"29.00\">"
      "<meta property=\"og:price:standard_amount\" content=\"29.00\">");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_FALSE(f.candidates[0].is_sale_price);
}

TEST(OpenGraphTest, RepeatedAmountsAreVariantsInOrder) {
  const ExtractedFields f = Extract(
      "<meta property=\"product:retailer_item_id\" content=\"CASE-S\">"
      "<meta property=\"product:price:amount\" content=\"19.00\">"
      "<meta property=\"product:price:currency\" content=\"USD\">"
      "<meta property=\"product:retailer_item_id\" content=\"CASE-L\">"
      "<meta property=\"product:price:amount\" content=\"21.00\">"
      "<meta property=\"product:price:currency\" content=\"CAD\">");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].sku, "CASE-S");
  EXPECT_EQ(f.candidates[0].currency, "USD");
  EXPECT_EQ(f.candidates[1].sku, "CASE-L");
  EXPECT_EQ(f.candidates[1].currency, "CAD");
  EXPECT_EQ(f.candidates[1].where, "meta product:price:amount #2");
}

TEST(OpenGraphTest, NameFormsAvailabilityAndUrlReachEveryCandidate) {
  const ExtractedFields f = Extract(
      "<meta name=\"og:url\" content=\"https://shop.example/p/1\">"
      "<meta name=\"product:price:amount\" content=\"64.00\">"
      "<meta name=\"product:price:currency\" content=\"AUD\">"
      "<meta name=\"og:availability\" content=\"preorder\">");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].currency, "AUD");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/p/1");
  EXPECT_EQ(f.candidates[0].availability, Availability::kPreorder);
  EXPECT_EQ(f.availability_note, "opengraph og:availability preorder");
}

TEST(OpenGraphTest, UnreadableAmountLosesOnlyItself) {
  const ExtractedFields f = Extract(
      "<meta property=\"product:sale_price:amount\" content=\"ask us\">"
      "<meta property=\"product:price:amount\" content=\"12.00\">");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "12.00");
}

}  // namespace
}  // namespace pricecrawl::crawler
