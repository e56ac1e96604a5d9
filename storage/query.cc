#include "storage/query.h"

#include "storage/sqlite.h"

namespace pricecrawl::storage {

QueryResult RunQuery(sqlite3* db, std::string_view sql, const std::vector<std::string>& params) {
  Stmt stmt = Prepare(db, sql);
  for (std::size_t i = 0; i < params.size(); ++i) {
    Bind(stmt.get(), static_cast<int>(i + 1), std::string_view(params[i]));
  }
  QueryResult result;
  const int columns = sqlite3_column_count(stmt.get());
  for (int i = 0; i < columns; ++i) {
    result.columns.emplace_back(sqlite3_column_name(stmt.get(), i));
  }
  while (StepRow(db, stmt.get(), "read results")) {
    std::vector<std::optional<std::string>> row;
    for (int i = 0; i < columns; ++i) {
      row.push_back(ColumnOptionalText(stmt.get(), i));
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace pricecrawl::storage
