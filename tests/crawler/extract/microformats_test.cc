// Microformats extraction (crawler/extract/microformats.h): microformats2 parsing of h-product
// and the classic hproduct names, on the wiki's examples and the parsing spec's edge cases.

#include "crawler/extract/microformats.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

std::string MarkupPage(const std::string& name) {
  std::ifstream in(
      ::pricecrawl::testing::SourceDir() / "tests" / "data" / "markup" / "microformats" / name,
      std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ExtractedFields Extract(const std::string& html, const PageHints& hints = {}) {
  const HtmlDocument doc(html);
  return ExtractMicroformats(doc, hints);
}

// microformats wiki h-product example.
TEST(MicroformatsTest, WikiHProductExample) {
  const ExtractedFields f = Extract(MarkupPage("h_product_wiki.html"));
  EXPECT_EQ(f.title, "Microformats For Dummies");
  EXPECT_EQ(f.brand, "For Dummies");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "19.99");
  EXPECT_EQ(f.candidates[0].currency, "USD");
  EXPECT_EQ(f.candidates[0].source, "microformats");
  EXPECT_NE(f.candidates[0].where.find("<data class=p-price>"), std::string::npos)
      << f.candidates[0].where;
}

// microformats2 parsing, value class pattern: the value elements' text, not the rest.
TEST(MicroformatsTest, ValueClassPatternReadsOnlyTheValue) {
  const ExtractedFields f = Extract(MarkupPage("value_class_price.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "18.50");
  EXPECT_EQ(f.candidates[0].currency, "GBP");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/garden-kneeler");
  const ExtractedFields title = Extract(MarkupPage("value_title.html"));
  ASSERT_EQ(title.candidates.size(), 1u);
  EXPECT_EQ(title.candidates[0].price.ToString(), "35.50");
  EXPECT_EQ(title.candidates[0].currency, "EUR");
  EXPECT_EQ(title.sku, "TK-1000");
}

// A nested root with a property class is that property's value; its own properties stay its.
TEST(MicroformatsTest, NestedRootIsAPropertyValue) {
  const ExtractedFields f = Extract(MarkupPage("brand_h_card.html"));
  EXPECT_EQ(f.title, "Cordless drill 18V");
  EXPECT_EQ(f.brand, "Makita");
  ASSERT_EQ(f.candidates.size(), 1u);
  const ExtractedFields review = Extract(MarkupPage("nested_review.html"));
  EXPECT_EQ(review.title, "Cast iron skillet 26 cm");
  ASSERT_EQ(review.candidates.size(), 1u);
  EXPECT_EQ(review.candidates[0].price.ToString(), "49.00");
}

// Classic names count only inside a classic root, and mf2 names only inside an mf2 root
// (microformats2 parsing, "backward compatibility").
TEST(MicroformatsTest, ClassicNamesOnlyInClassicRoots) {
  EXPECT_TRUE(Extract("<div class=h-product><span class=fn>X</span><span class=price>$5</span>"
                      "</div>")
                  .candidates.empty());
  EXPECT_TRUE(
      Extract("<div class=hproduct><span class=p-price>$5</span></div>").candidates.empty());
  const ExtractedFields f = Extract(MarkupPage("classic_hproduct.html"));
  EXPECT_EQ(f.title, "Canon EOS R50 mirrorless camera");
  EXPECT_EQ(f.sku, "EOS-R50-BK");
  EXPECT_EQ(f.brand, "Canon");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "679.00");
  EXPECT_EQ(f.candidates[0].item_url, "https://shop.example/canon-eos-r50");
  // An element with both an h-* and a classic root class is parsed as microformats2 only.
  EXPECT_TRUE(Extract("<div class=\"hproduct h-product\"><span class=price>$5</span></div>")
                  .candidates.empty());
}

// Root and property class names are lowercase words after the prefix.
TEST(MicroformatsTest, InvalidRootNamesAreIgnored) {
  EXPECT_TRUE(
      Extract("<div class=h-Product><span class=p-price>$5</span></div>").candidates.empty());
  EXPECT_TRUE(Extract("<div class=h-><span class=p-price>$5</span></div>").candidates.empty());
  EXPECT_TRUE(
      Extract("<div class=h-product><span class=p-price->$5</span></div>").candidates.empty());
}

// microformats2 parsing, implied name: img alt, else the root's text; none when the root has
// other p- properties.
TEST(MicroformatsTest, ImpliedName) {
  EXPECT_EQ(Extract("<div class=h-product><img src=t.jpg alt=Teapot></div>").title, "Teapot");
  EXPECT_EQ(Extract("<a class=h-product href=/t>Teapot <b>blue</b></a>").title, "Teapot blue");
  EXPECT_EQ(Extract("<div class=h-product>Teapot <span class=p-price>$5</span></div>").title, "");
}

TEST(MicroformatsTest, StruckOutPriceIsAListPrice) {
  const ExtractedFields f = Extract(MarkupPage("struck_out_price.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_TRUE(f.candidates[0].is_list_price);
  EXPECT_FALSE(f.candidates[1].is_list_price);
}

TEST(MicroformatsTest, AmbiguousCurrencyUsesThePageHints) {
  PageHints norway;
  norway.host_tld = "no";
  const ExtractedFields f = Extract(MarkupPage("currency_from_hints.html"), norway);
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].currency, "NOK");
  EXPECT_EQ(f.candidates[0].price.ToString(), "899.00");
}

// Nesting far beyond any real page ends quickly; each root keeps only its own properties.
TEST(MicroformatsTest, HostileDepth) {
  std::string page;
  for (int i = 0; i < 3000; ++i) {
    page += "<div class=\"h-product p-item\"><span class=p-price>$1</span>";
  }
  const ExtractedFields f = Extract(page);
  EXPECT_FALSE(f.candidates.empty());
  EXPECT_LE(f.candidates.size(), 3000u);
  for (const PriceCandidate& c : f.candidates) {
    EXPECT_EQ(c.price.ToString(), "1");
  }
}

// Nested properties and roots each hold the text of all inside them; the text read stays a few
// times the page's size, and only an innermost root implies its name from its text.
TEST(MicroformatsTest, NestedTextIsBounded) {
  std::string page = "<div class=h-product>";
  for (int i = 0; i < 400; ++i) {
    page += "<div class=\"p-price h-card\">";
  }
  page += "$" + std::string(1 << 18, '7');
  const ExtractedFields f = Extract(page);
  EXPECT_TRUE(f.candidates.empty());  // each price is a nested card, whose value is its name
  std::string prices = "<div class=h-product>";
  for (int i = 0; i < 400; ++i) {
    prices += "<div class=p-price>";
  }
  prices += "$" + std::string(1 << 18, '7');
  EXPECT_LT(Extract(prices).candidates.size(), 400u);
}

}  // namespace
}  // namespace pricecrawl::crawler
