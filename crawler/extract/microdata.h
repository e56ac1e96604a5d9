#pragma once
// Product data from HTML microdata (WHATWG HTML §5 "Microdata") with the schema.org vocabulary
// (and the older data-vocabulary.org one): items with itemscope and an itemtype ending in
// /Product, their itemprop name, sku, gtin*, brand and offers (Offer / AggregateOffer with
// price, lowPrice, priceCurrency, availability). A property's value is read as §5.2.4 says:
// content attribute first, then href/src/value/datetime by element, then the text.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every top-level Product item of the page, merged as ExtractJsonLd merges JSON-LD products;
// Offer items outside any Product count too. Candidates have source "microdata" and where
// "line <n> <tag itemprop=...>". Never throws.
ExtractedFields ExtractMicrodata(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
