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
  // AggregateOffer lowPrice, then highPrice kept as a secondary candidate (issue 11).
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "1299");
  EXPECT_EQ(f.candidates[0].currency, "SEK");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_EQ(f.candidates[1].price.ToString(), "1499");
  EXPECT_TRUE(f.candidates[1].is_secondary);
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

// The candidate whose `where` ends with `suffix`, or nullptr.
const PriceCandidate* At(const ExtractedFields& f, const std::string& suffix) {
  for (const PriceCandidate& c : f.candidates) {
    if (c.where.size() >= suffix.size() &&
        c.where.compare(c.where.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return &c;
    }
  }
  return nullptr;
}

// schema.org/Book example: offers hang off any Thing, not only Product.
TEST(JsonLdTest, BookWithOffersIsAnOfferedItem) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@context":"https://schema.org","@type":"Book","name":"The Catcher in the Rye",)"
           R"("sku":"BK-1","offers":{"@type":"Offer","price":"6.99","priceCurrency":"USD",)"
           R"("availability":"https://schema.org/InStock"}})"));
  EXPECT_EQ(f.title, "The Catcher in the Rye");
  EXPECT_EQ(f.sku, "BK-1");
  EXPECT_EQ(f.product_count, 1);
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "6.99");
  EXPECT_EQ(f.candidates[0].where, "json-ld #1 Book.offers.price");
  EXPECT_EQ(f.candidates[0].sku, "BK-1");
  EXPECT_EQ(f.availability_note, "json-ld offers.availability https://schema.org/InStock");
}

TEST(JsonLdTest, EventTicketsServiceAndSoftwareAreOffered) {
  for (const char* type : {"Event", "MusicEvent", "Service", "SoftwareApplication", "VideoGame",
                           "CreativeWork", "Course"}) {
    const ExtractedFields f = ExtractFrom(Page(std::string(R"({"@type":")") + type +
                                               R"(","name":"X","offers":[{"@type":"Offer",)"
                                               R"("price":30,"priceCurrency":"EUR"}]})"));
    ASSERT_EQ(f.candidates.size(), 1u) << type;
    EXPECT_EQ(f.candidates[0].price.ToString(), "30") << type;
    EXPECT_EQ(f.title, "X") << type;
  }
}

TEST(JsonLdTest, TypeArrayAndFullIris) {
  for (const char* type : {R"(["Product","Car"])", R"("http://schema.org/Product")",
                           R"("https://schema.org/Car")", R"("schema:IndividualProduct")"}) {
    const ExtractedFields f = ExtractFrom(Page(std::string(R"({"@type":)") + type +
                                               R"(,"name":"Car A","offers":{"@type":)"
                                               R"("http://schema.org/Offer","price":"18500",)"
                                               R"("priceCurrency":"USD"}})"));
    ASSERT_EQ(f.candidates.size(), 1u) << type;
    EXPECT_EQ(f.product_count, 1) << type;
    EXPECT_EQ(f.title, "Car A") << type;
  }
}

TEST(JsonLdTest, GraphReferencesResolveToTheNodeWithThatId) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@context":"https://schema.org","@graph":[)"
           R"({"@type":"Offer","@id":"#o1","price":"12.50","priceCurrency":"GBP","sku":"S-1",)"
           R"("itemOffered":{"@id":"#p"}},)"
           R"({"@type":"Product","@id":"https://shop.example/p#p","name":"Teapot",)"
           R"("url":"https://shop.example/p","offers":{"@id":"#o1"}}]})"));
  EXPECT_EQ(f.title, "Teapot");
  EXPECT_EQ(f.product_count, 1);
  ASSERT_EQ(f.candidates.size(), 1u);  // the Offer node is read once, through the Product
  EXPECT_EQ(f.candidates[0].where, "json-ld #1 @graph[1].offers(#o1).price");
  EXPECT_EQ(f.candidates[0].currency, "GBP");
  EXPECT_EQ(f.candidates[0].sku, "S-1");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/p");
}

TEST(JsonLdTest, ReferenceCyclesEnd) {
  const ExtractedFields f = ExtractFrom(Page(
      R"({"@graph":[{"@type":"ProductGroup","@id":"#g","name":"Coat","hasVariant":[{"@id":"#v"}]},)"
      R"({"@type":"Product","@id":"#v","name":"Coat S","isVariantOf":{"@id":"#g"},)"
      R"("hasVariant":{"@id":"#g"},"offers":{"@id":"#o"}},)"
      R"({"@type":"Offer","@id":"#o","price":"5","offers":{"@id":"#o"},)"
      R"("priceSpecification":{"@id":"#s"}},)"
      R"({"@type":"CompoundPriceSpecification","@id":"#s","priceComponent":{"@id":"#s"}}]})"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "5");
  EXPECT_EQ(f.product_count, 1);
}

TEST(JsonLdTest, KeysInAnotherCaseAreReadAndNoted) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","Name":"Lamp","Offers":{"@type":"Offer","Price":"40.00",)"
           R"("PriceCurrency":"CHF","Availability":"http://schema.org/OutOfStock"}})"));
  EXPECT_EQ(f.title, "Lamp");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].currency, "CHF");
  EXPECT_EQ(f.candidates[0].availability, Availability::kOutOfStock);
  const std::string& note = f.candidates[0].note;
  for (const char* key : {"Offers", "Price", "PriceCurrency", "Availability"}) {
    EXPECT_NE(note.find(std::string("key '") + key + "' read case-insensitively"),
              std::string::npos)
        << note;
  }
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
}

