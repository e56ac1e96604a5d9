// ParseRetryAfter: RFC 9110 10.2.3 (delay-seconds / HTTP-date) and 5.6.7 (the three date forms).

#include "crawler/politeness/retry_after.h"

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

using std::chrono::seconds;
using std::chrono::sys_days;
using namespace std::chrono_literals;

// 1994-11-06 08:49:37 UTC, the date of RFC 9110's examples.
const std::chrono::system_clock::time_point kRfcExample =
    sys_days{std::chrono::year{1994} / 11 / 6} + 8h + 49min + 37s;

std::optional<seconds> At(std::string_view value, std::chrono::system_clock::time_point now) {
  return ParseRetryAfter(value, now);
}

// RFC 9110 10.2.3: delay-seconds = 1*DIGIT.
TEST(RetryAfterTest, ParsesDelaySeconds) {
  EXPECT_EQ(At("120", kRfcExample), seconds(120));
  EXPECT_EQ(At("0", kRfcExample), seconds(0));
  EXPECT_EQ(At("  7\t", kRfcExample), seconds(7));
  EXPECT_EQ(At("0000030", kRfcExample), seconds(30));
}

TEST(RetryAfterTest, CapsAbsurdDelaysAt24Hours) {
  EXPECT_EQ(At("86400", kRfcExample), seconds(86400));
  EXPECT_EQ(At("86401", kRfcExample), kMaxRetryAfter);
  EXPECT_EQ(At("999999999999999999999999999999", kRfcExample), kMaxRetryAfter);
  EXPECT_EQ(At("Sun, 06 Nov 2094 08:49:37 GMT", kRfcExample), kMaxRetryAfter);
  EXPECT_EQ(At("Fri, 31 Dec 9999 23:59:59 GMT", kRfcExample), kMaxRetryAfter);
}

// RFC 9110 5.6.7: the preferred IMF-fixdate form.
TEST(RetryAfterTest, ParsesImfFixdate) {
  EXPECT_EQ(At("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample), seconds(0));
  EXPECT_EQ(At("Sun, 06 Nov 1994 08:51:37 GMT", kRfcExample), seconds(120));
  EXPECT_EQ(At("Mon, 07 Nov 1994 08:49:37 GMT", kRfcExample), seconds(86400));
  EXPECT_EQ(At("sun, 06 nov 1994 09:49:37 gmt", kRfcExample), seconds(3600));
}

// RFC 9110 5.6.7: the obsolete RFC 850 form, with its two-digit year.
TEST(RetryAfterTest, ParsesRfc850Date) {
  EXPECT_EQ(At("Sunday, 06-Nov-94 08:50:37 GMT", kRfcExample), seconds(60));
  // A two-digit year more than 50 years ahead means the previous century.
  const auto in_2030 = sys_days{std::chrono::year{2030} / 1 / 1} + 0s;
  EXPECT_EQ(At("Tuesday, 01-Jan-30 00:01:00 GMT", in_2030), seconds(60));
  EXPECT_EQ(At("Friday, 01-Jan-99 00:00:00 GMT", in_2030), seconds(0));  // 1999, past
  const auto in_2090 = sys_days{std::chrono::year{2090} / 1 / 1} + 0s;
  EXPECT_EQ(At("Monday, 01-Jan-90 00:00:10 GMT", in_2090), seconds(10));
}

// RFC 9110 5.6.7: the obsolete asctime form, day padded with a space.
TEST(RetryAfterTest, ParsesAsctimeDate) {
  EXPECT_EQ(At("Sun Nov  6 08:49:47 1994", kRfcExample), seconds(10));
  EXPECT_EQ(At("Sun Nov 06 08:49:47 1994", kRfcExample), seconds(10));
  EXPECT_EQ(At("Sun Nov 6 08:49:47 1994", kRfcExample), seconds(10));
}

// RFC 9110 10.2.3: a date in the past means "retry now".
TEST(RetryAfterTest, PastDateIsZero) {
  EXPECT_EQ(At("Thu, 01 Jan 1970 00:00:00 GMT", kRfcExample), seconds(0));
  EXPECT_EQ(At("Sat, 01 Jan 0000 00:00:00 GMT", kRfcExample), seconds(0));
}

// A `now` inside a second never makes us come back early.
TEST(RetryAfterTest, RoundsPartialSecondsUp) {
  const auto now = kRfcExample + 250ms;
  EXPECT_EQ(At("Sun, 06 Nov 1994 08:49:38 GMT", now), seconds(1));
  EXPECT_EQ(At("Sun, 06 Nov 1994 08:49:37 GMT", now), seconds(0));
  EXPECT_EQ(At("Sun, 06 Nov 1994 08:49:47 GMT", now), seconds(10));
}

TEST(RetryAfterTest, AcceptsLeapYearsAndLeapSeconds) {
  const auto now = sys_days{std::chrono::year{2024} / 2 / 29} + 0s;
  EXPECT_EQ(At("Thu, 29 Feb 2024 00:00:05 GMT", now), seconds(5));
  EXPECT_EQ(At("Thu, 29 Feb 2024 00:00:60 GMT", now), seconds(60));
}

// Anything else is not a Retry-After value; the caller falls back to its own back-off.
TEST(RetryAfterTest, RejectsMalformedValues) {
  for (const char* bad : {"",
                          "   ",
                          "-5",
                          "+5",
                          "1.5",
                          "12abc",
                          "abc",
                          "soon",
                          "Sun, 06 Nov 1994 08:49:37",            // no zone
                          "Sun, 06 Nov 1994 08:49:37 PST",        // not GMT
                          "Sun, 06 Nov 94 08:49:37 GMT",          // IMF needs 4 digits
                          "Sun, 31 Apr 1994 08:49:37 GMT",        // no 31 April
                          "Tue, 29 Feb 2022 08:49:37 GMT",        // not a leap year
                          "Sun, 06 Nov 1994 24:00:00 GMT",        // hour
                          "Sun, 06 Nov 1994 08:60:00 GMT",        // minute
                          "Sun, 06 Foo 1994 08:49:37 GMT",        // month
                          "Xyz, 06 Nov 1994 08:49:37 GMT",        // day name
                          "Sun, 06 Nov 1994 08:49:37 GMT extra",  // trailing text
                          "Sun, 006 Nov 1994 08:49:37 GMT",       // three-digit day
                          "Sun Nov  6 08:49:37",                  // asctime without year
                          "Sunday Nov  6 08:49:37 1994",          // asctime takes short names
                          "Sun, 06 Nov 1994 8:49:37 GMT"}) {      // one-digit hour
    EXPECT_EQ(At(bad, kRfcExample), std::nullopt) << '"' << bad << '"';
  }
}

TEST(RetryAfterTest, NeverThrowsOnBinaryInput) {
  std::string every_octet;
  for (int c = 0; c < 256; ++c)
    every_octet += static_cast<char>(c);
  EXPECT_EQ(At(every_octet, kRfcExample), std::nullopt);
  EXPECT_EQ(At(std::string("12\0", 3), kRfcExample), std::nullopt);
}

}  // namespace
}  // namespace pricecrawl::crawler
