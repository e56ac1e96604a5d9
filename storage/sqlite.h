#pragma once
// Thin RAII layer over the SQLite C API: owned connection and statement handles, a
// BEGIN IMMEDIATE transaction that rolls back unless committed, a reset guard for reused
// prepared statements, and one exception type (DbError) for failures of the environment
// (unwritable file, disk full). Only storage/ includes <sqlite3.h> (STYLE.md 4.1).

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace pricecrawl::storage {

template <auto Fn>
struct FnDeleter {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) {
      Fn(p);
    }
  }
};

using Db = std::unique_ptr<sqlite3, FnDeleter<sqlite3_close_v2>>;
using Stmt = std::unique_ptr<sqlite3_stmt, FnDeleter<sqlite3_finalize>>;

// Failure of the database itself (tier 3 in STYLE.md 4.6): ends the operation, exit 1.
class DbError : public std::runtime_error {
 public:
  DbError(const std::string& message, int code) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// Throws DbError("<what>: <sqlite message>") when rc is not OK/ROW/DONE.
void ThrowIfError(sqlite3* db, int rc, std::string_view what);

// Opens (creating if needed) the database file at `path` in WAL mode with a busy timeout.
// Throws DbError naming the path when it cannot be opened or written.
Db OpenDatabase(const std::string& path);

// Runs SQL without results (DDL, pragmas). Throws DbError.
void Exec(sqlite3* db, std::string_view sql);

// Sets the connection's page cache to `kib` KiB (PRAGMA cache_size; pages are allocated as they
// are used, so a large cache costs only what the workload touches). Throws DbError.
void SetCacheSize(sqlite3* db, int kib);

// Prepares a statement meant to be reused for the connection's lifetime.
Stmt Prepare(sqlite3* db, std::string_view sql);

// Resets and clears a reused statement when the scope ends.
class StmtReset {
 public:
  explicit StmtReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StmtReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StmtReset(const StmtReset&) = delete;
  StmtReset& operator=(const StmtReset&) = delete;

 private:
  sqlite3_stmt* stmt_;  // not owned
};

// Binding helpers (1-based parameter index); each throws DbError on failure.
void Bind(sqlite3_stmt* stmt, int index, std::int64_t value);
void Bind(sqlite3_stmt* stmt, int index, std::string_view value);
void BindNull(sqlite3_stmt* stmt, int index);
void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::string>& value);
void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::int64_t>& value);
// Binds text, or NULL when `value` is empty.
void BindTextOrNull(sqlite3_stmt* stmt, int index, std::string_view value);

// Column readers (0-based).
std::string ColumnText(sqlite3_stmt* stmt, int column);
std::optional<std::string> ColumnOptionalText(sqlite3_stmt* stmt, int column);
std::int64_t ColumnInt(sqlite3_stmt* stmt, int column);

// Steps a statement expected to finish without rows (INSERT/UPDATE). Throws DbError.
void StepDone(sqlite3* db, sqlite3_stmt* stmt, std::string_view what);
// Steps once; true when a row is available. Throws DbError.
bool StepRow(sqlite3* db, sqlite3_stmt* stmt, std::string_view what);

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless Commit() ran.
class Transaction {
 public:
  explicit Transaction(sqlite3* db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  sqlite3* db_;  // not owned; outlives the transaction
  bool open_ = true;
};

}  // namespace pricecrawl::storage
