// OpenGraph / product meta extraction (crawler/extract/opengraph.h).

#include "crawler/extract/opengraph.h"

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

}  // namespace
}  // namespace pricecrawl::crawler
