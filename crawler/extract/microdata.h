#pragma once
// Product data from HTML microdata (WHATWG HTML "Microdata",
// https://html.spec.whatwg.org/multipage/microdata.html) with the schema.org vocabulary
// (https://schema.org/Offer) and the older data-vocabulary.org one. Items and their properties
// are found as the spec's "properties of an item" algorithm says (children, then itemref ids;
// elements with itemscope are not descended; each element once), and values as "the property
// value" says, with one deviation: a content attribute comes first on every element, since
// shops put it on spans. Item types are the last segment of each itemtype URL (http or https,
// several per item). Any item with offers is an offered item (Product, Book, Event, Vehicle,
// Service, ...); so are a Person or Organization's makesOffer Offers (their itemOffered names
// the item), ProductGroup hasVariant items, and an Offer item with no item around it.
// Offers give price, AggregateOffer lowPrice / highPrice / offerCount, priceSpecification
// items (priceType ListPrice, SalePrice, ...; UnitPriceSpecification per unit; components of a
// CompoundPriceSpecification), and per offer the SKU, URL and availability.
// Deviations: property names and types are compared ASCII case-insensitively, and a property
// name written as a URL counts by its last segment; the work is bounded by the page size
// (item values are read a few levels deep; the itemref crawl visits a bounded number of
// elements per page), so hostile itemref graphs lose properties instead of time.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every offered item of the page in document order (top-level items, and items that are
// property values of items that offer nothing, such as a WebPage's mainEntity). Candidates
// have source "microdata", where "line <n> <tag itemprop=...>", the offer's sku, url and
// availability, and notes such as "AggregateOffer lowPrice" or "priceType SalePrice"; an
// AggregateOffer's highPrice, a maxPrice, a per-unit price and price components are
// is_secondary. Title, SKU, GTIN and brand come from the first offered item that gives them;
// availability_note names the property that decided availability. `doc` is only read during
// the call. Never throws.
ExtractedFields ExtractMicrodata(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
