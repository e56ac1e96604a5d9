// RDFa extraction (crawler/extract/rdfa.h): RDFa Core 1.1 §7.5 processing and the schema.org /
// GoodRelations vocabulary, on the specs' own examples and the edge cases of the sequence.

#include "crawler/extract/rdfa.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

std::string MarkupPage(const std::string& name) {
  std::ifstream in(::pricecrawl::testing::SourceDir() / "tests" / "data" / "markup" / "rdfa" / name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ExtractedFields Extract(const std::string& html, const PageHints& hints = {}) {
  const HtmlDocument doc(html);
  return ExtractRdfa(doc, hints);
}

// schema.org/Product, RDFa example: Brand, Offer, meta priceCurrency, link availability.
TEST(RdfaTest, SchemaOrgProductExample) {
  const ExtractedFields f = Extract(MarkupPage("product_offer.html"));
  EXPECT_EQ(f.title, "Executive Anvil");
  EXPECT_EQ(f.sku, "0446310786");
  EXPECT_EQ(f.brand, "ACME");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "119.99");
  EXPECT_EQ(f.candidates[0].currency, "USD");
  EXPECT_EQ(f.candidates[0].source, "rdfa");
  EXPECT_EQ(f.candidates[0].availability, Availability::kInStock);
  EXPECT_NE(f.candidates[0].where.find("<span property=price>"), std::string::npos)
      << f.candidates[0].where;
  EXPECT_EQ(f.availability, Availability::kInStock);
}

// RDFa Core §7.5 step 11: content comes before the text; text is read as the page prints it.
TEST(RdfaTest, ContentBeforeTextAndTextReadAsPrinted) {
  const ExtractedFields f = Extract(
      "<div vocab=\"http://schema.org/\"><div typeof=Product><span property=name>Lamp</span>"
      "<div property=offers typeof=Offer><span property=price content=\"12.50\">12,50 €</span>"
      "<meta property=priceCurrency content=EUR></div></div>"
      "<div typeof=Product><span property=name>Chair</span>"
      "<span property=price>1.299,00 €</span></div></div>");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "12.50");
  EXPECT_EQ(f.candidates[1].price.ToString(), "1299.00");
  EXPECT_EQ(f.candidates[1].currency, "EUR");
  EXPECT_EQ(f.product_count, 2);
}

// A nested typeof starts a new subject: the Offer's and the seller's names stay theirs.
TEST(RdfaTest, NestedTypeofKeepsPropertiesApart) {
  const ExtractedFields f = Extract(
      "<div vocab=\"https://schema.org/\" typeof=Product>"
      "<div property=offers typeof=Offer><span property=name>Spring offer</span>"
      "<span property=seller typeof=Organization><span property=name>Shop</span></span>"
      "<span property=price content=9></span></div>"
      "<h1 property=name>Kettle</h1></div>");
  EXPECT_EQ(f.title, "Kettle");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "9");
}

// about names another subject: its properties are not the enclosing product's.
TEST(RdfaTest, AboutOverridesTheParentSubject) {
  const ExtractedFields f = Extract(
      "<div vocab=\"https://schema.org/\" typeof=Product><h1 property=name>Vase</h1>"
      "<p about=\"#maker\" typeof=Organization><span property=name>Pottery Co</span></p>"
      "<span property=sku>V-1</span><span property=price content=30></span></div>");
  EXPECT_EQ(f.title, "Vase");
  EXPECT_EQ(f.sku, "V-1");
  EXPECT_EQ(f.product_count, 1);
  ASSERT_EQ(f.candidates.size(), 1u);
}

