#pragma once
// Product extraction for one page: runs every extractor (JSON-LD, microdata, RDFa,
// microformats, OpenGraph, per-site selectors, visible text), keeps every price candidate they
// find, and chooses the winner. Trust order for prices and availability is selectors > JSON-LD >
// microdata > RDFa > microformats > OpenGraph > text; for the title, SKU, GTIN and brand the
// visible text comes before OpenGraph. For the price, structured data wins when the visible main
// price agrees with it or when the page shows no clear main price, and the visible current (sale)
// price wins when it clearly differs (both are kept). Issue 4 of the project states the rules.

#include <string_view>

#include "config/config.h"
#include "crawler/html/html.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

struct ExtractOptions {
  // Per-site selectors ([host.extract]) for this page's host, or nullptr. Not owned; must
  // outlive the ExtractProduct call.
  const config::ExtractSelectors* selectors = nullptr;
  // The page's URL (after redirects): its host's TLD settles ambiguous currency symbols and it
  // resolves the canonical link. May be empty.
  std::string_view page_url;
  // A seed line's sku=: of several variants or offers, the one with this SKU is the product.
  // Empty: the variant the page selects (its URL, the product's own SKU), else the first.
  std::string_view sku;
  // The host's in_stock_text / out_of_stock_text phrases.
  StockTextOverrides stock_text;
};

// Extracts the product on `doc`. Never throws on any page; a page without a product yields
// is_product == false (with whatever candidates were seen). Keeps no reference to `doc`.
ProductData ExtractProduct(const HtmlDocument& doc, const ExtractOptions& options);

}  // namespace pricecrawl::crawler
