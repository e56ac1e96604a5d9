#pragma once
// Exact decimal numbers for prices. DESIGN.md: "Prices are exact decimals: never binary floating
// point in parsing, storage or comparison." A Decimal is a sign, a coefficient kept as a string
// of decimal digits, and a scale (digits after the point), so 12.90 keeps its two places and
// compares equal to 12.9. Arithmetic is limited to what price tracking needs: rounding to a
// currency's minor units and the percent change between two observations.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

class Decimal {
 public:
  // Most significant digits Parse accepts (leading zeros do not count).
  static constexpr int kMaxDigits = 30;
  // Most digits after the point Parse accepts and Rescaled produces.
  static constexpr int kMaxScale = 30;

  // Zero, scale 0.
  Decimal() = default;

  // Parses plain decimal notation: an optional '+' or '-', ASCII digits, at most one '.', with
  // at least one digit ("12.99", "-3", "0.5", ".5", "5."). No exponents, no spaces, no group
  // separators. nullopt for anything else, for more than kMaxDigits significant digits and for
  // more than kMaxScale digits after the point. Never throws on any input.
  static std::optional<Decimal> Parse(std::string_view text);

  // Canonical text: '-' for negative values, no leading zeros ("0.5"), exactly scale() digits
  // after the point, so "12.90" parsed stays "12.90"; call Normalized() first to drop them.
  std::string ToString() const;

  // The same value with trailing fractional zeros removed ("12.90" -> "12.9", "5.00" -> "5").
  Decimal Normalized() const;

  // The value rounded half-to-even to `scale` digits after the point (or padded with zeros);
  // `scale` is clamped to 0..kMaxScale. Use with MinorUnits() for a currency's precision.
  Decimal Rescaled(int scale) const;

  // The value in millionths as an exact integer, for ordering prices in SQL: Rescaled(6) (half
  // to even), its digits read as an integer, negated for a negative value. Saturates far beyond
  // any real price: once the magnitude read so far exceeds (INT64_MAX - 9) / 10 with a digit
  // left, the result is INT64_MAX, for a negative value too (prices are never negative).
  std::int64_t ToMicros() const;

  // The value in hundredths as an exact integer: Rescaled(2) (half to even), its digits read as
  // an integer, negative for a negative value. A percent change (two places) becomes basis
  // points, so -21.97 gives -2197, for ordering changes in SQL. Outside the int64 range it
  // saturates at INT64_MAX, or INT64_MIN for a negative value, exactly where SQLite's CAST of
  // integer text saturates, so the crawler and the schema migration agree on every value.
  std::int64_t ToHundredths() const;

  int scale() const { return scale_; }
  bool IsZero() const { return digits_ == "0"; }
  bool IsNegative() const { return negative_; }

  // Value comparison: 12.9 == 12.90, -1 < 0 < 0.01.
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b);

  // Percent change from `old_value` to `new_value`, (new - old) / |old| * 100, rounded
  // half-to-even to 2 decimals (12.00 -> 10.50 gives -12.50). nullopt when old_value is zero.
  static std::optional<Decimal> PercentChange(const Decimal& old_value, const Decimal& new_value);

 private:
  Decimal(bool negative, std::string digits, int scale);

  bool negative_ = false;     // never true for zero
  std::string digits_ = "0";  // coefficient: ASCII digits, no leading zeros ("0" for zero)
  int scale_ = 0;             // value = digits_ * 10^-scale_
};

}  // namespace pricecrawl::crawler
