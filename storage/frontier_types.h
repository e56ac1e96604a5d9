#pragma once
// The frontier's records as plain values: a URL's state, a URL checked out for fetching, what a
// fetch did to it, counts by state, and a host's stored robots.txt. No SQLite types, so the crawl
// loop and the politeness code can use them without seeing the database (storage/frontier_store.h
// and storage/host_store.h read and write them).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::storage {

enum class UrlState { kQueued, kInFlight, kDone, kFailed, kSkipped };

// The text stored in urls.state ("queued", "in_flight", ...).
std::string_view UrlStateName(UrlState state);

// What a seed line stores on its URL; "" for a field it does not give.
struct SeedColumns {
  std::string_view target_price;  // urls.target_price: target= (exact decimal text)
  std::string_view sku;           // urls.sku: sku=, the variant of the page to track
};

// A URL checked out of the frontier for fetching.
struct ClaimedUrl {
  std::int64_t id = 0;
  std::string url;
  std::string host;
  int depth = 0;
  int attempts = 0;
  std::string etag;  // from the last successful fetch, for conditional GET
  std::string last_modified;
  std::string sku;  // the seed line's sku= pin, "" for none
};

// What one finished fetch did to its URL.
struct UrlOutcome {
  std::int64_t url_id = 0;
  UrlState state = UrlState::kDone;
  long http_status = 0;        // 0: none (stored as NULL)
  std::string error;           // "" for success
  std::string fetched_at;      // timestamp text, "" when nothing was fetched (aborted)
  std::string next_fetch_at;   // when the URL is due again (retry or recrawl), "" for never
  bool spend_attempt = false;  // a retryable failure: attempts + 1
  bool reset_attempts = false;
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::int64_t run_id = 0;
};

struct StateCounts {
  std::int64_t queued = 0, in_flight = 0, done = 0, failed = 0, skipped = 0;
  std::int64_t Total() const { return queued + in_flight + done + failed + skipped; }
};

// The recrawl interval in force for a host: how long after its last fetch a known page is due
// again (the host's recrawl_after as configured for this run).
using RecrawlIntervalFor = std::function<std::chrono::milliseconds(std::string_view host)>;

// Known pages that a new pass does not fetch yet, and when the first of them comes due.
struct RecrawlBacklog {
  std::int64_t not_due = 0;
  std::optional<std::string> next_due_at;  // timestamp text; nullopt when nothing is waiting
};

struct HostCounts {
  std::string host;
  StateCounts counts;
};

// A host's robots.txt as last fetched (HostStore::LoadRobots).
struct CachedRobots {
  long http_status = 0;
  std::string body;
  std::string fetched_at;
};

}  // namespace pricecrawl::storage
