#pragma once
// One run's scheduling loop (DESIGN.md "Shape"), on the calling thread. Each round it takes
// what the pipeline stored, wakes hosts whose retries came due, decides whether to stop, claims
// due URLs host by host from the frontier, sends what each host's rate, concurrency and
// robots.txt allow, and sleeps until a page is stored or a host may send again. A graceful stop
// (a signal, --max-duration) lets transfers in flight finish within the grace period; a second
// signal, a failure or the end of the grace period aborts them.
//
// Time, the frontier, the pipeline and the stop signals come in through interfaces (Clock,
// CrawlFrontier, CrawlPipeline, StopSignalSource), so tests run the loop on a fake clock.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "config/config.h"
#include "crawler/base/clock.h"
#include "crawler/crawl/crawl_frontier.h"
#include "crawler/crawl/crawl_pipeline.h"
#include "crawler/crawl/stop_signals.h"
#include "crawler/crawl/stored_page.h"
#include "crawler/politeness/adaptive_rate.h"
#include "crawler/politeness/host_scheduler.h"
#include "crawler/politeness/robots.h"
#include "crawler/politeness/robots_gate.h"

namespace pricecrawl::crawler {

// Why Run() returned.
enum class StopReason {
  kExhausted,  // nothing due is left (deferred retries more than a minute away wait)
  kMaxPages,   // --max-pages requests were sent and came back
  kSignal,     // SIGINT/SIGTERM
  kDeadline,   // --max-duration
  kFailure,    // the pipeline failed (storage); Finish() on the pipeline rethrows why
};

// kDebug (shown with -v): each stored URL with its outcome, robots.txt refusals.
enum class LogLevel { kDebug, kInfo, kWarn };
// Where the loop's messages go: one line each, without a prefix.
using CrawlLog = std::function<void(LogLevel level, const std::string& message)>;

// What the progress line shows, once per round.
struct CrawlProgress {
  std::int64_t pages = 0;   // counted pages stored in this run
  std::int64_t errors = 0;  // of which failed
  std::int64_t queued = 0;  // URLs still queued in the frontier (an estimate, never negative)
  std::int64_t in_flight = 0;
  std::int64_t hosts_waiting = 0;  // hosts held back by their rate or a pause
};
// Called once per round with the loop's clock time; may be empty (no progress shown).
using CrawlProgressFn = std::function<void(const CrawlProgress& progress, Clock::TimePoint now)>;

struct CrawlLoopOptions {
  std::optional<std::int64_t> max_pages;                  // --max-pages: page requests sent
  std::optional<std::chrono::milliseconds> max_duration;  // --max-duration, from Run's start
  std::int64_t queued = 0;  // URLs queued when the run starts (the progress estimate)
};

struct CrawlLoopResult {
  StopReason reason = StopReason::kExhausted;
  std::int64_t pages = 0;          // stored pages that count as pages
  std::int64_t errors = 0;         // of which failed
  std::int64_t dispatched = 0;     // page requests sent (robots.txt requests not counted)
  bool aborted_transfers = false;  // AbortAll() cut transfers in flight short
};

class CrawlLoop {
 public:
  // Every reference must outlive the loop. `config` gives the host policies, user agent,
  // max_in_flight and grace_period.
  CrawlLoop(const config::Config& config, const CrawlLoopOptions& options, const Clock& clock,
            CrawlFrontier& frontier, CrawlPipeline& pipeline, CrawlLog log);
  ~CrawlLoop() = default;
  CrawlLoop(const CrawlLoop&) = delete;
  CrawlLoop& operator=(const CrawlLoop&) = delete;

  // Makes every host with queued URLs in the frontier known, reading their stored robots.txt.
  // Call once, before Run.
  void AddQueuedHosts();

  // Runs the loop until a stop reason holds and returns it with the run's counts. `signals`
  // is asked once or twice a round; `started` is when the run began (--max-duration counts
  // from it). Throws what the frontier throws; a pipeline failure ends the loop with kFailure.
  // Call once.
  CrawlLoopResult Run(const StopSignalSource& signals, Clock::TimePoint started,
                      const CrawlProgressFn& progress);

 private:
  // Hosts: known with their limits, rate and robots.txt state.
  void RegisterHost(const std::string& host);
  void OpenHost(const std::string& host, std::shared_ptr<const RobotsPolicy> policy);
  void RequestRobots(const std::string& host);
  void OnRobots(const StoredPage& page);

  // The steps of a round, in order.
  void TakeStoredPages(Clock::TimePoint now);
  void AdaptRate(const StoredPage& page);
  void WakeDueRetries(Clock::TimePoint now);
  void DecideToStop(Clock::TimePoint now);
  void BeginStop(StopReason why);
  // While stopping: aborts transfers when it is time; true when the loop may end.
  bool StopRound(Clock::TimePoint now);
  // While running: true when the loop may end.
  bool RunRound();
  void RefillHosts();
  void Dispatch();
  void MarkDisallowed();
  // True when nothing is checked out and no deferred retry comes due soon.
  bool IdleCheck();
  void ReportProgress(const CrawlProgressFn& progress);
  void WaitForNextRound();

  void Log(LogLevel level, const std::string& message) const;

  const config::Config& config_;
  const CrawlLoopOptions options_;
  const Clock& clock_;
  CrawlFrontier& frontier_;
  CrawlPipeline& pipeline_;
  const CrawlLog log_;
  const StopSignalSource* signals_ = nullptr;  // during Run

  HostScheduler scheduler_;
  RobotsGate robots_;
  std::unordered_map<std::string, AdaptiveRate> rates_;
  std::unordered_map<std::string, std::string> robots_urls_;  // host -> its robots.txt URL
  // Hosts with a retry waiting, by when it comes due: they are woken then.
  std::multimap<Clock::TimePoint, std::string> retries_due_;

  Clock::TimePoint deadline_ = Clock::TimePoint::max();
  std::int64_t dispatched_ = 0;
  std::int64_t pages_ = 0;
  std::int64_t errors_ = 0;
  std::int64_t queued_estimate_ = 0;
  Clock::TimePoint stop_at_{};  // when the stop began (the grace period runs from there)
  bool aborted_transfers_ = false;
  StopReason reason_ = StopReason::kExhausted;
  bool stopping_ = false;
  bool more_refills_ = false;  // the last round left hosts waiting for a claim
};

}  // namespace pricecrawl::crawler
