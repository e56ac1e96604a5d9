#include "crawler/price/decimal.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

// Magnitudes are strings of ASCII digits without leading zeros; zero is "0".

std::string StripLeadingZeros(std::string digits) {
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return "0";
  }
  digits.erase(0, first);
  return digits;
}

// digits * 10^zeros.
std::string AppendZeros(std::string digits, int zeros) {
  if (digits != "0" && zeros > 0) {
    digits.append(static_cast<std::size_t>(zeros), '0');
  }
  return digits;
}

std::strong_ordering CompareMagnitude(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) {
    return a.size() <=> b.size();
  }
  const int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

std::string AddMagnitude(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(std::max(a.size(), b.size()) + 1);
  int carry = 0;
  std::size_t i = a.size();
  std::size_t j = b.size();
  while (i > 0 || j > 0 || carry != 0) {
    int sum = carry;
    if (i > 0) {
      sum += a[--i] - '0';
    }
    if (j > 0) {
      sum += b[--j] - '0';
    }
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return StripLeadingZeros(std::move(out));
}

// a - b for a >= b.
std::string SubtractMagnitude(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(a.size());
  int borrow = 0;
  std::size_t i = a.size();
  std::size_t j = b.size();
  while (i > 0) {
    int diff = (a[--i] - '0') - borrow;
    if (j > 0) {
      diff -= b[--j] - '0';
    }
    borrow = diff < 0 ? 1 : 0;
    out.push_back(static_cast<char>('0' + diff + 10 * borrow));
  }
  std::reverse(out.begin(), out.end());
  return StripLeadingZeros(std::move(out));
}

// Schoolbook long division of magnitudes; divisor must not be "0".
std::pair<std::string, std::string> DivideMagnitude(const std::string& dividend,
                                                    const std::string& divisor) {
  std::string quotient;
  std::string remainder = "0";
  for (const char digit : dividend) {
    remainder.push_back(digit);
    remainder = StripLeadingZeros(std::move(remainder));
    char q = '0';
    while (CompareMagnitude(remainder, divisor) != std::strong_ordering::less) {
      remainder = SubtractMagnitude(remainder, divisor);
      ++q;
    }
    quotient.push_back(q);
  }
  return {StripLeadingZeros(std::move(quotient)), remainder};
}

// A signed magnitude, for the one subtraction PercentChange needs.
struct Signed {
  bool negative;
  std::string magnitude;
};

Signed SignedSubtract(bool a_negative, const std::string& a, bool b_negative,
                      const std::string& b) {
  // a - b == a + (-b).
  const bool nb = !b_negative;
  if (a_negative == nb) {
    return {a_negative, AddMagnitude(a, b)};
  }
  if (CompareMagnitude(a, b) == std::strong_ordering::less) {
    return {nb, SubtractMagnitude(b, a)};
  }
  return {a_negative, SubtractMagnitude(a, b)};
}

}  // namespace

