#include "crawler/politeness/retry_after.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::array<std::string_view, 7> kShortDays = {"mon", "tue", "wed", "thu",
                                                        "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

// Reads an HTTP-date left to right; every method returns false / nullopt on a mismatch and the
// caller gives up, so the position after a failure does not matter.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return text_.empty(); }

  bool Consume(char c) {
    if (text_.empty() || text_.front() != c) {
      return false;
    }
    text_.remove_prefix(1);
    return true;
  }

  // One or more spaces (the grammar's SP; runs of them are tolerated).
  bool Spaces() {
    std::size_t n = 0;
    while (n < text_.size() && text_[n] == ' ') {
      ++n;
    }
    text_.remove_prefix(n);
    return n > 0;
  }

  std::string_view Word() {
    std::size_t n = 0;
    while (n < text_.size() && IsAsciiAlpha(text_[n])) {
      ++n;
    }
    const std::string_view word = text_.substr(0, n);
    text_.remove_prefix(n);
    return word;
  }

  // Between min_digits and max_digits decimal digits.
  std::optional<int> Number(std::size_t min_digits, std::size_t max_digits) {
    std::size_t n = 0;
    int value = 0;
    while (n < text_.size() && n < max_digits && IsAsciiDigit(text_[n])) {
      value = value * 10 + (text_[n] - '0');
      ++n;
    }
    if (n < min_digits || (n < text_.size() && IsAsciiDigit(text_[n]))) {
      return std::nullopt;
    }
    text_.remove_prefix(n);
    return value;
  }

 private:
  std::string_view text_;
};

std::optional<unsigned> MonthNumber(std::string_view name) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (AsciiEqualsIgnoreCase(name, kMonths[i])) {
      return static_cast<unsigned>(i + 1);
    }
  }
  return std::nullopt;
}

bool IsDayName(std::string_view name, const std::array<std::string_view, 7>& names) {
  for (std::string_view day : names) {
    if (AsciiEqualsIgnoreCase(name, day)) {
      return true;
    }
  }
  return false;
}

struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// HH:MM:SS; second 60 is a leap second (RFC 9110 5.6.7 allows it).
std::optional<TimeOfDay> ReadTime(Cursor& in) {
  const auto hour = in.Number(2, 2);
  if (!hour || !in.Consume(':')) {
    return std::nullopt;
  }
  const auto minute = in.Number(2, 2);
  if (!minute || !in.Consume(':')) {
    return std::nullopt;
  }
  const auto second = in.Number(2, 2);
  if (!second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  return TimeOfDay{*hour, *minute, *second};
}

// RFC 9110 5.6.7: a two-digit year more than 50 years ahead of `now` is in the past century.
int ExpandTwoDigitYear(int yy, std::chrono::system_clock::time_point now) {
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
  const int this_year = static_cast<int>(today.year());
  int year = this_year - this_year % 100 + yy;
  if (year > this_year + 50) {
    year -= 100;
  }
  if (year < this_year - 50) {
    year += 100;
  }
  return year;
}

struct DateTime {
  int year = 0;
  unsigned month = 0;
  int day = 0;
  TimeOfDay time;
};

std::optional<DateTime> ReadHttpDate(std::string_view text,
                                     std::chrono::system_clock::time_point now) {
  Cursor in(text);
  DateTime dt;
  const std::string_view day_name = in.Word();
  if (in.Consume(',')) {
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT".
    if (!IsDayName(day_name, kShortDays) && !IsDayName(day_name, kLongDays)) {
      return std::nullopt;
    }
    if (!in.Spaces()) {
      return std::nullopt;
    }
    const auto day = in.Number(1, 2);
    if (!day) {
      return std::nullopt;
    }
    dt.day = *day;
    if (in.Consume('-')) {
      const auto month = MonthNumber(in.Word());
      if (!month || !in.Consume('-')) {
        return std::nullopt;
      }
      dt.month = *month;
      const auto year = in.Number(2, 4);
      if (!year) {
        return std::nullopt;
      }
      dt.year = *year < 100 ? ExpandTwoDigitYear(*year, now) : *year;
    } else {
      if (!in.Spaces()) {
        return std::nullopt;
      }
      const auto month = MonthNumber(in.Word());
      if (!month || !in.Spaces()) {
        return std::nullopt;
      }
      dt.month = *month;
      const auto year = in.Number(4, 4);
      if (!year) {
        return std::nullopt;
      }
      dt.year = *year;
    }
    if (!in.Spaces()) {
      return std::nullopt;
    }
    const auto time = ReadTime(in);
    if (!time || !in.Spaces()) {
      return std::nullopt;
    }
    dt.time = *time;
    const std::string_view zone = in.Word();
    if (!AsciiEqualsIgnoreCase(zone, "gmt") && !AsciiEqualsIgnoreCase(zone, "utc")) {
      return std::nullopt;
    }
  } else {
    // asctime "Sun Nov  6 08:49:37 1994".
    if (!IsDayName(day_name, kShortDays) || !in.Spaces()) {
      return std::nullopt;
    }
    const auto month = MonthNumber(in.Word());
    if (!month || !in.Spaces()) {
      return std::nullopt;
    }
    dt.month = *month;
    const auto day = in.Number(1, 2);
    if (!day || !in.Spaces()) {
      return std::nullopt;
    }
    dt.day = *day;
    const auto time = ReadTime(in);
    if (!time || !in.Spaces()) {
      return std::nullopt;
    }
    dt.time = *time;
    const auto year = in.Number(4, 4);
    if (!year) {
      return std::nullopt;
    }
    dt.year = *year;
  }
  if (!in.AtEnd()) {
    return std::nullopt;
  }
  return dt;
}

}  // namespace

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  using std::chrono::seconds;
  value = Trim(value, " \t");
  if (value.empty()) {
    return std::nullopt;
  }

  if (IsAsciiDigit(value.front())) {  // delay-seconds = 1*DIGIT
    std::int64_t delay = 0;
    for (char c : value) {
      if (!IsAsciiDigit(c)) {
        return std::nullopt;
      }
      delay = std::min<std::int64_t>(delay * 10 + (c - '0'), kMaxRetryAfter.count());
    }
    return seconds(delay);
  }

  const auto dt = ReadHttpDate(value, now);
  if (!dt) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{dt->year}, std::chrono::month{dt->month},
                                         std::chrono::day{static_cast<unsigned>(dt->day)}};
  if (!date.ok()) {
    return std::nullopt;
  }

  // Whole seconds since the epoch on both sides: a year-9999 date does not fit the clock's
  // nanosecond time_point, but it does fit seconds.
  const auto target = std::chrono::sys_seconds(std::chrono::sys_days(date)) +
                      std::chrono::hours(dt->time.hour) + std::chrono::minutes(dt->time.minute) +
                      seconds(dt->time.second);
  const auto now_seconds = std::chrono::floor<seconds>(now);
  const seconds ahead = target - now_seconds;
  if (ahead <= seconds(0)) {
    return seconds(0);
  }
  if (ahead > kMaxRetryAfter) {
    return kMaxRetryAfter;
  }
  // `now` may sit inside a second; round the remaining wait up so we never come back early.
  const auto exact = ahead - (now - now_seconds);
  if (exact <= decltype(exact)::zero()) {
    return seconds(0);
  }
  return std::min(std::chrono::ceil<seconds>(exact), kMaxRetryAfter);
}

}  // namespace pricecrawl::crawler
