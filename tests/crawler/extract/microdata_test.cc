// Microdata extraction (crawler/extract/microdata.h).

#include "crawler/extract/microdata.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

TEST(MicrodataTest, MagentoOfferWithContentAttributes) {
  const HtmlDocument doc(testing::ReadFixture("magento_microdata.html"));
  const ExtractedFields f = ExtractMicrodata(doc, {});
  EXPECT_EQ(f.title, "Trail Runner 2");
  EXPECT_EQ(f.sku, "TR-2");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "1299.5");
  EXPECT_EQ(f.candidates[0].currency, "GBP");
  EXPECT_EQ(f.candidates[0].source, "microdata");
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
}

TEST(MicrodataTest, ContentBeforeTextAndTextReadAsPrinted) {
  const HtmlDocument doc(
      "<div itemscope itemtype=\"https://schema.org/Product\"><span itemprop=name>Lamp</span>"
      "<div itemprop=offers itemscope itemtype=\"https://schema.org/Offer\">"
      "<span itemprop=price content=\"12.50\">12,50 €</span>"
      "<meta itemprop=priceCurrency content=EUR></div></div>"
      "<div itemscope itemtype=\"http://schema.org/Product\"><span itemprop=name>Chair</span>"
      "<span itemprop=price>1.299,00 €</span></div>");
  const ExtractedFields f = ExtractMicrodata(doc, {});
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "12.50");
  EXPECT_EQ(f.candidates[1].price.ToString(), "1299.00");
  EXPECT_EQ(f.candidates[1].currency, "EUR");
  EXPECT_EQ(f.product_count, 2);
}

TEST(MicrodataTest, StruckOutItempropPriceIsAListPrice) {
  const HtmlDocument doc(
      "<div itemscope itemtype=\"http://schema.org/Product\"><h1 itemprop=name>Book</h1>"
      "<div itemprop=offers itemscope itemtype=\"http://schema.org/Offer\">"
      "<span class=barred><meta itemprop=price content=18.00></span>"
      "<meta itemprop=price content=17.10><meta itemprop=priceCurrency content=EUR></div></div>");
  const ExtractedFields f = ExtractMicrodata(doc, {});
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_TRUE(f.candidates[0].is_list_price);
  EXPECT_FALSE(f.candidates[1].is_list_price);
}

