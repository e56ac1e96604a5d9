// The chooser (crawler/extract/product_extractor.h) on platform-style fixtures.

#include "crawler/extract/product_extractor.h"

#include <gtest/gtest.h>

#include "tests/crawler/extract/fixture.h"

namespace pricecrawl::crawler {
namespace {

ProductData ExtractFrom(const std::string& fixture, std::string_view url,
                        const config::ExtractSelectors* selectors = nullptr) {
  const HtmlDocument doc(testing::ReadFixture(fixture));
  ExtractOptions options;
  options.page_url = url;
  options.selectors = selectors;
  return ExtractProduct(doc, options);
}

TEST(ProductExtractorTest, ShopifyJsonLdAgreesWithVisiblePrice) {
  const ProductData d = ExtractFrom("shopify_offers.html", "https://knits.example.ca/products/x");
  EXPECT_TRUE(d.is_product);
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "34.00");
  EXPECT_EQ(d.currency, "CAD");
  EXPECT_EQ(d.source, "json-ld");
  EXPECT_EQ(d.availability, Availability::kInStock);
  EXPECT_EQ(d.sku, "MB-001");
  EXPECT_EQ(d.canonical_url, "https://knits.example.ca/products/merino-beanie");
  EXPECT_GE(d.candidates.size(), 4u);
}

TEST(ProductExtractorTest, VisibleSalePriceWinsOverStaleJsonLdAndBothAreKept) {
  const ProductData d =
      ExtractFrom("woocommerce_sale_graph.html", "https://roestwerk.example/p/muehle");
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "69.00");
  EXPECT_EQ(d.currency, "EUR");
  EXPECT_EQ(d.source, "text");
  bool kept_json_ld = false;
  for (const PriceCandidate& c : d.candidates) {
    kept_json_ld = kept_json_ld || (c.source == "json-ld" && c.price.ToString() == "89.00");
  }
  EXPECT_TRUE(kept_json_ld);
  EXPECT_NE(d.reason.find("differs"), std::string::npos) << d.reason;
}

TEST(ProductExtractorTest, MagentoOutOfStock) {
  const ProductData d = ExtractFrom("magento_microdata.html", "https://outdoor.example.co.uk/tr2");
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "1299.5");
  EXPECT_EQ(d.currency, "GBP");
  EXPECT_EQ(d.availability, Availability::kOutOfStock);
}

TEST(ProductExtractorTest, TextOnlyPageUsesTheFallback) {
  const ProductData d =
      ExtractFrom("prestashop_text_only.html", "https://atelier.example.fr/lampe");
  EXPECT_TRUE(d.is_product);
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "999.00");
  EXPECT_EQ(d.source, "text");
  EXPECT_EQ(d.title, "Lampe de bureau Atelier");
}

TEST(ProductExtractorTest, BrokenJsonLdStillGivesAggregateLowPrice) {
  const ProductData d =
      ExtractFrom("bigcommerce_broken_jsonld.html", "https://nordhem.example.se/filt");
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "1299");
  EXPECT_EQ(d.currency, "SEK");
  EXPECT_EQ(d.availability, Availability::kPreorder);
  EXPECT_EQ(d.gtin, "7350000000001");
}

TEST(ProductExtractorTest, ListingPagesAreNotProducts) {
  EXPECT_FALSE(ExtractFrom("listing_page.html", "https://kitchen.example/kettles").is_product);
  EXPECT_FALSE(
      ExtractFrom("text_listing_page.html", "https://lamps.example/search?q=x").is_product);
}

// Three equally rated visible prices, each beside a link to its own product, under a generic
// h1: a short listing, not a product priced at the first of them.
constexpr std::string_view kShortListing =
    "<html><body><h1>All products</h1><ul>"
    "<li><a href=\"/item/grinder\">grinder</a> <span class=price>€129.90</span></li>"
    "<li><a href=\"/item/kettle\">kettle</a> <span class=price>€79.50</span></li>"
    "<li><a href=\"/item/press\">press</a> <span class=price>€34.95</span></li>"
    "</ul></body></html>";

