// JSON-LD extraction (crawler/extract/json_ld.h) on markup as shop platforms print it.

#include "crawler/extract/json_ld.h"

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"

namespace pricecrawl::crawler {
namespace {

using testing::ReadFixture;

ExtractedFields ExtractFrom(const std::string& html, PageHints hints = {}) {
  const HtmlDocument doc(html);
  return ExtractJsonLd(doc, hints);
}

std::string Page(const std::string& json) {
  return "<html><head><script type=\"application/ld+json\">" + json +
         "</script></head><body></body></html>";
}

TEST(JsonLdTest, ShopifyOffersArrayKeepsEveryVariantPrice) {
  const ExtractedFields f = ExtractFrom(ReadFixture("shopify_offers.html"));
  EXPECT_EQ(f.title, "Merino Beanie");
  EXPECT_EQ(f.sku, "MB-001");
  EXPECT_EQ(f.gtin, "0123456789012");
  EXPECT_EQ(f.brand, "Northern Knits");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "34.00");
  EXPECT_EQ(f.candidates[0].currency, "CAD");
  EXPECT_EQ(f.candidates[0].where, "json-ld #1 Product.offers[0].price");
  EXPECT_EQ(f.candidates[1].price.ToString(), "36.00");
  EXPECT_EQ(f.availability, Availability::kInStock);  // one variant in stock
}

TEST(JsonLdTest, FindsProductInsideGraph) {
  const ExtractedFields f = ExtractFrom(ReadFixture("woocommerce_sale_graph.html"));
  EXPECT_EQ(f.title, "Kaffeemühle Classic");
  EXPECT_EQ(f.brand, "Röstwerk");
  ASSERT_FALSE(f.candidates.empty());
  EXPECT_EQ(f.candidates[0].price.ToString(), "89.00");
  EXPECT_EQ(f.candidates[0].currency, "EUR");
  EXPECT_EQ(f.product_count, 1);
}

TEST(JsonLdTest, BrokenBlocksDoNotLoseTheValidOne) {
  const ExtractedFields f = ExtractFrom(ReadFixture("bigcommerce_broken_jsonld.html"));
  EXPECT_EQ(f.sku, "UF-9");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "1299");  // AggregateOffer lowPrice
  EXPECT_EQ(f.candidates[0].currency, "SEK");
  EXPECT_EQ(f.availability, Availability::kPreorder);
}

TEST(JsonLdTest, TopLevelArrayAndNumberPriceStayExact) {
  const ExtractedFields f = ExtractFrom(Page(
      R"([{"@type":"WebPage"},{"@type":"Product","name":"A","offers":{"@type":"Offer",)"
      R"("price":19.99,"priceCurrency":"USD","availability":"http://schema.org/OutOfStock"}}])"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "19.99");
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
}

TEST(JsonLdTest, PriceSpecificationListPriceIsMarked) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","name":"A","offers":{"@type":"Offer","priceCurrency":"EUR",)"
           R"("priceSpecification":[{"@type":"UnitPriceSpecification","price":"9.99"},)"
           R"({"@type":"UnitPriceSpecification","priceType":"https://schema.org/ListPrice",)"
           R"("price":"14.99"}]}})"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_FALSE(f.candidates[0].is_list_price);
  EXPECT_TRUE(f.candidates[1].is_list_price);
  EXPECT_EQ(f.candidates[1].price.ToString(), "14.99");
}

TEST(JsonLdTest, ThousandsDotForCurrencyWithoutMinorUnits) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","name":"A","offers":{"price":"24.990","priceCurrency":"CLP"}})"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "24990");
}

TEST(JsonLdTest, ItemListOfProductsIsAListing) {
  const ExtractedFields f = ExtractFrom(ReadFixture("listing_page.html"));
  EXPECT_TRUE(f.listing);
  EXPECT_EQ(f.product_count, 3);
}

TEST(JsonLdTest, GarbageNeverThrows) {
  for (const char* junk : {"", "{", "[[[[", "{\"@type\":\"Product\",\"offers\":{\"price\":-5}}",
                           "null", "\"Product\"", "{\"@type\":[\"Product\"],\"offers\":[1,2]}"}) {
    const ExtractedFields f = ExtractFrom(Page(junk));
    EXPECT_TRUE(f.candidates.empty()) << junk;
  }
}

}  // namespace
}  // namespace pricecrawl::crawler
