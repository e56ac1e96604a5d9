#pragma once
// Exact parsing of the numbers users write in the config file, the seeds file and on the
// command line: durations ("500ms", "1h30m"), byte sizes ("10MiB", "10MB") and non-negative
// decimals ("199.99"). Everything is integer arithmetic; floating point never touches a value,
// so "1.5h" is rejected rather than rounded, and overflow is an error, never a wrap-around.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::config {

// Parses a duration: one or more <digits><unit> parts with units d, h, m, s, ms, each used at
// most once and in that (decreasing) order, e.g. "500ms", "30s", "5m", "6h", "2d", "1h30m",
// "1m30s500ms". A bare "0" is accepted; other bare numbers are not (the unit is ambiguous).
// Returns nullopt for empty text, a sign, a fraction ("1.5h"), spaces, an unknown or repeated
// unit, or a total that does not fit std::chrono::milliseconds.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

// Parses a byte size: <digits> followed by nothing or B (bytes), KiB/MiB/GiB/TiB (powers of
// 1024) or KB/MB/GB/TB (powers of 1000); units are case-insensitive ("10MiB", "500KiB",
// "1GiB", "100B", "100", "10MB"). Returns nullopt for empty text, a sign, a fraction, spaces,
// an unknown unit, or a value above UINT64_MAX.
std::optional<std::uint64_t> ParseSize(std::string_view text);

// Formats `d` in the syntax ParseDuration reads, largest units first and zero parts left out:
// 6h -> "6h", 90min -> "1h30m", 500ms -> "500ms", 0 -> "0s". Negative durations get a
// leading '-' (which ParseDuration rejects).
std::string FormatDuration(std::chrono::milliseconds d);

// How a text fares as an exact, non-negative decimal (CheckDecimal).
enum class DecimalCheck {
  kOk,
  kNotDecimal,       // not digits[.digits]: sign, exponent, spaces, ".5", "5.", "1,000", ...
  kTooManyDecimals,  // more than kMaxDecimalPlaces digits after the point
  kTooLarge,         // more than kMaxIntegerDigits digits before the point
};

// Limits for CheckDecimal (leading zeros do not count): 12 + 6 digits always fit an int64
// counted in millionths.
inline constexpr int kMaxDecimalPlaces = 6;
inline constexpr int kMaxIntegerDigits = 12;

// Checks that `text` is written as a non-negative exact decimal: "199", "199.99", "0.5",
// "0.000001". The text is kept as written by callers; this never converts it to a double.
DecimalCheck CheckDecimal(std::string_view text);

}  // namespace pricecrawl::config
