// The visible-text fallback (crawler/extract/visible_text.h).

#include "crawler/extract/visible_text.h"

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"

namespace pricecrawl::crawler {
namespace {

const PriceCandidate* Best(const ExtractedFields& f) {
  const PriceCandidate* best = nullptr;
  for (const PriceCandidate& c : f.candidates) {
    if (!c.is_list_price && (best == nullptr || c.score > best->score)) {
      best = &c;
    }
  }
  return best;
}

TEST(VisibleTextTest, SalePriceNearTitleBeatsRegularAndAccessories) {
  const HtmlDocument doc(testing::ReadFixture("prestashop_text_only.html"));
  const ExtractedFields f = ExtractVisibleText(doc, {"", "fr"});
  EXPECT_EQ(f.title, "Lampe de bureau Atelier");
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "999.00");
  EXPECT_EQ(best->currency, "EUR");
  bool regular_marked = false;
  for (const PriceCandidate& c : f.candidates) {
    if (c.price.ToString() == "1249.00") {
      regular_marked = c.is_list_price;
    }
  }
  EXPECT_TRUE(regular_marked);
  EXPECT_EQ(f.availability, Availability::kInStock);
  EXPECT_FALSE(f.listing);
}

TEST(VisibleTextTest, DelInsSalePrice) {
  const HtmlDocument doc(testing::ReadFixture("woocommerce_sale_graph.html"));
  const ExtractedFields f = ExtractVisibleText(doc, {"", "de-DE"});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "69.00");
  for (const PriceCandidate& c : f.candidates) {
    if (c.price.ToString() == "89.00") {
      EXPECT_TRUE(c.is_list_price);
    }
  }
}

TEST(VisibleTextTest, SplitFractionAndOutOfStock) {
  const HtmlDocument doc("<h1>Kettle</h1><div class=price>$24<sup>99</sup></div><p>Sold out</p>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "24.99");
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
}

TEST(VisibleTextTest, RepeatedCardsWithoutTitleAreAListing) {
  const HtmlDocument doc(testing::ReadFixture("text_listing_page.html"));
  EXPECT_TRUE(ExtractVisibleText(doc, {}).listing);
}

}  // namespace
}  // namespace pricecrawl::crawler
