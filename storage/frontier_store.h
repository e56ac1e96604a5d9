#pragma once
// The crawl frontier and checkpoint: the `urls` table. Every URL's state lives here, so a run
// cut short at any instant resumes from the table alone. Only a window of due URLs is ever
// read into memory (ClaimForHost), whatever the table's size.
//
// Not thread-safe: the caller serialises access to the connection (one writer).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "storage/frontier_types.h"
#include "storage/sqlite.h"

namespace pricecrawl::storage {

class FrontierStore {
 public:
  // `db` must outlive the store and already carry the schema.
  explicit FrontierStore(sqlite3* db);

  // Adds a seed at depth 0, or makes an existing URL a seed again; with `requeue` (a new pass)
  // the URL is queued again whatever its state. The seed's columns replace what an earlier
  // seed line stored (an empty one clears it).
  void AddSeed(std::string_view url, std::string_view host, const SeedColumns& columns,
               bool requeue, std::string_view now);

  // Inserts a newly discovered URL as queued; false when it was already known.
  bool Enqueue(std::string_view url, std::string_view host, int depth, std::string_view now);

  // Hosts that have queued URLs (due or deferred).
  std::vector<std::string> QueuedHosts();

  // Checks out up to `limit` due queued URLs of `host` (shallowest first) and marks them
  // in_flight.
  std::vector<ClaimedUrl> ClaimForHost(std::string_view host, int limit, std::string_view now);

  // Records the outcome of one fetch.
  void Record(const UrlOutcome& outcome);

  // Records that a redirect landed on `url`: it is known and done too, so it is not fetched
  // again when a link to it turns up (only a queued or unknown URL is changed).
  void RecordRedirectTarget(std::string_view url, std::string_view host, int depth,
                            long http_status, std::string_view fetched_at,
                            std::string_view next_fetch_at, std::int64_t run_id);

  // Puts in_flight URLs back in the queue (after a crash or an abort); returns how many.
  std::int64_t RequeueInFlight();

  // A new pass: queues the done, failed and skipped URLs that are due, with the intervals in
  // force now (not those of the run that fetched them): a URL is due once `interval_for` its
  // host has passed since its last fetch; one never fetched (disallowed by robots.txt) once its
  // next_fetch_at has passed. Returns how many were queued.
  std::int64_t RequeueDue(std::string_view now, const RecrawlIntervalFor& interval_for);

  // Queues every done, failed and skipped URL, due or not (crawl --recheck); returns how many.
  std::int64_t RequeueAll();

  // The done, failed and skipped URLs RequeueDue would leave alone at `now`, and when the
  // first of them comes due.
  RecrawlBacklog NotYetDue(std::string_view now, const RecrawlIntervalFor& interval_for);

  // The earliest next_fetch_at among queued URLs that have one (retries waiting, or come due
  // while their host was idle); nullopt when there are none.
  std::optional<std::string> EarliestDeferred();

  StateCounts Counts();
  std::vector<HostCounts> CountsByHost(int limit);

 private:
  sqlite3* db_;  // not owned
  Stmt add_seed_;
  Stmt add_seed_requeue_;
  Stmt enqueue_;
  Stmt queued_hosts_;
  Stmt claim_select_;
  Stmt claim_mark_;
  Stmt record_;
  Stmt redirect_target_;
  Stmt earliest_deferred_;

  // A host of done, failed and skipped URLs with its recrawl interval and cutoff (`now` less
  // the interval): a URL fetched at or before the cutoff is due.
  struct HostCutoff {
    std::string host;
    std::chrono::system_clock::duration interval{};
    std::string cutoff;
  };
  std::vector<HostCutoff> KnownHostCutoffs(std::string_view now,
                                           const RecrawlIntervalFor& interval_for);
};

}  // namespace pricecrawl::storage
