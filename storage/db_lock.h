#pragma once
// The single-crawler lock of a database file (exit 75 in DESIGN.md). An advisory flock(2) on
// the database file itself: the kernel drops it when the holder exits or is killed, so a
// crashed run never leaves a stale lock behind, and overlapping cron runs need no flock(1).
// SQLite's own locks are fcntl(2) locks, which do not interact with flock(2) on Linux.

#include <optional>
#include <string>

namespace pricecrawl::storage {

class DbLock {
 public:
  // Takes the lock without waiting. nullopt when another process holds it. Throws DbError
  // when the file cannot be opened.
  static std::optional<DbLock> TryAcquire(const std::string& db_path);

  DbLock(DbLock&& other) noexcept;
  DbLock& operator=(DbLock&& other) noexcept;
  DbLock(const DbLock&) = delete;
  DbLock& operator=(const DbLock&) = delete;
  ~DbLock();

 private:
  explicit DbLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace pricecrawl::storage
