#include "storage/run_store.h"

namespace pricecrawl::storage {

std::string_view RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kInterrupted:
      return "interrupted";
    case RunStatus::kFinished:
      return "finished";
  }
  return "running";
}

RunStore::RunStore(sqlite3* db)
    : db_(db), add_counts_(Prepare(db, R"sql(
        UPDATE runs SET pages_fetched = pages_fetched + ?2, errors = errors + ?3
        WHERE id = ?1)sql")) {}

std::optional<RunRow> RunStore::Latest() {
  Stmt stmt = Prepare(db_, R"sql(
    SELECT id, started_at, COALESCE(finished_at, ''), status, pages_fetched, errors,
           COALESCE(pid, 0), resumes
    FROM runs ORDER BY id DESC LIMIT 1)sql");
  if (!StepRow(db_, stmt.get(), "read latest run")) {
    return std::nullopt;
  }
  RunRow row;
  row.id = ColumnInt(stmt.get(), 0);
  row.started_at = ColumnText(stmt.get(), 1);
  row.finished_at = ColumnText(stmt.get(), 2);
  row.status = ColumnText(stmt.get(), 3);
  row.pages_fetched = ColumnInt(stmt.get(), 4);
  row.errors = ColumnInt(stmt.get(), 5);
  row.pid = ColumnInt(stmt.get(), 6);
  row.resumes = ColumnInt(stmt.get(), 7);
  return row;
}

std::int64_t RunStore::Start(std::string_view now, std::int64_t pid) {
  Stmt stmt = Prepare(db_, "INSERT INTO runs (started_at, status, pid) VALUES (?1, 'running', ?2)");
  Bind(stmt.get(), 1, now);
  Bind(stmt.get(), 2, pid);
  StepDone(db_, stmt.get(), "start run");
  return sqlite3_last_insert_rowid(db_);
}

void RunStore::Resume(std::int64_t run_id, std::int64_t pid) {
  Stmt stmt = Prepare(db_, R"sql(
    UPDATE runs SET status = 'running', pid = ?2, resumes = resumes + 1, finished_at = NULL
    WHERE id = ?1)sql");
  Bind(stmt.get(), 1, run_id);
  Bind(stmt.get(), 2, pid);
  StepDone(db_, stmt.get(), "resume run");
}

void RunStore::AddCounts(std::int64_t run_id, std::int64_t pages, std::int64_t errors) {
  sqlite3_stmt* stmt = add_counts_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, run_id);
  Bind(stmt, 2, pages);
  Bind(stmt, 3, errors);
  StepDone(db_, stmt, "count pages");
}

void RunStore::End(std::int64_t run_id, RunStatus status, std::string_view now) {
  Stmt stmt = Prepare(db_, "UPDATE runs SET status = ?2, finished_at = ?3 WHERE id = ?1");
  Bind(stmt.get(), 1, run_id);
  Bind(stmt.get(), 2, RunStatusName(status));
  Bind(stmt.get(), 3, now);
  StepDone(db_, stmt.get(), "end run");
}

}  // namespace pricecrawl::storage
