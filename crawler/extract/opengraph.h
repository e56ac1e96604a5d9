#pragma once
// Product data from OpenGraph and product meta tags (the Open Graph protocol, ogp.me, and the
// product:* properties Facebook's catalog and Pinterest read): product:price:amount,
// product:sale_price:amount, og:price:amount, og:price:standard_amount,
// product:original_price:amount and their :currency siblings, product:availability /
// og:availability, og:title, product:brand, product:retailer_item_id (ogp.me; the Open Graph
// product object). Values are read from <meta property|name ... content>; property names compare
// case-insensitively.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// The page's product meta tags as one product. Every value of each price property is a
// candidate, in this order: product:sale_price (is_sale_price), product:price, og:price:amount
// (is_sale_price when a different og:price:standard_amount is given), og:price,
// og:price:standard_amount and product:original_price (is_list_price); the n-th amount takes the
// n-th :currency sibling (else the last one, else og:price:currency / product:price:currency).
// Candidates have source "opengraph", where "meta <property>" (" #n" for the n-th repeat), the
// page's availability, og:url as item_url, and product:retailer_item_id as sku (the n-th one
// when there is one per amount). availability_note names the property that decided it.
// `doc` is only read during the call. Never throws.
ExtractedFields ExtractOpenGraph(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
