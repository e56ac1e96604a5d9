// Schema version 4 (issue 17, item 3): the views' price and change_percent are decimal text and
// sort as text, so the observations and views gain exact integers to sort on. A version-3
// database is migrated in place: the new columns are backfilled exactly from the rows already
// there, and the views keep their old columns, in their old order, ahead of the new ones.

#include "storage/schema.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/query.h"
#include "storage/sqlite.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

// products, observations and the three views exactly as schema version 3 created them.
constexpr const char* kVersion3Layout = R"sql(
CREATE TABLE products (
  id            INTEGER PRIMARY KEY,
  product_key   TEXT NOT NULL UNIQUE,
  url           TEXT NOT NULL,
  canonical_url TEXT,
  title         TEXT,
  sku           TEXT,
  gtin          TEXT,
  brand         TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL
);
CREATE TABLE observations (
  id             INTEGER PRIMARY KEY,
  product_id     INTEGER NOT NULL REFERENCES products(id),
  run_id         INTEGER,
  observed_at    TEXT NOT NULL,
  price          TEXT NOT NULL,
  price_micros   INTEGER NOT NULL,
  currency       TEXT,
  availability   TEXT NOT NULL,
  source         TEXT NOT NULL,
  previous_price TEXT,
  change_percent TEXT,
  changed        INTEGER NOT NULL DEFAULT 0
);
CREATE VIEW price_history AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.source
  FROM observations o JOIN products p ON p.id = o.product_id;
CREATE VIEW latest_prices AS
  SELECT p.url, p.title, o.price, o.currency, o.availability, o.observed_at, o.previous_price,
         o.change_percent
  FROM products p JOIN observations o ON o.id = (
    SELECT id FROM observations WHERE product_id = p.id ORDER BY observed_at DESC, id DESC
    LIMIT 1);
CREATE VIEW price_changes AS
  SELECT p.url, p.title, o.previous_price AS old_price, o.price AS new_price, o.currency,
         o.change_percent, o.observed_at AS changed_at
  FROM observations o JOIN products p ON p.id = o.product_id
  WHERE o.changed = 1;
)sql";

// Rows whose text order differs from their numeric order: the espresso machine costs 1399.00
// and the kettle 249.00 ("1399.00" < "249.00" as text); the grinder fell 22.25 % and the kettle
// 21.97 % ("-21.97" < "-22.25" as text). The big product's prices and change lie past 2^53,
// where a REAL would round them to an even neighbour. The kettle's second row was written first
// (lower id), so only the observed_at order finds its previous observation.
constexpr const char* kVersion3Rows = R"sql(
INSERT INTO products (id, product_key, url, title, first_seen_at, last_seen_at) VALUES
  (1, 'k', 'https://a.example/kettle', 'Kettle', '2025-01-01T00:00:00.000Z',
   '2025-01-02T00:00:00.000Z'),
  (2, 'g', 'https://a.example/grinder', 'Grinder', '2025-01-01T00:00:00.000Z',
   '2025-01-02T00:00:00.000Z'),
  (3, 'e', 'https://a.example/espresso', 'Espresso machine', '2025-01-01T00:00:00.000Z',
   '2025-01-03T00:00:00.000Z'),
  (4, 'b', 'https://a.example/big', 'Big', '2025-01-01T00:00:00.000Z',
   '2025-01-03T00:00:00.000Z');
