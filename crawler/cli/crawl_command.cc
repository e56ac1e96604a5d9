#include "crawler/cli/crawl_command.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config/config.h"
#include "config/duration.h"
#include "config/seeds.h"
#include "config/usage_error.h"
#include "crawler/alerts/alert_delivery.h"
#include "crawler/base/clock.h"
#include "crawler/cli/progress.h"
#include "crawler/crawl/crawl_store.h"
#include "crawler/crawl/pipeline.h"
#include "crawler/crawl/scope.h"
#include "crawler/crawl/seed_list.h"
#include "crawler/crawl/stop_signals.h"
#include "crawler/crawl/stored_queue.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/url.h"
#include "crawler/politeness/adaptive_rate.h"
#include "crawler/politeness/host_scheduler.h"
#include "crawler/politeness/robots.h"
#include "crawler/politeness/robots_gate.h"
#include "storage/db_lock.h"
#include "storage/schema.h"
#include "storage/timestamp.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// Deferred retries due within this long keep the run waiting; later ones wait for the next run.
constexpr milliseconds kMaxDeferredWait{60'000};
// How long after a stop aborted transfers may take to come back through the graph.
constexpr milliseconds kAbortDrain{10'000};
constexpr milliseconds kLoopTick{100};
// Hosts claimed for per round of the loop: with a thousand hosts starting at once, the first
// requests go out after a few claims instead of after all of them.
constexpr std::size_t kRefillHostsPerRound = 64;
// SQLite's page cache for the crawl's connection (KiB); pages are allocated as they are used.
constexpr int kCacheKiB = 32 * 1024;
// A stored robots.txt younger than this is used without fetching it again.
constexpr std::chrono::hours kRobotsMaxAge{24};

// Reads, checks and normalises the seeds file. Streams it: the file's text and the compact
// SeedList are all that is held, so a million seeds fit in about 100 MB.
SeedList LoadNormalizedSeeds(const std::filesystem::path& path) {
  SeedList seeds;
  {
    const std::string text = config::ReadSeedsFile(path);
    config::ForEachSeed(text, path.string(), [&](const config::Seed& seed) {
      const std::optional<std::string> url = NormalizeUrl(seed.url);
      if (!url) {
        throw UsageError(path.string() + ":" + std::to_string(seed.line) + ": '" + seed.url +
                         "' is not a valid URL");
      }
      seeds.Add(*url, seed.target.value_or(""));
    });
  }
  if (seeds.empty()) {
    throw UsageError(path.string() + ": no seed URLs");
  }
  return seeds;
}

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
  return request;
}

std::shared_ptr<spdlog::logger> MakeLogger(const CrawlOptions& options, std::ostream& err,
                                           bool live) {
  auto console = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, /*force_flush=*/true);
  console->set_pattern("pricecrawl: %v");
  spdlog::level::level_enum console_level = spdlog::level::info;
  if (options.verbosity == Verbosity::kQuiet) {
    console_level = spdlog::level::warn;
  } else if (options.verbosity == Verbosity::kVerbose) {
    console_level = spdlog::level::debug;
  } else if (live) {
    console_level = spdlog::level::warn;  // the live line shows progress instead
  }
  console->set_level(console_level);
  std::vector<spdlog::sink_ptr> sinks{console};
  if (!options.log_file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.log_file);
      file->set_formatter(std::make_unique<spdlog::pattern_formatter>(
          "%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc));
      file->set_level(options.verbosity == Verbosity::kVerbose ? spdlog::level::debug
                                                               : spdlog::level::info);
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      throw UsageError("--log-file '" + options.log_file + "': " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("pricecrawl", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::info);
  return logger;
}

// The policy of a stored robots.txt: its rules when it was fetched (2xx), else allow-all.
std::shared_ptr<const RobotsPolicy> CachedPolicy(const storage::CachedRobots& cached,
                                                 const std::string& user_agent) {
  if (cached.http_status >= 200 && cached.http_status < 300) {
    return std::make_shared<const RobotsPolicy>(RobotsPolicy::Parse(cached.body, user_agent));
  }
  return std::make_shared<const RobotsPolicy>(RobotsPolicy::AllowAll());
}

enum class StopReason { kExhausted, kMaxPages, kSignal, kDeadline, kFailure };

// How often the delivery thread looks for newly committed alerts and retries that came due.
constexpr milliseconds kAlertPollInterval{500};
// At the end of a run, how long delivery may keep starting attempts (each has its timeout).
constexpr milliseconds kFinalAlertBudget{30'000};

DeliveryLog AlertLog(const std::shared_ptr<spdlog::logger>& log) {
  return [log](bool warning, const std::string& message) {
    if (warning) {
      log->warn("{}", message);
    } else {
      log->info("{}", message);
    }
  };
}

// The end of a run: stops the delivery thread, delivers what the last batches committed (unless
// the user asked to abort at once), and says what is left in the outbox.
void FinishAlerts(AlertDelivery& alerts, bool abort, const Clock& clock,
                  const std::shared_ptr<spdlog::logger>& log) {
  alerts.Stop();
  if (alerts.HasChannel() && !abort) {
    alerts.DeliverDue(clock.Now() + kFinalAlertBudget);
  }
  const storage::OutboxCounts counts = alerts.Counts();
  if (counts.undelivered == 0) {
    return;
  }
  if (alerts.HasChannel()) {
    log->warn("{} alerts not delivered yet ({} failed at least once); the next run retries them",
              counts.undelivered, counts.failing);
  } else {
    log->info("{} undelivered alerts wait in the alerts table (no [alerts] webhook or command)",
              counts.undelivered);
  }
}

bool IsTerminal(int fd) {
  return ::isatty(fd) == 1;
}

// The terminal's width in columns, 0 when unknown.
int TerminalWidth(int fd) {
  struct winsize size {};
  return ::ioctl(fd, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

}  // namespace

int RunCrawl(const CrawlOptions& options, std::ostream& out, std::ostream& err) {
  // User input first: nothing touches the database until seeds and config are known good.
  const config::Config config =
      options.config_path.empty() ? config::Config{} : config::LoadConfig(options.config_path);
  const SeedList seeds = LoadNormalizedSeeds(options.seeds_path);

  const bool live = options.progress == ProgressMode::kAlways ||
                    (options.progress == ProgressMode::kAuto && IsTerminal(STDERR_FILENO));
  auto log = MakeLogger(options, err, live);

  storage::Db db = storage::OpenDatabase(options.db_path);
  std::optional<storage::DbLock> lock = storage::DbLock::TryAcquire(options.db_path);
  if (!lock) {
    err << "pricecrawl: another 'pricecrawl crawl' is using '" << options.db_path
        << "'; exiting (it will save its progress; run again later)\n";
    return kExitLocked;
  }
  storage::ApplySchema(db.get());
  // Room for the frontier's hot index pages: a million queued URLs over a thousand hosts touch
  // a page per host in each index; with SQLite's 2 MiB default every seed, claim and record
  // reads pages back through the OS and spills the batch to the WAL.
  storage::Exec(db.get(), "PRAGMA cache_size = -" + std::to_string(kCacheKiB));

  SystemClock clock;
  CrawlStore store(std::move(db), clock, BatchLimits{});
  store.SetDropPercent(Decimal::Parse(config.alerts.drop_percent).value_or(Decimal()));
  // Delivers the outbox on its own connection (only committed alerts), from now to the end.
  AlertDelivery alerts(options.db_path, DeliveryOptionsFrom(config.alerts), clock, AlertLog(log));
  alerts.Start(kAlertPollInterval);
  const std::int64_t pid = ::getpid();

  // Resume the unfinished pass, or start a new one (DESIGN.md "Command line").
  std::int64_t run_id = 0;
  bool resumed = false;
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore& runs) {
    const std::string now = store.NowText();
    const std::optional<storage::RunRow> latest = runs.Latest();
    const bool unfinished = latest && latest->status != "finished";
    frontier.RequeueInFlight();  // transfers in flight when a run died are fetched again
    if (unfinished && !options.fresh) {
      run_id = latest->id;
      resumed = true;
      runs.Resume(run_id, pid);
      seeds.ForEach([&](std::string_view url, std::string_view target) {
        frontier.AddSeed(url, HostKey(url), target, /*requeue=*/false, now);
      });
    } else {
      if (unfinished) {
        runs.End(latest->id, storage::RunStatus::kInterrupted, now);
      }
      run_id = runs.Start(now, pid);
      frontier.RequeueDue(now);
      seeds.ForEach([&](std::string_view url, std::string_view target) {
        frontier.AddSeed(url, HostKey(url), target, /*requeue=*/true, now);
      });
    }
  });
  store.SetRunId(run_id);
  store.Commit();
  const storage::StateCounts initial = store.WithStores(
      [](storage::FrontierStore& frontier, storage::RunStore&) { return frontier.Counts(); });
  log->info("{} run {} on '{}': {} queued, {} done, {} failed", resumed ? "resuming" : "starting",
            run_id, options.db_path, initial.queued, initial.done, initial.failed);

  std::vector<std::string> seed_hosts;
  {
    std::unordered_set<std::string> distinct;
    seeds.ForEach([&](std::string_view url, std::string_view /*target*/) {
      if (std::string host = HostKey(url); distinct.insert(host).second) {
        seed_hosts.push_back(std::move(host));
      }
    });
  }
  const Scope scope(config.scope, seed_hosts);
  const ParseContext parse_context{&config, &scope};

  FetcherOptions fetcher_options;
  fetcher_options.allow_redirect = [&scope](std::string_view target) {
    const std::optional<std::string> url = NormalizeUrl(target);
    return url && scope.Allows(*url, HostKey(*url));
  };
  Fetcher fetcher(std::move(fetcher_options));

  StoredQueue stored_queue;
  Pipeline pipeline(fetcher, parse_context, store, config.max_in_flight,
                    [&stored_queue](const StoredPage& page) { stored_queue.Push(page); });

  HostScheduler scheduler;
  RobotsGate robots;
  std::unordered_map<std::string, AdaptiveRate> rates;
  std::unordered_map<std::string, std::string> robots_urls;  // host -> its robots.txt URL
  scheduler.SetAdmit([&robots](const storage::ClaimedUrl& url) { return robots.Allows(url); });

  const auto open_host = [&](const std::string& host, std::shared_ptr<const RobotsPolicy> policy) {
    if (policy && policy->crawl_delay() && policy->crawl_delay()->count() > 0) {
      AdaptiveRate& rate = rates.at(host);
      rate.Tighten(1000.0 / static_cast<double>(policy->crawl_delay()->count()));
      scheduler.SetRate(host, rate.current());
    }
    robots.SetReady(host, std::move(policy));
    scheduler.Release(host, clock.Now());
  };
  const auto request_robots = [&](const std::string& host) {
    storage::ClaimedUrl request;
    request.host = host;
    request.url = robots_urls.at(host);
    robots.SetFetching(host);
    scheduler.AddPriority(std::move(request), clock.Now());
  };
  const auto register_host = [&](const std::string& host) {
    if (scheduler.HasHost(host)) {
      scheduler.Wake(host, clock.Now());
      return;
    }
    const config::HostPolicy& policy = config.PolicyFor(host);
    scheduler.AddHost(host, LimitsFor(policy), clock.Now());
    rates.emplace(host, AdaptiveRate(policy.rate));
    if (host.empty() || !policy.obey_robots) {  // file: URLs have no robots.txt
      robots.SetReady(host, nullptr);
      return;
    }
    scheduler.Hold(host);
    if (std::optional<storage::CachedRobots> cached = store.LoadRobots(host)) {
      auto cached_policy = CachedPolicy(*cached, config.user_agent);
      const auto fetched_at = storage::ParseTimestamp(cached->fetched_at);
      if (fetched_at && clock.WallNow() - *fetched_at < kRobotsMaxAge) {
        open_host(host, std::move(cached_policy));
        return;
      }
      robots.SetStale(host, std::move(cached_policy));
    }
  };
  const auto on_robots = [&](const StoredPage& page) {
    const std::string& host = page.host;
    if (page.robots->available) {
      open_host(host, page.robots->policy);
      return;
    }
    if (const std::optional<milliseconds> wait = robots.Failed(host)) {
      log->warn("robots.txt of {} unavailable ({}); trying again in {}", host, page.robots->error,
                config::FormatDuration(*wait));
      scheduler.Pause(host, clock.Now() + *wait);
      request_robots(host);
    } else if (robots.state(host) == RobotsGate::State::kReady) {
      log->warn("robots.txt of {} unavailable ({}); using the copy stored earlier", host,
                page.robots->error);
      open_host(host, robots.policy(host));
    } else {
      log->warn("robots.txt of {} unavailable ({}); its URLs wait for the next run", host,
                page.robots->error);
      store.Requeue(scheduler.Retire(host), "robots.txt unavailable (" + page.robots->error +
                                                "); waiting for the next run");
    }
  };
  for (const std::string& host :
       store.WithStores([](storage::FrontierStore&frontier, storage::RunStore&) {
         return frontier.QueuedHosts();
       })) {
    register_host(host);
  }

  const StopSignals signals;
  // --progress never and -q leave only the final summary (and warnings).
  const bool show_progress =
      options.progress != ProgressMode::kNever && options.verbosity != Verbosity::kQuiet;
  const Steady::time_point started = Steady::now();
  const Steady::time_point deadline =
      options.max_duration ? started + *options.max_duration : Steady::time_point::max();
  ProgressLimits limits;
  limits.max_pages = options.max_pages;
  if (options.max_duration) {
    limits.deadline = deadline;
  }
  ProgressReporter progress(err, live, std::chrono::seconds(10), limits,
                            live ? TerminalWidth(STDERR_FILENO) : 0, started);

  std::int64_t dispatched = 0;
  std::int64_t pages = 0;
  std::int64_t errors = 0;
  std::int64_t queued_estimate = initial.queued;
  Steady::time_point stop_at{};  // when the stop began (the grace period runs from there)
  bool aborted_transfers = false;
  StopReason reason = StopReason::kExhausted;
  bool stopping = false;
  bool more_refills = false;  // the last round left hosts waiting for a claim
  // Hosts with a retry waiting, by when it comes due: they are woken then.
  std::multimap<Steady::time_point, std::string> retries_due;

  const auto begin_stop = [&](StopReason why) {
    if (!stopping) {
      stopping = true;
      reason = why;
      stop_at = Steady::now();
      scheduler.DrainQueued();  // checked out but not sent: back to the queue at the end
      if (why == StopReason::kSignal || why == StopReason::kDeadline) {
        log->warn("stopping: waiting up to {} for {} transfers in flight",
                  config::FormatDuration(config.grace_period), scheduler.in_flight());
      }
    }
  };

  while (true) {
    const Steady::time_point now = Steady::now();
    // Pages the store node finished since the last round.
    for (const StoredPage& page : stored_queue.TakeAll()) {
      scheduler.Completed(page.host, clock.Now());
      if (page.robots) {
        on_robots(page);
        continue;
      }
      if (page.http_status == 429) {
        const double rate = rates.at(page.host).OnTooManyRequests();
        scheduler.SetRate(page.host, rate);
        log->warn("{} answered 429 Too Many Requests; its rate is now {:.2f}/s", page.host, rate);
      } else if (page.http_status >= 200 && page.http_status < 300) {
        if (const std::optional<double> rate = rates.at(page.host).OnSuccess()) {
          scheduler.SetRate(page.host, *rate);
        }
      }
      pages += page.counted_page ? 1 : 0;
      errors += page.counted_error ? 1 : 0;
      if (page.host_pause) {
        scheduler.Pause(page.host, clock.Now() + *page.host_pause);
      }
      for (const std::string& host : page.hosts_with_new_urls) {
        register_host(host);
      }
      queued_estimate += page.new_urls;
      if (page.retry_in) {
        retries_due.emplace(now + *page.retry_in, page.host);
      }
    }
    while (!retries_due.empty() && retries_due.begin()->first <= now) {
      register_host(retries_due.begin()->second);
      retries_due.erase(retries_due.begin());
    }

    if (pipeline.Failed()) {
      begin_stop(StopReason::kFailure);
    } else if (signals.count() > 0) {
      begin_stop(StopReason::kSignal);
    } else if (now >= deadline) {
      begin_stop(StopReason::kDeadline);
    }

    if (stopping) {
      const bool abort_now = reason == StopReason::kFailure || signals.count() > 1 ||
                             now - stop_at >= config.grace_period;
      if (abort_now && !aborted_transfers && scheduler.in_flight() > 0) {
        log->warn("aborting {} transfers still in flight; they are fetched again next run",
                  scheduler.in_flight());
        fetcher.AbortAll();
        aborted_transfers = true;
      }
      if (scheduler.in_flight() == 0 || reason == StopReason::kFailure ||
          (aborted_transfers && now - stop_at >= config.grace_period + kAbortDrain)) {
        break;
      }
    } else {
      // Keep every host's window of due URLs checked out of the frontier.
      const std::vector<std::string> refill_hosts =
          scheduler.TakeHostsNeedingRefill(kRefillHostsPerRound);
      more_refills = refill_hosts.size() == kRefillHostsPerRound && scheduler.RefillPending();
      for (const std::string& host : refill_hosts) {
        const int wanted = scheduler.Wanted(host);
        if (wanted <= 0) {
          continue;
        }
        std::vector<storage::ClaimedUrl> claimed = store.Claim(host, wanted);
        if (claimed.empty()) {
          scheduler.MarkDrained(host);
          continue;
        }
        if (robots.state(host) == RobotsGate::State::kUnknown && scheduler.IsHeld(host)) {
          // The first URL of a host whose rules are unknown: its robots.txt goes first.
          robots_urls.emplace(host, ResolveUrl(claimed.front().url, "/robots.txt").value_or(""));
          request_robots(host);
        }
        scheduler.Add(std::move(claimed), clock.Now());
      }
      // Send what the hosts' limits allow.
      const bool page_budget_left = !options.max_pages || dispatched < *options.max_pages;
      while (page_budget_left &&
             scheduler.in_flight() < static_cast<std::size_t>(config.max_in_flight)) {
        if (options.max_pages && dispatched >= *options.max_pages) {
          break;
        }
        std::optional<storage::ClaimedUrl> url = scheduler.Next(clock.Now());
        if (!url) {
          break;
        }
        const bool is_page = url->id != 0;
        pipeline.Submit(MakeRequest(*url, config));
        if (is_page) {
          ++dispatched;
          --queued_estimate;
        }
      }
      if (std::vector<storage::ClaimedUrl> refused = scheduler.TakeRefused(); !refused.empty()) {
        for (const storage::ClaimedUrl& url : refused) {
          log->debug("{}: disallowed by robots.txt", url.url);
        }
        store.MarkDisallowed(refused, storage::FormatTimestamp(clock.WallNow() + kRobotsMaxAge));
        queued_estimate -= static_cast<std::int64_t>(refused.size());
      }
      if (options.max_pages && dispatched >= *options.max_pages && scheduler.in_flight() == 0) {
        reason = StopReason::kMaxPages;
        scheduler.DrainQueued();
        break;
      }
      if (scheduler.Idle()) {
        // Nothing checked out anywhere: wait for deferred retries that come due soon (or that
        // came due while their host sat drained), or finish.
        const std::optional<std::string> earliest =
            store.WithStores([](storage::FrontierStore& frontier, storage::RunStore&) {
              return frontier.EarliestDeferred();
            });
        const auto due = earliest ? storage::ParseTimestamp(*earliest) : std::nullopt;
        if (!due || *due - clock.WallNow() > kMaxDeferredWait) {
          reason = StopReason::kExhausted;
          break;
        }
        if (*due <= clock.WallNow()) {
          scheduler.WakeAll(clock.Now());
        }
      }
    }

    store.CommitIfDue();
    if (show_progress) {
      progress.Update(ProgressSnapshot{pages, errors, std::max<std::int64_t>(queued_estimate, 0),
                                       static_cast<std::int64_t>(scheduler.in_flight()),
                                       static_cast<std::int64_t>(scheduler.hosts_waiting())},
                      Steady::now());
    }

    // Sleep until a page is stored, a host's token or pause comes due, or the next tick.
    Steady::time_point wake = Steady::now() + kLoopTick;
    if (const auto next = scheduler.NextWakeup(); next && !stopping) {
      wake = std::min(wake, std::max(*next, Steady::now()));
    }
    if (more_refills && !stopping) {
      wake = Steady::now();  // more hosts wait for a claim than one round took
    }
    stored_queue.WaitUntil(wake);
  }

  pipeline.WaitForAll();  // rethrows a storage failure (exit 1)
  fetcher.Stop();
  progress.Clear();

  const bool finished = reason == StopReason::kExhausted || reason == StopReason::kMaxPages;
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore& runs) {
    frontier.RequeueInFlight();
    runs.End(run_id, finished ? storage::RunStatus::kFinished : storage::RunStatus::kInterrupted,
             store.NowText());
  });
  store.Commit();
  const storage::StateCounts counts = store.WithStores(
      [](storage::FrontierStore& frontier, storage::RunStore&) { return frontier.Counts(); });
  store.Commit();
  FinishAlerts(alerts, signals.count() > 1, clock, log);

  const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f",
                seconds > 0 ? static_cast<double>(pages) / seconds : 0.0);
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
  const std::string summary =
      std::to_string(pages) + " pages (" + std::to_string(errors) + " errors) in " + elapsed +
      "s, " + rate + " pages/s; frontier: " + std::to_string(counts.done) + " done, " +
      std::to_string(counts.failed) + " failed, " + std::to_string(counts.skipped) + " skipped, " +
      std::to_string(counts.queued) + " queued";
  if (finished) {
    out << "pricecrawl: run " << run_id << " finished"
        << (reason == StopReason::kMaxPages ? " (--max-pages reached)" : "") << ": " << summary
        << "\n";
    log->flush();
    return kExitFinished;
  }
  out << "pricecrawl: run " << run_id << " stopped ("
      << (reason == StopReason::kDeadline ? "--max-duration reached" : "signal")
      << "): progress saved; " << summary << "\npricecrawl: run the same command again to resume\n";
  log->flush();
  return kExitStopped;
}

}  // namespace pricecrawl::crawler
