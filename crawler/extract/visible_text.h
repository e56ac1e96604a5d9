#pragma once
// The visible-text fallback for pages whose markup says nothing (and the check on what it
// says): finds the prices a reader sees, rates each by how it is marked up (price-like class
// or id, a currency symbol, a text that is only a price), where it stands (in the box that holds
// the product title / h1, or in a repeated grid of cards such as "related products",
// recommendations, carousels, navigation, footer) and whether it is a list price (inside <del>,
// <s>, <strike>, a line-through style, a "was" / "regular price" / "RRP" label or an old-price
// class) or the current sale price ("now", "sale", "our price" beside it), by the label nearest
// each amount (crawler/extract/price_label.h). Also reads availability from stock messages and
// add-to-cart buttons near the title.

#include "crawler/html/html.h"
#include "crawler/price/currency.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// Visible price candidates (source "text", where "line <n> <tag class=...>"), each with its
// score and a note of the reasons; list prices have is_list_price set, prices labelled as the
// current one ("now £19.99" beside "was £30.00") is_sale_price. `title` is the main
// title's text (h1), `availability` what the stock messages say, `listing` is set when the best
// prices all sit in a repeated grid of cards with no product title box around them (a category
// or search page). `stock_text` holds the host's own stock phrases, tried before the built-in
// ones. Never throws; linear in the page size apart from bounded per-price work.
ExtractedFields ExtractVisibleText(const HtmlDocument& doc, const PageHints& hints,
                                   const StockTextOverrides& stock_text = {});

}  // namespace pricecrawl::crawler