INSERT INTO observations (id, product_id, observed_at, price, price_micros, currency,
                          availability, source, previous_price, change_percent, changed) VALUES
  (1, 1, '2025-01-02T00:00:00.000Z', '249.00', 249000000, 'EUR', 'in_stock', 'json-ld',
   '319.09', '-21.97', 1),
  (2, 1, '2025-01-01T00:00:00.000Z', '319.09', 319090000, 'EUR', 'in_stock', 'json-ld',
   NULL, NULL, 0),
  (3, 2, '2025-01-01T00:00:00.000Z', '100.00', 100000000, 'EUR', 'in_stock', 'json-ld',
   NULL, NULL, 0),
  (4, 2, '2025-01-02T00:00:00.000Z', '77.75', 77750000, 'EUR', 'in_stock', 'json-ld',
   '100.00', '-22.25', 1),
  (5, 3, '2025-01-01T00:00:00.000Z', '1399.00', 1399000000, 'EUR', 'in_stock', 'json-ld',
   NULL, NULL, 0),
  (6, 3, '2025-01-02T00:00:00.000Z', '1399.00', 1399000000, 'EUR', 'out_of_stock', 'json-ld',
   '1399.00', '0.00', 0),
  (7, 3, '2025-01-03T00:00:00.000Z', '1399.00', 1399000000, 'EUR', 'in_stock', 'json-ld',
   '1399.00', '0.0', 0),
  (8, 4, '2025-01-01T00:00:00.000Z', '0.01', 10000, 'EUR', 'in_stock', 'json-ld',
   NULL, NULL, 0),
  (9, 4, '2025-01-02T00:00:00.000Z', '9007199254.750993', 9007199254750993, 'EUR', 'in_stock',
   'json-ld', '0.01', '90071992547409.93', 1),
  (10, 4, '2025-01-03T00:00:00.000Z', '0.01', 10000, 'EUR', 'in_stock', 'json-ld',
   '9007199254.750993', '-100.00', 1);
PRAGMA user_version = 3;
)sql";

Db VersionThreeDatabase(const std::string& path) {
  Db db = OpenDatabase(path);
  Exec(db.get(), kVersion3Layout);
  Exec(db.get(), kVersion3Rows);
  return db;
}

// The first column of every row, NULL as "NULL".
std::vector<std::string> Column(sqlite3* db, const std::string& sql) {
  std::vector<std::string> values;
  for (const auto& row : RunQuery(db, sql, {}).rows) {
    values.push_back(row[0].value_or("NULL"));
  }
  return values;
}

std::vector<std::string> ViewColumns(sqlite3* db, const std::string& view) {
  return Column(db, "SELECT name FROM pragma_table_info('" + view + "') ORDER BY cid");
}