Decimal::Decimal(bool negative, std::string digits, int scale)
    : negative_(negative), digits_(StripLeadingZeros(std::move(digits))), scale_(scale) {
  if (digits_ == "0") {
    negative_ = false;
  }
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string digits;
  int scale = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (const char c : text) {
    if (IsAsciiDigit(c)) {
      seen_digit = true;
      if (digits.empty() && c == '0') {
        // Leading zero: not significant, but still a fractional place below.
      } else {
        digits.push_back(c);
        if (digits.size() > static_cast<std::size_t>(kMaxDigits) + kMaxScale) {
          return std::nullopt;  // bounded work on absurd input
        }
      }
      if (seen_point) {
        if (++scale > kMaxScale) {
          return std::nullopt;
        }
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) {
    return std::nullopt;
  }
  if (digits.size() > static_cast<std::size_t>(kMaxDigits)) {
    return std::nullopt;
  }
  return Decimal(negative, digits.empty() ? std::string("0") : std::move(digits), scale);
}

std::string Decimal::ToString() const {
  std::string padded = digits_;
  const std::size_t scale = static_cast<std::size_t>(scale_);
  if (padded.size() <= scale) {
    padded.insert(0, scale + 1 - padded.size(), '0');
  }
  std::string out = negative_ ? "-" : "";
  out.append(padded, 0, padded.size() - scale);
  if (scale > 0) {
    out.push_back('.');
    out.append(padded, padded.size() - scale, scale);
  }
  return out;
}

Decimal Decimal::Normalized() const {
  std::string digits = digits_;
  int scale = scale_;
  while (scale > 0 && digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    --scale;
  }
  if (digits == "0") {
    scale = 0;
  }
  return Decimal(negative_, std::move(digits), scale);
}

Decimal Decimal::Rescaled(int scale) const {
  scale = std::clamp(scale, 0, kMaxScale);
  if (scale >= scale_) {
    return Decimal(negative_, AppendZeros(digits_, scale - scale_), scale);
  }
  const std::size_t drop = static_cast<std::size_t>(scale_ - scale);
  if (digits_.size() < drop) {
    return Decimal(false, "0", scale);  // below half a unit of the new last place
  }
  std::string kept = digits_.substr(0, digits_.size() - drop);
  const std::string_view dropped = std::string_view(digits_).substr(digits_.size() - drop);
  bool round_up = false;
  if (dropped.front() > '5') {
    round_up = true;
  } else if (dropped.front() == '5') {
    const bool rest_zero = dropped.find_first_not_of('0', 1) == std::string_view::npos;
    const bool kept_odd = !kept.empty() && (kept.back() - '0') % 2 == 1;
    round_up = !rest_zero || kept_odd;
  }
  if (kept.empty()) {
    kept.assign(1, '0');  // not = "0": GCC 12 -Wrestrict false positive
  }
  if (round_up) {
    kept = AddMagnitude(StripLeadingZeros(kept), "1");
  }
  return Decimal(negative_, std::move(kept), scale);
}

std::int64_t Decimal::ToMicros() const {
  const std::string digits = Rescaled(6).ToString();
  std::int64_t value = 0;
  for (const char c : digits) {
    if (IsAsciiDigit(c)) {
      if (value > (INT64_MAX - 9) / 10) {
        return INT64_MAX;
      }
      value = value * 10 + (c - '0');
    }
  }
  return IsNegative() ? -value : value;
}

std::int64_t Decimal::ToHundredths() const {
  const Decimal hundredths = Rescaled(2);
  // The magnitude is read in uint64 so that INT64_MIN, whose magnitude is INT64_MAX + 1, is
  // reached exactly rather than saturated one step early.
  const bool negative = hundredths.negative_ && !hundredths.IsZero();
  const std::uint64_t limit =
      negative ? std::uint64_t{1} << 63U : static_cast<std::uint64_t>(INT64_MAX);
  std::uint64_t magnitude = 0;
  for (const char c : hundredths.digits_) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) {
      return negative ? INT64_MIN : INT64_MAX;
    }
    magnitude = magnitude * 10 + digit;
  }
  if (!negative) {
    return static_cast<std::int64_t>(magnitude);
  }
  // -(magnitude - 1) - 1 stays in range when magnitude is 2^63.
  return -static_cast<std::int64_t>(magnitude - 1) - 1;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (a.negative_ != b.negative_) {
    return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  const int scale = std::max(a.scale_, b.scale_);
  const std::strong_ordering magnitude = CompareMagnitude(AppendZeros(a.digits_, scale - a.scale_),
                                                          AppendZeros(b.digits_, scale - b.scale_));
  if (!a.negative_ || std::is_eq(magnitude)) {
    return magnitude;
  }
  return std::is_lt(magnitude) ? std::strong_ordering::greater : std::strong_ordering::less;
}

bool operator==(const Decimal& a, const Decimal& b) {
  return (a <=> b) == std::strong_ordering::equal;
}

std::optional<Decimal> Decimal::PercentChange(const Decimal& old_value, const Decimal& new_value) {
  if (old_value.IsZero()) {
    return std::nullopt;
  }
  const int scale = std::max(old_value.scale_, new_value.scale_);
  const std::string old_mag = AppendZeros(old_value.digits_, scale - old_value.scale_);
  const std::string new_mag = AppendZeros(new_value.digits_, scale - new_value.scale_);
  const Signed diff = SignedSubtract(new_value.negative_, new_mag, old_value.negative_, old_mag);
  // percent * 100 (two decimals) = diff * 10^4 / |old|.
  auto [quotient, remainder] = DivideMagnitude(AppendZeros(diff.magnitude, 4), old_mag);
  const std::strong_ordering half = CompareMagnitude(AddMagnitude(remainder, remainder), old_mag);
  const bool quotient_odd = (quotient.back() - '0') % 2 == 1;
  if (half == std::strong_ordering::greater ||
      (half == std::strong_ordering::equal && quotient_odd)) {
    quotient = AddMagnitude(quotient, "1");
  }
  return Decimal(diff.negative, std::move(quotient), 2);
}

}  // namespace pricecrawl::crawler
