#include "crawler/cli/price_commands.h"

#include "crawler/fetch/url.h"
#include "storage/query.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {

void PrintPrices(const std::string& db_path, bool changed_only, OutputFormat format,
                 std::ostream& out) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  PrintTable(
      storage::RunQuery(db.get(),
                        changed_only
                            ? "SELECT url, title, old_price, new_price, currency, change_percent, "
                              "changed_at FROM price_changes ORDER BY changed_at DESC, url"
                            : "SELECT url, title, price, currency, availability, observed_at, "
                              "previous_price, change_percent FROM latest_prices ORDER BY url",
                        {}),
      format, out);
}

bool PrintHistory(const std::string& db_path, const std::string& url, OutputFormat format,
                  std::ostream& out) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  const std::string normalized = NormalizeUrl(url).value_or(url);
  const ResultTable table = storage::RunQuery(db.get(), R"sql(
    SELECT o.observed_at, o.price, o.currency, o.availability, o.source, o.change_percent
    FROM observations o JOIN products p ON p.id = o.product_id
    WHERE p.url = ?1 OR p.canonical_url = ?1
    ORDER BY o.observed_at, o.id)sql",
                                              {normalized});
  if (table.rows.empty()) {
    return false;
  }
  PrintTable(table, format, out);
  return true;
}

}  // namespace pricecrawl::crawler
