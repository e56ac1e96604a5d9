#pragma once
// A host's request rate during a run: the configured one, tightened by the host's Crawl-delay,
// halved on each 429 Too Many Requests and crept back up by 10% per success, never above what
// the config and Crawl-delay allow. Rates are requests per second, 0 = unlimited.
//
// Not thread-safe: owned by the crawl's scheduling thread.

#include <optional>

namespace pricecrawl::crawler {

class AdaptiveRate {
 public:
  // Starts at `configured` (the host's [[host]] rate), which is also the ceiling.
  explicit AdaptiveRate(double configured) : ceiling_(configured), current_(configured) {}

  // Lowers the ceiling to `ceiling` (1 / Crawl-delay) unless it is already lower, and the
  // current rate with it. An unlimited ceiling or rate takes `ceiling`.
  void Tighten(double ceiling);

  // A 429 answer: halves the rate, never below one request every 20 s; an unlimited host
  // drops to 8/s. Returns the new rate.
  double OnTooManyRequests();

  // A 2xx answer: raises the rate by 10%, up to the ceiling. Returns the new rate, or nullopt
  // when it did not change (unlimited, or already at the ceiling).
  std::optional<double> OnSuccess();

  // The rate in force (0 = unlimited).
  double current() const { return current_; }

 private:
  double ceiling_;  // 0 = none
  double current_;
};

}  // namespace pricecrawl::crawler
