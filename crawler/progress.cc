#include "crawler/progress.h"

#include <cstdio>

namespace pricecrawl::crawler {

ProgressReporter::ProgressReporter(std::ostream& out, bool live, std::chrono::seconds log_every)
    : out_(out),
      live_(live),
      interval_(live ? std::chrono::steady_clock::duration(std::chrono::milliseconds(250))
                     : std::chrono::steady_clock::duration(log_every)),
      started_(std::chrono::steady_clock::now()),
      last_shown_(started_) {}

std::string ProgressReporter::Describe(const ProgressSnapshot& snapshot,
                                       std::chrono::steady_clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(snapshot.done) / elapsed : 0.0;
  char buffer[256];
  std::snprintf(buffer, sizeof buffer,
                "%lld pages, %lld errors, %lld queued, %lld in flight, %lld hosts waiting, "
                "%.1f pages/s, %.1fs",
                static_cast<long long>(snapshot.done), static_cast<long long>(snapshot.errors),
                static_cast<long long>(snapshot.queued), static_cast<long long>(snapshot.in_flight),
                static_cast<long long>(snapshot.hosts_waiting), rate, elapsed);
  return buffer;
}

void ProgressReporter::Update(const ProgressSnapshot& snapshot,
                              std::chrono::steady_clock::time_point now) {
  if (now - last_shown_ < interval_) {
    return;
  }
  last_shown_ = now;
  if (live_) {
    out_ << "\r\033[K" << Describe(snapshot, now) << std::flush;
    line_drawn_ = true;
  } else {
    out_ << "pricecrawl: " << Describe(snapshot, now) << '\n' << std::flush;
  }
}

void ProgressReporter::Clear() {
  if (live_ && line_drawn_) {
    out_ << "\r\033[K" << std::flush;
    line_drawn_ = false;
  }
}

}  // namespace pricecrawl::crawler
