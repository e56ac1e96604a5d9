#pragma once
// Per-host facts kept across runs in the `hosts` table: the host's robots.txt as last fetched
// (status, body, time), its Crawl-delay and Sitemap lines. A robots.txt younger than 24 h is
// used without fetching it again.
//
// Not thread-safe: the caller serialises access to the connection.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "storage/frontier_types.h"
#include "storage/sqlite.h"

namespace pricecrawl::storage {

class HostStore {
 public:
  // `db` must outlive the store and already carry the schema.
  explicit HostStore(sqlite3* db);

  std::optional<CachedRobots> LoadRobots(std::string_view host);
  // `crawl_delay_ms` < 0: none. `sitemaps`: one URL per line.
  void SaveRobots(std::string_view host, long http_status, std::string_view body,
                  std::string_view fetched_at, std::int64_t crawl_delay_ms,
                  std::string_view sitemaps);

 private:
  sqlite3* db_;  // not owned
  Stmt load_;
  Stmt save_;
};

}  // namespace pricecrawl::storage
