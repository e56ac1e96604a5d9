#include "crawler/cli/progress.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Steady = std::chrono::steady_clock;

TEST(ProgressTest, NotOnATerminalPrintsPlainLinesWithoutEscapeCodes) {
  std::ostringstream out;
  const Steady::time_point start = Steady::now();
  ProgressReporter progress(out, /*live=*/false, seconds(10), {}, 0, start);
  progress.Update({10, 1, 90, 2, 0}, start + seconds(5));  // too early: nothing
  EXPECT_EQ(out.str(), "");
  progress.Update({20, 1, 80, 2, 1}, start + seconds(10));
  progress.Update({40, 1, 60, 2, 1}, start + seconds(20));
  progress.Clear();
  const std::string text = out.str();
  EXPECT_EQ(text.find('\033'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("pricecrawl: 20 pages, 1 errors, 80 queued, 2 in flight, 1 hosts waiting"),
            std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(ProgressTest, LiveLineIsRedrawnInPlaceCutToTheWidthAndErasedAtTheEnd) {
  std::ostringstream out;
  const Steady::time_point start = Steady::now();
  ProgressReporter progress(out, /*live=*/true, seconds(10), {}, /*width=*/40, start);
  progress.Update({5, 0, 10, 1, 0}, start + milliseconds(300));
  progress.Update({9, 0, 10, 1, 0}, start + milliseconds(600));
  const std::string drawn = out.str();
  EXPECT_EQ(drawn.find('\n'), std::string::npos);
  // Each redraw: carriage return, at most width-1 columns of text, clear to end of line.
  std::size_t at = 0;
  int redraws = 0;
  while ((at = drawn.find('\r', at)) != std::string::npos) {
    const std::size_t end = drawn.find("\033[K", at);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - at - 1, 39u);
    at = end;
    ++redraws;
  }
  EXPECT_EQ(redraws, 2);
  progress.Clear();
  EXPECT_EQ(out.str().substr(drawn.size()), "\r\033[K");
}

TEST(ProgressTest, EtaFollowsTheRecentRateAndTheQueue) {
  std::ostringstream out;
  const Steady::time_point start = Steady::now();
  ProgressReporter progress(out, false, seconds(1), {}, 0, start);
  EXPECT_FALSE(progress.EtaSeconds({0, 0, 100, 0, 0}, start));  // no rate yet
  // 10 pages/s for a few seconds, 100 left → about 10 s.
  std::optional<double> eta;
  for (int second = 1; second <= 5; ++second) {
    eta = progress.EtaSeconds({10 * second, 0, 100, 0, 0}, start + seconds(second));
  }
  ASSERT_TRUE(eta);
  EXPECT_NEAR(*eta, 10.0, 0.01);
  EXPECT_NE(progress.Describe({50, 0, 100, 0, 0}, start + seconds(5)).find("ETA 10s"),
            std::string::npos);
}

TEST(ProgressTest, EtaIsBoundedByMaxPagesAndTheDeadline) {
  std::ostringstream out;
  const Steady::time_point start = Steady::now();
  ProgressLimits limits;
  limits.max_pages = 60;
  ProgressReporter by_pages(out, false, seconds(1), limits, 0, start);
  std::optional<double> eta;
  for (int second = 1; second <= 4; ++second) {
    eta = by_pages.EtaSeconds({10 * second, 0, 10'000, 0, 0}, start + seconds(second));
  }
  ASSERT_TRUE(eta);
  EXPECT_NEAR(*eta, 2.0, 0.01);  // 20 pages of the budget left at 10 pages/s

  ProgressLimits deadline;
  deadline.deadline = start + seconds(30);
  ProgressReporter by_time(out, false, seconds(1), deadline, 0, start);
  eta = by_time.EtaSeconds({0, 0, 10'000, 0, 0}, start + seconds(12));
  ASSERT_TRUE(eta);  // no rate yet, but the deadline is known
  EXPECT_NEAR(*eta, 18.0, 0.01);
}

TEST(ProgressTest, FormatsEtaAsPeopleReadIt) {
  EXPECT_EQ(FormatEta(0.2), "1s");
  EXPECT_EQ(FormatEta(59), "59s");
  EXPECT_EQ(FormatEta(125), "2m05s");
  EXPECT_EQ(FormatEta(3720), "1h02m");
  EXPECT_EQ(FormatEta(-3), "0s");
}

}  // namespace
}  // namespace pricecrawl::crawler
