#pragma once
// A token bucket (rate tokens per second, at most `burst` stored) over a Clock's time points.
// One per host: every request to the host, robots.txt and retries included, takes a token.
// A rate of 0 means unlimited.

#include <chrono>

#include "crawler/base/clock.h"

namespace pricecrawl::crawler {

class TokenBucket {
 public:
  // Starts full. `rate` >= 0 (0 = unlimited), `burst` >= 1.
  TokenBucket(double rate, double burst, Clock::TimePoint now);

  // Takes one token if one is available at `now`.
  bool TryTake(Clock::TimePoint now);
  // When the next token will be available (== now when one is).
  Clock::TimePoint NextAvailable(Clock::TimePoint now) const;
  // Changes the rate (Crawl-delay, adaptive back-off); tokens already stored stay.
  void SetRate(double rate);
  double rate() const { return rate_; }

 private:
  void Refill(Clock::TimePoint now);

  double rate_;
  double burst_;
  double tokens_;
  Clock::TimePoint last_;
};

}  // namespace pricecrawl::crawler