TEST(JsonLdTest, SchemaOrgIriKeysAreTheirTerms) {
  const ExtractedFields f =
      ExtractFrom(Page(R"({"@type":"Product","http://schema.org/name":"Lamp","schema:offers":{)"
                       R"("@type":"Offer","https://schema.org/price":"40.00","og:price":"1"}})"));
  EXPECT_EQ(f.title, "Lamp");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "40.00");
  EXPECT_TRUE(f.candidates[0].note.empty()) << f.candidates[0].note;
}

TEST(JsonLdTest, SellerMakesOfferWithItemOffered) {
  const ExtractedFields f =
      ExtractFrom(Page(R"({"@type":"Organization","name":"Seller","makesOffer":{"@type":"Offer",)"
                       R"("price":"250","priceCurrency":"USD","itemOffered":{"@type":"Service",)"
                       R"("name":"Lawn mowing","sku":"LM"}}})"));
  EXPECT_EQ(f.title, "Lawn mowing");
  EXPECT_EQ(f.sku, "LM");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "250");
  EXPECT_EQ(f.candidates[0].sku, "LM");
  EXPECT_EQ(f.candidates[0].where, "json-ld #1 Organization.makesOffer.price");
}

TEST(JsonLdTest, BareOfferIsStillAPrice) {
  const ExtractedFields f =
      ExtractFrom(Page(R"({"@type":"Offer","name":"Blend 250 g","price":"$8.50","url":"/blend"})"));
  EXPECT_EQ(f.title, "Blend 250 g");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "8.50");
  EXPECT_EQ(f.candidates[0].currency, "USD");  // from the symbol inside the string
  EXPECT_EQ(f.candidates[0].item_url, "/blend");
  EXPECT_EQ(f.candidates[0].where, "json-ld #1 Offer.price");
}

