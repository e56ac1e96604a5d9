#include "storage/host_store.h"

namespace pricecrawl::storage {

HostStore::HostStore(sqlite3* db)
    : db_(db),
      load_(Prepare(db, R"sql(
        SELECT robots_status, COALESCE(robots_txt, ''), robots_fetched_at FROM hosts
        WHERE host = ?1 AND robots_fetched_at IS NOT NULL)sql")),
      save_(Prepare(db, R"sql(
        INSERT INTO hosts (host, robots_status, robots_txt, robots_fetched_at, crawl_delay_ms,
                           sitemaps)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (host) DO UPDATE SET robots_status = excluded.robots_status,
          robots_txt = excluded.robots_txt, robots_fetched_at = excluded.robots_fetched_at,
          crawl_delay_ms = excluded.crawl_delay_ms, sitemaps = excluded.sitemaps)sql")) {}

std::optional<CachedRobots> HostStore::LoadRobots(std::string_view host) {
  sqlite3_stmt* stmt = load_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, host);
  if (!StepRow(db_, stmt, "load robots.txt")) {
    return std::nullopt;
  }
  CachedRobots robots;
  robots.http_status = static_cast<long>(ColumnInt(stmt, 0));
  robots.body = ColumnText(stmt, 1);
  robots.fetched_at = ColumnText(stmt, 2);
  return robots;
}

void HostStore::SaveRobots(std::string_view host, long http_status, std::string_view body,
                           std::string_view fetched_at, std::int64_t crawl_delay_ms,
                           std::string_view sitemaps) {
  sqlite3_stmt* stmt = save_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, host);
  Bind(stmt, 2, std::int64_t{http_status});
  Bind(stmt, 3, body);
  Bind(stmt, 4, fetched_at);
  if (crawl_delay_ms >= 0) {
    Bind(stmt, 5, crawl_delay_ms);
  } else {
    BindNull(stmt, 5);
  }
  BindTextOrNull(stmt, 6, sitemaps);
  StepDone(db_, stmt, "save robots.txt");
}

}  // namespace pricecrawl::storage
