// The alerts outbox and alert state tables (issue 6): schema version 2 upgrades a version-1
// database in place, keeping its alert rows, and the store's outbox bookkeeping.

#include "storage/alert_store.h"

#include <gtest/gtest.h>

#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

std::string One(sqlite3* db, const std::string& sql) {
  Stmt stmt = Prepare(db, sql);
  return StepRow(db, stmt.get(), "query") ? ColumnText(stmt.get(), 0) : "";
}

TEST(AlertStoreTest, VersionOneDatabaseIsUpgradedKeepingItsAlerts) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("old.db"));
  Exec(db.get(), R"sql(
    CREATE TABLE products (id INTEGER PRIMARY KEY, product_key TEXT NOT NULL UNIQUE);
    CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, target_price TEXT);
    CREATE TABLE observations (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL,
      observed_at TEXT NOT NULL, price_micros INTEGER NOT NULL, previous_price TEXT,
      change_percent TEXT);
    CREATE TABLE alerts (id INTEGER PRIMARY KEY, url TEXT NOT NULL, kind TEXT NOT NULL,
      old_price TEXT, new_price TEXT, created_at TEXT NOT NULL, delivered_at TEXT,
      last_error TEXT);
    INSERT INTO alerts (url, kind, old_price, new_price, created_at)
      VALUES ('https://a.example/x', 'drop', '10', '8', '2025-01-01T00:00:00.000Z');
    PRAGMA user_version = 1;)sql");
  ApplySchema(db.get());
  EXPECT_EQ(One(db.get(), "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(One(db.get(), "SELECT attempts || ' ' || kind FROM alerts"), "0 drop");
  AlertStore store(db.get());
  const auto due = store.Due("2025-01-02T00:00:00.000Z", 0, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].observed_at, "2025-01-01T00:00:00.000Z");  // created_at stands in
}

TEST(AlertStoreTest, OutboxBookkeeping) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("a.db"));
  ApplySchema(db.get());
  AlertStore store(db.get());
  NewAlert alert;
  alert.url = "https://a.example/x";
  alert.kind = "target";
  alert.new_price = "8.00";
  alert.created_at = alert.observed_at = "2025-01-01T00:00:00.000Z";
  const std::int64_t first = store.Add(alert);
  const std::int64_t second = store.Add(alert);

  store.MarkFailed(first, "HTTP 500", "2025-01-01T00:00:30.000Z");
  EXPECT_EQ(store.Due("2025-01-01T00:00:10.000Z", 0, 10).size(), 1u);  // only `second`
  EXPECT_EQ(store.Due("2025-01-01T00:00:30.000Z", 0, 10).size(), 2u);
  EXPECT_EQ(store.Due("2025-01-01T00:00:30.000Z", first, 10).size(), 1u);

  OutboxCounts counts = store.Counts();
  EXPECT_EQ(counts.total, 2);
  EXPECT_EQ(counts.undelivered, 2);
  EXPECT_EQ(counts.failing, 1);
  EXPECT_EQ(counts.last_error, "HTTP 500");

  store.MarkChannelDelivered(first, AlertChannel::kWebhook, "2025-01-01T00:01:00.000Z");
  store.MarkDelivered(first, "2025-01-01T00:01:00.000Z");
  store.MarkFailed(first, "late failure", "2025-01-01T00:02:00.000Z");  // ignored: delivered
  EXPECT_EQ(One(db.get(), "SELECT attempts || ' ' || last_error FROM alerts WHERE id = " +
                              std::to_string(first)),
            "1 HTTP 500");
  counts = store.Counts();
  EXPECT_EQ(counts.undelivered, 1);
  EXPECT_EQ(counts.failing, 0);
  EXPECT_EQ(store.Due("2025-01-01T00:05:00.000Z", 0, 10).at(0).id, second);

  AlertStateRow state;
  state.reference_price = "10.00";
  state.last_availability = "out_of_stock";
  state.target_armed = false;
  state.armed_for_target = "9";
  Exec(db.get(),
       "INSERT INTO products (id, product_key, url, first_seen_at, last_seen_at) "
       "VALUES (7, 'k', 'https://a.example/x', 'now', 'now')");
  EXPECT_FALSE(store.LoadState(7).has_value());
  store.SaveState(7, state, "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(store.LoadState(7), state);
}

}  // namespace
}  // namespace pricecrawl::storage
