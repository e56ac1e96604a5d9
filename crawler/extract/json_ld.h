#pragma once
// Product data from JSON-LD (W3C JSON-LD 1.1 embedded in HTML, <script type=
// "application/ld+json">) read with the schema.org vocabulary as publishers write it:
// - offered items of any type: every Thing with `offers` (Book, Event, Service, VideoGame,
//   SoftwareApplication, CreativeWork, ...) and every Product type (Product, IndividualProduct,
//   ProductModel, ProductGroup, Vehicle, Car, ...), found at top level, in arrays, in @graph
//   and inside other nodes (mainEntity, ItemList); a seller's `makesOffer` Offer with its
//   `itemOffered`; an Offer or AggregateOffer standing alone;
// - @type as an array or a schema.org IRI, node references by @id (json_ld_graph.h), keys in
//   another letter case (noted in the candidate's reasons);
// - offers as an object, an array or a reference; AggregateOffer lowPrice / highPrice /
//   offerCount and its own offers; priceSpecification by role (json_ld_price_spec.h);
// - ProductGroup / hasVariant / isVariantOf: every variant's offers, one product.
// Each script block is parsed on its own (json_ld_parse.h), so one invalid block never loses
// the others. Work per block is bounded (search depth, visits, candidates per page).

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every offered item the page's JSON-LD describes, merged:
// - title / sku / gtin / brand: the first item's (a variant's group gives the title, the first
//   variant the SKU when the group has none); later items fill gaps only when they repeat the
//   first one's name;
// - candidates: one per price (source "json-ld", where "json-ld #<block> <path>.<key>", e.g.
//   "json-ld #1 @graph[1].offers(#o1).price"), each offer's current price first, with the
//   offer's SKU and URL (else the item's url / @id) and availability, flags from the markup
//   (is_list_price, is_sale_price, is_secondary) and the reasons in `note`;
// - availability: the first one stated, or in stock when any offer is, with availability_note
//   ("json-ld offers.availability https://schema.org/InStock");
// - product_count: distinct items (a group and its variants count once); `listing` for an
//   ItemList or OfferCatalog of two or more offered things.
// Never throws; a page without JSON-LD yields empty fields.
ExtractedFields ExtractJsonLd(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
