#include "crawler/politeness/robots_gate.h"

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

storage::ClaimedUrl Url(const std::string& host, const std::string& url) {
  storage::ClaimedUrl claimed;
  claimed.host = host;
  claimed.url = url;
  return claimed;
}

TEST(RobotsGateTest, ReadyPolicyDecides) {
  RobotsGate gate;
  EXPECT_EQ(gate.state("a"), RobotsGate::State::kUnknown);
  gate.SetReady("a", std::make_shared<const RobotsPolicy>(
                         RobotsPolicy::Parse("User-agent: *\nDisallow: /x\n", "pricecrawl")));
  EXPECT_FALSE(gate.Allows(Url("a", "http://a/x/1")));
  EXPECT_TRUE(gate.Allows(Url("a", "http://a/y")));
  gate.SetReady("b", nullptr);
  EXPECT_TRUE(gate.Allows(Url("b", "http://b/x/1")));
}

// RFC 9309 §2.3.1.4: unreachable means disallow; we retry, then give up for this run.
TEST(RobotsGateTest, FailuresBackOffThenGiveUp) {
  RobotsGate gate;
  EXPECT_EQ(gate.Failed("a"), std::chrono::milliseconds(2000));
  EXPECT_EQ(gate.Failed("a"), std::chrono::milliseconds(4000));
  EXPECT_FALSE(gate.Failed("a").has_value());
  EXPECT_EQ(gate.state("a"), RobotsGate::State::kGaveUp);
}

TEST(RobotsGateTest, StaleCopyIsUsedWhenTheFetchFails) {
  RobotsGate gate;
  gate.SetStale("a", std::make_shared<const RobotsPolicy>(
                         RobotsPolicy::Parse("User-agent: *\nDisallow: /old\n", "pricecrawl")));
  EXPECT_FALSE(gate.Failed("a").has_value());
  EXPECT_EQ(gate.state("a"), RobotsGate::State::kReady);
  EXPECT_FALSE(gate.Allows(Url("a", "http://a/old")));
}

}  // namespace
}  // namespace pricecrawl::crawler