// RDFa Core §7.4: prefix attributes, xmlns: declarations and the initial context's schema:
// and gr: all expand to the same terms; a later prefix declaration overrides an earlier one.
TEST(RdfaTest, PrefixesDeclaredAndDefault) {
  const ExtractedFields f = Extract(
      "<div prefix=\"shop: http://schema.org/\" typeof=\"shop:Product\">"
      "<span property=\"shop:name\">Pen</span>"
      "<div property=\"schema:offers\" typeof=\"schema:Offer\">"
      "<span property=\"shop:price\" content=\"2.10\"></span></div></div>"
      "<div xmlns:x=\"http://purl.org/goodrelations/v1#\" typeof=\"x:Offering\">"
      "<span property=\"x:hasCurrencyValue\" content=\"3.20\"></span></div>"
      "<div prefix=\"schema: http://example.org/not-schema/\" typeof=\"schema:Product\">"
      "<span property=\"schema:price\" content=\"99\"></span></div>");
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "2.10");
  EXPECT_EQ(f.candidates[1].price.ToString(), "3.20");
  EXPECT_EQ(f.title, "Pen");
}

// Terms need a vocabulary (RDFa Core §7.4.3): vocab is inherited, and vocab="" removes it.
TEST(RdfaTest, TermsNeedAnInheritedVocabulary) {
  EXPECT_TRUE(Extract("<div typeof=Product><span property=price content=5></span></div>")
                  .candidates.empty());
  const ExtractedFields f = Extract(
      "<body vocab=\"http://schema.org/\"><section><div typeof=Product>"
      "<span property=price content=5></span>"
      "<div vocab=\"\" typeof=Product><span property=price content=6></span></div>"
      "</div></section></body>");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "5");
}

// Several terms in one property attribute that mean the same thing give one value; full IRIs
// of http and https schema.org are the same terms.
TEST(RdfaTest, SeveralTermsAndFullIris) {
  const ExtractedFields f = Extract(MarkupPage("several_terms.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "45.90");
  EXPECT_EQ(f.candidates[0].currency, "EUR");
  const ExtractedFields iri = Extract(MarkupPage("full_iri_terms.html"));
  ASSERT_EQ(iri.candidates.size(), 1u);
  EXPECT_EQ(iri.candidates[0].currency, "CHF");
  EXPECT_EQ(iri.title, "Linen tea towel");
}

// GoodRelations primer: rel without an object (RDFa Core §7.5 step 10) is completed by the next
// subject below; datatype makes the value a typed literal.
TEST(RdfaTest, GoodRelationsHangingRel) {
  const ExtractedFields f = Extract(MarkupPage("goodrelations_offering.html"));
  EXPECT_EQ(f.title, "Cannondale Trail 5 Mountainbike");
  EXPECT_EQ(f.sku, "CD-TRAIL5");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "749.00");
  EXPECT_EQ(f.candidates[0].currency, "EUR");
  EXPECT_NE(f.candidates[0].note.find("UnitPriceSpecification"), std::string::npos);
}

// The full GoodRelations form: includesObject -> TypeAndQuantityNode -> typeOfGood.
TEST(RdfaTest, GoodRelationsTypeAndQuantityNode) {
  const ExtractedFields f = Extract(MarkupPage("goodrelations_includes_object.html"));
  EXPECT_EQ(f.title, "Sony Cybershot DSC-W800");
  EXPECT_EQ(f.gtin, "4905524972214");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "89.00");
  EXPECT_EQ(f.candidates[0].currency, "GBP");
}

// about and resource take CURIEs (RDFa Core §7.4: SafeCURIEorCURIEorIRI); a safe CURIE with
// an undeclared prefix is ignored, as if the attribute were absent.
TEST(RdfaTest, ResourceAttributesTakeCuries) {
  const ExtractedFields f = Extract(
      "<div vocab=\"http://schema.org/\" typeof=Product><span property=name>Jar</span>"
      "<div property=offers typeof=Offer><meta property=price content=4>"
      "<span property=availability resource=\"schema:OutOfStock\"></span></div></div>");
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
  // Were about="[nope:x]" read as about="", the Product would be the document, named Doc.
  const ExtractedFields safe = Extract(
      "<html vocab=\"http://schema.org/\"><head><meta property=name content=Doc></head><body>"
      "<div about=\"[nope:x]\" typeof=Product><span property=name>Jar</span>"
      "<meta property=price content=4></div></body></html>");
  EXPECT_EQ(safe.title, "Jar");
  ASSERT_EQ(safe.candidates.size(), 1u);
}

