#include "config/duration.h"

#include <chrono>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace pricecrawl::config {
namespace {

using std::chrono::milliseconds;

std::int64_t Millis(std::string_view text) {
  return ParseDuration(text).value().count();
}

TEST(ParseDurationTest, ReadsEachUnit) {
  EXPECT_EQ(Millis("500ms"), 500);
  EXPECT_EQ(Millis("30s"), 30'000);
  EXPECT_EQ(Millis("5m"), 300'000);
  EXPECT_EQ(Millis("6h"), 21'600'000);
  EXPECT_EQ(Millis("2d"), 172'800'000);
}

TEST(ParseDurationTest, ReadsCompoundsLargestUnitFirst) {
  EXPECT_EQ(Millis("1h30m"), 5'400'000);
  EXPECT_EQ(Millis("1d2h3m4s5ms"), 93'784'005);
  EXPECT_EQ(Millis("1m30s500ms"), 90'500);
  EXPECT_EQ(Millis("90m"), 5'400'000);
}

TEST(ParseDurationTest, AcceptsZero) {
  EXPECT_EQ(Millis("0"), 0);
  EXPECT_EQ(Millis("0s"), 0);
  EXPECT_EQ(Millis("0ms"), 0);
  EXPECT_EQ(Millis("0h0m"), 0);
}

TEST(ParseDurationTest, RejectsMalformedText) {
  for (const char* bad : {"",      " ",    "30",    "1",    "00",   "s",     "ms",   "-5s", "+5s",
                          "1.5h",  "1,5h", "5 s",   " 5s",  "5s ",  "5S",    "5sec", "5x",  "1h1h",
                          "30m1h", "1s1m", "1ms1s", "1h30", "h30m", "1e3ms", "0x10s"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(ParseDurationTest, RejectsOverflowInsteadOfWrapping) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(Millis(std::to_string(max) + "ms"), max);
  EXPECT_FALSE(ParseDuration("9223372036854775808ms").has_value());
  EXPECT_FALSE(ParseDuration("99999999999999999999999ms").has_value());
  EXPECT_FALSE(ParseDuration("106751991168d").has_value());  // * 86'400'000 > int64 max
  EXPECT_EQ(Millis("106751991167d"), 106751991167LL * 86'400'000);
  EXPECT_EQ(Millis("106751991167d7h12m55s807ms"), max);
  // Each part fits, the sum does not.
  EXPECT_FALSE(ParseDuration("106751991167d7h12m55s808ms").has_value());
}

TEST(FormatDurationTest, WritesLargestUnitsFirst) {
  EXPECT_EQ(FormatDuration(milliseconds{21'600'000}), "6h");
  EXPECT_EQ(FormatDuration(milliseconds{5'400'000}), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds{500}), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds{0}), "0s");
  EXPECT_EQ(FormatDuration(milliseconds{90'500}), "1m30s500ms");
  EXPECT_EQ(FormatDuration(milliseconds{172'800'000}), "2d");
  EXPECT_EQ(FormatDuration(milliseconds{-1500}), "-1s500ms");
}

TEST(FormatDurationTest, RoundTripsThroughParseDuration) {
  for (std::int64_t ms :
       {std::int64_t{1}, std::int64_t{999}, std::int64_t{1000}, std::int64_t{86'399'999},
        std::int64_t{93'784'005}, std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(ParseDuration(FormatDuration(milliseconds{ms})), milliseconds{ms}) << ms;
  }
  EXPECT_EQ(FormatDuration(milliseconds{std::numeric_limits<std::int64_t>::min()})[0], '-');
}

TEST(ParseSizeTest, ReadsBinaryAndDecimalUnits) {
  EXPECT_EQ(ParseSize("10MiB"), 10u * 1024 * 1024);
  EXPECT_EQ(ParseSize("500KiB"), 500u * 1024);
  EXPECT_EQ(ParseSize("1GiB"), 1024u * 1024 * 1024);
  EXPECT_EQ(ParseSize("2TiB"), 2ull * 1024 * 1024 * 1024 * 1024);
  EXPECT_EQ(ParseSize("100B"), 100u);
  EXPECT_EQ(ParseSize("100"), 100u);
  EXPECT_EQ(ParseSize("0"), 0u);
  EXPECT_EQ(ParseSize("10MB"), 10'000'000u);
  EXPECT_EQ(ParseSize("10KB"), 10'000u);
  EXPECT_EQ(ParseSize("3GB"), 3'000'000'000u);
}

TEST(ParseSizeTest, UnitsAreCaseInsensitive) {
  EXPECT_EQ(ParseSize("10kB"), 10'000u);
  EXPECT_EQ(ParseSize("10mib"), 10u * 1024 * 1024);
  EXPECT_EQ(ParseSize("7b"), 7u);
}

TEST(ParseSizeTest, RejectsMalformedText) {
  for (const char* bad : {"", "MiB", "-1", "+1", "1.5MiB", "10 MiB", " 10", "10MiBs", "10XB",
                          "10iB", "10Mi", "10M", "10K", "1e6", "0x10"}) {
    EXPECT_FALSE(ParseSize(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(ParseSizeTest, RejectsOverflowInsteadOfWrapping) {
  EXPECT_EQ(ParseSize("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_FALSE(ParseSize("18446744073709551616").has_value());
  EXPECT_EQ(ParseSize("16777215TiB"), 16777215ull << 40);
  EXPECT_FALSE(ParseSize("16777216TiB").has_value());  // exactly 2^64
  EXPECT_FALSE(ParseSize("18446744073709552KB").has_value());
}

TEST(CheckDecimalTest, AcceptsPlainDecimals) {
  for (const char* good :
       {"0", "199", "199.99", "0.5", "0.000001", "007", "999999999999.999999", "000000000000001"}) {
    EXPECT_EQ(CheckDecimal(good), DecimalCheck::kOk) << good;
  }
}

TEST(CheckDecimalTest, ClassifiesProblems) {
  for (const char* bad :
       {"", "abc", "-1", "+1", ".5", "5.", "1,000", "1.2.3", "1e3", " 1", "1 ", "nan", "1.5€"}) {
    EXPECT_EQ(CheckDecimal(bad), DecimalCheck::kNotDecimal) << bad;
  }
  EXPECT_EQ(CheckDecimal("0.1234567"), DecimalCheck::kTooManyDecimals);
  EXPECT_EQ(CheckDecimal("1000000000000"), DecimalCheck::kTooLarge);
}

}  // namespace
}  // namespace pricecrawl::config
