#include "storage/run_store.h"

#include <gtest/gtest.h>

#include "storage/db_lock.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::storage {
namespace {

TEST(RunStoreTest, StartResumeAndEndAPass) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("r.db"));
  ApplySchema(db.get());
  RunStore runs(db.get());
  EXPECT_FALSE(runs.Latest().has_value());
  const auto id = runs.Start("2026-11-25T10:00:00.000Z", 42);
  runs.AddCounts(id, 10, 2);
  runs.End(id, RunStatus::kInterrupted, "2026-11-25T10:05:00.000Z");
  auto latest = runs.Latest();
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->status, "interrupted");
  EXPECT_EQ(latest->pages_fetched, 10);
  EXPECT_EQ(latest->errors, 2);
  runs.Resume(id, 43);
  latest = runs.Latest();
  EXPECT_EQ(latest->status, "running");
  EXPECT_EQ(latest->resumes, 1);
  EXPECT_EQ(latest->finished_at, "");
}

TEST(SchemaTest, ApplyingTwiceKeepsData) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("s.db"));
  ApplySchema(db.get());
  RunStore(db.get()).Start("2026-11-25T10:00:00.000Z", 1);
  ApplySchema(db.get());
  EXPECT_TRUE(RunStore(db.get()).Latest().has_value());
}

TEST(SchemaTest, RefusesANewerLayout) {
  testing::TempDir dir;
  Db db = OpenDatabase(dir.File("n.db"));
  Exec(db.get(), "PRAGMA user_version = 999");
  EXPECT_THROW(ApplySchema(db.get()), DbError);
}

TEST(OpenDatabaseTest, UnwritablePathNamesThePath) {
  try {
    OpenDatabase("/nonexistent-dir/x/shop.db");
    FAIL() << "expected DbError";
  } catch (const DbError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/shop.db"), std::string::npos)
        << e.what();
  }
}

TEST(DbLockTest, SecondHolderIsRefusedUntilTheFirstLetsGo) {
  testing::TempDir dir;
  const std::string path = dir.File("l.db");
  Db db = OpenDatabase(path);
  {
    auto first = DbLock::TryAcquire(path);
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(DbLock::TryAcquire(path).has_value());
  }
  EXPECT_TRUE(DbLock::TryAcquire(path).has_value());
}

}  // namespace
}  // namespace pricecrawl::storage
