#pragma once
// `pricecrawl status`: the state of a crawl database at a glance: the latest run, whether a
// crawl holds the database now, URL counts by state, the alerts outbox (undelivered and failing
// alerts, the last delivery error), and the busiest hosts.

#include <ostream>
#include <string>

namespace pricecrawl::crawler {

// Prints the status of the database at `db_path` to `out`. Throws storage::DbError when the
// file does not exist or cannot be read.
void PrintStatus(const std::string& db_path, std::ostream& out);

}  // namespace pricecrawl::crawler
