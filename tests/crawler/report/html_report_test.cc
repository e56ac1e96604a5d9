// `pricecrawl report`'s page (issue 6, "Report"), rendered from a database the price store
// filled: one table row and one chart per product, the chart's geometry on real data, the
// escaping of web text, no external resources, and the atomic write.
#include "crawler/report/html_report.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/price_store.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/child_process.h"
#include "tests/testing/report_fixtures.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

using testing::AddTrackedProduct;
using testing::AttrValue;
using testing::CountOccurrences;
using testing::kReportGeneratedAt;
using testing::MakeReportDatabase;
using testing::StartTags;
using testing::StepPathOf;
using testing::SvgCircle;
using testing::SvgCircles;
using testing::SvgStepPath;

// Every <svg>…</svg> element of the page, in order.
std::vector<std::string> Charts(const std::string& html) {
  std::vector<std::string> charts;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) {
      break;
    }
    charts.push_back(html.substr(at, end + 6 - at));
    at = end;
  }
  return charts;
}

std::string Render(const std::string& db_path) {
  return RenderHtmlReport(db_path, kReportGeneratedAt);
}

TEST(ReportTest, OneTableRowAndOneChartPerProduct) {
  testing::TempDir dir;
  const std::string html = Render(MakeReportDatabase(dir));
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"product\">"), 3);
  EXPECT_EQ(Charts(html).size(), 3u);
  EXPECT_NE(html.find("3 products"), std::string::npos);
  EXPECT_NE(html.find("8 observations"), std::string::npos);
  // Table cells: latest price, min / max seen, the last change with its percent and date.
  EXPECT_NE(html.find("64.00 EUR"), std::string::npos);
  EXPECT_NE(html.find("64.00 / 79.50"), std::string::npos);
  EXPECT_NE(html.find("74.90 &rarr; 64.00"), std::string::npos);
  EXPECT_NE(html.find("-14.55&nbsp;%"), std::string::npos);
  EXPECT_NE(html.find("2026-11-10 10:00 UTC"), std::string::npos);
  EXPECT_NE(html.find("<td>shop.example</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>other.example</td>"), std::string::npos);
  EXPECT_NE(html.find("no change seen"), std::string::npos);
}

TEST(ReportTest, OneCircleWithTooltipPerObservation) {
  testing::TempDir dir;
  const std::vector<std::string> charts = Charts(Render(MakeReportDatabase(dir)));
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(SvgCircles(charts[0]).size(), 5u);
  EXPECT_EQ(SvgCircles(charts[1]).size(), 1u);
  EXPECT_EQ(SvgCircles(charts[2]).size(), 2u);
  EXPECT_EQ(CountOccurrences(charts[0], "<title>"), 5);
  EXPECT_NE(charts[0].find("<title>2026-11-05 10:00:00 UTC: 69.90 EUR, out of stock</title>"),
            std::string::npos);
}

TEST(ReportTest, StepPathRunsInTimeOrderToTheLastObservation) {
  testing::TempDir dir;
  const std::string svg = Charts(Render(MakeReportDatabase(dir)))[0];
  const SvgStepPath path = StepPathOf(svg);
  const std::vector<SvgCircle> circles = SvgCircles(svg);
  ASSERT_EQ(path.xs.size(), 5u);
  ASSERT_EQ(path.ys.size(), 5u);
  ASSERT_EQ(circles.size(), 5u);
  for (std::size_t i = 0; i < circles.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(path.xs[i], path.xs[i - 1]) << i;
    }
    EXPECT_DOUBLE_EQ(path.xs[i], circles[i].cx) << i;
    EXPECT_DOUBLE_EQ(path.ys[i], circles[i].cy) << i;
  }
  // Days are proportional: 2 days between the first two, 3 between the third and fourth.
  EXPECT_NEAR((path.xs[3] - path.xs[2]) / (path.xs[1] - path.xs[0]), 1.5, 1e-2);
}

TEST(ReportTest, HigherPriceIsDrawnAbove) {
  testing::TempDir dir;
  const std::vector<SvgCircle> c = SvgCircles(Charts(Render(MakeReportDatabase(dir)))[0]);
  ASSERT_EQ(c.size(), 5u);
  // 79.50, 69.90, 69.90, 74.90, 64.00: smaller y is higher on screen.
  EXPECT_LT(c[0].cy, c[3].cy);
  EXPECT_LT(c[3].cy, c[1].cy);
  EXPECT_DOUBLE_EQ(c[1].cy, c[2].cy);
  EXPECT_LT(c[1].cy, c[4].cy);
}

