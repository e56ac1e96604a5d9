#pragma once
// Product data from microformats: microformats2 h-product
// (https://microformats.org/wiki/h-product: p-name, p-price, u-url, p-brand, p-identifier /
// u-identifier, e-description, nested h-card / h-review) parsed as the microformats2 parsing
// spec says (https://microformats.org/wiki/microformats2-parsing: root classes h-*, property
// classes p- u- dt- e-, nested roots as property values, the value-class pattern, the implied
// name), and classic hproduct (https://microformats.org/wiki/hproduct: fn, price, brand,
// identifier, url) with the class names mapped as the parsing spec's backward-compatibility
// table says. A price's currency comes from the price text, else the page hints.
// Deviations: dt- properties and implied photo / url are not read (a product needs none); the
// work is bounded by the page size (each element is visited a bounded number of times).

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every h-product (or hproduct) of the page in document order, nested ones included. Each
// p-price gives a candidate with source "microformats", where "line <n> <tag class=...>", the
// product's identifier as sku and u-url as item_url; a price in a struck-out or old-price
// wrapper is a list price. Title, SKU and brand come from the first product that gives them
// (a nested h-card brand by its name). `doc` is only read during the call. Never throws.
ExtractedFields ExtractMicroformats(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
