#pragma once
// The database layout users query (DESIGN.md "Database"): runs, urls, hosts, products,
// observations with their views, and the alerts outbox, created or migrated in place. PRAGMA
// user_version records the layout's version, so an older database is upgraded by the next run
// instead of being rebuilt.

#include <string>

#include <sqlite3.h>

#include "storage/sqlite.h"

namespace pricecrawl::storage {

inline constexpr int kSchemaVersion = 4;

// Creates missing tables and indexes, and migrates older versions. `db` is not owned.
// Throws DbError; throws DbError too when the file has a newer version than this binary knows.
void ApplySchema(sqlite3* db);

// Opens the database a crawl wrote, for the commands that read it (status, prices, history),
// and brings its layout up to date. Throws DbError "no database at '<path>' …" when there is
// no file there, rather than creating an empty one.
Db OpenExistingDatabase(const std::string& path);

}  // namespace pricecrawl::storage
