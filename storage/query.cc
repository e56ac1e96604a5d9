#include "storage/query.h"

#include <string>

#include "storage/sqlite.h"

namespace pricecrawl::storage {

QueryResult RunQuery(sqlite3* db, std::string_view sql, const std::vector<std::string>& params) {
  Stmt stmt = Prepare(db, sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    Bind(stmt.get(), static_cast<int>(i + 1), std::string_view{params[i]});
  }
  QueryResult result;
  const int columns = sqlite3_column_count(stmt.get());
  for (int i = 0; i < columns; ++i) {
    result.columns.emplace_back(sqlite3_column_name(stmt.get(), i));
  }
  while (StepRow(db, stmt.get(), "read results")) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i) {
      row.push_back(ColumnOptionalText(stmt.get(), i));
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

QueryResult LatestPrices(sqlite3* db) {
  return RunQuery(db,
                  "SELECT url, title, price, currency, availability, observed_at, "
                  "previous_price, change_percent FROM latest_prices ORDER BY url",
                  {});
}

QueryResult PriceChanges(sqlite3* db) {
  return RunQuery(db,
                  "SELECT url, title, old_price, new_price, currency, change_percent, "
                  "changed_at FROM price_changes ORDER BY changed_at DESC, url",
                  {});
}

QueryResult ProductHistory(sqlite3* db, const std::string& url) {
  return RunQuery(db, R"sql(
    SELECT o.observed_at, o.price, o.currency, o.availability, o.source, o.change_percent
    FROM observations o JOIN products p ON p.id = o.product_id
    WHERE p.url = ?1 OR p.canonical_url = ?1
    ORDER BY o.observed_at, o.id)sql",
                  {url});
}

ProductCounts CountProducts(sqlite3* db) {
  const QueryResult result = RunQuery(db, R"sql(
    SELECT (SELECT COUNT(*) FROM latest_prices),
           (SELECT COUNT(*) FROM latest_prices WHERE availability = 'out_of_stock'),
           (SELECT COUNT(*) FROM observations))sql",
                                      {});
  ProductCounts counts;
  if (!result.rows.empty() && result.rows[0].size() == 3) {
    const auto& row = result.rows[0];
    counts.products = std::stoll(row[0].value_or("0"));
    counts.out_of_stock = std::stoll(row[1].value_or("0"));
    counts.observations = std::stoll(row[2].value_or("0"));
  }
  return counts;
}

}  // namespace pricecrawl::storage
