#include "crawler/politeness/adaptive_rate.h"

#include <algorithm>

namespace pricecrawl::crawler {

void AdaptiveRate::Tighten(double ceiling) {
  ceiling_ = ceiling_ <= 0 ? ceiling : std::min(ceiling_, ceiling);
  current_ = current_ <= 0 ? ceiling_ : std::min(current_, ceiling_);
}

double AdaptiveRate::OnTooManyRequests() {
  constexpr double kFloor = 0.05;  // one request every 20 s at the slowest
  current_ = current_ <= 0 ? 8.0 : std::max(kFloor, current_ / 2);
  return current_;
}

std::optional<double> AdaptiveRate::OnSuccess() {
  if (current_ <= 0 || (ceiling_ > 0 && current_ >= ceiling_)) {
    return std::nullopt;
  }
  current_ = ceiling_ <= 0 ? current_ * 1.1 : std::min(ceiling_, current_ * 1.1);
  return current_;
}

}  // namespace pricecrawl::crawler
