#pragma once
// Product data from RDFa (RDFa Core 1.1, https://www.w3.org/TR/rdfa-core/, and RDFa Lite 1.1,
// https://www.w3.org/TR/rdfa-lite/) with the schema.org vocabulary (https://schema.org/Offer)
// and GoodRelations (http://purl.org/goodrelations/v1: gr:Offering, gr:includes,
// gr:hasPriceSpecification, gr:UnitPriceSpecification with gr:hasCurrencyValue and
// gr:hasCurrency). The page is read as RDFa Core §7.5 "Sequence" says: vocab and prefix (and
// xmlns:) declarations are inherited; about, resource, href, src and typeof set new subjects;
// rel without an object leaves incomplete triples that the next subject below completes;
// property values come from datatype + content or text, then content, then resource / href /
// src, then the typed resource, then text. Terms, CURIEs (with the RDFa initial context's
// prefixes: schema, gr, og, v, ...) and full IRIs (http and https schema.org) name the same
// properties. The resulting graph is read with microdata's rules (crawler/extract/microdata.h).
// Deviations: IRIs are compared as written (not resolved against the base); @rev and @inlist
// are ignored; the work is bounded by the page size (subjects are read a few levels deep, the
// object links followed and the element text read are a few times the page's size).

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Every offered subject of the page in document order: subjects with offers or a price of any
// schema.org type, gr:Offering / Offer subjects that no other subject refers to (their
// itemOffered / gr:includes / gr:includesObject names the item), a seller's makesOffer / gr:offers,
// ProductGroup hasVariant subjects; when none of those gives a price, the first offered subject
// among those that only refer to each other (offers one way, itemOffered back). Candidates have
// source "rdfa", where "line <n> <tag property=...>", the offer's sku, url and availability, and
// notes such as "AggregateOffer lowPrice"; an AggregateOffer's highPrice, a maxPrice, a per-unit
// price and price components are is_secondary. Title, SKU, GTIN and brand come from the first
// offered subject that gives them. `doc` is only read during the call. Never throws.
ExtractedFields ExtractRdfa(const HtmlDocument& doc, const PageHints& hints);

}  // namespace pricecrawl::crawler
