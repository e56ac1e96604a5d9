#pragma once
// Whether a price element of structured markup (microdata, RDFa, microformats) is an old price:
// shops mark up both the sale price and the struck-out list price with the same property, and the
// wrapper alone tells them apart (a <del>, <s> or <strike>, or a class such as "old-price",
// "price--was", "strikethrough").

#include "crawler/html/html.h"

namespace pricecrawl::crawler {

// True when `node` or one of its two nearest ancestors is struck out or has a class that marks
// an old, list, original or "compare at" price. `node` is only read during the call.
bool InListPriceContext(HtmlNode node);

}  // namespace pricecrawl::crawler