TEST(ProductExtractorTest, ShortListingOfLinkedPricesIsNotAProduct) {
  const HtmlDocument doc{std::string(kShortListing)};
  ExtractOptions options;
  options.page_url = "http://127.0.0.1/";
  const ProductData d = ExtractProduct(doc, options);
  EXPECT_FALSE(d.is_product) << d.reason;
  EXPECT_EQ(d.availability, Availability::kUnknown);
  EXPECT_EQ(d.candidates.size(), 3u);  // the prices are still kept for debugging
}

TEST(ProductExtractorTest, ListingWithOneStructuredProductIsAProduct) {
  std::string html(kShortListing);
  html.insert(html.find("<body>"),
              "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":"
              "\"grinder\",\"offers\":{\"price\":\"129.90\",\"priceCurrency\":\"EUR\"}}"
              "</script>");
  const HtmlDocument doc(html);
  const ProductData d = ExtractProduct(doc, {});
  EXPECT_TRUE(d.is_product) << d.reason;
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "129.90");
}

TEST(ProductExtractorTest, VariantLinksBesidePricesAreNotAListing) {
  const HtmlDocument doc(
      "<h1>Espresso grinder</h1><ul>"
      "<li><a href=\"/p/grinder?size=s\">small</a> <span class=price>€129.90</span></li>"
      "<li><a href=\"/p/grinder?size=m\">medium</a> <span class=price>€139.90</span></li>"
      "<li><a href=\"/p/grinder?size=l\">large</a> <span class=price>€149.90</span></li>"
      "</ul><button>Add to cart</button>");
  const ProductData d = ExtractProduct(doc, {});
  EXPECT_TRUE(d.is_product) << d.reason;
}

// A microdata product with a hidden list-price offer first and the online price second; the
// page shows the online price with the list price in a "barred" span, inside a product
// header and a "no-slider" column (neither of which is site chrome).
TEST(ProductExtractorTest, VisibleSalePriceChoosesAmongMicrodataOffers) {
  const HtmlDocument doc(
      "<html lang=it><body><nav><a href=/>Home</a></nav><div id=main itemscope "
      "itemtype=http://schema.org/Product><div itemprop=offers itemscope "
      "itemtype=http://schema.org/Offer style='display:none'><meta itemprop=price content=18.00>"
      "<meta itemprop=pricecurrency content=EUR></div><div id=detail-header><div class='col-right "
      "no-slider'><h1 itemprop=name>Storia perduta</h1><div class=pricing><div itemprop=offers "
      "itemscope itemtype=http://schema.org/Offer class=price><meta itemprop=price content=17.10>"
      "<meta itemprop=pricecurrency content=EUR><h3><strong>€ <span class=actual-price>17,10"
      "</span></strong></h3><div class=full-price><span class=barred>€ 18,00</span></div></div>"
      "</div></div></div></div></body></html>");
  ExtractOptions options;
  options.page_url = "https://libri.example.it/storia";
  const ProductData d = ExtractProduct(doc, options);
  ASSERT_TRUE(d.price.has_value()) << d.reason;
  EXPECT_EQ(d.price->ToString(), "17.10");
  EXPECT_EQ(d.currency, "EUR");
  EXPECT_EQ(d.source, "microdata");
  bool barred_is_list = false;
  for (const PriceCandidate& c : d.candidates) {
    barred_is_list =
        barred_is_list || (c.source == "text" && c.price.ToString() == "18.00" && c.is_list_price);
  }
  EXPECT_TRUE(barred_is_list);
}

// With no stock message, a product is in stock only when the page offers a way to buy it.
TEST(ProductExtractorTest, OfferedAtAPriceWithNoStockMessageIsInStock) {
  const std::string base = "<h1>Garden bench</h1><p class=price>£120.00</p>";
  auto availability = [](const std::string& html) {
    const HtmlDocument doc(html);
    return ExtractProduct(doc, {}).availability;
  };
  EXPECT_EQ(availability(base), Availability::kInStock);  // a classified ad, no cart
  EXPECT_EQ(availability(base + "<button class='btn add-to-cart'></button>"),
            Availability::kInStock);
  EXPECT_EQ(availability(base + "<p class=stock>Out of stock</p>"), Availability::kOutOfStock);
  EXPECT_EQ(availability("<h1>Garden bench</h1><p>Contact us for a quote</p>"),
            Availability::kUnknown);  // no price: not a product page
}

