#include "storage/schema.h"

#include <filesystem>
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
CREATE TABLE IF NOT EXISTS products (
  id            INTEGER PRIMARY KEY,
  product_key   TEXT NOT NULL UNIQUE,  -- canonical URL (or URL), plus the SKU when given
  url           TEXT NOT NULL,         -- as crawled, normalised (the latest page seen)
  canonical_url TEXT,                  -- as the page declares it
  title         TEXT,
  sku           TEXT,
  gtin          TEXT,
  brand         TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS products_url ON products (url);
CREATE TABLE IF NOT EXISTS observations (
  id             INTEGER PRIMARY KEY,
  product_id     INTEGER NOT NULL REFERENCES products(id),
  run_id         INTEGER REFERENCES runs(id),
  observed_at    TEXT NOT NULL,
  price          TEXT NOT NULL,     -- exact decimal text
  price_micros   INTEGER NOT NULL,  -- price x 1,000,000 as an exact integer, for sorting in SQL
  currency       TEXT,
  availability   TEXT NOT NULL,
  source         TEXT NOT NULL,
  previous_price TEXT,              -- the product's price at its previous observation
  change_percent TEXT,              -- exact decimal, 2 places; NULL when no previous price
  changed        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS observations_product ON observations (product_id, observed_at);
CREATE VIEW IF NOT EXISTS price_history AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.source
  FROM observations o JOIN products p ON p.id = o.product_id;
CREATE VIEW IF NOT EXISTS latest_prices AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.previous_price,
         o.change_percent
  FROM products p JOIN observations o ON o.id = (
    SELECT id FROM observations WHERE product_id = p.id ORDER BY observed_at DESC, id DESC
    LIMIT 1);
CREATE VIEW IF NOT EXISTS price_changes AS
  SELECT p.url, p.title, o.previous_price AS old_price, o.price AS new_price, o.currency,
         o.change_percent, o.observed_at AS changed_at
  FROM observations o JOIN products p ON p.id = o.product_id
  WHERE o.changed = 1;
CREATE TABLE IF NOT EXISTS alerts (
  id           INTEGER PRIMARY KEY,
  url          TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('drop', 'target', 'back_in_stock')),
  old_price    TEXT,
  new_price    TEXT,
  created_at   TEXT NOT NULL,
  delivered_at TEXT,
  last_error   TEXT
);
)sql";

// Version 2: the alert outbox (issue 6). Alert rows carry what delivery sends (product, title,
// currency, change, observation time), the retry bookkeeping, and one delivered-at per channel
// so that a retry never resends to a channel that already answered. product_alert_state holds
// what the alert rules remember per product between observations.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE alerts ADD COLUMN product_id INTEGER REFERENCES products(id);
ALTER TABLE alerts ADD COLUMN title TEXT;
ALTER TABLE alerts ADD COLUMN currency TEXT;
ALTER TABLE alerts ADD COLUMN change_percent TEXT;
ALTER TABLE alerts ADD COLUMN observed_at TEXT;
ALTER TABLE alerts ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN next_attempt_at TEXT;
ALTER TABLE alerts ADD COLUMN webhook_delivered_at TEXT;
ALTER TABLE alerts ADD COLUMN command_delivered_at TEXT;
CREATE INDEX IF NOT EXISTS alerts_undelivered ON alerts (next_attempt_at, id)
  WHERE delivered_at IS NULL;
CREATE TABLE IF NOT EXISTS product_alert_state (
  product_id         INTEGER PRIMARY KEY REFERENCES products(id),
  reference_price    TEXT,     -- highest price since the last drop alert (exact decimal)
  reference_currency TEXT,
  last_price         TEXT,     -- price at the previous observation
  last_currency      TEXT,
  last_availability  TEXT,     -- last known availability ('unknown' never overwrites it)
  target_armed       INTEGER NOT NULL DEFAULT 1,
  armed_for_target   TEXT,     -- the target_price the armed flag refers to
  updated_at         TEXT NOT NULL
);
)sql";

// Version 3: a seed line's sku= (the variant of a page to track) is kept on its URL.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE urls ADD COLUMN sku TEXT;
)sql";

// Version 4: exact integers to sort on (issue 17). price, previous_price and change_percent are
// decimal text, which sorts as text (1399.00 before 249.00, -21.97 before -22.25), so the
// observations gain previous_price_micros and change_basis_points, and the views show them next
// to the text. The views are dropped and recreated with their old columns first, in the old
// order, so queries written against them keep working.
//
// The backfill is exact: previous_price_micros copies the integer price_micros of the product's
// previous observation (by observed_at, then id: the order the writer reads it in), and
// change_basis_points removes the point from change_percent text with exactly two places and
// casts the digits to INTEGER, which SQLite parses as a 64-bit integer (saturating beyond it,
// as Decimal::ToHundredths does), never through REAL. Text of any other shape is left NULL.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE observations ADD COLUMN previous_price_micros INTEGER;
ALTER TABLE observations ADD COLUMN change_basis_points INTEGER;
UPDATE observations SET previous_price_micros = prior.price_micros
  FROM (SELECT id, LAG(price_micros) OVER (PARTITION BY product_id ORDER BY observed_at, id)
               AS price_micros
        FROM observations) AS prior
  WHERE observations.id = prior.id AND observations.previous_price IS NOT NULL;
UPDATE observations SET change_basis_points = CAST(REPLACE(change_percent, '.', '') AS INTEGER)
  WHERE change_percent GLOB '*[0-9].[0-9][0-9]'
    AND SUBSTR(change_percent, 1, 1) GLOB '[-0-9]'
    AND SUBSTR(change_percent, 2, LENGTH(change_percent) - 4) NOT GLOB '*[^0-9]*';
DROP VIEW IF EXISTS price_history;
DROP VIEW IF EXISTS latest_prices;
DROP VIEW IF EXISTS price_changes;
CREATE VIEW price_history AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.source,
         o.price_micros
  FROM observations o JOIN products p ON p.id = o.product_id;
CREATE VIEW latest_prices AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.previous_price,
         o.change_percent, o.price_micros, o.previous_price_micros, o.change_basis_points
  FROM products p JOIN observations o ON o.id = (
    SELECT id FROM observations WHERE product_id = p.id ORDER BY observed_at DESC, id DESC
    LIMIT 1);
CREATE VIEW price_changes AS
  SELECT p.url, p.title, o.previous_price AS old_price, o.price AS new_price, o.currency,
         o.change_percent, o.observed_at AS changed_at, o.previous_price_micros AS old_price_micros,
         o.price_micros AS new_price_micros, o.change_basis_points
  FROM observations o JOIN products p ON p.id = o.product_id
  WHERE o.changed = 1;
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
  if (version < 2) {
    Exec(db, kVersion2);
  }
  if (version < 3) {
    Exec(db, kVersion3);
  }
  if (version < 4) {
    Exec(db, kVersion4);
  }
  Exec(db, "PRAGMA user_version = " + std::to_string(kSchemaVersion));
  txn.Commit();
}

Db OpenExistingDatabase(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw DbError("no database at '" + path + "' (run 'pricecrawl crawl' first)", SQLITE_CANTOPEN);
  }
  Db db = OpenDatabase(path);
  ApplySchema(db.get());
  return db;
}

}  // namespace pricecrawl::storage
