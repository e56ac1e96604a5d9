#pragma once
// Time as an interface (leveldb's Env idea): the scheduler, token buckets and back-off ask a
// Clock, so tests can drive time by hand instead of sleeping.

#include <chrono>
#include <string>

namespace pricecrawl::crawler {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  Clock() = default;
  virtual ~Clock() = default;
  Clock(const Clock&) = default;
  Clock& operator=(const Clock&) = default;
  Clock(Clock&&) = default;
  Clock& operator=(Clock&&) = default;
  // Monotonic time for rates and deadlines.
  virtual TimePoint Now() const = 0;
  // Wall-clock time for what is written to the database.
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace pricecrawl::crawler
