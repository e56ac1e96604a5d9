#include "crawler/cli/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pricecrawl::crawler {
namespace {

using Steady = std::chrono::steady_clock;

// The weight of the newest sample: about a 10 s memory at one sample per second.
constexpr double kRateSmoothing = 0.2;
constexpr std::chrono::milliseconds kRateSampleEvery{1000};

double Seconds(Steady::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

std::string FormatEta(double seconds) {
  const auto total = static_cast<long long>(std::ceil(std::max(seconds, 0.0)));
  char buffer[32];
  if (total < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", total);
  } else if (total < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", total / 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", total / 3600, (total % 3600) / 60);
  }
  return buffer;
}

ProgressReporter::ProgressReporter(std::ostream& out, bool live, std::chrono::seconds log_every,
                                   ProgressLimits limits, int width, Steady::time_point started)
    : out_(out),
      live_(live),
      interval_(live ? Steady::duration(std::chrono::milliseconds(250))
                     : Steady::duration(log_every)),
      limits_(limits),
      width_(width),
      started_(started),
      last_shown_(started),
      rate_sampled_at_(started) {}

double ProgressReporter::RecentRate(std::int64_t done, Steady::time_point now) {
  const Steady::duration since = now - rate_sampled_at_;
  if (since >= kRateSampleEvery) {
    const double sample = static_cast<double>(done - rate_sampled_done_) / Seconds(since);
    recent_rate_ =
        rate_known_ ? kRateSmoothing * sample + (1 - kRateSmoothing) * recent_rate_ : sample;
    rate_known_ = true;
    rate_sampled_at_ = now;
    rate_sampled_done_ = done;
  }
  return recent_rate_;
}

std::optional<double> ProgressReporter::EtaSeconds(const ProgressSnapshot& snapshot,
                                                   Steady::time_point now) {
  const double rate = RecentRate(snapshot.done, now);
  std::optional<double> eta;
  if (rate_known_ && rate > 0) {
    std::int64_t remaining = snapshot.queued + snapshot.in_flight;
    if (limits_.max_pages) {
      remaining =
          std::min(remaining, std::max<std::int64_t>(*limits_.max_pages - snapshot.done, 0));
    }
    eta = static_cast<double>(remaining) / rate;
  }
  if (limits_.deadline) {
    const double left = std::max(Seconds(*limits_.deadline - now), 0.0);
    eta = eta ? std::min(*eta, left) : left;
  }
  return eta;
}

std::string ProgressReporter::Describe(const ProgressSnapshot& snapshot, Steady::time_point now) {
  const double elapsed = Seconds(now - started_);
  const double rate = elapsed > 0 ? static_cast<double>(snapshot.done) / elapsed : 0.0;
  const std::optional<double> eta = EtaSeconds(snapshot, now);
  char buffer[320];
  std::snprintf(buffer, sizeof buffer,
                "%lld pages, %lld errors, %lld queued, %lld in flight, %lld hosts waiting, "
                "%.1f pages/s, %.1fs elapsed%s%s",
                static_cast<long long>(snapshot.done), static_cast<long long>(snapshot.errors),
                static_cast<long long>(snapshot.queued), static_cast<long long>(snapshot.in_flight),
                static_cast<long long>(snapshot.hosts_waiting), rate, elapsed, eta ? ", ETA " : "",
                eta ? FormatEta(*eta).c_str() : "");
  return buffer;
}

void ProgressReporter::Update(const ProgressSnapshot& snapshot, Steady::time_point now) {
  if (now - last_shown_ < interval_) {
    return;
  }
  last_shown_ = now;
  std::string line = Describe(snapshot, now);
  if (live_) {
    // Written in one piece, overwriting the old text before clearing what is left of it, so
    // the line never blinks; never wider than the terminal, so it never wraps.
    if (width_ > 1 && line.size() >= static_cast<std::size_t>(width_)) {
      line.resize(static_cast<std::size_t>(width_ - 1));
    }
    out_ << ('\r' + line + "\033[K") << std::flush;
    line_drawn_ = true;
  } else {
    out_ << ("pricecrawl: " + line + '\n') << std::flush;
  }
}

void ProgressReporter::Clear() {
  if (live_ && line_drawn_) {
    out_ << "\r\033[K" << std::flush;
    line_drawn_ = false;
  }
}

}  // namespace pricecrawl::crawler
