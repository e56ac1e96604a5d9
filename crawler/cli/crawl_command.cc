#include "crawler/cli/crawl_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>
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
#include "config/seeds.h"
#include "config/usage_error.h"
#include "crawler/alerts/outbox_delivery.h"
#include "crawler/base/clock.h"
#include "crawler/cli/progress.h"
#include "crawler/crawl/crawl_loop.h"
#include "crawler/crawl/crawl_store.h"
#include "crawler/crawl/graph_pipeline.h"
#include "crawler/crawl/scope.h"
#include "crawler/crawl/seed_list.h"
#include "crawler/crawl/stop_signals.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/fetch/url.h"
#include "storage/db_lock.h"
#include "storage/schema.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

// SQLite's page cache for the crawl's connection (KiB); pages are allocated as they are used.
constexpr int kCacheKiB = 32 * 1024;

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
      SeedFields fields;
      fields.target = seed.target ? std::string_view(*seed.target) : std::string_view();
      fields.sku = seed.sku ? std::string_view(*seed.sku) : std::string_view();
      seeds.Add(*url, fields);
    });
  }
  if (seeds.empty()) {
    throw UsageError(path.string() + ": no seed URLs");
  }
  return seeds;
}

std::shared_ptr<spdlog::logger> MakeLogger(const CrawlOptions& options, std::ostream& err,
                                           bool live) {
  auto console = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, /*force_flush=*/true);
  console->set_pattern("pricecrawl: %v");
  spdlog::level::level_enum console_level = spdlog::level::info;
  if (options.verbosity == Verbosity::kVerbose) {
    console_level = spdlog::level::debug;
  } else if (options.verbosity == Verbosity::kQuiet || live) {
    console_level = spdlog::level::warn;  // -q, or the live line shows progress instead
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

// The loop's messages through the command's logger.
CrawlLog LoopLog(const std::shared_ptr<spdlog::logger>& log) {
  return [log](LogLevel level, const std::string& message) {
    switch (level) {
      case LogLevel::kDebug:
        log->debug("{}", message);
        break;
      case LogLevel::kInfo:
        log->info("{}", message);
        break;
      case LogLevel::kWarn:
        log->warn("{}", message);
        break;
    }
  };
}

struct RunStart {
  std::int64_t run_id = 0;
  bool resumed = false;
  std::int64_t requeued = 0;  // known pages a new pass queued again
};

// The recrawl interval in force for each host: its [[host]] recrawl_after, else [defaults].
storage::RecrawlIntervalFor RecrawlIntervals(const config::Config& config) {
  return [&config](std::string_view host) { return config.PolicyFor(host).recrawl_after; };
}

// Resumes the unfinished pass, or starts a new one (DESIGN.md "Command line"), and adds the
// seeds to the frontier. A new pass queues the known pages that are due with the config in
// force (every one with --recheck).
RunStart StartOrResumeRun(CrawlStore& store, const SeedList& seeds, const CrawlOptions& options,
                          const config::Config& config) {
  const std::int64_t pid = ::getpid();
  RunStart start;
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore& runs) {
    const std::string now = store.NowText();
    const std::optional<storage::RunRow> latest = runs.Latest();
    const bool unfinished = latest && latest->status != "finished";
    frontier.RequeueInFlight();  // transfers in flight when a run died are fetched again
    if (unfinished && !options.fresh && !options.recheck) {
      start.run_id = latest->id;
      start.resumed = true;
      runs.Resume(start.run_id, pid);
      seeds.ForEach([&](std::string_view url, const SeedFields& fields) {
        frontier.AddSeed(url, HostKey(url), {fields.target, fields.sku}, /*requeue=*/false, now);
      });
    } else {
      if (unfinished) {
        runs.End(latest->id, storage::RunStatus::kInterrupted, now);
      }
      start.run_id = runs.Start(now, pid);
      start.requeued = options.recheck ? frontier.RequeueAll()
                                       : frontier.RequeueDue(now, RecrawlIntervals(config));
      seeds.ForEach([&](std::string_view url, const SeedFields& fields) {
        frontier.AddSeed(url, HostKey(url), {fields.target, fields.sku}, /*requeue=*/true, now);
      });
    }
  });
  store.SetRunId(start.run_id);
  store.Commit();
  return start;
}

// "120 known pages are not due yet (recrawl_after; the next at 2026-12-02T22:00:00.000Z; crawl
// --recheck fetches them now)", or "" when every known page is due.
std::string BacklogNote(CrawlStore& store, const config::Config& config) {
  const storage::RecrawlBacklog backlog =
      store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore&) {
        return frontier.NotYetDue(store.NowText(), RecrawlIntervals(config));
      });
  if (backlog.not_due == 0) {
    return "";
  }
  return std::to_string(backlog.not_due) + " known page" +
         (backlog.not_due == 1 ? " is" : "s are") + " not due yet (recrawl_after; the next at " +
         backlog.next_due_at.value_or("?") + "; crawl --recheck fetches them now)";
}

storage::StateCounts FrontierCounts(CrawlStore& store) {
  return store.WithStores(
      [](storage::FrontierStore& frontier, storage::RunStore&) { return frontier.Counts(); });
}

// The seeds' distinct hosts, in seed order (the scope's same_host list).
std::vector<std::string> SeedHosts(const SeedList& seeds) {
  std::vector<std::string> seed_hosts;
  std::unordered_set<std::string> distinct;
  seeds.ForEach([&](std::string_view url, const SeedFields& /*fields*/) {
    if (std::string host = HostKey(url); distinct.insert(host).second) {
      seed_hosts.push_back(std::move(host));
    }
  });
  return seed_hosts;
}

