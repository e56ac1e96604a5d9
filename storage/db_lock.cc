#include "storage/db_lock.h"

#include <cerrno>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "config/errno_text.h"
#include "storage/sqlite.h"

namespace pricecrawl::storage {

std::optional<DbLock> DbLock::TryAcquire(const std::string& db_path) {
  const int fd = ::open(db_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    throw DbError("cannot open database '" + db_path + "' for locking: " + config::ErrnoText(errno),
                  SQLITE_CANTOPEN);
  }
  DbLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return std::nullopt;
    }
    throw DbError("cannot lock database '" + db_path + "': " + config::ErrnoText(errno),
                  SQLITE_IOERR);
  }
  return lock;
}

DbLock::DbLock(DbLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

DbLock& DbLock::operator=(DbLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DbLock::~DbLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing the descriptor releases the flock
  }
}

}  // namespace pricecrawl::storage
