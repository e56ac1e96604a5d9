#include "storage/sqlite.h"

#include <string>

namespace pricecrawl::storage {

void ThrowIfError(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) {
    return;
  }
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw DbError(message, rc);
}

Db OpenDatabase(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);  // sqlite3_open_v2 hands out a handle even on failure
  if (rc != SQLITE_OK) {
    ThrowIfError(db.get(), rc, "cannot open database '" + path + "'");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), 5000);
  try {
    // journal_mode=WAL writes to the file, so an unwritable path fails here, naming it.
    Exec(db.get(), "PRAGMA journal_mode=WAL");
    Exec(db.get(), "PRAGMA synchronous=NORMAL");
    Exec(db.get(), "PRAGMA foreign_keys=ON");
  } catch (const DbError& e) {
    throw DbError("cannot use database '" + path + "': " + e.what(), e.code());
  }
  return db;
}

void SetCacheSize(sqlite3* db, int kib) {
  Exec(db, "PRAGMA cache_size = -" + std::to_string(kib));
}

void Exec(sqlite3* db, std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw DbError(message, rc);
  }
}

Stmt Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Stmt stmt(raw);
  ThrowIfError(db, rc, "prepare");
  return stmt;
}

void Bind(sqlite3_stmt* stmt, int index, std::int64_t value) {
  ThrowIfError(sqlite3_db_handle(stmt), sqlite3_bind_int64(stmt, index, value), "bind");
}

void Bind(sqlite3_stmt* stmt, int index, std::string_view value) {
  ThrowIfError(sqlite3_db_handle(stmt),
               sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT),
               "bind");
}

void BindNull(sqlite3_stmt* stmt, int index) {
  ThrowIfError(sqlite3_db_handle(stmt), sqlite3_bind_null(stmt, index), "bind");
}

void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::string>& value) {
  if (value) {
    Bind(stmt, index, std::string_view(*value));
  } else {
    BindNull(stmt, index);
  }
}

void BindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    Bind(stmt, index, *value);
  } else {
    BindNull(stmt, index);
  }
}

void BindTextOrNull(sqlite3_stmt* stmt, int index, std::string_view value) {
  if (value.empty()) {
    BindNull(stmt, index);
  } else {
    Bind(stmt, index, value);
  }
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const auto* text = sqlite3_column_text(stmt, column);
  if (text == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

std::optional<std::string> ColumnOptionalText(sqlite3_stmt* stmt, int column) {
  if (sqlite3_column_type(stmt, column) == SQLITE_NULL) {
    return std::nullopt;
  }
  return ColumnText(stmt, column);
}

std::int64_t ColumnInt(sqlite3_stmt* stmt, int column) {
  return sqlite3_column_int64(stmt, column);
}

void StepDone(sqlite3* db, sqlite3_stmt* stmt, std::string_view what) {
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    ThrowIfError(db, rc, what);
  }
}

bool StepRow(sqlite3* db, sqlite3_stmt* stmt, std::string_view what) {
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc != SQLITE_DONE) {
    ThrowIfError(db, rc, what);
  }
  return false;
}

Transaction::Transaction(sqlite3* db) : db_(db) {
  Exec(db_, "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (open_) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);  // a destructor never throws
  }
}

void Transaction::Commit() {
  Exec(db_, "COMMIT");
  open_ = false;
}

}  // namespace pricecrawl::storage