TEST(ReportTest, PriceAxisLabelsAreRoundExactDecimals) {
  testing::TempDir dir;
  const std::string svg = Charts(Render(MakeReportDatabase(dir)))[0];
  std::vector<std::string> labels;
  const std::string key = "class=\"label ylabel\"";
  for (std::size_t at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
    const std::size_t begin = svg.find('>', at) + 1;
    labels.push_back(svg.substr(begin, svg.find('<', begin) - begin));
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"60", "65", "70", "75", "80"}));
}

TEST(ReportTest, OutOfStockSpanOnlyWhereOutOfStock) {
  testing::TempDir dir;
  const std::vector<std::string> charts = Charts(Render(MakeReportDatabase(dir)));
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(CountOccurrences(charts[0], "<rect class=\"oos\""), 1);
  EXPECT_EQ(CountOccurrences(charts[0], "out of stock</text>"), 1);  // the legend
  EXPECT_EQ(CountOccurrences(charts[1], "class=\"oos"), 0);
  EXPECT_EQ(CountOccurrences(charts[2], "class=\"oos"), 0);
  // The span runs from the out-of-stock observation to the next one, behind the line.
  const std::vector<std::string> rects = StartTags(charts[0], "rect");
  ASSERT_FALSE(rects.empty());
  ASSERT_EQ(AttrValue(rects[0], "class"), "oos");
  const std::vector<SvgCircle> c = SvgCircles(charts[0]);
  EXPECT_NEAR(std::stod(AttrValue(rects[0], "x")), c[2].cx, 0.11);
  EXPECT_NEAR(std::stod(AttrValue(rects[0], "x")) + std::stod(AttrValue(rects[0], "width")),
              c[3].cx, 0.21);
  EXPECT_LT(charts[0].find("<rect class=\"oos\""), charts[0].find("<path class=\"step\""));
}

TEST(ReportTest, EscapesHostileTitleAndUrl) {
  testing::TempDir dir;
  const std::string path = dir.File("hostile.db");
  {
    storage::Db db = storage::OpenDatabase(path);
    storage::ApplySchema(db.get());
    storage::PriceStore store(db.get());
    AddTrackedProduct(store, "https://evil.example/?q=\"><script>alert(2)</script>",
                      "<script>alert(1)</script><img src=x onerror=alert(3)> & \"quotes\"",
                      {{"2026-11-01T10:00:00.000Z", "1.00"}});
    AddTrackedProduct(store, "javascript:alert(4)", "Script URL",
                      {{"2026-11-01T10:00:00.000Z", "2.00"}});
  }
  const std::string html = Render(path);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt; "
                      "&amp; &quot;quotes&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"https://evil.example/?q=&quot;&gt;&lt;script&gt;"),
            std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(html.find("Script URL"), std::string::npos);
}

TEST(ReportTest, LinksOnlyToProductsAndLoadsNothing) {
  testing::TempDir dir;
  const std::string html = Render(MakeReportDatabase(dir));
  const std::set<std::string> products = {
      "https://shop.example/kettle", "https://shop.example/grinder", "https://other.example/press"};
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("xlink:"), std::string::npos);
  int links = 0;
  const std::string key = "href=\"";
  for (std::size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1)) {
    const std::size_t begin = at + key.size();
    const std::string value = html.substr(begin, html.find('"', begin) - begin);
    if (value.rfind('#', 0) != 0) {
      EXPECT_TRUE(products.count(value) == 1) << value;
      ++links;
    }
  }
  EXPECT_EQ(CountOccurrences(html, "href="), CountOccurrences(html, key));
  EXPECT_EQ(links, 3);
  for (const char* tag : {"<script", "<link", "<img", "<iframe", "<object", "@import", "url("}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportTest, WritesAtomicallyOverAnOldReport) {
  testing::TempDir dir;
  const std::string db = MakeReportDatabase(dir);
  const std::string out = dir.File("report.html");
  std::ofstream(out) << "old";
  const ReportSummary summary = WriteHtmlReport(db, out, kReportGeneratedAt);
  EXPECT_EQ(summary.products, 3);
  EXPECT_EQ(summary.observations, 8);
  EXPECT_EQ(testing::ReadFile(out), Render(db));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  EXPECT_EQ(files, 2 + (std::filesystem::exists(db + "-wal") ? 1 : 0) +
                       (std::filesystem::exists(db + "-shm") ? 1 : 0));
  EXPECT_THROW(WriteHtmlReport(db, dir.File("no/such/folder/report.html"), kReportGeneratedAt),
               std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir.File("no")));
}

}  // namespace
}  // namespace pricecrawl::crawler
