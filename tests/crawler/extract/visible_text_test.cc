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
// The result points into its argument, so a temporary would leave it dangling.
const PriceCandidate* Best(ExtractedFields&&) = delete;

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

TEST(VisibleTextTest, ThreeLinkedSiblingPricesAreAListing) {
  const HtmlDocument doc(
      "<h1>All products</h1><ul>"
      "<li><a href=/item/grinder>grinder</a> <span class=price>€129.90</span></li>"
      "<li><a href=/item/kettle>kettle</a> <span class=price>€79.50</span></li>"
      "<li><a href=/item/press>press</a> <span class=price>€34.95</span></li></ul>");
  EXPECT_TRUE(ExtractVisibleText(doc, {}).listing);
}

TEST(VisibleTextTest, MainPriceAboveLinkedRecommendationsIsNotAListing) {
  const HtmlDocument doc(
      "<div class=product><h1>Espresso grinder</h1><span class=price>€129.90</span></div>"
      "<ul><li><a href=/item/kettle>kettle</a> <span class=price>€79.50</span></li>"
      "<li><a href=/item/press>press</a> <span class=price>€34.95</span></li>"
      "<li><a href=/item/mill>mill</a> <span class=price>€24.95</span></li></ul>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  EXPECT_FALSE(f.listing);
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "129.90");
}