TEST(SchemaTest, VersionThreeIsMigratedToTheCurrentVersion) {
  testing::TempDir dir;
  Db db = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(db.get());
  EXPECT_EQ(Column(db.get(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(kSchemaVersion)});
  EXPECT_EQ(Column(db.get(), "SELECT COUNT(*) FROM observations"), std::vector<std::string>{"10"});
}

TEST(SchemaTest, BackfilledPreviousPriceMicrosIsThePreviousObservationsExactInteger) {
  testing::TempDir dir;
  Db db = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(db.get());
  EXPECT_EQ(
      Column(db.get(), "SELECT previous_price_micros FROM observations ORDER BY id"),
      (std::vector<std::string>{"319090000", "NULL", "NULL", "100000000", "NULL", "1399000000",
                                "1399000000", "NULL", "10000", "9007199254750993"}));
  EXPECT_EQ(
      Column(db.get(), "SELECT typeof(previous_price_micros) FROM observations WHERE id = 10"),
      std::vector<std::string>{"integer"});
}

TEST(SchemaTest, BackfilledChangeBasisPointsAreTheExactPercentTimesHundred) {
  testing::TempDir dir;
  Db db = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(db.get());
  // '0.0' is not the two-place text the crawler writes: it stays NULL rather than be guessed.
  EXPECT_EQ(Column(db.get(), "SELECT change_basis_points FROM observations ORDER BY id"),
            (std::vector<std::string>{"-2197", "NULL", "NULL", "-2225", "NULL", "0", "NULL", "NULL",
                                      "9007199254740993", "-10000"}));
  EXPECT_EQ(Column(db.get(), "SELECT typeof(change_basis_points) FROM observations WHERE id = 9"),
            std::vector<std::string>{"integer"});
}

TEST(SchemaTest, MigratedViewsSortPricesAndChangesByNumber) {
  testing::TempDir dir;
  Db db = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(db.get());
  const std::string eur_latest = " FROM latest_prices WHERE currency = 'EUR'";
  // The text columns sort as text; the integer columns next to them sort by value.
  EXPECT_EQ(Column(db.get(), "SELECT price" + eur_latest + " ORDER BY price"),
            (std::vector<std::string>{"0.01", "1399.00", "249.00", "77.75"}));
  EXPECT_EQ(Column(db.get(), "SELECT price" + eur_latest + " ORDER BY price_micros"),
            (std::vector<std::string>{"0.01", "77.75", "249.00", "1399.00"}));
  EXPECT_EQ(Column(db.get(), "SELECT previous_price" + eur_latest + " ORDER BY previous_price"),
            (std::vector<std::string>{"100.00", "1399.00", "319.09", "9007199254.750993"}));
  EXPECT_EQ(
      Column(db.get(), "SELECT previous_price" + eur_latest + " ORDER BY previous_price_micros"),
      (std::vector<std::string>{"100.00", "319.09", "1399.00", "9007199254.750993"}));
  const std::string eur_changes = " FROM price_changes WHERE currency = 'EUR'";
  EXPECT_EQ(Column(db.get(), "SELECT change_percent" + eur_changes + " ORDER BY change_percent"),
            (std::vector<std::string>{"-100.00", "-21.97", "-22.25", "90071992547409.93"}));
  EXPECT_EQ(
      Column(db.get(), "SELECT change_percent" + eur_changes + " ORDER BY change_basis_points"),
      (std::vector<std::string>{"-100.00", "-22.25", "-21.97", "90071992547409.93"}));
  EXPECT_EQ(Column(db.get(), "SELECT old_price_micros || '>' || new_price_micros" + eur_changes +
                                 " ORDER BY new_price_micros"),
            (std::vector<std::string>{"9007199254750993>10000", "100000000>77750000",
                                      "319090000>249000000", "10000>9007199254750993"}));
  EXPECT_EQ(Column(db.get(),
                   "SELECT price_micros FROM price_history WHERE url LIKE '%kettle'"
                   " ORDER BY observed_at"),
            (std::vector<std::string>{"319090000", "249000000"}));
}

// Users' queries name the old columns and some select them by position: a migrated database and
// a new one show the same columns, the old ones first and in their old order.
TEST(SchemaTest, ViewsKeepTheirColumnsInOrderAheadOfTheIntegers) {
  testing::TempDir dir;
  Db migrated = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(migrated.get());
  Db created = OpenDatabase(dir.File("new.db"));
  ApplySchema(created.get());
  const std::vector<std::string> history = {
      "url", "title", "price", "currency", "availability", "observed_at", "source", "price_micros"};
  const std::vector<std::string> latest = {"url",
                                           "title",
                                           "price",
                                           "currency",
                                           "availability",
                                           "observed_at",
                                           "previous_price",
                                           "change_percent",
                                           "price_micros",
                                           "previous_price_micros",
                                           "change_basis_points"};
  const std::vector<std::string> changes = {"url",
                                            "title",
                                            "old_price",
                                            "new_price",
                                            "currency",
                                            "change_percent",
                                            "changed_at",
                                            "old_price_micros",
                                            "new_price_micros",
                                            "change_basis_points"};
  for (sqlite3* db : {migrated.get(), created.get()}) {
    EXPECT_EQ(ViewColumns(db, "price_history"), history);
    EXPECT_EQ(ViewColumns(db, "latest_prices"), latest);
    EXPECT_EQ(ViewColumns(db, "price_changes"), changes);
  }
}

TEST(SchemaTest, MigrationRunsOnceAndKeepsWrittenIntegers) {
  testing::TempDir dir;
  Db db = VersionThreeDatabase(dir.File("v3.db"));
  ApplySchema(db.get());
  Exec(db.get(), "UPDATE observations SET change_basis_points = 1250 WHERE id = 7");
  ApplySchema(db.get());
  EXPECT_EQ(Column(db.get(), "SELECT change_basis_points FROM observations WHERE id = 7"),
            std::vector<std::string>{"1250"});
}

}  // namespace
}  // namespace pricecrawl::storage
