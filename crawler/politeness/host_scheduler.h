#pragma once
// Decides which claimed URL goes out next, host by host: a per-host queue of checked-out URLs,
// a token bucket, a cap on transfers in flight and a pause (Retry-After, back-off). Hosts
// without a token sleep in a time-ordered set while the others proceed, so many hosts run at
// full speed, each at its own pace, and an idle host costs nothing.
//
// Not thread-safe: owned by the crawl's scheduling thread. Time comes from the caller.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/base/clock.h"
#include "crawler/politeness/token_bucket.h"
#include "storage/frontier_types.h"

namespace pricecrawl::crawler {

struct HostLimits {
  double rate = 1.0;  // requests per second, 0 = unlimited
  int burst = 2;
  int max_concurrent = 2;
  int window = 8;  // URLs of this host kept checked out in memory
};

class HostScheduler {
 public:
  // Decides, before a token is spent, whether a URL may be fetched at all (robots.txt).
  // URLs it refuses are set aside for TakeRefused().
  using AdmitFn = std::function<bool(const storage::ClaimedUrl&)>;

  HostScheduler() = default;
  void SetAdmit(AdmitFn admit) { admit_ = std::move(admit); }

  // Makes `host` known with its limits (once; later calls keep the first limits).
  void AddHost(const std::string& host, const HostLimits& limits, Clock::TimePoint now);
  bool HasHost(const std::string& host) const { return hosts_.count(host) != 0; }
  // URLs of `host` checked out and waiting (0 for an unknown host).
  std::size_t QueueSize(const std::string& host) const;

  // Hands URLs checked out of the frontier to their host's queue. The host must be known.
  void Add(std::vector<storage::ClaimedUrl> urls, Clock::TimePoint now);

  // The next URL allowed to go out at `now`, taking a token and a concurrency slot.
  std::optional<storage::ClaimedUrl> Next(Clock::TimePoint now);

  // A transfer of `host` ended; frees its slot.
  void Completed(const std::string& host, Clock::TimePoint now);

  // Holds back `host`'s queued URLs (its robots.txt is not known yet); requests added with
  // AddPriority still go out, within the host's limits.
  void Hold(const std::string& host);
  void Release(const std::string& host, Clock::TimePoint now);
  bool IsHeld(const std::string& host) const;
  // A request that goes out before the host's queue (robots.txt), held or not.
  void AddPriority(storage::ClaimedUrl request, Clock::TimePoint now);
  // Gives up on `host` for this run: returns its queued URLs and never asks for more.
  std::vector<storage::ClaimedUrl> Retire(const std::string& host);
  // URLs the admit function refused since the last call.
  std::vector<storage::ClaimedUrl> TakeRefused();

  // Pauses `host` until `until` (Retry-After, back-off); queued URLs wait.
  void Pause(const std::string& host, Clock::TimePoint until);

  // Lowers or restores the host's rate (Crawl-delay, adaptive back-off).
  void SetRate(const std::string& host, double rate);

  // How many more URLs `host` wants checked out (its window less what it holds).
  int Wanted(const std::string& host) const;

  // Hosts whose queue ran low and that may have more due URLs in the frontier; the caller
  // claims for them and calls Add (or MarkDrained when there was nothing).
  std::vector<std::string> TakeHostsNeedingRefill();
  // The same, at most `max` hosts (the longest waiting first); the rest stay listed, so a
  // caller can send what it has between rounds of claims (a thousand hosts start at once).
  std::vector<std::string> TakeHostsNeedingRefill(std::size_t max);
  // True when some host waits for TakeHostsNeedingRefill.
  bool RefillPending() const { return !refill_.empty(); }
  // The frontier had no due URL for `host`; it is not asked for again until Wake(host).
  void MarkDrained(const std::string& host);
  // New URLs for `host` may exist (links were stored, a deferred retry is due).
  void Wake(const std::string& host, Clock::TimePoint now);
  // Wake() for every host (deferred retries came due).
  void WakeAll(Clock::TimePoint now);
  // True when no host waits for a refill and nothing is queued or in flight.
  bool Idle() const { return refill_.empty() && queued_ == 0 && in_flight_ == 0 && priority_ == 0; }

  // The earliest time something may become dispatchable without a completion (a token, a
  // pause ending); nullopt when only completions or refills can unblock work.
  std::optional<Clock::TimePoint> NextWakeup() const;

  std::size_t queued() const { return queued_; }  // URLs checked out and waiting
  std::size_t in_flight() const { return in_flight_; }
  std::size_t hosts_waiting() const { return sleeping_.size(); }  // blocked on rate or pause
  // Drops every waiting URL and returns them (stop: they go back to the frontier).
  std::vector<storage::ClaimedUrl> DrainQueued();

 private:
  struct Host {
    explicit Host(TokenBucket token_bucket) : bucket(token_bucket) {}
    std::deque<storage::ClaimedUrl> queue;
    TokenBucket bucket;
    int max_concurrent = 1;
    std::size_t window = 8;
    int in_flight = 0;
    Clock::TimePoint paused_until{};
    std::deque<storage::ClaimedUrl> priority;  // goes out first (robots.txt)
    bool held = false;                         // queue waits (robots.txt unknown)
    bool retired = false;                      // given up for this run
    bool drained = false;                      // the frontier had nothing due for it
    bool refill_pending = false;               // listed in refill_
    bool ready = false;                        // listed in ready_
    bool sleeping = false;                     // listed in sleeping_
    Clock::TimePoint wake_at{};
  };

  void MakeReady(const std::string& host, Host& state);
  void Sleep(const std::string& host, Host& state, Clock::TimePoint until);
  void RequestRefill(const std::string& host, Host& state);

  std::unordered_map<std::string, Host> hosts_;
  std::deque<std::string> ready_;  // may be able to dispatch now
  std::set<std::pair<Clock::TimePoint, std::string>> sleeping_;
  std::deque<std::string> refill_;  // FIFO: hosts are refilled in the order they ran low
  std::vector<storage::ClaimedUrl> refused_;
  AdmitFn admit_;
  std::size_t queued_ = 0;
  std::size_t priority_ = 0;
  std::size_t in_flight_ = 0;
};

}  // namespace pricecrawl::crawler
