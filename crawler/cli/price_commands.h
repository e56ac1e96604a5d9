#pragma once
// `pricecrawl prices` and `pricecrawl history`: what the crawl found, read back from the
// database's views (latest_prices, price_changes, price_history).

#include <ostream>
#include <string>

#include "crawler/cli/result_table.h"

namespace pricecrawl::crawler {

// Every product's latest price (or, with `changed_only`, every recorded price change).
// Throws storage::DbError when the database is missing or unreadable.
void PrintPrices(const std::string& db_path, bool changed_only, OutputFormat format,
                 std::ostream& out);

// Every observation of the product at `url` (crawled or canonical URL), oldest first.
// Returns false (printing nothing) when no product has that URL.
bool PrintHistory(const std::string& db_path, const std::string& url, OutputFormat format,
                  std::ostream& out);

}  // namespace pricecrawl::crawler