TEST(JsonLdTest, CurrencySymbolsInsidePriceStrings) {
  const ExtractedFields f = ExtractFrom(Page(R"({"@type":"Product","name":"A","offers":[)"
                                             R"({"price":"19,99 €"},{"price":"£5"}]})"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "19.99");
  EXPECT_EQ(f.candidates[0].currency, "EUR");
  EXPECT_EQ(f.candidates[1].currency, "GBP");
}

TEST(JsonLdTest, UnitPricePerMeasureIsSecondary) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","name":"Coffee","offers":{"@type":"Offer","priceCurrency":"EUR",)"
           R"("priceSpecification":[)"
           R"({"@type":"UnitPriceSpecification","price":"23.96","referenceQuantity":)"
           R"({"@type":"QuantitativeValue","value":"1","unitCode":"KGM"}},)"
           R"({"@type":"UnitPriceSpecification","price":"5.99","referenceQuantity":)"
           R"({"@type":"QuantitativeValue","value":"1","unitCode":"C62"}},)"
           R"({"@type":"UnitPriceSpecification","price":"0.60","referenceQuantity":)"
           R"({"value":100,"unitCode":"GRM"}},)"
           R"({"@type":"UnitPriceSpecification","price":"2.40","unitCode":"LTR"}]}})"));
  ASSERT_EQ(f.candidates.size(), 4u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "5.99");  // the item's price comes first
  EXPECT_FALSE(f.candidates[0].is_secondary);
  const PriceCandidate* per_kg = At(f, "priceSpecification[0].price");
  ASSERT_NE(per_kg, nullptr);
  EXPECT_TRUE(per_kg->is_secondary);
  EXPECT_EQ(per_kg->note, "unit price per 1 KGM");
  const PriceCandidate* per_100g = At(f, "priceSpecification[2].price");
  ASSERT_NE(per_100g, nullptr);
  EXPECT_TRUE(per_100g->is_secondary);
  EXPECT_EQ(per_100g->note, "unit price per 100 GRM");
  EXPECT_TRUE(At(f, "priceSpecification[3].price")->is_secondary);
}

// schema.org/CompoundPriceSpecification: a phone on contract.
TEST(JsonLdTest, CompoundPriceComponents) {
  const ExtractedFields f = ExtractFrom(Page(
      R"({"@type":"Product","name":"Phone","offers":{"@type":"Offer","priceSpecification":{)"
      R"("@type":"CompoundPriceSpecification","priceCurrency":"EUR","priceComponent":[)"
      R"({"@type":"UnitPriceSpecification","priceComponentType":"https://schema.org/DownPayment",)"
      R"("price":"49"},)"
      R"({"@type":"UnitPriceSpecification","priceComponentType":"Installment","price":"19.99"},)"
      R"({"@type":"UnitPriceSpecification","priceComponentType":"ActualPrice","price":"529"},)"
      R"({"@type":"UnitPriceSpecification","priceComponentType":"ActivationFee","price":"9"}]}}})"));
  ASSERT_EQ(f.candidates.size(), 4u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "529");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_EQ(f.candidates[0].currency, "EUR");
  EXPECT_EQ(f.candidates[0].note, "priceComponentType ActualPrice");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_TRUE(f.candidates[i].is_secondary) << f.candidates[i].where;
  }
  EXPECT_EQ(At(f, "priceComponent[0].price")->note, "priceComponentType DownPayment");
}

TEST(JsonLdTest, MinPriceIsThePriceWhenNoPriceMaxPriceIsSecondary) {
  const ExtractedFields f = ExtractFrom(Page(
      R"({"@type":"Service","name":"Repair","offers":{"@type":"Offer","priceSpecification":{)"
      R"("@type":"PriceSpecification","minPrice":"80","maxPrice":"200","priceCurrency":"USD"}}})"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "80");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_EQ(f.candidates[0].note, "minPrice");
  EXPECT_EQ(f.candidates[1].price.ToString(), "200");
  EXPECT_TRUE(f.candidates[1].is_secondary);
}

// https://schema.org/PriceTypeEnumeration
TEST(JsonLdTest, PriceTypesMarkListSaleAndInvoicePrices) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","name":"A","offers":{"@type":"Offer","priceCurrency":"USD",)"
           R"("priceSpecification":[)"
           R"({"priceType":"https://schema.org/ListPrice","price":"10"},)"
           R"({"priceType":"https://schema.org/StrikethroughPrice","price":"11"},)"
           R"({"priceType":"MSRP","price":"12"},{"priceType":"SRP","price":"13"},)"
           R"({"priceType":"https://schema.org/MinimumAdvertisedPrice","price":"14"},)"
           R"({"priceType":"https://schema.org/InvoicePrice","price":"6"},)"
           R"({"priceType":"https://schema.org/SalePrice","price":"8"}]}})"));
  ASSERT_EQ(f.candidates.size(), 7u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "8");  // the sale price first
  EXPECT_TRUE(f.candidates[0].is_sale_price);
  EXPECT_EQ(f.candidates[0].note, "priceType SalePrice");
  for (std::size_t i = 1; i <= 5; ++i) {
    EXPECT_TRUE(f.candidates[i].is_list_price) << f.candidates[i].where;
    EXPECT_FALSE(f.candidates[i].is_sale_price);
  }
  EXPECT_TRUE(f.candidates[6].is_secondary);
  EXPECT_EQ(f.candidates[6].price.ToString(), "6");
}

