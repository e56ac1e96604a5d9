#pragma once
// Read-only queries for the commands that print what a crawl stored: column names and rows
// as text (NULL kept as nullopt), with text parameters bound safely.

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

}  // namespace pricecrawl::storage
