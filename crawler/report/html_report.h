#pragma once
// `pricecrawl report --html FILE`: one self-contained HTML page (inline CSS, inline SVG, no
// scripts, no external resources; a Content-Security-Policy forbids fetches) that shows what
// the crawl tracked: a table of products (latest price, min / max, last change, availability)
// and a price-history chart per product (crawler/report/price_chart.h). Every text that came from
// the web (titles, URLs) is HTML-escaped; only http, https and file URLs become links.

#include <chrono>
#include <cstdint>
#include <string>

namespace pricecrawl::crawler {

struct ReportSummary {
  std::int64_t products = 0;      // products with at least one observation
  std::int64_t observations = 0;  // observations over all products
};

// The report page for the database at `db_path` (opened with storage::OpenExistingDatabase),
// stamped with `generated_at`. A database without products yields a page saying so.
// `summary`, when not null, receives the counts shown. Throws storage::DbError when there is
// no database at `db_path` or it cannot be read.
std::string RenderHtmlReport(const std::string& db_path,
                             std::chrono::system_clock::time_point generated_at,
                             ReportSummary* summary = nullptr);

// Renders the report and writes it to `html_path` atomically: a temporary file in the same
// folder, renamed over `html_path` only once complete, so a reader never sees half a page.
// Throws storage::DbError as RenderHtmlReport does, and std::runtime_error naming the path
// when the file cannot be written (nothing is left behind then).
ReportSummary WriteHtmlReport(const std::string& db_path, const std::string& html_path,
                              std::chrono::system_clock::time_point generated_at);

}  // namespace pricecrawl::crawler