TEST(JsonLdTest, AggregateOfferLowHighCountAndNestedOffers) {
  const ExtractedFields f = ExtractFrom(Page(
      R"({"@type":"Product","name":"Drill","offers":{"@type":"AggregateOffer","lowPrice":"89.00",)"
      R"("highPrice":"129.00","offerCount":"3","priceCurrency":"EUR","offers":[)"
      R"({"@type":"Offer","price":"89.00","sku":"D-1","url":"https://a.example/d"}]}})"));
  ASSERT_EQ(f.candidates.size(), 3u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "89.00");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_EQ(f.candidates[0].note, "AggregateOffer lowPrice; AggregateOffer offerCount 3");
  EXPECT_EQ(f.candidates[1].price.ToString(), "129.00");
  EXPECT_TRUE(f.candidates[1].is_secondary);
  EXPECT_EQ(f.candidates[2].where, "json-ld #1 Product.offers.offers[0].price");
  EXPECT_EQ(f.candidates[2].sku, "D-1");
  EXPECT_EQ(f.candidates[2].item_url, "https://a.example/d");
  EXPECT_EQ(f.candidates[2].currency, "");  // the nested offer states none
}

TEST(JsonLdTest, OfferSkuAndUrlElseTheItems) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"Product","@id":"https://shop.example/t#product","name":"T","sku":"T-0",)"
           R"("offers":[{"price":"1","sku":"T-1","url":"https://shop.example/t?v=1",)"
           R"("availability":"InStock"},{"price":"2","availability":"SoldOut"}]})"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].sku, "T-1");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/t?v=1");
  EXPECT_EQ(f.candidates[0].availability, Availability::kInStock);
  EXPECT_EQ(f.candidates[1].sku, "T-0");
  EXPECT_EQ(f.candidates[1].item_url, "https://shop.example/t#product");
  EXPECT_EQ(f.candidates[1].availability, Availability::kOutOfStock);
  EXPECT_EQ(f.sku, "T-0");
}

// Google's product variants structured data: a ProductGroup with hasVariant.
TEST(JsonLdTest, ProductGroupVariantsAreOneProduct) {
  const ExtractedFields f = ExtractFrom(Page(
      R"({"@type":"ProductGroup","name":"Wool coat","productGroupID":"44E01","variesBy":)"
      R"(["https://schema.org/size"],"hasVariant":[)"
      R"({"@type":"Product","sku":"44E01-S","name":"Wool coat S","url":"https://shop.example/c?s",)"
      R"("offers":{"@type":"Offer","price":"119.99","priceCurrency":"USD",)"
      R"("availability":"https://schema.org/OutOfStock"}},)"
      R"({"@type":"Product","sku":"44E01-M","name":"Wool coat M","url":"https://shop.example/c?m",)"
      R"("offers":{"@type":"Offer","price":"129.99","priceCurrency":"USD",)"
      R"("availability":"https://schema.org/InStock"}},)"
      R"({"@type":"Product","sku":"44E01-L","name":"Wool coat L",)"
      R"("offers":{"@type":"Offer","price":"139.99","priceCurrency":"USD"}}]})"));
  EXPECT_EQ(f.product_count, 1);
  EXPECT_FALSE(f.listing);
  EXPECT_EQ(f.title, "Wool coat");
  EXPECT_EQ(f.sku, "44E01-S");  // the first (default) variant's
  ASSERT_EQ(f.candidates.size(), 3u);
  EXPECT_EQ(f.candidates[1].sku, "44E01-M");
  EXPECT_EQ(f.candidates[1].item_url, "https://shop.example/c?m");
  EXPECT_EQ(f.candidates[1].where, "json-ld #1 ProductGroup.hasVariant[1].offers.price");
  EXPECT_EQ(f.availability, Availability::kInStock);
}

