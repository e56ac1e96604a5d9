#pragma once
// The crawl's single SQLite connection: the frontier checkpoint and the pass's counters, written
// in batched transactions (one commit per `batch_size` pages or `batch_interval`, whichever
// comes first). The scheduling thread (claims) and the store node (results) share it under one
// mutex; a crash loses at most the open batch, whose URLs are still queued or in flight in the
// committed state and are fetched again by the next run. The scheduling loop sees it only as
// a CrawlFrontier.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crawler/alerts/alert_rules.h"
#include "crawler/base/clock.h"
#include "crawler/crawl/crawl_frontier.h"
#include "crawler/crawl/parse_stage.h"
#include "crawler/crawl/stored_page.h"
#include "crawler/price/decimal.h"
#include "storage/alert_store.h"
#include "storage/frontier_store.h"
#include "storage/host_store.h"
#include "storage/price_store.h"
#include "storage/run_store.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {

struct BatchLimits {
  // WAL commits with synchronous=NORMAL cost microseconds: commit often, so that a kill -9
  // loses little more than the transfers in flight.
  int batch_size = 128;
  std::chrono::milliseconds batch_interval{50};
};

class CrawlStore final : public CrawlFrontier {
 public:
  // Takes the connection; `clock` must outlive the store.
  CrawlStore(storage::Db db, const Clock& clock, BatchLimits limits);
  ~CrawlStore() override;
  CrawlStore(const CrawlStore&) = delete;
  CrawlStore& operator=(const CrawlStore&) = delete;

  void SetRunId(std::int64_t run_id);
  // [alerts] drop_percent for the alert rules (default 5). Alerts are written to the outbox in
  // the batch of the observation that raised them.
  void SetDropPercent(const Decimal& drop_percent);

  // Hosts with queued URLs (see FrontierStore::QueuedHosts).
  std::vector<std::string> QueuedHosts() override;
  // Checks out due URLs of `host` (see FrontierStore::ClaimForHost).
  std::vector<storage::ClaimedUrl> Claim(const std::string& host, int limit) override;
  // Records one page: its URL's new state, the links it adds to the frontier, the counters.
  StoredPage Store(const ParsedPage& page);

  // Marks URLs robots.txt disallows as skipped, due again at `next_fetch_at`.
  void MarkDisallowed(const std::vector<storage::ClaimedUrl>& urls,
                      std::string_view next_fetch_at) override;
  // Puts checked-out URLs back in the queue with `reason` as their error (their host could
  // not be crawled this run).
  void Requeue(const std::vector<storage::ClaimedUrl>& urls, std::string_view reason) override;
  // The host's robots.txt as last stored, if any.
  std::optional<storage::CachedRobots> LoadRobots(const std::string& host) override;
  // See FrontierStore::EarliestDeferred.
  std::optional<std::string> EarliestDeferred() override;

  // Commits the open batch if it is older than the batch interval.
  void CommitIfDue() override;
  // Commits the open batch now.
  void Commit();

  // Runs `fn(FrontierStore&, RunStore&)` under the lock inside the open batch.
  template <class Fn>
  auto WithStores(Fn&& fn) {
    std::lock_guard lock(mutex_);
    EnsureTransaction();
    return fn(frontier_, runs_);
  }

  std::string NowText() const;

 private:
  void EnsureTransaction();
  void CommitLocked();
  StoredPage StoreRobots(const ParsedPage& page, const std::string& now);
  // Counts one stored result towards the batch and commits when the batch is full.
  void CountInBatch();
  void StoreProduct(const ParsedPage& page, const std::string& now);
  // Applies the alert rules to a new observation of `product_id` and writes the alerts it
  // raises and the product's new alert state (inside the open batch).
  void RaiseAlerts(std::int64_t product_id, const storage::ProductRecord& record,
                   const ParsedPage& page, const storage::ObservationRecord& observation,
                   const std::optional<storage::LastObservation>& last);

  std::mutex mutex_;
  storage::Db db_;
  const Clock& clock_;
  BatchLimits limits_;
  storage::FrontierStore frontier_;
  storage::RunStore runs_;
  storage::HostStore hosts_;
  storage::PriceStore prices_;
  storage::AlertStore alerts_;
  Decimal drop_percent_ = Decimal::Parse("5").value();
  std::optional<storage::Transaction> transaction_;
  Clock::TimePoint batch_started_{};
  int batch_pages_ = 0;
  std::int64_t run_id_ = 0;
  std::int64_t pending_pages_ = 0;
  std::int64_t pending_errors_ = 0;
};

}  // namespace pricecrawl::crawler
