// The SQLite helpers (storage/sqlite.h) that the commands call directly.

#include "storage/sqlite.h"

#include <gtest/gtest.h>

#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

std::int64_t PragmaValue(sqlite3* db, std::string_view pragma) {
  Stmt stmt = Prepare(db, "PRAGMA " + std::string(pragma));
  EXPECT_TRUE(StepRow(db, stmt.get(), pragma));
  return ColumnInt(stmt.get(), 0);
}

TEST(SqliteTest, SetCacheSizeIsInKibibytes) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("c.db"));
  SetCacheSize(db.get(), 32 * 1024);
  EXPECT_EQ(PragmaValue(db.get(), "cache_size"), -32 * 1024);  // negative: KiB, not pages
}

TEST(SqliteTest, OpenDatabaseUsesTheWriteAheadLog) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("w.db"));
  Stmt stmt = Prepare(db.get(), "PRAGMA journal_mode");
  ASSERT_TRUE(StepRow(db.get(), stmt.get(), "journal_mode"));
  EXPECT_EQ(ColumnText(stmt.get(), 0), "wal");
}

}  // namespace
}  // namespace pricecrawl::storage
