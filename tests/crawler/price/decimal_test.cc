// Exact decimals for prices (DESIGN.md: never binary floating point).

#include "crawler/price/decimal.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

Decimal D(const char* text) {
  const std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

TEST(DecimalTest, ParsesPlainNotation) {
  EXPECT_EQ(D("12.99").ToString(), "12.99");
  EXPECT_EQ(D("-3").ToString(), "-3");
  EXPECT_EQ(D("0.5").ToString(), "0.5");
  EXPECT_EQ(D(".5").ToString(), "0.5");
  EXPECT_EQ(D("5.").ToString(), "5");
  EXPECT_EQ(D("+7").ToString(), "7");
  EXPECT_EQ(D("007.50").ToString(), "7.50");
  EXPECT_EQ(D("0.05").scale(), 2);
  EXPECT_EQ(D("1.11000000000000009770").ToString(), "1.11000000000000009770");
}

TEST(DecimalTest, RefusesWhatIsNotPlainDecimal) {
  for (const char* bad : {"", "-", ".", "1e3", "1E3", "12,99", "1 000", " 1", "1 ", "1.2.3", "--1",
                          "0x10", "inf", "NaN", "12.99$", "١٢"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(DecimalTest, RefusesAbsurdSizes) {
  EXPECT_TRUE(Decimal::Parse(std::string(30, '9')).has_value());
  EXPECT_FALSE(Decimal::Parse(std::string(31, '9')).has_value());
  EXPECT_TRUE(Decimal::Parse("0." + std::string(29, '0') + "1").has_value());
  EXPECT_FALSE(Decimal::Parse("0." + std::string(30, '0') + "1").has_value());
  EXPECT_FALSE(Decimal::Parse(std::string(1'000'000, '1')).has_value());
  // Leading zeros are not significant.
  EXPECT_EQ(Decimal::Parse(std::string(100, '0') + "42")->ToString(), "42");
}

TEST(DecimalTest, ZeroIsNeverNegative) {
  EXPECT_FALSE(D("-0").IsNegative());
  EXPECT_EQ(D("-0.00").ToString(), "0.00");
  EXPECT_TRUE(D("-0.00").IsZero());
  EXPECT_TRUE(Decimal().IsZero());
  EXPECT_TRUE(D("-1").IsNegative());
}

TEST(DecimalTest, NormalizedDropsTrailingZeros) {
  EXPECT_EQ(D("12.90").Normalized().ToString(), "12.9");
  EXPECT_EQ(D("5.00").Normalized().ToString(), "5");
  EXPECT_EQ(D("100").Normalized().ToString(), "100");
  EXPECT_EQ(D("0.000").Normalized().ToString(), "0");
  EXPECT_EQ(D("-1.10").Normalized().ToString(), "-1.1");
}

TEST(DecimalTest, ComparesByValue) {
  EXPECT_EQ(D("12.9"), D("12.90"));
  EXPECT_EQ(D("0"), D("-0.0"));
  EXPECT_LT(D("-1"), D("0"));
  EXPECT_LT(D("0"), D("0.01"));
  EXPECT_LT(D("-2.5"), D("-2.49"));
  EXPECT_GT(D("10"), D("9.999"));
  EXPECT_LT(D("0.1"), D("0.10000000000000000000000000001"));
  EXPECT_NE(D("1.5"), D("15"));
}

TEST(DecimalTest, RescalesHalfToEven) {
  EXPECT_EQ(D("2.345").Rescaled(2).ToString(), "2.34");
  EXPECT_EQ(D("2.355").Rescaled(2).ToString(), "2.36");
  EXPECT_EQ(D("2.3451").Rescaled(2).ToString(), "2.35");
  EXPECT_EQ(D("0.5").Rescaled(0).ToString(), "0");
  EXPECT_EQ(D("1.5").Rescaled(0).ToString(), "2");
  EXPECT_EQ(D("9.995").Rescaled(2).ToString(), "10.00");
  EXPECT_EQ(D("-2.675").Rescaled(2).ToString(), "-2.68");
  EXPECT_EQ(D("-0.004").Rescaled(2).ToString(), "0.00");
  EXPECT_EQ(D("0.0004").Rescaled(2).ToString(), "0.00");
  EXPECT_EQ(D("12.9").Rescaled(2).ToString(), "12.90");
  EXPECT_EQ(D("1234.5").Rescaled(3).ToString(), "1234.500");
  EXPECT_EQ(D("7").Rescaled(-4).ToString(), "7");
}

TEST(DecimalTest, PercentChangeRoundsToTwoDecimals) {
  EXPECT_EQ(Decimal::PercentChange(D("12.00"), D("10.50"))->ToString(), "-12.50");
  EXPECT_EQ(Decimal::PercentChange(D("10"), D("15"))->ToString(), "50.00");
  EXPECT_EQ(Decimal::PercentChange(D("3"), D("4"))->ToString(), "33.33");
  EXPECT_EQ(Decimal::PercentChange(D("3"), D("2"))->ToString(), "-33.33");
  EXPECT_EQ(Decimal::PercentChange(D("19.99"), D("19.99"))->ToString(), "0.00");
  EXPECT_EQ(Decimal::PercentChange(D("0.01"), D("1000000"))->ToString(), "9999999900.00");
  // Half to even: 1/800 = 0.125 % -> 0.12 %, 3/800 = 0.375 % -> 0.38 %.
  EXPECT_EQ(Decimal::PercentChange(D("800"), D("801"))->ToString(), "0.12");
  EXPECT_EQ(Decimal::PercentChange(D("800"), D("803"))->ToString(), "0.38");
  EXPECT_FALSE(Decimal::PercentChange(D("0.00"), D("5")).has_value());
  // Thirty-digit operands do not overflow.
  const Decimal big = D("999999999999999999999999999999");
  EXPECT_EQ(Decimal::PercentChange(big, D("0"))->ToString(), "-100.00");
}

TEST(DecimalTest, ToMicrosIsExactMillionths) {
  EXPECT_EQ(D("12.99").ToMicros(), 12'990'000);
  EXPECT_EQ(D("12.990000").ToMicros(), 12'990'000);
  EXPECT_EQ(D("0").ToMicros(), 0);
  EXPECT_EQ(D("0.000001").ToMicros(), 1);
  EXPECT_EQ(D("24990").ToMicros(), 24'990'000'000);
  EXPECT_EQ(D("-3.5").ToMicros(), -3'500'000);
}

TEST(DecimalTest, ToMicrosRoundsHalfToEven) {
  EXPECT_EQ(D("1.23456789").ToMicros(), 1'234'568);
  EXPECT_EQ(D("0.0000005").ToMicros(), 0);
  EXPECT_EQ(D("0.0000015").ToMicros(), 2);
  EXPECT_EQ(D("0.0000025").ToMicros(), 2);
  EXPECT_EQ(D("0.00000251").ToMicros(), 3);
  EXPECT_EQ(D("-0.0000001").ToMicros(), 0);
  EXPECT_EQ(D("-0.0000015").ToMicros(), -2);
}

TEST(DecimalTest, ToMicrosSaturatesFarBeyondAnyPrice) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // The last value read exactly: 922337203685477579 is not above (INT64_MAX - 9) / 10.
  EXPECT_EQ(D("9223372036854.775799").ToMicros(), 9'223'372'036'854'775'799);
  // From there on the result saturates, one step before INT64_MAX itself would overflow.
  EXPECT_EQ(D("9223372036854.7758").ToMicros(), kMax);
  EXPECT_EQ(D("9223372036854.775807").ToMicros(), kMax);
  EXPECT_EQ(D("123456789012345678901234567890").ToMicros(), kMax);
  // Negative amounts saturate to the same INT64_MAX, as the store's ordering always did.
  EXPECT_EQ(D("-9223372036854.775799").ToMicros(), -9'223'372'036'854'775'799);
  EXPECT_EQ(D("-123456789012345678901234567890").ToMicros(), kMax);
}

TEST(DecimalTest, ToHundredthsTurnsAPercentChangeIntoBasisPoints) {
  EXPECT_EQ(D("-21.97").ToHundredths(), -2197);
  EXPECT_EQ(D("-22.25").ToHundredths(), -2225);
  EXPECT_EQ(D("0.00").ToHundredths(), 0);
  EXPECT_EQ(D("-0.50").ToHundredths(), -50);
  EXPECT_EQ(D("461.85").ToHundredths(), 46185);
  EXPECT_EQ(D("5").ToHundredths(), 500);
  // Digits beyond the second place round half to even, as Rescaled(2) does.
  EXPECT_EQ(D("0.125").ToHundredths(), 12);
  EXPECT_EQ(D("0.135").ToHundredths(), 14);
  EXPECT_EQ(D("-0.004").ToHundredths(), 0);
}

TEST(DecimalTest, ToHundredthsIsExactToTheEndsOfTheInt64Range) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  // Past 2^53, where a double would already have rounded to an even neighbour.
  EXPECT_EQ(D("90071992547409.93").ToHundredths(), 9'007'199'254'740'993);
  EXPECT_EQ(D("92233720368547758.07").ToHundredths(), kMax);
  EXPECT_EQ(D("92233720368547758.06").ToHundredths(), kMax - 1);
  EXPECT_EQ(D("92233720368547758.08").ToHundredths(), kMax);
  EXPECT_EQ(D("-92233720368547758.08").ToHundredths(), kMin);
  EXPECT_EQ(D("-92233720368547758.07").ToHundredths(), kMin + 1);
  EXPECT_EQ(D("-92233720368547758.09").ToHundredths(), kMin);
  EXPECT_EQ(D("123456789012345678901234567890").ToHundredths(), kMax);
  EXPECT_EQ(D("-123456789012345678901234567890").ToHundredths(), kMin);
}

}  // namespace
}  // namespace pricecrawl::crawler
