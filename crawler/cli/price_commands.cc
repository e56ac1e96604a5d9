#include "crawler/cli/price_commands.h"

#include "crawler/fetch/url.h"
#include "storage/query.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {

void PrintPrices(const std::string& db_path, bool changed_only, OutputFormat format,
                 std::ostream& out) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  PrintTable(changed_only ? storage::PriceChanges(db.get()) : storage::LatestPrices(db.get()),
             format, out);
}

bool PrintHistory(const std::string& db_path, const std::string& url, OutputFormat format,
                  std::ostream& out) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  const ResultTable table = storage::ProductHistory(db.get(), NormalizeUrl(url).value_or(url));
  if (table.rows.empty()) {
    return false;
  }
  PrintTable(table, format, out);
  return true;
}

}  // namespace pricecrawl::crawler
