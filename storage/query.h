#pragma once
// Read-only queries for the commands that print what a crawl stored: column names and rows
// as text (NULL kept as nullopt), with text parameters bound safely. The SQL of `pricecrawl
// prices` and `pricecrawl history` lives here, so the command line prints tables without
// speaking SQL; the column names are the ones the database's views give (DESIGN.md "Database").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

namespace pricecrawl::storage {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Runs `sql` with `params` bound to ?1, ?2, … Throws DbError.
QueryResult RunQuery(sqlite3* db, std::string_view sql, const std::vector<std::string>& params);

// Every product's latest price from the latest_prices view, ordered by URL. Columns: url, title,
// price, currency, availability, observed_at, previous_price, change_percent. `db` is not owned
// and must carry the schema. Throws DbError.
QueryResult LatestPrices(sqlite3* db);

// Every recorded price change from the price_changes view, newest first (then by URL). Columns:
// url, title, old_price, new_price, currency, change_percent, changed_at. Throws DbError.
QueryResult PriceChanges(sqlite3* db);

// Every observation of the product whose crawled or canonical URL is exactly `url` (the caller
// normalises it), oldest first. Columns: observed_at, price, currency, availability, source,
// change_percent. No rows when no product has that URL. Throws DbError.
QueryResult ProductHistory(sqlite3* db, const std::string& url);

// How many products the database tracks, by their latest availability, and how many
// observations they have.
struct ProductCounts {
  std::int64_t products = 0;
  std::int64_t out_of_stock = 0;
  std::int64_t observations = 0;
};

// The counts above. `db` must carry the schema. Throws DbError.
ProductCounts CountProducts(sqlite3* db);

}  // namespace pricecrawl::storage
