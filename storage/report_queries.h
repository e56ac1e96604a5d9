#pragma once
// What `pricecrawl report` reads from a crawl database: every product with at least one
// observation, and its observations oldest first, as plain values. The SQL lives here, so the
// report (crawler/report/html_report.h) renders data and never speaks SQL.

#include <cstdint>
#include <string>
#include <vector>

#include <sqlite3.h>

namespace pricecrawl::storage {

// One row of the observations table, as stored (NULL text reads as "", NULL numbers as 0).
struct ReportObservation {
  std::string observed_at;  // "2026-11-25T18:40:05.123Z" (storage/timestamp.h)
  std::string price;        // exact decimal text
  std::int64_t price_micros = 0;
  std::string currency;        // ISO 4217 code, "" when unknown
  std::string availability;    // in_stock, out_of_stock, preorder, unknown
  std::string previous_price;  // "" for a product's first observation
  std::string change_percent;  // "" when none was computed
  bool changed = false;        // the price differs from previous_price
};

struct ReportProduct {
  std::int64_t id = 0;
  std::string url;
  std::string title;                            // "" when no page gave one
  std::vector<ReportObservation> observations;  // oldest first (observed_at, then id); never empty
};

// Every product that has an observation, ordered by its title without ASCII case (the URL when
// it has no title), then URL, then id. `db` is not owned and must carry the schema. Throws
// DbError.
std::vector<ReportProduct> LoadReportProducts(sqlite3* db);

}  // namespace pricecrawl::storage