TEST(JsonLdTest, VariantsPointingToTheirGroupAreOneProduct) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@graph":[)"
           R"({"@type":"Product","name":"Mug blue","sku":"M-B","isVariantOf":{"@id":"#mug"},)"
           R"("offers":{"price":"9"}},)"
           R"({"@type":"Product","name":"Mug red","sku":"M-R","isVariantOf":{"@id":"#mug"},)"
           R"("offers":{"price":"9"}},)"
           R"({"@type":"Product","name":"Mug green","sku":"M-G","inProductGroupWithID":"MUG",)"
           R"("offers":{"price":"9"}},)"
           R"({"@type":"ProductGroup","@id":"#mug","productGroupID":"MUG","name":"Mug"}]})"));
  EXPECT_EQ(f.product_count, 1);
  EXPECT_EQ(f.title, "Mug");
  EXPECT_EQ(f.sku, "M-B");
  ASSERT_EQ(f.candidates.size(), 3u);
  EXPECT_EQ(f.candidates[2].sku, "M-G");
}

TEST(JsonLdTest, ItemListOfBooksIsAListing) {
  const ExtractedFields f = ExtractFrom(
      Page(R"({"@type":"ItemList","itemListElement":[)"
           R"({"@type":"ListItem","position":1,"item":{"@type":"Book","name":"A","offers":)"
           R"({"price":"5"}}},{"@type":"ListItem","position":2,"item":{"@type":"Book",)"
           R"("name":"B","offers":{"price":"6"}}}]})"));
  EXPECT_TRUE(f.listing);
  EXPECT_EQ(f.product_count, 2);
}

TEST(JsonLdTest, RelatedProductsDoNotFillTheFields) {
  const ExtractedFields f = ExtractFrom(
      "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Main\"}</script>"
      "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Other\","
      "\"sku\":\"O\"}</script>"
      "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"main\","
      "\"sku\":\"M\"}</script>");
  EXPECT_EQ(f.title, "Main");
  EXPECT_EQ(f.sku, "M");  // the same product repeated, not the other one
  EXPECT_EQ(f.product_count, 2);
}

TEST(JsonLdTest, LongKeysAndIdsKeepPathsShort) {
  const std::string key(100000, 'k');
  const std::string id = "#" + std::string(100000, 'i');
  std::string offers;
  for (int i = 0; i < 100; ++i) {
    offers += std::string(i == 0 ? "" : ",") + R"({"@id":")" + id + R"("})";
  }
  const ExtractedFields f =
      ExtractFrom(Page(R"({")" + key + R"(":[{"@type":"Product",)" + R"("offers":[)" + offers +
                       R"(]},{"@id":")" + id + R"(","price":"3"}]})"));
  ASSERT_EQ(f.candidates.size(), 1u);  // the offer is read once
  EXPECT_LT(f.candidates[0].where.size(), 300u) << f.candidates[0].where.substr(0, 100);
}

TEST(JsonLdTest, DeepAndWideBlocksStayBounded) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) {
    deep += "{\"a\":[";
  }
  deep += R"({"@type":"Product","offers":{"price":"1"}})";
  for (int i = 0; i < 5000; ++i) {
    deep += "]}";
  }
  EXPECT_TRUE(ExtractFrom(Page(deep)).candidates.empty());  // beyond the search depth

  std::string wide = R"({"@type":"Product","name":"W","offers":[)";
  for (int i = 0; i < 30000; ++i) {
    wide += std::string(i == 0 ? "" : ",") + R"({"price":"1","priceSpecification":{"@id":"#s"}})";
  }
  wide += R"(],"x":{"@id":"#s","price":"2"}})";
  const ExtractedFields f = ExtractFrom(Page(wide));
  EXPECT_LE(f.candidates.size(), 2000u);
  EXPECT_FALSE(f.candidates.empty());
}

}  // namespace
}  // namespace pricecrawl::crawler