TEST(ProductExtractorTest, PerSiteSelectorWins) {
  config::ExtractSelectors selectors;
  selectors.price = "div.product-discount .regular-price";
  selectors.currency = "EUR";
  const ProductData d =
      ExtractFrom("prestashop_text_only.html", "https://atelier.example.fr/lampe", &selectors);
  ASSERT_TRUE(d.price.has_value());
  EXPECT_EQ(d.price->ToString(), "1249.00");
  EXPECT_EQ(d.source, "selector");
}

// Trust order of the markup sources: microdata > RDFa > microformats > OpenGraph. Each page
// gives the same product in several markups with different prices that no visible text backs.
TEST(ProductExtractorTest, MarkupSourcesInTrustOrder) {
  const std::string rdfa =
      "<div vocab=\"https://schema.org/\" typeof=Product><meta property=name content=Cup>"
      "<meta property=price content=3><meta property=priceCurrency content=EUR>"
      "<link property=availability href=https://schema.org/OutOfStock></div>";
  const std::string microformats =
      "<div class=h-product><data class=p-name value=Mug></data>"
      "<data class=p-price value=4>EUR</data></div>";
  const std::string opengraph =
      "<meta property=\"product:price:amount\" content=5>"
      "<meta property=\"product:price:currency\" content=EUR>";
  const std::string microdata =
      "<div itemscope itemtype=https://schema.org/Product><meta itemprop=name content=Bowl>"
      "<div itemprop=offers itemscope itemtype=https://schema.org/Offer>"
      "<meta itemprop=price content=2><meta itemprop=priceCurrency content=EUR></div></div>";
  auto extract = [](const std::string& body) {
    const HtmlDocument doc("<html><head>" + body + "</head><body></body></html>");
    ExtractOptions options;
    options.page_url = "https://shop.example/p";
    return ExtractProduct(doc, options);
  };
  const ProductData all = extract(opengraph + microformats + rdfa + microdata);
  EXPECT_EQ(all.source, "microdata");
  EXPECT_EQ(all.title, "Bowl");
  EXPECT_EQ(all.availability, Availability::kOutOfStock);  // only RDFa states it
  EXPECT_EQ(all.availability_note.rfind("rdfa availability", 0), 0u) << all.availability_note;
  const ProductData no_microdata = extract(opengraph + microformats + rdfa);
  EXPECT_EQ(no_microdata.source, "rdfa");
  EXPECT_EQ(no_microdata.price->ToString(), "3");
  EXPECT_EQ(no_microdata.title, "Cup");
  const ProductData microformats_only = extract(opengraph + microformats);
  EXPECT_EQ(microformats_only.source, "microformats");
  EXPECT_EQ(microformats_only.price->ToString(), "4");
  EXPECT_EQ(microformats_only.currency, "EUR");
  EXPECT_EQ(microformats_only.title, "Mug");
}

TEST(ProductExtractorTest, EmptyPageIsNotAProduct) {
  const HtmlDocument doc("");
  const ProductData d = ExtractProduct(doc, {});
  EXPECT_FALSE(d.is_product);
  EXPECT_FALSE(d.price.has_value());
  EXPECT_EQ(d.availability, Availability::kUnknown);
}

TEST(ProductTest, AvailabilityNamesAndParsing) {
  EXPECT_EQ(AvailabilityName(Availability::kOutOfStock), "out_of_stock");
  EXPECT_EQ(ParseAvailability("https://schema.org/InStock"), Availability::kInStock);
  EXPECT_EQ(ParseAvailability("http://schema.org/SoldOut"), Availability::kOutOfStock);
  EXPECT_EQ(ParseAvailability("PreOrder"), Availability::kPreorder);
  EXPECT_EQ(ParseAvailability("in stock"), Availability::kInStock);
  EXPECT_EQ(ParseAvailability("gibberish"), Availability::kUnknown);
}

}  // namespace
}  // namespace pricecrawl::crawler
