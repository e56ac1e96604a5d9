#pragma once
// Product data the parse stage takes from a page: the price candidates every extractor found
// (JSON-LD, microdata, RDFa, microformats, OpenGraph, per-site selectors, visible text), the
// winner, and the product
// fields (title, SKU, GTIN, brand, availability). Availability is normalised from schema.org's
// ItemAvailability (https://schema.org/ItemAvailability, http and https forms) and from the
// words shops print. Prices are exact decimals (crawler/price/decimal.h), never binary floating
// point.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/price/decimal.h"

namespace pricecrawl::crawler {

enum class Availability { kUnknown, kInStock, kOutOfStock, kPreorder };

// "unknown", "in_stock", "out_of_stock", "preorder": the names stored and printed.
std::string_view AvailabilityName(Availability a);

// Normalises an availability value as structured data or a shop writes it: schema.org URLs or
// names ("https://schema.org/InStock", "http://schema.org/OutOfStock", "InStock",
// "LimitedAvailability", "SoldOut", "PreOrder", "BackOrder", "Discontinued"), OpenGraph values
// ("instock", "oos", "in stock", "available for order", "pending") and common words. kUnknown
// for anything else. Case-insensitive; never throws.
Availability ParseAvailability(std::string_view value);

// One price seen on the page.
struct PriceCandidate {
  Decimal price;
  std::string currency;  // ISO 4217 or ""
  // "json-ld", "microdata", "rdfa", "microformats", "opengraph", "selector", "text"
  std::string source;
  std::string where;  // readable location: "json-ld #2 offers[0].price", "line 212 <span ...>"
  // A regular / list / MSRP / struck-out / "was" price: the product's price only when the page
  // gives no current one.
  bool is_list_price = false;
  // Marked as the current sale price by the markup or its label (product:sale_price,
  // priceType SalePrice, "now", "sale", "our price"): beats a regular price of the same item.
  bool is_sale_price = false;
  // A price of the item that is never its price: an AggregateOffer's highPrice, a maxPrice, a
  // unit price per reference quantity, a fee or shipping component. Kept for `extract`.
  bool is_secondary = false;
  // The offer's or variant's SKU and URL (as written) when the markup gives them: how a seed
  // line's sku= and the page's own URL pick one variant among several.
  std::string sku;
  std::string item_url;
  // The availability the same offer states; kUnknown when it states none.
  Availability availability = Availability::kUnknown;
  int score = 0;  // how the chooser rated it (higher is better)
  // Why: the extractor's own reasons ("key 'Price' read case-insensitively", "sale price"),
  // to which the chooser adds its rating.
  std::string note;
};

// Per-host stock phrases ([defaults] / [[host]] in_stock_text, out_of_stock_text): matched
// case-insensitively inside stock messages before the built-in phrase table. Not owned.
struct StockTextOverrides {
  std::span<const std::string> in_stock;
  std::span<const std::string> out_of_stock;
};

// What ExtractProduct found on one page.
struct ProductData {
  bool is_product = false;  // a product and a price were found (listing pages are not products)
  std::string title, sku, gtin, brand, canonical_url;
  std::optional<Decimal> price;
  std::string currency;  // ISO 4217 or ""
  Availability availability = Availability::kUnknown;
  // What decided `availability`: the source and value or phrase ("json-ld offers.availability
  // https://schema.org/InStock", "text 'nicht lieferbar' (de) line 212"), "" when unknown.
  std::string availability_note;
  std::string source;                      // source of the winning candidate, "" when none
  std::vector<PriceCandidate> candidates;  // every candidate seen, in extraction order
  std::string reason;                      // why the winner won (one sentence)
};

// The output of one extractor (one source): product fields and the candidates it saw. Fields
// are "" / kUnknown when the source does not give them.
struct ExtractedFields {
  std::string title, sku, gtin, brand;
  Availability availability = Availability::kUnknown;
  std::string availability_note;  // what decided `availability` (see ProductData)
  std::vector<PriceCandidate> candidates;
  // Distinct products this source described (JSON-LD Product nodes, microdata Product items);
  // more than one with different names suggests a listing page.
  int product_count = 0;
  bool listing = false;  // the source itself says this is a list (ItemList, many offers)
  // Visible text only: the page shows an enabled buy / add-to-cart control or a cart form
  // outside related products and site chrome (evidence that the product is on sale).
  bool buy_button = false;
};

}  // namespace pricecrawl::crawler
