// The price chart's geometry (issue 6, "Report"): round price ticks, exact labels, one point on a
// flat line, out-of-stock shading, drawn by RenderPriceChart without a database.
#include "crawler/report/price_chart.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/report_fixtures.h"

namespace pricecrawl::crawler {
namespace {

using testing::AttrValue;
using testing::CountOccurrences;
using testing::StartTags;
using testing::StepPathOf;
using testing::SvgCircle;
using testing::SvgCircles;
using testing::SvgStepPath;

TEST(PriceChartTest, PriceTicksAreRoundAndCoverTheRange) {
  EXPECT_EQ(
      PriceTicks(64'000'000, 79'500'000),
      (std::vector<std::int64_t>{60'000'000, 65'000'000, 70'000'000, 75'000'000, 80'000'000}));
  EXPECT_EQ(PriceTicks(1'000'000, 1'020'000),
            (std::vector<std::int64_t>{1'000'000, 1'005'000, 1'010'000, 1'015'000, 1'020'000}));
  const std::vector<std::int64_t> flat = PriceTicks(34'950'000, 34'950'000);
  ASSERT_GE(flat.size(), 3u);
  EXPECT_LT(flat.front(), 34'950'000);
  EXPECT_GT(flat.back(), 34'950'000);
  EXPECT_EQ(PriceTicks(0, 0), (std::vector<std::int64_t>{-1'000'000, 0, 1'000'000}));
  for (const auto& [lo, hi] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {1, 2}, {999'999'999, 1'000'000'001}, {12'345'678, 987'654'321'000}}) {
    const std::vector<std::int64_t> ticks = PriceTicks(lo, hi);
    EXPECT_GE(ticks.size(), 2u);
    EXPECT_LE(ticks.size(), 7u);
    EXPECT_LE(ticks.front(), lo);
    EXPECT_GE(ticks.back(), hi);
  }
}

TEST(PriceChartTest, FormatsMicrosExactly) {
  EXPECT_EQ(FormatMicros(79'500'000, 2), "79.50");
  EXPECT_EQ(FormatMicros(80'000'000, 0), "80");
  EXPECT_EQ(FormatMicros(1'005'000, 3), "1.005");
  EXPECT_EQ(FormatMicros(-1'500'000, 0), "-2");
  EXPECT_EQ(FormatMicros(0, 2), "0.00");
  EXPECT_EQ(FormatMicros(123'456'789'012'345'678, 6), "123456789012.345678");
}

TEST(PriceChartTest, SingleObservationIsAPointOnAFlatLine) {
  const std::string svg =
      RenderPriceChart({{1'790'000'000'000, 129'900'000, "129.90", "EUR", "in_stock"}}, "EUR");
  const std::vector<SvgCircle> circles = SvgCircles(svg);
  ASSERT_EQ(circles.size(), 1u);
  const SvgStepPath path = StepPathOf(svg);
  ASSERT_EQ(path.xs.size(), 2u);
  ASSERT_EQ(path.ys.size(), 1u);
  EXPECT_LT(path.xs[0], circles[0].cx);
  EXPECT_GT(path.xs[1], circles[0].cx);
  EXPECT_DOUBLE_EQ(path.ys[0], circles[0].cy);
  EXPECT_EQ(CountOccurrences(svg, "class=\"oos\""), 0);
}

TEST(PriceChartTest, NoObservationsSaysSo) {
  const std::string svg = RenderPriceChart({}, "EUR");
  EXPECT_NE(svg.find("no observations"), std::string::npos);
  EXPECT_EQ(CountOccurrences(svg, "<circle"), 0);
}

TEST(PriceChartTest, OutOfStockAtTheEndShadesToTheRightEdge) {
  const std::string svg = RenderPriceChart({{1'000'000, 10'000'000, "10", "EUR", "in_stock"},
                                            {2'000'000, 12'000'000, "12", "EUR", "out_of_stock"}},
                                           "EUR");
  const std::vector<std::string> rects = StartTags(svg, "rect");
  ASSERT_FALSE(rects.empty());
  ASSERT_EQ(AttrValue(rects[0], "class"), "oos");
  const std::vector<SvgCircle> c = SvgCircles(svg);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NEAR(std::stod(AttrValue(rects[0], "x")), c[1].cx, 0.11);
  EXPECT_GT(std::stod(AttrValue(rects[0], "width")), 5.0);
}

}  // namespace
}  // namespace pricecrawl::crawler
