#pragma once
// A Clock tests move by hand: nothing in a test waits on real time.

#include <chrono>

#include "crawler/base/clock.h"

namespace pricecrawl::testing {

class FakeClock final : public crawler::Clock {
 public:
  TimePoint Now() const override { return now_; }
  std::chrono::system_clock::time_point WallNow() const override { return wall_; }
  void Advance(std::chrono::steady_clock::duration d) {
    now_ += d;
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  }
  // Moves both clocks forward to `when` on the monotonic one; never backwards.
  void AdvanceTo(TimePoint when) {
    if (when > now_) {
      Advance(when - now_);
    }
  }

 private:
  TimePoint now_ = TimePoint(std::chrono::hours(1000));
  std::chrono::system_clock::time_point wall_ =
      std::chrono::system_clock::time_point(std::chrono::hours(490'000));  // 2025-11
};

}  // namespace pricecrawl::testing
