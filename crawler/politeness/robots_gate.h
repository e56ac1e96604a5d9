#pragma once
// Which hosts' robots.txt the crawl knows, and what it allows. A host is gated until its
// robots.txt is read (from the hosts table when younger than 24 h, else fetched); a host whose
// robots.txt stays unavailable (5xx, unreachable) is retried a few times, falling back to an
// older stored copy, and is otherwise left for the next run (RFC 9309 §2.3.1.4).
//
// Not thread-safe: owned by the crawl's scheduling thread.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "crawler/politeness/robots.h"
#include "storage/frontier_types.h"

namespace pricecrawl::crawler {

class RobotsGate {
 public:
  enum class State { kUnknown, kFetching, kReady, kGaveUp };

  // How many fetch failures in a row make the crawl give up on a host for this run.
  static constexpr int kMaxFailures = 3;

  State state(const std::string& host) const;
  // The host's rules are known; nullptr allows everything (obey_robots = false, file: URLs).
  void SetReady(const std::string& host, std::shared_ptr<const RobotsPolicy> policy);
  void SetFetching(const std::string& host);
  // An older stored copy to fall back on when fetching fails.
  void SetStale(const std::string& host, std::shared_ptr<const RobotsPolicy> policy);
  // A fetch failed. Returns the back-off before the next try, or nullopt when the host is
  // given up (state kGaveUp) or the stale copy was put in force (state kReady).
  std::optional<std::chrono::milliseconds> Failed(const std::string& host);

  // The rules in force (nullptr: everything allowed or not known yet).
  std::shared_ptr<const RobotsPolicy> policy(const std::string& host) const;

  // True when `url` may be fetched (hosts without rules yet are never asked).
  bool Allows(const storage::ClaimedUrl& url) const;

 private:
  struct Entry {
    State state = State::kUnknown;
    std::shared_ptr<const RobotsPolicy> policy;
    std::shared_ptr<const RobotsPolicy> stale;
    int failures = 0;
  };
  std::unordered_map<std::string, Entry> hosts_;
};

}  // namespace pricecrawl::crawler