// A resource value names a subject described elsewhere, even later in the page.
TEST(RdfaTest, ResourceNamesALaterSubject) {
  const ExtractedFields f = Extract(MarkupPage("about_resource.html"));
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "54.00");
  EXPECT_EQ(f.candidates[0].sku, "WCB-40");
  EXPECT_EQ(f.candidates[0].note, "offer of Product");
  EXPECT_EQ(f.availability, Availability::kPreorder);
}

// Subjects that name each other (offers one way, itemOffered back) are still read.
TEST(RdfaTest, SubjectsReferringToEachOther) {
  const ExtractedFields f = Extract(
      "<div vocab=\"http://schema.org/\"><div about=\"#p\" typeof=Product>"
      "<span property=name>Rug</span><span property=offers resource=\"#o\"></span></div>"
      "<div about=\"#o\" typeof=Offer><span property=itemOffered resource=\"#p\"></span>"
      "<meta property=price content=80><meta property=priceCurrency content=EUR></div></div>");
  EXPECT_EQ(f.title, "Rug");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "80");
}

TEST(RdfaTest, AggregateOfferHighPriceIsSecondary) {
  const ExtractedFields f = Extract(MarkupPage("aggregate_offer.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[0].price.ToString(), "849.00");
  EXPECT_FALSE(f.candidates[0].is_secondary);
  EXPECT_TRUE(f.candidates[1].is_secondary);
  EXPECT_NE(f.candidates[0].note.find("offerCount 6"), std::string::npos);
}

TEST(RdfaTest, StrikethroughPriceTypeIsAListPrice) {
  const ExtractedFields f = Extract(MarkupPage("price_specification_sale.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_TRUE(f.candidates[0].is_list_price);
  EXPECT_FALSE(f.candidates[1].is_list_price);
}

TEST(RdfaTest, ProductGroupVariantsCarryTheirSkus) {
  const ExtractedFields f = Extract(MarkupPage("product_group_variants.html"));
  ASSERT_EQ(f.candidates.size(), 2u);
  EXPECT_EQ(f.candidates[1].sku, "BEANIE-RED");
  EXPECT_EQ(f.candidates[1].item_url, "https://shop.example/beanie?color=red");
  EXPECT_EQ(f.candidates[1].availability, Availability::kOutOfStock);
}

// Subjects that refer to each other in a cycle, and nesting far beyond any real page, end
// quickly and lose nothing that is well formed.
TEST(RdfaTest, HostileCyclesAndDepth) {
  std::string page =
      "<div vocab=\"http://schema.org/\"><div typeof=Product><span property=name>Real</span>"
      "<span property=price content=7></span></div>";
  for (int i = 0; i < 3000; ++i) {
    const std::string self = "#s" + std::to_string(i % 50);
    const std::string next = "#s" + std::to_string((i + 1) % 50);
    page += "<span about=\"" + self + "\" typeof=Offer property=offers resource=\"" + next +
            "\"></span>";
  }
  for (int i = 0; i < 2000; ++i) {
    page += "<div property=offers typeof=Offer>";
  }
  const ExtractedFields f = Extract(page);
  EXPECT_EQ(f.title, "Real");
  ASSERT_FALSE(f.candidates.empty());
  EXPECT_EQ(f.candidates.front().price.ToString(), "7");
}

// Nested property elements each hold the text of all inside them; the text read stays a few
// times the page's size instead of its size times its depth.
TEST(RdfaTest, NestedPropertyTextIsBounded) {
  std::string page = "<div vocab=\"http://schema.org/\" typeof=Product>";
  for (int i = 0; i < 400; ++i) {
    page += "<div property=price>";
  }
  page += std::string(1 << 18, '7');
  const ExtractedFields f = Extract(page);
  EXPECT_LT(f.candidates.size(), 400u);
}

}  // namespace
}  // namespace pricecrawl::crawler