// Puts URLs still in flight back in the queue and records how the pass ended.
void EndRun(CrawlStore& store, std::int64_t run_id, bool finished) {
  store.WithStores([&](storage::FrontierStore& frontier, storage::RunStore& runs) {
    frontier.RequeueInFlight();
    runs.End(run_id, finished ? storage::RunStatus::kFinished : storage::RunStatus::kInterrupted,
             store.NowText());
  });
  store.Commit();
}

// A pass ends as finished when the frontier ran dry or --max-pages was reached; else it stopped.
bool PassFinished(StopReason reason) {
  return reason == StopReason::kExhausted || reason == StopReason::kMaxPages;
}

// The final line(s) on `out` and the exit code.
int PrintSummary(std::ostream& out, std::int64_t run_id, const CrawlLoopResult& result,
                 double seconds, const storage::StateCounts& counts) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f",
                seconds > 0 ? static_cast<double>(result.pages) / seconds : 0.0);
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
  const std::string summary =
      std::to_string(result.pages) + " pages (" + std::to_string(result.errors) + " errors) in " +
      elapsed + "s, " + rate + " pages/s; frontier: " + std::to_string(counts.done) + " done, " +
      std::to_string(counts.failed) + " failed, " + std::to_string(counts.skipped) + " skipped, " +
      std::to_string(counts.queued) + " queued";
  if (PassFinished(result.reason)) {
    out << "pricecrawl: run " << run_id << " finished"
        << (result.reason == StopReason::kMaxPages ? " (--max-pages reached)" : "") << ": "
        << summary << "\n";
    return kExitFinished;
  }
  out << "pricecrawl: run " << run_id << " stopped ("
      << (result.reason == StopReason::kDeadline ? "--max-duration reached" : "signal")
      << "): progress saved; " << summary << "\npricecrawl: run the same command again to resume\n";
  return kExitStopped;
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
  storage::SetCacheSize(db.get(), kCacheKiB);

  SystemClock clock;
  CrawlStore store(std::move(db), clock, BatchLimits{});
  store.SetDropPercent(Decimal::Parse(config.alerts.drop_percent).value_or(Decimal()));
  // Delivers the outbox on its own connection (only committed alerts), from now to the end.
  AlertDelivery alerts(options.db_path, DeliveryOptionsFrom(config.alerts), clock, AlertLog(log));
  alerts.Start(kAlertPollInterval);

  const RunStart start = StartOrResumeRun(store, seeds, options, config);
  const storage::StateCounts initial = FrontierCounts(store);
  log->info("{} run {} on '{}': {} queued, {} done, {} failed",
            start.resumed ? "resuming" : "starting", start.run_id, options.db_path, initial.queued,
            initial.done, initial.failed);
  // Why a new pass fetches only some known pages: said at its start and again in its summary.
  const std::string backlog = start.resumed ? "" : BacklogNote(store, config);
  if (!start.resumed && (start.requeued > 0 || !backlog.empty())) {
    log->info("new pass: {} known page{} due again{}{}", start.requeued,
              start.requeued == 1 ? "" : "s", backlog.empty() ? "" : "; ", backlog);
  }

  const Scope scope(config.scope, SeedHosts(seeds));
  const ParseContext parse_context{&config, &scope};
  FetcherOptions fetcher_options;
  fetcher_options.allow_redirect = [&scope](std::string_view target) {
    const std::optional<std::string> url = NormalizeUrl(target);
    return url && scope.Allows(*url, HostKey(*url));
  };
  Fetcher fetcher(std::move(fetcher_options));
  GraphPipeline pipeline(fetcher, parse_context, store, config.max_in_flight, clock);

  CrawlLoopOptions loop_options;
  loop_options.max_pages = options.max_pages;
  loop_options.max_duration = options.max_duration;
  loop_options.queued = initial.queued;
  CrawlLoop loop(config, loop_options, clock, store, pipeline, LoopLog(log));
  loop.AddQueuedHosts();

  const StopSignals signals;
  // --progress never and -q leave only the final summary (and warnings).
  const bool show_progress =
      options.progress != ProgressMode::kNever && options.verbosity != Verbosity::kQuiet;
  const Clock::TimePoint started = clock.Now();
  ProgressLimits limits;
  limits.max_pages = options.max_pages;
  if (options.max_duration) {
    limits.deadline = started + *options.max_duration;
  }
  ProgressReporter progress(err, live, std::chrono::seconds(10), limits,
                            live ? TerminalWidth(STDERR_FILENO) : 0, started);
  CrawlProgressFn on_progress;
  if (show_progress) {
    on_progress = [&progress](const CrawlProgress& p, Clock::TimePoint now) {
      progress.Update(ProgressSnapshot{p.pages, p.errors, p.queued, p.in_flight, p.hosts_waiting},
                      now);
    };
  }
  const CrawlLoopResult result = loop.Run(signals, started, on_progress);

  pipeline.Finish();  // rethrows a storage failure (exit 1)
  progress.Clear();

  EndRun(store, start.run_id, PassFinished(result.reason));
  const storage::StateCounts counts = FrontierCounts(store);
  store.Commit();
  FinishAlerts(alerts, signals.Count() > 1, clock, log);

  const double seconds = std::chrono::duration<double>(clock.Now() - started).count();
  // -q: nothing on stdout, so cron mails only warnings and errors (a null buffer discards).
  std::ostream discard(nullptr);
  std::ostream& summary = options.verbosity == Verbosity::kQuiet ? discard : out;
  const int code = PrintSummary(summary, start.run_id, result, seconds, counts);
  if (!backlog.empty()) {
    summary << "pricecrawl: at the start of this pass " << backlog << "\n";
  }
  log->flush();
  return code;
}

}  // namespace pricecrawl::crawler
