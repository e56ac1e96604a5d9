#pragma once
// What a person sees while a crawl runs. On a terminal: one status line redrawn in place
// (pages done/queued/failed, pages/s, hosts waiting on their rate, elapsed) and erased at the
// end. Elsewhere (cron, a pipe): no escape codes, one summary line every `log_every`.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace pricecrawl::crawler {

struct ProgressSnapshot {
  std::int64_t done = 0;          // pages fetched in this invocation
  std::int64_t errors = 0;        // of which failed
  std::int64_t queued = 0;        // URLs still queued in the frontier (approximate)
  std::int64_t in_flight = 0;
  std::int64_t hosts_waiting = 0; // hosts held back by their rate or a pause
};

class ProgressReporter {
 public:
  // `out` must outlive the reporter. `live`: redraw one line in place (a terminal).
  ProgressReporter(std::ostream& out, bool live, std::chrono::seconds log_every);

  // Shows the snapshot if enough time passed since the last one.
  void Update(const ProgressSnapshot& snapshot, std::chrono::steady_clock::time_point now);
  // Erases the live line (if any) so the final summary starts on a clean line.
  void Clear();
  // One line describing a snapshot ("120 pages, 3 errors, 45 queued, 12.5 pages/s, 9.6s").
  std::string Describe(const ProgressSnapshot& snapshot,
                       std::chrono::steady_clock::time_point now) const;

 private:
  std::ostream& out_;
  bool live_;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_shown_{};
  bool line_drawn_ = false;
};

}  // namespace pricecrawl::crawler
