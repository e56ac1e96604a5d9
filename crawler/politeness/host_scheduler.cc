#include "crawler/politeness/host_scheduler.h"

#include <algorithm>
#include <utility>

namespace pricecrawl::crawler {

void HostScheduler::AddHost(const std::string& host, const HostLimits& limits,
                            Clock::TimePoint now) {
  if (hosts_.count(host) != 0) {
    return;
  }
  Host state(TokenBucket(limits.rate, limits.burst, now));
  state.max_concurrent = std::max(1, limits.max_concurrent);
  state.window = static_cast<std::size_t>(std::max(1, limits.window));
  auto [it, inserted] = hosts_.emplace(host, std::move(state));
  RequestRefill(it->first, it->second);
}

std::size_t HostScheduler::QueueSize(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.queue.size();
}

void HostScheduler::Add(std::vector<storage::ClaimedUrl> urls, Clock::TimePoint now) {
  for (storage::ClaimedUrl& url : urls) {
    auto it = hosts_.find(url.host);
    if (it == hosts_.end()) {
      continue;  // the caller registers hosts first; an unknown host is a caller bug
    }
    Host& state = it->second;
    state.queue.push_back(std::move(url));
    ++queued_;
    if (!state.sleeping || state.wake_at <= now) {
      MakeReady(it->first, state);
    }
  }
}

void HostScheduler::MakeReady(const std::string& host, Host& state) {
  if (state.sleeping) {
    sleeping_.erase({state.wake_at, host});
    state.sleeping = false;
  }
  if (!state.ready) {
    state.ready = true;
    ready_.push_back(host);
  }
}

void HostScheduler::Sleep(const std::string& host, Host& state, Clock::TimePoint until) {
  if (state.sleeping) {
    sleeping_.erase({state.wake_at, host});
  }
  state.sleeping = true;
  state.wake_at = until;
  sleeping_.insert({until, host});
}

void HostScheduler::RequestRefill(const std::string& host, Host& state) {
  if (!state.refill_pending && !state.drained && !state.retired) {
    state.refill_pending = true;
    refill_.push_back(host);
  }
}

std::optional<storage::ClaimedUrl> HostScheduler::Next(Clock::TimePoint now) {
  // Hosts whose sleep has ended become ready again.
  while (!sleeping_.empty() && sleeping_.begin()->first <= now) {
    const std::string host = sleeping_.begin()->second;
    sleeping_.erase(sleeping_.begin());
    Host& state = hosts_.at(host);
    state.sleeping = false;
    MakeReady(host, state);
  }
  while (!ready_.empty()) {
    const std::string host = std::move(ready_.front());
    ready_.pop_front();
    Host& state = hosts_.at(host);
    state.ready = false;
    const bool has_priority = !state.priority.empty();
    // URLs robots.txt refuses leave the queue without costing a token.
    while (!has_priority && !state.held && admit_ && !state.queue.empty() &&
           !admit_(state.queue.front())) {
      refused_.push_back(std::move(state.queue.front()));
      state.queue.pop_front();
      --queued_;
    }
    if (!has_priority && (state.held || state.queue.empty())) {
      if (state.queue.empty()) {
        RequestRefill(host, state);
      }
      continue;  // Release(), Add() or AddPriority() makes it ready again
    }
    if (state.in_flight >= state.max_concurrent) {
      continue;  // Completed() makes it ready again
    }
    if (state.paused_until > now) {
      Sleep(host, state, state.paused_until);
      continue;
    }
    if (!state.bucket.TryTake(now)) {
      Sleep(host, state, state.bucket.NextAvailable(now));
      continue;
    }
    ++state.in_flight;
    ++in_flight_;
    if (has_priority) {
      storage::ClaimedUrl request = std::move(state.priority.front());
      state.priority.pop_front();
      --priority_;
      if (!state.priority.empty() || (!state.held && !state.queue.empty())) {
        MakeReady(host, state);
      }
      return request;
    }
    storage::ClaimedUrl url = std::move(state.queue.front());
    state.queue.pop_front();
    --queued_;
    if (state.queue.size() < state.window / 2 + 1) {
      RequestRefill(host, state);
    }
    if (!state.queue.empty()) {
      MakeReady(host, state);  // round robin: back of the line
    }
    return url;
  }
  return std::nullopt;
}

void HostScheduler::Hold(const std::string& host) {
  auto it = hosts_.find(host);
  if (it != hosts_.end()) {
    it->second.held = true;
  }
}

void HostScheduler::Release(const std::string& host, Clock::TimePoint now) {
  auto it = hosts_.find(host);
  if (it == hosts_.end() || it->second.retired) {
    return;
  }
  Host& state = it->second;
  state.held = false;
  if (!state.queue.empty() && (!state.sleeping || state.wake_at <= now)) {
    MakeReady(host, state);
  } else if (state.queue.empty()) {
    RequestRefill(host, state);
  }
}

bool HostScheduler::IsHeld(const std::string& host) const {
  auto it = hosts_.find(host);
  return it != hosts_.end() && it->second.held;
}

void HostScheduler::AddPriority(storage::ClaimedUrl request, Clock::TimePoint now) {
  auto it = hosts_.find(request.host);
  if (it == hosts_.end()) {
    return;
  }
  Host& state = it->second;
  state.priority.push_back(std::move(request));
  ++priority_;
  if (!state.sleeping || state.wake_at <= now) {
    MakeReady(it->first, state);
  }
}

std::vector<storage::ClaimedUrl> HostScheduler::Retire(const std::string& host) {
  std::vector<storage::ClaimedUrl> urls;
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    return urls;
  }
  Host& state = it->second;
  state.retired = true;
  state.held = true;
  for (storage::ClaimedUrl& url : state.queue) {
    urls.push_back(std::move(url));
  }
  queued_ -= state.queue.size();
  state.queue.clear();
  priority_ -= state.priority.size();
  state.priority.clear();
  return urls;
}

