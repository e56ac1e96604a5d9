#include "crawler/politeness/token_bucket.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

TEST(TokenBucketTest, StartsFullThenRefillsAtTheRate) {
  testing::FakeClock clock;
  TokenBucket bucket(4.0, 2.0, clock.Now());
  EXPECT_TRUE(bucket.TryTake(clock.Now()));
  EXPECT_TRUE(bucket.TryTake(clock.Now()));
  EXPECT_FALSE(bucket.TryTake(clock.Now()));
  EXPECT_EQ(bucket.NextAvailable(clock.Now()) - clock.Now() > milliseconds(249), true);
  clock.Advance(milliseconds(240));
  EXPECT_FALSE(bucket.TryTake(clock.Now()));
  clock.Advance(milliseconds(11));
  EXPECT_TRUE(bucket.TryTake(clock.Now()));
}

TEST(TokenBucketTest, NeverStoresMoreThanTheBurst) {
  testing::FakeClock clock;
  TokenBucket bucket(1.0, 3.0, clock.Now());
  clock.Advance(std::chrono::hours(1));
  int taken = 0;
  while (bucket.TryTake(clock.Now()) && taken < 100) {
    ++taken;
  }
  EXPECT_EQ(taken, 3);
}

TEST(TokenBucketTest, ZeroRateIsUnlimited) {
  testing::FakeClock clock;
  TokenBucket bucket(0.0, 1.0, clock.Now());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(bucket.TryTake(clock.Now()));
  }
}

}  // namespace
}  // namespace pricecrawl::crawler
