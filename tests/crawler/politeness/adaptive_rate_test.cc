#include "crawler/politeness/adaptive_rate.h"

#include <optional>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(AdaptiveRateTest, StartsAtTheConfiguredRate) {
  EXPECT_DOUBLE_EQ(AdaptiveRate(2.0).current(), 2.0);
  EXPECT_DOUBLE_EQ(AdaptiveRate(0.0).current(), 0.0);
}

TEST(AdaptiveRateTest, TightenLowersRateAndCeiling) {
  AdaptiveRate rate(4.0);
  rate.Tighten(0.5);  // Crawl-delay: 2
  EXPECT_DOUBLE_EQ(rate.current(), 0.5);
  // The ceiling came down with it: successes never climb back above it.
  EXPECT_EQ(rate.OnSuccess(), std::nullopt);
  EXPECT_DOUBLE_EQ(rate.current(), 0.5);
}

TEST(AdaptiveRateTest, TightenNeverRaisesTheRate) {
  AdaptiveRate rate(1.0);
  rate.Tighten(10.0);  // a Crawl-delay looser than the config
  EXPECT_DOUBLE_EQ(rate.current(), 1.0);
  EXPECT_EQ(rate.OnSuccess(), std::nullopt);
}

TEST(AdaptiveRateTest, TightenGivesAnUnlimitedHostTheCrawlDelayRate) {
  AdaptiveRate rate(0.0);
  rate.Tighten(0.25);
  EXPECT_DOUBLE_EQ(rate.current(), 0.25);
  EXPECT_EQ(rate.OnSuccess(), std::nullopt);  // 0.25 is now the ceiling
}

TEST(AdaptiveRateTest, TightenKeepsALowerCurrentRate) {
  AdaptiveRate rate(4.0);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 2.0);
  rate.Tighten(3.0);
  EXPECT_DOUBLE_EQ(rate.current(), 2.0);
  // It creeps back up to the new ceiling, not the configured one.
  for (int i = 0; i < 20; ++i) {
    rate.OnSuccess();
  }
  EXPECT_DOUBLE_EQ(rate.current(), 3.0);
}

TEST(AdaptiveRateTest, TooManyRequestsHalvesTheRate) {
  AdaptiveRate rate(2.0);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 1.0);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 0.5);
  EXPECT_DOUBLE_EQ(rate.current(), 0.5);
}

TEST(AdaptiveRateTest, TooManyRequestsStopsAtOneRequestEveryTwentySeconds) {
  AdaptiveRate rate(0.08);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 0.05);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 0.05);
  AdaptiveRate slow(0.01);  // configured below the floor: a 429 raises it to the floor
  EXPECT_DOUBLE_EQ(slow.OnTooManyRequests(), 0.05);
}

TEST(AdaptiveRateTest, TooManyRequestsLimitsAnUnlimitedHostToEightPerSecond) {
  AdaptiveRate rate(0.0);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 8.0);
  EXPECT_DOUBLE_EQ(rate.OnTooManyRequests(), 4.0);
}

TEST(AdaptiveRateTest, SuccessCreepsUpTenPercent) {
  AdaptiveRate rate(4.0);
  rate.OnTooManyRequests();  // 2.0
  const std::optional<double> next = rate.OnSuccess();
  ASSERT_TRUE(next.has_value());
  EXPECT_DOUBLE_EQ(*next, 2.2);
  EXPECT_DOUBLE_EQ(rate.current(), 2.2);
}

TEST(AdaptiveRateTest, SuccessStopsAtTheCeiling) {
  AdaptiveRate rate(1.0);
  rate.OnTooManyRequests();  // 0.5
  int changes = 0;
  while (rate.OnSuccess() && changes < 100) {
    ++changes;
  }
  EXPECT_EQ(changes, 8);  // 0.5 * 1.1^7 < 1.0 <= 0.5 * 1.1^8: the last step is cut to 1.0
  EXPECT_DOUBLE_EQ(rate.current(), 1.0);
  EXPECT_EQ(rate.OnSuccess(), std::nullopt);
}

TEST(AdaptiveRateTest, SuccessLeavesAnUnlimitedHostUnlimited) {
  AdaptiveRate rate(0.0);
  EXPECT_EQ(rate.OnSuccess(), std::nullopt);
  EXPECT_DOUBLE_EQ(rate.current(), 0.0);
}

TEST(AdaptiveRateTest, SuccessAfterTooManyRequestsClimbsWithoutCeilingWhenUnconfigured) {
  AdaptiveRate rate(0.0);
  rate.OnTooManyRequests();  // 8.0, no ceiling
  const std::optional<double> next = rate.OnSuccess();
  ASSERT_TRUE(next.has_value());
  EXPECT_DOUBLE_EQ(*next, 8.8);
  EXPECT_TRUE(rate.OnSuccess().has_value());  // keeps climbing: nothing caps it
}

}  // namespace
}  // namespace pricecrawl::crawler