// The markup families' pages, read directly: the extractor's own view of each shape.
std::string MarkupPage(const std::string& name) {
  std::ifstream in(
      ::pricecrawl::testing::SourceDir() / "tests" / "data" / "markup" / "microdata" / name,
      std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ExtractedFields Extract(const std::string& html) {
  const HtmlDocument doc(html);
  return ExtractMicrodata(doc, {});
}

TEST(MicrodataTest, OffersOnABookCarryTheOffersSkuAndAvailability) {
  const ExtractedFields f = Extract(MarkupPage("book_offers.html"));
  EXPECT_EQ(f.title, "The Catcher in the Rye");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "6.99");
  EXPECT_EQ(f.candidates[0].currency, "USD");
  EXPECT_EQ(f.candidates[0].sku, "BK-769488");
  EXPECT_EQ(f.candidates[0].availability, Availability::kInStock);
  EXPECT_EQ(f.candidates[0].note, "offer of Book");
  EXPECT_EQ(f.availability_note, "microdata availability https://schema.org/InStock (line 14)");
}

TEST(MicrodataTest, EventOfferUrlIsTheItemUrl) {
  const ExtractedFields f = Extract(MarkupPage("event_tickets.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "75.00");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/tickets/heat-76ers");
}

TEST(MicrodataTest, SeveralItemTypesAndDataVocabulary) {
  EXPECT_EQ(Extract(MarkupPage("vehicle_several_types.html")).candidates.size(), 1u);
  const ExtractedFields f = Extract(MarkupPage("data_vocabulary.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "18.00");
  EXPECT_EQ(f.candidates[0].currency, "GBP");
  EXPECT_EQ(f.availability, Availability::kInStock);
}

TEST(MicrodataTest, SellerMakesOfferNamesTheItemOffered) {
  const ExtractedFields f = Extract(MarkupPage("seller_makes_offer.html"));
  EXPECT_EQ(f.title, "Blue Widget");
  EXPECT_EQ(f.sku, "W-BLUE");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].sku, "W-BLUE");
  EXPECT_EQ(f.candidates[0].price.ToString(), "24.50");
}

TEST(MicrodataTest, BareOfferIsAPrice) {
  const ExtractedFields f = Extract(MarkupPage("bare_offer.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "34.95");
  EXPECT_EQ(f.candidates[0].availability, Availability::kOutOfStock);
  EXPECT_EQ(f.product_count, 0);
}

TEST(MicrodataTest, ItemrefBringsOffersFromElsewhereOnce) {
  const ExtractedFields f = Extract(MarkupPage("itemref_offer.html"));
  EXPECT_EQ(f.brand, "Lumen");
  ASSERT_EQ(f.candidates.size(), 1u);  // the referenced Offer is not read again as a bare one
  EXPECT_EQ(f.candidates[0].price.ToString(), "49.00");
  EXPECT_EQ(f.candidates[0].sku, "ARC-1");
}

TEST(MicrodataTest, ItemrefCyclesEndAndEachElementCountsOnce) {
  const ExtractedFields f = Extract(MarkupPage("itemref_cycle.html"));
  EXPECT_EQ(f.title, "Kettle 1.7 l");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "39.90");
}

TEST(MicrodataTest, ElementsWithItemscopeAreNotDescended) {
  const ExtractedFields f = Extract(
      "<div itemscope itemtype=https://schema.org/Product><span itemprop=name>Mug</span>"
      "<div itemprop=isRelatedTo itemscope itemtype=https://schema.org/Product>"
      "<span itemprop=name>Saucer</span><meta itemprop=price content=3.00></div>"
      "<meta itemprop=price content=9.00><meta itemprop=priceCurrency content=EUR></div>");
  EXPECT_EQ(f.title, "Mug");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "9.00");
}

TEST(MicrodataTest, HostileItemrefFanOutStaysBounded) {
  std::string html = "<div id=big>";
  for (int i = 0; i < 2000; ++i) {
    html += "<span itemprop=description>x</span>";
  }
  html += "</div>";
  for (int i = 0; i < 500; ++i) {
    html += "<div itemscope itemtype=https://schema.org/Thing itemref=\"big big big\"></div>";
  }
  html +=
      "<div itemscope itemtype=https://schema.org/Offer><meta itemprop=price content=5.00>"
      "</div>";
  const ExtractedFields f = Extract(html);
  // The crawl budget runs out long before 500 x 3 x 2000 visits, and the honest Offer after
  // the hostile items is still read.
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "5.00");
}

TEST(MicrodataTest, NestedPricePropertiesReadOnlyTheStartOfTheirText) {
  // Each of 400 nested price elements holds the same megabyte of text; read in full that is
  // 400 MB of text (minutes), read up to kMaxPropertyTextBytes each it is a moment.
  constexpr int kDepth = 400;
  std::string html =
      "<div itemscope itemtype=https://schema.org/Product><span itemprop=name>Box</span>"
      "<div itemprop=offers itemscope itemtype=https://schema.org/Offer>";
  for (int i = 0; i < kDepth; ++i) {
    html += "<span itemprop=price>";
  }
  html += "12.50 " + std::string(1 << 20, 'x');
  for (int i = 0; i < kDepth; ++i) {
    html += "</span>";
  }
  html += "</div></div>";
  const ExtractedFields f = Extract(html);
  EXPECT_EQ(f.title, "Box");
  ASSERT_FALSE(f.candidates.empty());
  EXPECT_EQ(f.candidates[0].price.ToString(), "12.50");
}

TEST(MicrodataTest, AggregateOfferLowPriceAndSecondaryHighPrice) {
  const ExtractedFields f = Extract(MarkupPage("aggregate_offer.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "199.00");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_EQ(f.candidates[0].note, "offer of Product; AggregateOffer lowPrice, offerCount 7");
  EXPECT_EQ(f.candidates[1].price.ToString(), "249.00");
  EXPECT_TRUE(f.candidates[1].is_secondary);
}

TEST(MicrodataTest, PriceTypeMarksListAndSalePrices) {
  const ExtractedFields f = Extract(MarkupPage("price_specification_sale.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "149.00");
  EXPECT_TRUE(f.candidates[0].is_list_price);
  EXPECT_EQ(f.candidates[1].price.ToString(), "99.00");
  EXPECT_TRUE(f.candidates[1].is_sale_price);
  EXPECT_FALSE(f.candidates[1].is_list_price);
  EXPECT_EQ(f.candidates[1].note, "offer of Product; UnitPriceSpecification; priceType SalePrice");
}

TEST(MicrodataTest, UnitPriceAndPriceComponentsAreSecondary) {
  const ExtractedFields unit = Extract(MarkupPage("unit_price_specification.html"));
  ASSERT_EQ(unit.candidates.size(), 2u);
  EXPECT_FALSE(unit.candidates[0].is_secondary);
  EXPECT_TRUE(unit.candidates[1].is_secondary);
  EXPECT_NE(unit.candidates[1].note.find("per 1 KGM"), std::string::npos);
  const ExtractedFields compound = Extract(MarkupPage("compound_price_specification.html"));
  ASSERT_EQ(compound.candidates.size(), 3u);
  EXPECT_EQ(compound.candidates[0].price.ToString(), "499.00");
  EXPECT_FALSE(compound.candidates[0].is_secondary);
  EXPECT_TRUE(compound.candidates[1].is_secondary);
  EXPECT_TRUE(compound.candidates[2].is_secondary);
  EXPECT_NE(compound.candidates[2].note.find("component Installment"), std::string::npos);
  EXPECT_EQ(compound.candidates[1].currency, "USD");  // the compound's currency
}

TEST(MicrodataTest, ProductGroupVariantsEachWithSkuAndAvailability) {
  const ExtractedFields f = Extract(MarkupPage("product_group_variants.html"));
  EXPECT_EQ(f.title, "Wool socks");
  EXPECT_EQ(f.product_count, 1);
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].sku, "SOCK-M");
  EXPECT_EQ(f.candidates[0].availability, Availability::kInStock);
  EXPECT_EQ(f.candidates[1].sku, "SOCK-L");
  EXPECT_EQ(f.candidates[1].price.ToString(), "16.00");
  EXPECT_EQ(f.candidates[1].availability, Availability::kOutOfStock);
}

TEST(MicrodataTest, MainEntityOfAWebPageIsRead) {
  const ExtractedFields f = Extract(MarkupPage("webpage_main_entity.html"));
  EXPECT_EQ(f.title, "Cast iron pan 28 cm");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.availability, Availability::kPreorder);
}

TEST(MicrodataTest, PropertyNamesWrittenAsUrls) {
  const ExtractedFields f = Extract(MarkupPage("url_property_names.html"));
  EXPECT_EQ(f.title, "Notebook A5 dotted");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].currency, "EUR");
}

TEST(MicrodataTest, BrokenValuesLoseOnlyThemselves) {
  const ExtractedFields f = Extract(
      "<div itemscope itemtype=https://schema.org/Product itemref=\"missing\">"
      "<span itemprop=name>Rope</span>"
      "<div itemprop=offers itemscope itemtype=https://schema.org/Offer>"
      "<meta itemprop=price content=\"call us\"></div>"
      "<div itemprop=offers itemscope itemtype=https://schema.org/Offer>"
      "<meta itemprop=price content=7.25><meta itemprop=priceCurrency content=USD></div></div>");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "7.25");
}

}  // namespace
}  // namespace pricecrawl::crawler
