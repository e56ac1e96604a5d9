#pragma once
// One row per pass in `runs` (DESIGN.md): started, resumed, interrupted or finished, with the
// pass's page and error counts. A pass left 'running' by a killed process, or 'interrupted'
// by a signal, is the one the next crawl resumes.
//
// Not thread-safe: the caller serialises access to the connection.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "storage/sqlite.h"

namespace pricecrawl::storage {

enum class RunStatus { kRunning, kInterrupted, kFinished };

std::string_view RunStatusName(RunStatus status);

struct RunRow {
  std::int64_t id = 0;
  std::string started_at;
  std::string finished_at;  // "" while unfinished
  std::string status;       // "running", "interrupted", "finished"
  std::int64_t pages_fetched = 0;
  std::int64_t errors = 0;
  std::int64_t pid = 0;
  std::int64_t resumes = 0;
};

class RunStore {
 public:
  // `db` must outlive the store and already carry the schema.
  explicit RunStore(sqlite3* db);

  std::optional<RunRow> Latest();
  // Inserts a new 'running' pass; returns its id.
  std::int64_t Start(std::string_view now, std::int64_t pid);
  // Marks an unfinished pass 'running' again under this process.
  void Resume(std::int64_t run_id, std::int64_t pid);
  // Adds to the pass's counters.
  void AddCounts(std::int64_t run_id, std::int64_t pages, std::int64_t errors);
  // Ends the pass with `status` (interrupted or finished).
  void End(std::int64_t run_id, RunStatus status, std::string_view now);

 private:
  sqlite3* db_;  // not owned
  Stmt add_counts_;
};

}  // namespace pricecrawl::storage
