#include "storage/frontier_store.h"

#include <array>
#include <chrono>

#include "storage/timestamp.h"

namespace pricecrawl::storage {

std::string_view UrlStateName(UrlState state) {
  switch (state) {
    case UrlState::kQueued:
      return "queued";
    case UrlState::kInFlight:
      return "in_flight";
    case UrlState::kDone:
      return "done";
    case UrlState::kFailed:
      return "failed";
    case UrlState::kSkipped:
      return "skipped";
  }
  return "queued";
}

FrontierStore::FrontierStore(sqlite3* db)
    : db_(db),
      add_seed_(Prepare(db, R"sql(
        INSERT INTO urls (url, host, depth, state, is_seed, target_price, sku, discovered_at)
        VALUES (?1, ?2, 0, 'queued', 1, ?3, ?5, ?4)
        ON CONFLICT (url) DO UPDATE SET is_seed = 1, depth = 0,
          target_price = excluded.target_price, sku = excluded.sku
        WHERE urls.is_seed = 0 OR urls.depth <> 0
          OR urls.target_price IS NOT excluded.target_price
          OR urls.sku IS NOT excluded.sku)sql")),
      add_seed_requeue_(Prepare(db, R"sql(
        INSERT INTO urls (url, host, depth, state, is_seed, target_price, sku, discovered_at)
        VALUES (?1, ?2, 0, 'queued', 1, ?3, ?5, ?4)
        ON CONFLICT (url) DO UPDATE SET is_seed = 1, depth = 0,
          target_price = excluded.target_price, sku = excluded.sku, state = 'queued',
          next_fetch_at = NULL, attempts = 0
        WHERE urls.is_seed = 0 OR urls.depth <> 0
          OR urls.target_price IS NOT excluded.target_price OR urls.sku IS NOT excluded.sku
          OR urls.state <> 'queued'
          OR urls.next_fetch_at IS NOT NULL OR urls.attempts <> 0)sql")),
      enqueue_(Prepare(db, R"sql(
        INSERT INTO urls (url, host, depth, state, discovered_at)
        VALUES (?1, ?2, ?3, 'queued', ?4) ON CONFLICT (url) DO NOTHING)sql")),
      // One index seek per host (urls_claim) instead of a scan of every queued row.
      queued_hosts_(Prepare(db, R"sql(
        WITH RECURSIVE queued(host) AS (
          SELECT MIN(host) FROM urls WHERE state = 'queued'
          UNION ALL
          SELECT (SELECT MIN(host) FROM urls WHERE state = 'queued' AND host > queued.host)
          FROM queued WHERE queued.host IS NOT NULL)
        SELECT host FROM queued WHERE host IS NOT NULL)sql")),
      claim_select_(Prepare(db, R"sql(
        SELECT id, url, host, depth, attempts, etag, last_modified, sku FROM urls
        WHERE state = 'queued' AND host = ?1 AND (next_fetch_at IS NULL OR next_fetch_at <= ?2)
        ORDER BY depth, id LIMIT ?3)sql")),
      claim_mark_(Prepare(db, "UPDATE urls SET state = 'in_flight' WHERE id = ?1")),
      record_(Prepare(db, R"sql(
        UPDATE urls SET state = ?2, http_status = ?3, error = ?4,
          fetched_at = COALESCE(?5, fetched_at), next_fetch_at = ?6,
          attempts = CASE WHEN ?8 THEN 0 ELSE attempts + ?7 END,
          content_type = COALESCE(?9, content_type), etag = COALESCE(?10, etag),
          last_modified = COALESCE(?11, last_modified), run_id = ?12
        WHERE id = ?1)sql")),
      redirect_target_(Prepare(db, R"sql(
        INSERT INTO urls (url, host, depth, state, http_status, fetched_at, next_fetch_at,
                          discovered_at, run_id)
        VALUES (?1, ?2, ?3, 'done', ?4, ?5, ?6, ?5, ?7)
        ON CONFLICT (url) DO UPDATE SET state = 'done', http_status = excluded.http_status,
          fetched_at = excluded.fetched_at, next_fetch_at = excluded.next_fetch_at,
          run_id = excluded.run_id
        WHERE urls.state = 'queued')sql")),
      earliest_deferred_(Prepare(db, R"sql(
        SELECT MIN(next_fetch_at) FROM urls
        WHERE state = 'queued' AND next_fetch_at IS NOT NULL)sql")) {}

void FrontierStore::AddSeed(std::string_view url, std::string_view host, const SeedColumns& columns,
                            bool requeue, std::string_view now) {
  sqlite3_stmt* stmt = requeue ? add_seed_requeue_.get() : add_seed_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, url);
  Bind(stmt, 2, host);
  BindTextOrNull(stmt, 3, columns.target_price);
  Bind(stmt, 4, now);
  BindTextOrNull(stmt, 5, columns.sku);
  StepDone(db_, stmt, "add seed");
}

bool FrontierStore::Enqueue(std::string_view url, std::string_view host, int depth,
                            std::string_view now) {
  sqlite3_stmt* stmt = enqueue_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, url);
  Bind(stmt, 2, host);
  Bind(stmt, 3, std::int64_t{depth});
  Bind(stmt, 4, now);
  StepDone(db_, stmt, "enqueue url");
  return sqlite3_changes(db_) > 0;
}

std::vector<std::string> FrontierStore::QueuedHosts() {
  sqlite3_stmt* stmt = queued_hosts_.get();
  StmtReset reset(stmt);
  std::vector<std::string> hosts;
  while (StepRow(db_, stmt, "list queued hosts")) {
    hosts.push_back(ColumnText(stmt, 0));
  }
  return hosts;
}

std::vector<ClaimedUrl> FrontierStore::ClaimForHost(std::string_view host, int limit,
                                                    std::string_view now) {
  std::vector<ClaimedUrl> claimed;
  {
    sqlite3_stmt* stmt = claim_select_.get();
    StmtReset reset(stmt);
    Bind(stmt, 1, host);
    Bind(stmt, 2, now);
    Bind(stmt, 3, std::int64_t{limit});
    while (StepRow(db_, stmt, "claim urls")) {
      ClaimedUrl row;
      row.id = ColumnInt(stmt, 0);
      row.url = ColumnText(stmt, 1);
      row.host = ColumnText(stmt, 2);
      row.depth = static_cast<int>(ColumnInt(stmt, 3));
      row.attempts = static_cast<int>(ColumnInt(stmt, 4));
      row.etag = ColumnText(stmt, 5);
      row.last_modified = ColumnText(stmt, 6);
      row.sku = ColumnText(stmt, 7);
      claimed.push_back(std::move(row));
    }
  }
  sqlite3_stmt* mark = claim_mark_.get();
  for (const ClaimedUrl& row : claimed) {
    StmtReset reset(mark);
    Bind(mark, 1, row.id);
    StepDone(db_, mark, "mark in flight");
  }
  return claimed;
}

void FrontierStore::Record(const UrlOutcome& outcome) {
  sqlite3_stmt* stmt = record_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, outcome.url_id);
  Bind(stmt, 2, UrlStateName(outcome.state));
  if (outcome.http_status > 0) {
    Bind(stmt, 3, std::int64_t{outcome.http_status});
  } else {
    BindNull(stmt, 3);
  }
  BindTextOrNull(stmt, 4, outcome.error);
  BindTextOrNull(stmt, 5, outcome.fetched_at);
  BindTextOrNull(stmt, 6, outcome.next_fetch_at);
  Bind(stmt, 7, std::int64_t{outcome.spend_attempt ? 1 : 0});
  Bind(stmt, 8, std::int64_t{outcome.reset_attempts ? 1 : 0});
  BindTextOrNull(stmt, 9, outcome.content_type);
  BindTextOrNull(stmt, 10, outcome.etag);
  BindTextOrNull(stmt, 11, outcome.last_modified);
  if (outcome.run_id > 0) {
    Bind(stmt, 12, outcome.run_id);
  } else {
    BindNull(stmt, 12);
  }
  StepDone(db_, stmt, "record fetch outcome");
}

void FrontierStore::RecordRedirectTarget(std::string_view url, std::string_view host, int depth,
                                         long http_status, std::string_view fetched_at,
                                         std::string_view next_fetch_at, std::int64_t run_id) {
  sqlite3_stmt* stmt = redirect_target_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, url);
  Bind(stmt, 2, host);
  Bind(stmt, 3, std::int64_t{depth});
  Bind(stmt, 4, std::int64_t{http_status});
  Bind(stmt, 5, fetched_at);
  BindTextOrNull(stmt, 6, next_fetch_at);
  Bind(stmt, 7, run_id);
  StepDone(db_, stmt, "record redirect target");
}

std::int64_t FrontierStore::RequeueInFlight() {
  Exec(db_, "UPDATE urls SET state = 'queued' WHERE state = 'in_flight'");
  return sqlite3_changes64(db_);
}

std::vector<FrontierStore::HostCutoff> FrontierStore::KnownHostCutoffs(
    std::string_view now, const RecrawlIntervalFor& interval_for) {
  const std::optional<std::chrono::system_clock::time_point> now_time = ParseTimestamp(now);
  if (!now_time) {
    throw DbError("recrawl: not a timestamp: '" + std::string(now) + "'", SQLITE_MISUSE);
  }
  Stmt stmt = Prepare(db_, R"sql(
    SELECT DISTINCT host FROM urls WHERE state IN ('done', 'failed', 'skipped'))sql");
  std::vector<HostCutoff> cutoffs;
  while (StepRow(db_, stmt.get(), "list known hosts")) {
    HostCutoff c;
    c.host = std::string(ColumnText(stmt.get(), 0));
    c.interval =
        std::chrono::duration_cast<std::chrono::system_clock::duration>(interval_for(c.host));
    c.cutoff = FormatTimestamp(*now_time - c.interval);
    cutoffs.push_back(std::move(c));
  }
  return cutoffs;
}

std::int64_t FrontierStore::RequeueDue(std::string_view now,
                                       const RecrawlIntervalFor& interval_for) {
  // next_fetch_at is cleared: it may lie ahead when the interval was shortened since the fetch,
  // and the claim would wait for it.
  Stmt stmt = Prepare(db_, R"sql(
    UPDATE urls SET state = 'queued', attempts = 0, next_fetch_at = NULL
    WHERE state IN ('done', 'failed', 'skipped') AND host = ?1
      AND (fetched_at <= ?2 OR (fetched_at IS NULL AND next_fetch_at <= ?3)))sql");
  std::int64_t queued = 0;
  for (const HostCutoff& c : KnownHostCutoffs(now, interval_for)) {
    StmtReset reset(stmt.get());
    Bind(stmt.get(), 1, c.host);
    Bind(stmt.get(), 2, c.cutoff);
    Bind(stmt.get(), 3, now);
    StepDone(db_, stmt.get(), "requeue due urls");
    queued += sqlite3_changes64(db_);
  }
  return queued;
}

std::int64_t FrontierStore::RequeueAll() {
  Exec(db_, R"sql(
    UPDATE urls SET state = 'queued', attempts = 0, next_fetch_at = NULL
    WHERE state IN ('done', 'failed', 'skipped'))sql");
  return sqlite3_changes64(db_);
}

RecrawlBacklog FrontierStore::NotYetDue(std::string_view now,
                                        const RecrawlIntervalFor& interval_for) {
  Stmt stmt = Prepare(db_, R"sql(
    SELECT COUNT(*) FILTER (WHERE fetched_at > ?2), MIN(fetched_at) FILTER (WHERE fetched_at > ?2),
           COUNT(*) FILTER (WHERE fetched_at IS NULL AND next_fetch_at > ?3),
           MIN(next_fetch_at) FILTER (WHERE fetched_at IS NULL AND next_fetch_at > ?3)
    FROM urls WHERE state IN ('done', 'failed', 'skipped') AND host = ?1)sql");
  RecrawlBacklog backlog;
  const auto note_due = [&backlog](std::string due_at) {
    if (!backlog.next_due_at || due_at < *backlog.next_due_at) {
      backlog.next_due_at = std::move(due_at);
    }
  };
  for (const HostCutoff& c : KnownHostCutoffs(now, interval_for)) {
    StmtReset reset(stmt.get());
    Bind(stmt.get(), 1, c.host);
    Bind(stmt.get(), 2, c.cutoff);
    Bind(stmt.get(), 3, now);
    if (!StepRow(db_, stmt.get(), "count urls not yet due")) {
      continue;
    }
    backlog.not_due += ColumnInt(stmt.get(), 0) + ColumnInt(stmt.get(), 2);
    if (const std::optional<std::string> fetched = ColumnOptionalText(stmt.get(), 1)) {
      if (const auto fetched_time = ParseTimestamp(*fetched)) {
        note_due(FormatTimestamp(*fetched_time + c.interval));  // one interval after that fetch
      }
    }
    if (std::optional<std::string> next = ColumnOptionalText(stmt.get(), 3)) {
      note_due(std::move(*next));
    }
  }
  return backlog;
}

std::optional<std::string> FrontierStore::EarliestDeferred() {
  sqlite3_stmt* stmt = earliest_deferred_.get();
  StmtReset reset(stmt);
  if (!StepRow(db_, stmt, "earliest deferred")) {
    return std::nullopt;
  }
  return ColumnOptionalText(stmt, 0);
}

namespace {

void AddCount(StateCounts& counts, std::string_view state, std::int64_t n) {
  if (state == "queued") {
    counts.queued += n;
  } else if (state == "in_flight") {
    counts.in_flight += n;
  } else if (state == "done") {
    counts.done += n;
  } else if (state == "failed") {
    counts.failed += n;
  } else if (state == "skipped") {
    counts.skipped += n;
  }
}

}  // namespace

StateCounts FrontierStore::Counts() {
  Stmt stmt = Prepare(db_, "SELECT state, COUNT(*) FROM urls GROUP BY state");
  StateCounts counts;
  while (StepRow(db_, stmt.get(), "count urls")) {
    AddCount(counts, ColumnText(stmt.get(), 0), ColumnInt(stmt.get(), 1));
  }
  return counts;
}

std::vector<HostCounts> FrontierStore::CountsByHost(int limit) {
  Stmt stmt = Prepare(db_, R"sql(
    SELECT host, state, n FROM (SELECT host, state, COUNT(*) AS n FROM urls GROUP BY host, state)
    WHERE host IN (SELECT host FROM urls GROUP BY host ORDER BY COUNT(*) DESC, host LIMIT ?1)
    ORDER BY host)sql");
  Bind(stmt.get(), 1, std::int64_t{limit});
  std::vector<HostCounts> result;
  while (StepRow(db_, stmt.get(), "count urls by host")) {
    std::string host = ColumnText(stmt.get(), 0);
    if (result.empty() || result.back().host != host) {
      result.push_back(HostCounts{host, {}});
    }
    AddCount(result.back().counts, ColumnText(stmt.get(), 1), ColumnInt(stmt.get(), 2));
  }
  return result;
}

}  // namespace pricecrawl::storage
