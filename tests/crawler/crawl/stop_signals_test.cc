// The crawl's SIGINT/SIGTERM guard: counts both signals while it lives, starts from zero, and
// puts back whatever handler was installed before it.
#include "crawler/crawl/stop_signals.h"

#include <csignal>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

// The handler currently installed for `signal`.
void (*HandlerOf(int signal))(int) {
  struct sigaction current {};
  sigaction(signal, nullptr, &current);
  return current.sa_handler;
}

TEST(StopSignalsTest, CountsSigintAndSigterm) {
  const StopSignals signals;
  EXPECT_EQ(signals.Count(), 0);
  std::raise(SIGINT);
  EXPECT_EQ(signals.Count(), 1);
  std::raise(SIGTERM);
  EXPECT_EQ(signals.Count(), 2);
}

TEST(StopSignalsTest, StartsFromZeroEachTime) {
  {
    const StopSignals first;
    std::raise(SIGINT);
    EXPECT_EQ(first.Count(), 1);
  }
  const StopSignals second;
  EXPECT_EQ(second.Count(), 0);
}

TEST(StopSignalsTest, RestoresThePreviousHandlers) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  struct sigaction old_int {};
  struct sigaction old_term {};
  sigaction(SIGINT, &ignore, &old_int);
  sigaction(SIGTERM, &ignore, &old_term);
  {
    const StopSignals signals;
    EXPECT_NE(HandlerOf(SIGINT), SIG_IGN);
    EXPECT_NE(HandlerOf(SIGTERM), SIG_IGN);
  }
  EXPECT_EQ(HandlerOf(SIGINT), SIG_IGN);
  EXPECT_EQ(HandlerOf(SIGTERM), SIG_IGN);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
}

TEST(StopSignalsTest, IsAStopSignalSource) {
  const StopSignals signals;
  const StopSignalSource& source = signals;
  std::raise(SIGTERM);
  EXPECT_EQ(source.Count(), 1);
}

}  // namespace
}  // namespace pricecrawl::crawler
