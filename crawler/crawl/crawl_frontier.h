#pragma once
// The frontier as the scheduling loop sees it: claim a host's due URLs, put URLs back, read a
// host's stored robots.txt, and commit the open batch. CrawlStore implements it on SQLite; the
// loop knows only this interface, so another backend (or a test's fake) can stand in.
//
// Timestamps are storage's text form (storage/timestamp.h). Called from the scheduling thread
// only; an implementation that shares its connection with the store node locks inside.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/frontier_types.h"

namespace pricecrawl::crawler {

class CrawlFrontier {
 public:
  virtual ~CrawlFrontier() = default;
  CrawlFrontier(const CrawlFrontier&) = delete;
  CrawlFrontier& operator=(const CrawlFrontier&) = delete;

  // Hosts that have queued URLs, due or deferred.
  virtual std::vector<std::string> QueuedHosts() = 0;
  // Checks out up to `limit` due queued URLs of `host` (marked in flight); empty when none is
  // due.
  virtual std::vector<storage::ClaimedUrl> Claim(const std::string& host, int limit) = 0;
  // Puts checked-out URLs back in the queue with `reason` as their error (their host could
  // not be crawled this run).
  virtual void Requeue(const std::vector<storage::ClaimedUrl>& urls, std::string_view reason) = 0;
  // Marks URLs robots.txt disallows as skipped, due again at `next_fetch_at`.
  virtual void MarkDisallowed(const std::vector<storage::ClaimedUrl>& urls,
                              std::string_view next_fetch_at) = 0;
  // The host's robots.txt as last stored, if any.
  virtual std::optional<storage::CachedRobots> LoadRobots(const std::string& host) = 0;
  // The earliest time a deferred queued URL (a retry waiting) comes due; nullopt when none.
  virtual std::optional<std::string> EarliestDeferred() = 0;
  // Commits the open batch if it is older than the batch interval.
  virtual void CommitIfDue() = 0;

 protected:
  CrawlFrontier() = default;
};

}  // namespace pricecrawl::crawler
