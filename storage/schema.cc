#include "storage/schema.h"

#include <string>

#include "storage/sqlite.h"

namespace pricecrawl::storage {
namespace {

constexpr const char* kVersion1 = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'finished')),
  pages_fetched INTEGER NOT NULL DEFAULT 0,
  errors        INTEGER NOT NULL DEFAULT 0,
  pid           INTEGER,
  resumes       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS urls (
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  host          TEXT NOT NULL,
  depth         INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'in_flight', 'done', 'failed', 'skipped')),
  http_status   INTEGER,
  fetched_at    TEXT,
  next_fetch_at TEXT,
  error         TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  is_seed       INTEGER NOT NULL DEFAULT 0,
  target_price  TEXT,
  discovered_at TEXT NOT NULL,
  run_id        INTEGER REFERENCES runs(id),
  content_type  TEXT,
  etag          TEXT,
  last_modified TEXT
);
CREATE INDEX IF NOT EXISTS urls_claim ON urls (state, host, depth, id);
CREATE INDEX IF NOT EXISTS urls_due ON urls (state, next_fetch_at);
CREATE TABLE IF NOT EXISTS hosts (
  host              TEXT PRIMARY KEY,
  robots_status     INTEGER,
  robots_txt        TEXT,
  robots_fetched_at TEXT,
  crawl_delay_ms    INTEGER,
  sitemaps          TEXT
) WITHOUT ROWID;
)sql";

int UserVersion(sqlite3* db) {
  Stmt stmt = Prepare(db, "PRAGMA user_version");
  return StepRow(db, stmt.get(), "read user_version") ? static_cast<int>(ColumnInt(stmt.get(), 0))
                                                      : 0;
}

}  // namespace

void ApplySchema(sqlite3* db) {
  const int version = UserVersion(db);
  if (version > kSchemaVersion) {
    throw DbError("database layout version " + std::to_string(version) +
                      " is newer than this pricecrawl understands (" +
                      std::to_string(kSchemaVersion) + ")",
                  SQLITE_ERROR);
  }
  if (version == kSchemaVersion) {
    return;
  }
  Transaction txn(db);
  if (version < 1) {
    Exec(db, kVersion1);
  }
  Exec(db, "PRAGMA user_version = " + std::to_string(kSchemaVersion));
  txn.Commit();
}

}  // namespace pricecrawl::storage