std::vector<storage::ClaimedUrl> HostScheduler::TakeRefused() {
  std::vector<storage::ClaimedUrl> refused;
  refused.swap(refused_);
  return refused;
}

void HostScheduler::Completed(const std::string& host, Clock::TimePoint now) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    return;
  }
  Host& state = it->second;
  if (state.in_flight > 0) {
    --state.in_flight;
    --in_flight_;
  }
  if ((!state.queue.empty() || !state.priority.empty()) && !state.sleeping) {
    MakeReady(host, state);
  } else if (state.queue.empty()) {
    RequestRefill(host, state);
  }
  (void)now;
}

void HostScheduler::Pause(const std::string& host, Clock::TimePoint until) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    return;
  }
  Host& state = it->second;
  state.paused_until = std::max(state.paused_until, until);
  if (!state.queue.empty()) {
    Sleep(host, state, state.paused_until);
  }
}

void HostScheduler::SetRate(const std::string& host, double rate) {
  auto it = hosts_.find(host);
  if (it != hosts_.end()) {
    it->second.bucket.SetRate(rate);
  }
}

std::vector<std::string> HostScheduler::TakeHostsNeedingRefill() {
  return TakeHostsNeedingRefill(refill_.size());
}

std::vector<std::string> HostScheduler::TakeHostsNeedingRefill(std::size_t max) {
  std::vector<std::string> hosts;
  hosts.reserve(std::min(max, refill_.size()));
  while (hosts.size() < max && !refill_.empty()) {
    hosts.push_back(std::move(refill_.front()));
    refill_.pop_front();
    hosts_.at(hosts.back()).refill_pending = false;
  }
  return hosts;
}

void HostScheduler::MarkDrained(const std::string& host) {
  auto it = hosts_.find(host);
  if (it != hosts_.end()) {
    it->second.drained = true;
  }
}

void HostScheduler::Wake(const std::string& host, Clock::TimePoint now) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    return;
  }
  it->second.drained = false;
  if (it->second.queue.size() < it->second.window) {
    RequestRefill(host, it->second);
  }
  (void)now;
}

void HostScheduler::WakeAll(Clock::TimePoint now) {
  for (auto& [host, state] : hosts_) {
    Wake(host, now);
  }
}

int HostScheduler::Wanted(const std::string& host) const {
  auto it = hosts_.find(host);
  if (it == hosts_.end() || it->second.queue.size() >= it->second.window) {
    return 0;
  }
  return static_cast<int>(it->second.window - it->second.queue.size());
}

std::optional<Clock::TimePoint> HostScheduler::NextWakeup() const {
  if (sleeping_.empty()) {
    return std::nullopt;
  }
  return sleeping_.begin()->first;
}

std::vector<storage::ClaimedUrl> HostScheduler::DrainQueued() {
  std::vector<storage::ClaimedUrl> urls;
  for (auto& [host, state] : hosts_) {
    for (storage::ClaimedUrl& url : state.queue) {
      urls.push_back(std::move(url));
    }
    state.queue.clear();
    state.priority.clear();
  }
  queued_ = 0;
  priority_ = 0;
  ready_.clear();
  sleeping_.clear();
  for (auto& [host, state] : hosts_) {
    state.ready = false;
    state.sleeping = false;
  }
  return urls;
}

}  // namespace pricecrawl::crawler
