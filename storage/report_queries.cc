#include "storage/report_queries.h"

#include <charconv>
#include <cstddef>
#include <map>
#include <optional>
#include <utility>

#include "storage/query.h"

namespace pricecrawl::storage {
namespace {

std::string TextOr(const std::optional<std::string>& value) {
  return value.value_or("");
}

std::int64_t ToInt(const std::optional<std::string>& text) {
  std::int64_t value = 0;
  if (text) {
    std::from_chars(text->data(), text->data() + text->size(), value);
  }
  return value;
}

}  // namespace

std::vector<ReportProduct> LoadReportProducts(sqlite3* db) {
  const QueryResult products = RunQuery(db, R"sql(
    SELECT p.id, p.url, p.title FROM products p
    WHERE EXISTS (SELECT 1 FROM observations o WHERE o.product_id = p.id)
    ORDER BY lower(coalesce(nullif(p.title, ''), p.url)), p.url, p.id)sql",
                                        {});
  std::vector<ReportProduct> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& row : products.rows) {
    ReportProduct product;
    product.id = ToInt(row[0]);
    product.url = TextOr(row[1]);
    product.title = TextOr(row[2]);
    index.emplace(product.id, out.size());
    out.push_back(std::move(product));
  }
  const QueryResult observations = RunQuery(db, R"sql(
    SELECT product_id, observed_at, price, price_micros, currency, availability, previous_price,
           change_percent, changed
    FROM observations ORDER BY product_id, observed_at, id)sql",
                                            {});
  for (const auto& row : observations.rows) {
    const auto it = index.find(ToInt(row[0]));
    if (it == index.end()) {
      continue;
    }
    ReportObservation o;
    o.observed_at = TextOr(row[1]);
    o.price = TextOr(row[2]);
    o.price_micros = ToInt(row[3]);
    o.currency = TextOr(row[4]);
    o.availability = TextOr(row[5]);
    o.previous_price = TextOr(row[6]);
    o.change_percent = TextOr(row[7]);
    o.changed = ToInt(row[8]) != 0;
    out[it->second].observations.push_back(std::move(o));
  }
  return out;
}

}  // namespace pricecrawl::storage
