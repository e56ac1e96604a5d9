#include "config/duration.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "config/ascii.h"

namespace pricecrawl::config {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

// Largest first: ParseDuration requires this order and FormatDuration emits it.
constexpr std::array<Unit, 5> kDurationUnits{{
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
}};

// Reads the digits at text[*pos] into *value; false when there are none or they overflow.
bool ReadUnsigned(std::string_view text, std::size_t* pos, std::uint64_t* value) {
  const std::size_t start = *pos;
  std::uint64_t v = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  while (*pos < text.size() && IsAsciiDigit(text[*pos])) {
    const auto digit = static_cast<std::uint64_t>(text[*pos] - '0');
    if (v > (kMax - digit) / 10) {
      return false;
    }
    v = v * 10 + digit;
    ++*pos;
  }
  *value = v;
  return *pos > start;
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text == "0") {
    return std::chrono::milliseconds{0};
  }
  if (text.empty()) {
    return std::nullopt;
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t total = 0;
  std::size_t next_unit = 0;  // index into kDurationUnits of the largest unit still allowed
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::uint64_t amount = 0;
    if (!ReadUnsigned(text, &pos, &amount)) {
      return std::nullopt;
    }
    const std::size_t unit_start = pos;
    while (pos < text.size() && IsAsciiAlpha(text[pos])) {
      ++pos;
    }
    const std::string_view unit_name = text.substr(unit_start, pos - unit_start);
    std::size_t unit = next_unit;
    while (unit < kDurationUnits.size() && kDurationUnits[unit].name != unit_name) {
      ++unit;
    }
    if (unit == kDurationUnits.size()) {
      return std::nullopt;  // unknown, missing, repeated or out-of-order unit
    }
    next_unit = unit + 1;
    const auto factor = static_cast<std::uint64_t>(kDurationUnits[unit].millis);
    if (amount > kMax / factor) {
      return std::nullopt;
    }
    const std::uint64_t part = amount * factor;
    if (part > kMax - total) {
      return std::nullopt;
    }
    total += part;
  }
  return std::chrono::milliseconds{static_cast<std::int64_t>(total)};
}

std::optional<std::uint64_t> ParseSize(std::string_view text) {
  std::size_t pos = 0;
  std::uint64_t amount = 0;
  if (!ReadUnsigned(text, &pos, &amount)) {
    return std::nullopt;
  }
  std::string unit;
  for (; pos < text.size(); ++pos) {
    if (!IsAsciiAlpha(text[pos])) {
      return std::nullopt;
    }
    unit.push_back(AsciiToLower(text[pos]));
  }
  std::uint64_t base = 1;
  int power = 0;
  if (unit.empty() || unit == "b") {
    power = 0;
  } else if (unit.size() == 2 && unit[1] == 'b') {
    base = 1000;
  } else if (unit.size() == 3 && unit[1] == 'i' && unit[2] == 'b') {
    base = 1024;
  } else {
    return std::nullopt;
  }
  if (base != 1) {
    switch (unit[0]) {
      case 'k':
        power = 1;
        break;
      case 'm':
        power = 2;
        break;
      case 'g':
        power = 3;
        break;
      case 't':
        power = 4;
        break;
      default:
        return std::nullopt;
    }
  }
  std::uint64_t value = amount;
  for (int i = 0; i < power; ++i) {
    if (value > std::numeric_limits<std::uint64_t>::max() / base) {
      return std::nullopt;
    }
    value *= base;
  }
  return value;
}

std::string FormatDuration(std::chrono::milliseconds d) {
  const std::int64_t count = d.count();
  if (count == 0) {
    return "0s";
  }
  std::string out;
  // Via unsigned so that the most negative value still has a magnitude.
  std::uint64_t rest = static_cast<std::uint64_t>(count);
  if (count < 0) {
    out.push_back('-');
    rest = 0 - rest;
  }
  for (const Unit& unit : kDurationUnits) {
    const auto factor = static_cast<std::uint64_t>(unit.millis);
    const std::uint64_t amount = rest / factor;
    if (amount != 0) {
      out += std::to_string(amount);
      out += unit.name;
      rest %= factor;
    }
  }
  return out;
}

DecimalCheck CheckDecimal(std::string_view text) {
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  const auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (!IsAsciiDigit(c)) {
        return false;
      }
    }
    return !s.empty();
  };
  if (!all_digits(whole) || (point != std::string_view::npos && !all_digits(fraction))) {
    return DecimalCheck::kNotDecimal;
  }
  if (fraction.size() > static_cast<std::size_t>(kMaxDecimalPlaces)) {
    return DecimalCheck::kTooManyDecimals;
  }
  const std::size_t first_significant = whole.find_first_not_of('0');
  if (first_significant != std::string_view::npos &&
      whole.size() - first_significant > static_cast<std::size_t>(kMaxIntegerDigits)) {
    return DecimalCheck::kTooLarge;
  }
  return DecimalCheck::kOk;
}

}  // namespace pricecrawl::config
