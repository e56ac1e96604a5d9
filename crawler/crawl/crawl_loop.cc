#include "crawler/crawl/crawl_loop.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "config/duration.h"
#include "crawler/fetch/fetch_types.h"
#include "crawler/fetch/url.h"
#include "storage/timestamp.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

// Deferred retries due within this long keep the run waiting; later ones wait for the next run.
constexpr milliseconds kMaxDeferredWait{60'000};
// How long after a stop aborted transfers may take to come back through the graph.
constexpr milliseconds kAbortDrain{10'000};
constexpr milliseconds kLoopTick{100};
// Hosts claimed for per round of the loop: with a thousand hosts starting at once, the first
// requests go out after a few claims instead of after all of them.
constexpr std::size_t kRefillHostsPerRound = 64;
// A stored robots.txt younger than this is used without fetching it again.
constexpr std::chrono::hours kRobotsMaxAge{24};

HostLimits LimitsFor(const config::HostPolicy& policy) {
  HostLimits limits;
  limits.rate = policy.rate;
  limits.burst = policy.burst;
  limits.max_concurrent = policy.max_concurrent;
  limits.window = std::clamp(2 * policy.max_concurrent + policy.burst, 8, 512);
  return limits;
}

FetchRequest MakeRequest(const storage::ClaimedUrl& url, const config::Config& config) {
  const config::HostPolicy& policy = config.PolicyFor(url.host);
  FetchRequest request;
  if (url.id == 0) {
    request.kind = FetchKind::kRobots;
    request.max_redirects = 5;  // RFC 9309 §2.3.1.2
    request.max_body = kMaxRobotsBytes;
  }
  request.url_id = url.id;
  request.url = url.url;
  request.host = url.host;
  request.depth = url.depth;
  request.attempt = url.attempts;
  request.user_agent = config.user_agent;
  request.timeout = policy.timeout;
  request.connect_timeout = policy.connect_timeout;
  if (request.kind == FetchKind::kPage) {
    request.max_body = policy.max_body;
  }
  request.if_none_match = url.etag;
  request.if_modified_since = url.last_modified;
  request.sku = url.sku;
  return request;
}

// The policy of a stored robots.txt: its rules when it was fetched (2xx), else allow-all.
std::shared_ptr<const RobotsPolicy> CachedPolicy(const storage::CachedRobots& cached,
                                                 const std::string& user_agent) {
  if (cached.http_status >= 200 && cached.http_status < 300) {
    return std::make_shared<const RobotsPolicy>(RobotsPolicy::Parse(cached.body, user_agent));
  }
  return std::make_shared<const RobotsPolicy>(RobotsPolicy::AllowAll());
}

// A rate as the log shows it: two decimals.
std::string FormatRate(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", rate);
  return text;
}

}  // namespace

CrawlLoop::CrawlLoop(const config::Config& config, const CrawlLoopOptions& options,
                     const Clock& clock, CrawlFrontier& frontier, CrawlPipeline& pipeline,
                     CrawlLog log)
    : config_(config),
      options_(options),
      clock_(clock),
      frontier_(frontier),
      pipeline_(pipeline),
      log_(std::move(log)),
      queued_estimate_(options.queued) {
  scheduler_.SetAdmit([this](const storage::ClaimedUrl& url) { return robots_.Allows(url); });
}

void CrawlLoop::Log(LogLevel level, const std::string& message) const {
  if (log_) {
    log_(level, message);
  }
}

void CrawlLoop::AddQueuedHosts() {
  for (const std::string& host : frontier_.QueuedHosts()) {
    RegisterHost(host);
  }
}

void CrawlLoop::OpenHost(const std::string& host, std::shared_ptr<const RobotsPolicy> policy) {
  if (policy && policy->crawl_delay() && policy->crawl_delay()->count() > 0) {
    AdaptiveRate& rate = rates_.at(host);
    rate.Tighten(1000.0 / static_cast<double>(policy->crawl_delay()->count()));
    scheduler_.SetRate(host, rate.current());
  }
  robots_.SetReady(host, std::move(policy));
  scheduler_.Release(host, clock_.Now());
}

void CrawlLoop::RequestRobots(const std::string& host) {
  storage::ClaimedUrl request;
  request.host = host;
  request.url = robots_urls_.at(host);
  robots_.SetFetching(host);
  scheduler_.AddPriority(std::move(request), clock_.Now());
}

void CrawlLoop::RegisterHost(const std::string& host) {
  if (scheduler_.HasHost(host)) {
    scheduler_.Wake(host, clock_.Now());
    return;
  }
  const config::HostPolicy& policy = config_.PolicyFor(host);
  scheduler_.AddHost(host, LimitsFor(policy), clock_.Now());
  rates_.emplace(host, AdaptiveRate(policy.rate));
  if (host.empty() || !policy.obey_robots) {  // file: URLs have no robots.txt
    robots_.SetReady(host, nullptr);
    return;
  }
  scheduler_.Hold(host);
  if (std::optional<storage::CachedRobots> cached = frontier_.LoadRobots(host)) {
    auto cached_policy = CachedPolicy(*cached, config_.user_agent);
    const auto fetched_at = storage::ParseTimestamp(cached->fetched_at);
    if (fetched_at && clock_.WallNow() - *fetched_at < kRobotsMaxAge) {
      OpenHost(host, std::move(cached_policy));
      return;
    }
    robots_.SetStale(host, std::move(cached_policy));
  }
}

void CrawlLoop::OnRobots(const StoredPage& page) {
  const std::string& host = page.host;
  const std::string& error = page.robots->error;
  if (page.robots->available) {
    OpenHost(host, page.robots->policy);
    return;
  }
  if (const std::optional<milliseconds> wait = robots_.Failed(host)) {
    Log(LogLevel::kWarn, "robots.txt of " + host + " unavailable (" + error +
                             "); trying again in " + config::FormatDuration(*wait));
    scheduler_.Pause(host, clock_.Now() + *wait);
    RequestRobots(host);
  } else if (robots_.state(host) == RobotsGate::State::kReady) {
    Log(LogLevel::kWarn,
        "robots.txt of " + host + " unavailable (" + error + "); using the copy stored earlier");
    OpenHost(host, robots_.policy(host));
  } else {
    Log(LogLevel::kWarn,
        "robots.txt of " + host + " unavailable (" + error + "); its URLs wait for the next run");
    frontier_.Requeue(scheduler_.Retire(host),
                      "robots.txt unavailable (" + error + "); waiting for the next run");
  }
}

CrawlLoopResult CrawlLoop::Run(const StopSignalSource& signals, Clock::TimePoint started,
                               const CrawlProgressFn& progress) {
  signals_ = &signals;
  if (options_.max_duration) {
    deadline_ = started + *options_.max_duration;
  }
  while (true) {
    const Clock::TimePoint now = clock_.Now();
    TakeStoredPages(now);
    WakeDueRetries(now);
    DecideToStop(now);
    if (stopping_ ? StopRound(now) : RunRound()) {
      break;
    }
    frontier_.CommitIfDue();
    ReportProgress(progress);
    WaitForNextRound();
  }
  signals_ = nullptr;
  return CrawlLoopResult{reason_, pages_, errors_, dispatched_, aborted_transfers_};
}

void CrawlLoop::TakeStoredPages(Clock::TimePoint now) {
  // Pages the store node finished since the last round.
  for (const StoredPage& page : pipeline_.TakeStored()) {
    Log(LogLevel::kDebug, page.url + ": " + page.outcome);
    scheduler_.Completed(page.host, clock_.Now());
    if (page.robots) {
      OnRobots(page);
      continue;
    }
    AdaptRate(page);
    pages_ += page.counted_page ? 1 : 0;
    errors_ += page.counted_error ? 1 : 0;
    if (page.host_pause) {
      scheduler_.Pause(page.host, clock_.Now() + *page.host_pause);
    }
    for (const std::string& host : page.hosts_with_new_urls) {
      RegisterHost(host);
    }
    queued_estimate_ += page.new_urls;
    if (page.retry_in) {
      retries_due_.emplace(now + *page.retry_in, page.host);
    }
  }
}

void CrawlLoop::AdaptRate(const StoredPage& page) {
  if (page.http_status == 429) {
    const double rate = rates_.at(page.host).OnTooManyRequests();
    scheduler_.SetRate(page.host, rate);
    Log(LogLevel::kWarn,
        page.host + " answered 429 Too Many Requests; its rate is now " + FormatRate(rate) + "/s");
  } else if (page.http_status >= 200 && page.http_status < 300) {
    if (const std::optional<double> rate = rates_.at(page.host).OnSuccess()) {
      scheduler_.SetRate(page.host, *rate);
    }
  }
}

void CrawlLoop::WakeDueRetries(Clock::TimePoint now) {
  while (!retries_due_.empty() && retries_due_.begin()->first <= now) {
    RegisterHost(retries_due_.begin()->second);
    retries_due_.erase(retries_due_.begin());
  }
}

void CrawlLoop::DecideToStop(Clock::TimePoint now) {
  if (pipeline_.Failed()) {
    BeginStop(StopReason::kFailure);
  } else if (signals_->Count() > 0) {
    BeginStop(StopReason::kSignal);
  } else if (now >= deadline_) {
    BeginStop(StopReason::kDeadline);
  }
}

void CrawlLoop::BeginStop(StopReason why) {
  if (stopping_) {
    return;
  }
  stopping_ = true;
  reason_ = why;
  stop_at_ = clock_.Now();
  scheduler_.DrainQueued();  // checked out but not sent: back to the queue at the end
  if (why == StopReason::kSignal || why == StopReason::kDeadline) {
    Log(LogLevel::kWarn, "stopping: waiting up to " + config::FormatDuration(config_.grace_period) +
                             " for " + std::to_string(scheduler_.in_flight()) +
                             " transfers in flight");
  }
}

bool CrawlLoop::StopRound(Clock::TimePoint now) {
  const bool abort_now = reason_ == StopReason::kFailure || signals_->Count() > 1 ||
                         now - stop_at_ >= config_.grace_period;
  if (abort_now && !aborted_transfers_ && scheduler_.in_flight() > 0) {
    Log(LogLevel::kWarn, "aborting " + std::to_string(scheduler_.in_flight()) +
                             " transfers still in flight; they are fetched again next run");
    pipeline_.AbortAll();
    aborted_transfers_ = true;
  }
  return scheduler_.in_flight() == 0 || reason_ == StopReason::kFailure ||
         (aborted_transfers_ && now - stop_at_ >= config_.grace_period + kAbortDrain);
}

bool CrawlLoop::RunRound() {
  RefillHosts();
  Dispatch();
  MarkDisallowed();
  if (options_.max_pages && dispatched_ >= *options_.max_pages && scheduler_.in_flight() == 0) {
    reason_ = StopReason::kMaxPages;
    scheduler_.DrainQueued();
    return true;
  }
  return IdleCheck();
}

void CrawlLoop::RefillHosts() {
  // Keep every host's window of due URLs checked out of the frontier.
  const std::vector<std::string> refill_hosts =
      scheduler_.TakeHostsNeedingRefill(kRefillHostsPerRound);
  more_refills_ = refill_hosts.size() == kRefillHostsPerRound && scheduler_.RefillPending();
  for (const std::string& host : refill_hosts) {
    const int wanted = scheduler_.Wanted(host);
    if (wanted <= 0) {
      continue;
    }
    std::vector<storage::ClaimedUrl> claimed = frontier_.Claim(host, wanted);
    if (claimed.empty()) {
      scheduler_.MarkDrained(host);
      continue;
    }
    if (robots_.state(host) == RobotsGate::State::kUnknown && scheduler_.IsHeld(host)) {
      // The first URL of a host whose rules are unknown: its robots.txt goes first.
      robots_urls_.emplace(host, ResolveUrl(claimed.front().url, "/robots.txt").value_or(""));
      RequestRobots(host);
    }
    scheduler_.Add(std::move(claimed), clock_.Now());
  }
}

void CrawlLoop::Dispatch() {
  // Send what the hosts' limits allow.
  const bool page_budget_left = !options_.max_pages || dispatched_ < *options_.max_pages;
  while (page_budget_left &&
         scheduler_.in_flight() < static_cast<std::size_t>(config_.max_in_flight)) {
    if (options_.max_pages && dispatched_ >= *options_.max_pages) {
      break;
    }
    std::optional<storage::ClaimedUrl> url = scheduler_.Next(clock_.Now());
    if (!url) {
      break;
    }
    const bool is_page = url->id != 0;
    pipeline_.Submit(MakeRequest(*url, config_));
    if (is_page) {
      ++dispatched_;
      --queued_estimate_;
    }
  }
}

void CrawlLoop::MarkDisallowed() {
  std::vector<storage::ClaimedUrl> refused = scheduler_.TakeRefused();
  if (refused.empty()) {
    return;
  }
  for (const storage::ClaimedUrl& url : refused) {
    Log(LogLevel::kDebug, url.url + ": disallowed by robots.txt");
  }
  frontier_.MarkDisallowed(refused, storage::FormatTimestamp(clock_.WallNow() + kRobotsMaxAge));
  queued_estimate_ -= static_cast<std::int64_t>(refused.size());
}

bool CrawlLoop::IdleCheck() {
  if (!scheduler_.Idle()) {
    return false;
  }
  // Nothing checked out anywhere: wait for deferred retries that come due soon (or that came
  // due while their host sat drained), or finish.
  const std::optional<std::string> earliest = frontier_.EarliestDeferred();
  const auto due = earliest ? storage::ParseTimestamp(*earliest) : std::nullopt;
  if (!due || *due - clock_.WallNow() > kMaxDeferredWait) {
    reason_ = StopReason::kExhausted;
    return true;
  }
  if (*due <= clock_.WallNow()) {
    scheduler_.WakeAll(clock_.Now());
  }
  return false;
}

void CrawlLoop::ReportProgress(const CrawlProgressFn& progress) {
  if (!progress) {
    return;
  }
  progress(CrawlProgress{pages_, errors_, std::max<std::int64_t>(queued_estimate_, 0),
                         static_cast<std::int64_t>(scheduler_.in_flight()),
                         static_cast<std::int64_t>(scheduler_.hosts_waiting())},
           clock_.Now());
}

void CrawlLoop::WaitForNextRound() {
  // Sleep until a page is stored, a host's token or pause comes due, or the next tick.
  Clock::TimePoint wake = clock_.Now() + kLoopTick;
  if (const auto next = scheduler_.NextWakeup(); next && !stopping_) {
    wake = std::min(wake, std::max(*next, clock_.Now()));
  }
  if (more_refills_ && !stopping_) {
    wake = clock_.Now();  // more hosts wait for a claim than one round took
  }
  pipeline_.WaitForStored(wake);
}

}  // namespace pricecrawl::crawler
