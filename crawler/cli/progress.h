#pragma once
// What a person sees while a crawl runs. On a terminal: one status line redrawn in place
// (pages done/queued/failed, pages/s, hosts waiting on their rate, elapsed, ETA when knowable),
// cut to the terminal's width so it never wraps, and erased at the end. Elsewhere (cron, a
// pipe): no escape codes, one summary line every `log_every`.

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace pricecrawl::crawler {

struct ProgressSnapshot {
  std::int64_t done = 0;    // pages fetched in this invocation
  std::int64_t errors = 0;  // of which failed
  std::int64_t queued = 0;  // URLs still queued in the frontier (approximate)
  std::int64_t in_flight = 0;
  std::int64_t hosts_waiting = 0;  // hosts held back by their rate or a pause
};

// What bounds the run besides the frontier, for the ETA.
struct ProgressLimits {
  std::optional<std::int64_t> max_pages;                          // --max-pages
  std::optional<std::chrono::steady_clock::time_point> deadline;  // --max-duration
};

class ProgressReporter {
 public:
  // `out` must outlive the reporter. `live`: redraw one line in place (a terminal) of at most
  // `width` columns (0: no limit).
  ProgressReporter(
      std::ostream& out, bool live, std::chrono::seconds log_every, ProgressLimits limits = {},
      int width = 0,
      std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now());

  // Shows the snapshot if enough time passed since the last one.
  void Update(const ProgressSnapshot& snapshot, std::chrono::steady_clock::time_point now);
  // Erases the live line (if any) so the final summary starts on a clean line.
  void Clear();
  // One line describing a snapshot ("120 pages, 3 errors, 45 queued, …, 12.5 pages/s,
  // 9.6s elapsed, ETA 4s").
  std::string Describe(const ProgressSnapshot& snapshot, std::chrono::steady_clock::time_point now);

  // Seconds until the run ends at the recent rate: the queue, --max-pages or --max-duration,
  // whichever comes first; nullopt while no rate is known and no deadline bounds the run.
  std::optional<double> EtaSeconds(const ProgressSnapshot& snapshot,
                                   std::chrono::steady_clock::time_point now);

 private:
  // The recent pages/s: an exponentially weighted average over ~10 s, so the ETA follows
  // changes in speed instead of the whole run's average.
  double RecentRate(std::int64_t done, std::chrono::steady_clock::time_point now);

  std::ostream& out_;
  bool live_;
  std::chrono::steady_clock::duration interval_;
  ProgressLimits limits_;
  int width_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_shown_;
  bool line_drawn_ = false;
  std::chrono::steady_clock::time_point rate_sampled_at_;
  std::int64_t rate_sampled_done_ = 0;
  double recent_rate_ = 0;
  bool rate_known_ = false;
};

// "4s", "2m05s", "1h02m" — a duration as people read it on a progress line.
std::string FormatEta(double seconds);

}  // namespace pricecrawl::crawler
