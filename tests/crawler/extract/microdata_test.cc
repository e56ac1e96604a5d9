// Microdata extraction (crawler/extract/microdata.h).

#include "crawler/extract/microdata.h"

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"

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

}  // namespace
}  // namespace pricecrawl::crawler
