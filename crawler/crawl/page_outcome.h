#pragma once
// What became of one fetched page, in one line for `crawl -v` (README "Commands"): the HTTP
// status or the fetch error, then the price found (with its currency, source and availability)
// or why there is none, and whether the URL waits for a retry. Text only; deciding the outcome
// is the parse stage's job (crawl/parse_stage.h).

#include <string>

#include "crawler/crawl/parse_stage.h"

namespace pricecrawl::crawler {

// For example "HTTP 200, price 59.50 EUR (json-ld), in_stock", "HTTP 200, no price: a listing
// page (several products with prices), not a product", "HTTP 404 Not Found", "not HTML
// (image/png)", "HTTP 304, not modified", "HTTP 503 Service Unavailable (will retry, attempt 1 of
// 3)". Never empty; a robots.txt fetch or an aborted transfer says so.
std::string PageOutcome(const ParsedPage& page);

}  // namespace pricecrawl::crawler
