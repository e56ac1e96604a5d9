#pragma once
// Product data from OpenGraph and product meta tags (the Open Graph protocol, ogp.me, and the
// product:* properties Facebook's catalog and Pinterest read): product:price:amount,
// og:price:amount, product:sale_price:amount, product:original_price:amount and their
// :currency siblings, product:availability / og:availability, og:title, product:brand,
// product:retailer_item_id. Values are read from <meta property|name ... content>.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// The page's product meta tags as one product: candidates with source "opengraph" and where
// "meta <property>"; product:original_price is a list price. Never throws.
ExtractedFields ExtractOpenGraph(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
