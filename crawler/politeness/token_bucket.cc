#include "crawler/politeness/token_bucket.h"

#include <algorithm>

namespace pricecrawl::crawler {

TokenBucket::TokenBucket(double rate, double burst, Clock::TimePoint now)
    : rate_(rate), burst_(std::max(1.0, burst)), tokens_(burst_), last_(now) {}

void TokenBucket::Refill(Clock::TimePoint now) {
  if (now <= last_) {
    return;
  }
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

bool TokenBucket::TryTake(Clock::TimePoint now) {
  if (rate_ <= 0) {
    return true;
  }
  Refill(now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  return false;
}

Clock::TimePoint TokenBucket::NextAvailable(Clock::TimePoint now) const {
  if (rate_ <= 0) {
    return now;
  }
  const double elapsed = now > last_ ? std::chrono::duration<double>(now - last_).count() : 0.0;
  const double tokens = std::min(burst_, tokens_ + elapsed * rate_);
  if (tokens >= 1.0) {
    return now;
  }
  const auto wait = std::chrono::duration<double>((1.0 - tokens) / rate_);
  return now + std::chrono::duration_cast<Clock::TimePoint::duration>(wait) +
         std::chrono::microseconds(1);
}

void TokenBucket::SetRate(double rate) {
  rate_ = rate;
}

}  // namespace pricecrawl::crawler