TEST(VisibleTextTest, OldPriceStyleWithoutSalePriceIsThePrice) {
  const HtmlDocument doc(
      "<main><div class=page><div class=product><div class=info><h1>Dive mask</h1><ul "
      "id=price-list class=list-unstyled>"
      "<li class=price><span class=price-old-live>100.00€</span></li>"
      "<li class=price-tax>Brez DDV: <span "
      "class=price-tax-live>81.97€</span></li></ul></div></div></div>"
      "<section><h3>You may like</h3><div class=row>"
      "<div class=col><h4><a href=/m1>Mask one</a></h4> <p><span class=price>150.00€</span></div>"
      "<div class=col><h4><a href=/m2>Mask two</a></h4> <p><span class=price>50.00€</span></div>"
      "<div class=col><h4><a href=/m3>Mask three</a></h4> <p><span class=price>55.00€</span></div>"
      "</div></section></main>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "100.00");
  EXPECT_FALSE(f.listing);
}

TEST(VisibleTextTest, OldPriceStyleNextToSalePriceStaysAListPrice) {
  const HtmlDocument doc(
      "<div><h1>Dive mask</h1><div class=price-box><span class=old-price>100.00€</span>"
      "<span class=price>80.00€</span></div></div>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "80.00");
  for (const PriceCandidate& c : f.candidates) {
    EXPECT_EQ(c.is_list_price, c.price.ToString() == "100.00");
  }
}

TEST(VisibleTextTest, WithoutHeadingsTheTextTheTitleRepeatsIsTheTitle) {
  const HtmlDocument doc(
      "<html><head><title>招牌肉乾自由選 - 愛上新鮮</title></head><body>"
      "<div class=logo>愛上新鮮</div><div class=box><div class=title>招牌肉乾自由選</div>"
      "<div class=deal>最低價$<span>99</span>元起/包</div></div></body></html>");
  const ExtractedFields f = ExtractVisibleText(doc, {"tw", "zh-TW"});
  EXPECT_EQ(f.title, "招牌肉乾自由選");
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "99");
  EXPECT_EQ(best->currency, "TWD");
  EXPECT_GE(best->score, 10);  // rated as a main price, whatever the script's bytes per char
}

TEST(VisibleTextTest, VariantPickerPricesRankBelowTheHeadline) {
  const HtmlDocument doc(
      "<div class=product><h1>Lamb dinner</h1><div class=deal>From $29 per can</div>"
      "<div id=select_txt><div>1 box (24 cans)</div><div>$839</div></div></div>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "29");
}

// The candidate for `price` ("19.99"), nullptr when there is none.
const PriceCandidate* WithPrice(const ExtractedFields& f, const char* price) {
  for (const PriceCandidate& c : f.candidates) {
    if (c.price.ToString() == price) {
      return &c;
    }
  }
  return nullptr;
}
const PriceCandidate* WithPrice(ExtractedFields&&, const char*) = delete;

TEST(VisibleTextTest, WasLabelBelongsOnlyToItsOwnPrice) {
  const HtmlDocument doc("<h1>Linen shirt</h1><div><p>was £30.00</p><p>now £19.99</p></div>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* was = WithPrice(f, "30.00");
  const PriceCandidate* now = WithPrice(f, "19.99");
  ASSERT_NE(was, nullptr);
  ASSERT_NE(now, nullptr);
  EXPECT_TRUE(was->is_list_price);
  EXPECT_FALSE(now->is_list_price);
  EXPECT_TRUE(now->is_sale_price);
  EXPECT_EQ(Best(f), now);
}

TEST(VisibleTextTest, ParenthesisedRrpMarksOnlyTheAmountInside) {
  const HtmlDocument doc("<h1>Garden kneeler</h1><p class=price>Sale £19.99 (RRP £30.00)</p>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* sale = WithPrice(f, "19.99");
  const PriceCandidate* rrp = WithPrice(f, "30.00");
  ASSERT_NE(sale, nullptr);
  ASSERT_NE(rrp, nullptr);
  EXPECT_TRUE(sale->is_sale_price);
  EXPECT_FALSE(sale->is_list_price);
  EXPECT_TRUE(rrp->is_list_price);
  EXPECT_EQ(rrp->currency, "GBP");
}

TEST(VisibleTextTest, TrailingLabelBelongsToThePriceBeforeIt) {
  const HtmlDocument doc("<h1>Desk fan</h1><div><span>RRP £30.00</span> <span>£22.50 now</span>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  ASSERT_NE(WithPrice(f, "22.50"), nullptr);
  EXPECT_TRUE(WithPrice(f, "22.50")->is_sale_price);
  EXPECT_TRUE(WithPrice(f, "30.00")->is_list_price);
}

TEST(VisibleTextTest, StruckOutPriceStaysAListPriceWhateverItsLabel) {
  const HtmlDocument doc("<h1>Rain jacket</h1><p><del>now £80.00</del> now £59.00</p>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  ASSERT_NE(WithPrice(f, "80.00"), nullptr);
  EXPECT_TRUE(WithPrice(f, "80.00")->is_list_price);
  EXPECT_FALSE(WithPrice(f, "80.00")->is_sale_price);
  EXPECT_EQ(Best(f)->price.ToString(), "59.00");
}

TEST(VisibleTextTest, LabelInThePreviousCellMakesAMainPrice) {
  const HtmlDocument doc(
      "<table><tr><td>Versand</td><td>4,90 €</td></tr>"
      "<tr><td>Unser Preis</td><td><span>24,50 €</span></td></tr></table>");
  const ExtractedFields f = ExtractVisibleText(doc, {"de", "de"});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "24.50");
  EXPECT_GE(best->score, 10);  // a main price even without a title
  EXPECT_LT(WithPrice(f, "4.90")->score, best->score - 4);
}

TEST(VisibleTextTest, LabelledPriceWithoutTitleIsAMainPrice) {
  const HtmlDocument doc("<div>Price: $24.50</div>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "24.50");
  EXPECT_GE(best->score, 10);
}

TEST(VisibleTextTest, AmountsThatAreNotThePriceRateLow) {
  const HtmlDocument doc(
      "<h1>Grinder</h1><p>Shipping: £3.95</p><p>£1.20 / 100 g</p><p>4 x £5.00</p>"
      "<p>from £9/month</p><p>You save £10.01</p><p>Free delivery over £50</p>"
      "<p>Price: £20.00</p>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "20.00");
  for (const char* other : {"3.95", "1.20", "9", "10.01", "50"}) {
    const PriceCandidate* c = WithPrice(f, other);
    ASSERT_NE(c, nullptr) << other;
    EXPECT_LT(c->score, best->score - 4) << other;
  }
}

TEST(VisibleTextTest, AriaLabelPriceIsRead) {
  const HtmlDocument doc(
      "<h1>Ceramic mug</h1><div><span role=img aria-label=\"Price: $16.00\"></span></div>");
  const ExtractedFields f = ExtractVisibleText(doc, {});
  const PriceCandidate* best = Best(f);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->price.ToString(), "16.00");
  EXPECT_EQ(best->currency, "USD");
}

}  // namespace
}  // namespace pricecrawl::crawler
