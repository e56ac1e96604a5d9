#pragma once
// Product data from JSON-LD (W3C JSON-LD 1.1 embedded in HTML, <script type=
// "application/ld+json">) using the schema.org vocabulary: Product (and its kinds) anywhere in a
// block — top level, arrays, @graph — with offers as one Offer, a list of offers, an
// AggregateOffer (lowPrice) or a priceSpecification. Each script block is parsed on its own, so
// one invalid block never loses the others; common breakage (HTML comment wrappers, raw control
// characters in strings, trailing commas) is repaired before giving up on a block.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every Product the page's JSON-LD describes, merged: the first product's fields, one candidate
// per offer price (source "json-ld", where "json-ld #<block> <path>"), list prices
// (priceSpecification ListPrice / StrikethroughPrice) marked. `listing` is set for an ItemList
// of products. Never throws; a page without JSON-LD yields empty fields.
ExtractedFields ExtractJsonLd(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
