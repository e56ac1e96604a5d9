#include "crawler/politeness/robots_gate.h"

#include <algorithm>
#include <utility>

namespace pricecrawl::crawler {

RobotsGate::State RobotsGate::state(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? State::kUnknown : it->second.state;
}

void RobotsGate::SetReady(const std::string& host, std::shared_ptr<const RobotsPolicy> policy) {
  Entry& entry = hosts_[host];
  entry.state = State::kReady;
  entry.policy = std::move(policy);
  entry.failures = 0;
}

void RobotsGate::SetFetching(const std::string& host) {
  hosts_[host].state = State::kFetching;
}

void RobotsGate::SetStale(const std::string& host, std::shared_ptr<const RobotsPolicy> policy) {
  hosts_[host].stale = std::move(policy);
}

std::optional<std::chrono::milliseconds> RobotsGate::Failed(const std::string& host) {
  Entry& entry = hosts_[host];
  ++entry.failures;
  if (entry.stale) {
    entry.state = State::kReady;
    entry.policy = entry.stale;
    return std::nullopt;
  }
  if (entry.failures >= kMaxFailures) {
    entry.state = State::kGaveUp;
    return std::nullopt;
  }
  entry.state = State::kUnknown;
  // 2 s, 4 s, 8 s ...: a server error on robots.txt is often a passing one.
  return std::chrono::milliseconds(2000) * (1 << std::min(entry.failures - 1, 8));
}

std::shared_ptr<const RobotsPolicy> RobotsGate::policy(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? nullptr : it->second.policy;
}

bool RobotsGate::Allows(const storage::ClaimedUrl& url) const {
  auto it = hosts_.find(url.host);
  if (it == hosts_.end() || it->second.state != State::kReady || !it->second.policy) {
    return true;
  }
  return it->second.policy->IsAllowed(url.url);
}

}  // namespace pricecrawl::crawler
