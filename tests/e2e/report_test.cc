// `pricecrawl report --html` (issue 6, "Report"): the page's structure, the chart geometry, the
// escaping of web text, no external resources, and a render in headless Chromium whose
// screenshot must not be blank.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include "crawler/price/decimal.h"
#include "crawler/report/html_escape.h"
#include "crawler/report/html_report.h"
#include "crawler/report/price_chart.h"
#include "storage/price_store.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/child_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

const std::chrono::system_clock::time_point kGeneratedAt{milliseconds(1'790'000'000'000)};

struct Obs {
  std::string at;
  std::string price;
  std::string availability = "in_stock";
};

std::int64_t Micros(const std::string& price) {
  // Test prices have at most 2 decimals: "79.5" or "79.50" -> 79500000.
  const std::size_t dot = price.find('.');
  std::string whole = price.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : price.substr(dot + 1);
  frac.resize(6, '0');
  return std::stoll(whole) * 1'000'000 + std::stoll(frac);
}

// Adds a product with its observations as the crawl stores them (previous price and change).
void AddProduct(storage::PriceStore& store, const std::string& url, const std::string& title,
                const std::vector<Obs>& observations) {
  const std::int64_t id =
      store.UpsertProduct({url, url, "", title, "", "", ""}, observations.front().at);
  std::optional<std::string> previous;
  for (const Obs& o : observations) {
    storage::ObservationRecord record;
    record.product_id = id;
    record.observed_at = o.at;
    record.price = o.price;
    record.price_micros = Micros(o.price);
    record.currency = "EUR";
    record.availability = o.availability;
    record.source = "json-ld";
    if (previous) {
      record.previous_price = *previous;
      const auto old_value = Decimal::Parse(*previous);
      const auto new_value = Decimal::Parse(o.price);
      record.changed = *old_value != *new_value;
      if (const auto change = Decimal::PercentChange(*old_value, *new_value)) {
        record.change_percent = change->ToString();
      }
    }
    store.AddObservation(record);
    previous = o.price;
  }
}

// A database with three products, ordered by title in the report: a price that falls and
// rises with an out-of-stock stretch, a single observation, and a flat price seen twice.
std::string MakeDatabase(const testing::TempDir& dir) {
  const std::string path = dir.File("prices.db");
  storage::Db db = storage::OpenDatabase(path);
  storage::ApplySchema(db.get());
  storage::PriceStore store(db.get());
  AddProduct(store, "https://shop.example/kettle", "A Kettle",
             {{"2026-11-01T10:00:00.000Z", "79.50"},
              {"2026-11-03T10:00:00.000Z", "69.90"},
              {"2026-11-05T10:00:00.000Z", "69.90", "out_of_stock"},
              {"2026-11-08T10:00:00.000Z", "74.90"},
              {"2026-11-10T10:00:00.000Z", "64.00"}});
  AddProduct(store, "https://shop.example/grinder", "B Grinder",
             {{"2026-11-02T10:00:00.000Z", "129.90"}});
  AddProduct(store, "https://other.example/press", "C Press",
             {{"2026-11-02T10:00:00.000Z", "34.95"}, {"2026-11-09T10:00:00.000Z", "34.95"}});
  return path;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

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

struct Circle {
  double cx = 0;
  double cy = 0;
};

// Every start tag `<name …>` in `text`, in order. (No std::regex: GCC 12 warns inside it
// under the sanitizers' optimisation, and warnings are errors.)
std::vector<std::string> Tags(const std::string& text, const std::string& name) {
  std::vector<std::string> tags;
  const std::string open = "<" + name + " ";
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    tags.push_back(text.substr(at, text.find('>', at) + 1 - at));
  }
  return tags;
}

// The value of attribute `name` in one start tag, or "" when it is absent.
std::string Attr(const std::string& tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = tag.find(key);
  if (at == std::string::npos) {
    return "";
  }
  const std::size_t begin = at + key.size();
  return tag.substr(begin, tag.find('"', begin) - begin);
}

std::vector<Circle> Circles(const std::string& svg) {
  std::vector<Circle> circles;
  for (const std::string& tag : Tags(svg, "circle")) {
    circles.push_back({std::stod(Attr(tag, "cx")), std::stod(Attr(tag, "cy"))});
  }
  return circles;
}

// The step path's corner coordinates: xs from M and H, ys from M and V.
struct StepPath {
  std::vector<double> xs;
  std::vector<double> ys;
};

StepPath Path(const std::string& svg) {
  StepPath path;
  const std::vector<std::string> tags = Tags(svg, "path");
  if (tags.empty()) {
    return path;
  }
  std::istringstream in(Attr(tags.front(), "d"));
  std::string command;
  while (in >> command) {
    double value = 0;
    if (command == "M") {
      double y = 0;
      in >> value >> y;
      path.xs.push_back(value);
      path.ys.push_back(y);
    } else if (command == "H") {
      in >> value;
      path.xs.push_back(value);
    } else if (command == "V") {
      in >> value;
      path.ys.push_back(value);
    }
  }
  return path;
}

std::string Render(const std::string& db_path) {
  return RenderHtmlReport(db_path, kGeneratedAt);
}

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

TEST(PriceChartTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(PriceChartTest, SingleObservationIsAPointOnAFlatLine) {
  const std::string svg =
      RenderPriceChart({{1'790'000'000'000, 129'900'000, "129.90", "EUR", "in_stock"}}, "EUR");
  const std::vector<Circle> circles = Circles(svg);
  ASSERT_EQ(circles.size(), 1u);
  const StepPath path = Path(svg);
  ASSERT_EQ(path.xs.size(), 2u);
  ASSERT_EQ(path.ys.size(), 1u);
  EXPECT_LT(path.xs[0], circles[0].cx);
  EXPECT_GT(path.xs[1], circles[0].cx);
  EXPECT_DOUBLE_EQ(path.ys[0], circles[0].cy);
  EXPECT_EQ(Count(svg, "class=\"oos\""), 0);
}

TEST(PriceChartTest, NoObservationsSaysSo) {
  const std::string svg = RenderPriceChart({}, "EUR");
  EXPECT_NE(svg.find("no observations"), std::string::npos);
  EXPECT_EQ(Count(svg, "<circle"), 0);
}

TEST(ReportTest, OneTableRowAndOneChartPerProduct) {
  testing::TempDir dir;
  const std::string html = Render(MakeDatabase(dir));
  EXPECT_EQ(Count(html, "<tr class=\"product\">"), 3);
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
  const std::vector<std::string> charts = Charts(Render(MakeDatabase(dir)));
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(Circles(charts[0]).size(), 5u);
  EXPECT_EQ(Circles(charts[1]).size(), 1u);
  EXPECT_EQ(Circles(charts[2]).size(), 2u);
  EXPECT_EQ(Count(charts[0], "<title>"), 5);
  EXPECT_NE(charts[0].find("<title>2026-11-05 10:00:00 UTC: 69.90 EUR, out of stock</title>"),
            std::string::npos);
}

TEST(ReportTest, StepPathRunsInTimeOrderToTheLastObservation) {
  testing::TempDir dir;
  const std::string svg = Charts(Render(MakeDatabase(dir)))[0];
  const StepPath path = Path(svg);
  const std::vector<Circle> circles = Circles(svg);
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
  const std::vector<Circle> c = Circles(Charts(Render(MakeDatabase(dir)))[0]);
  ASSERT_EQ(c.size(), 5u);
  // 79.50, 69.90, 69.90, 74.90, 64.00: smaller y is higher on screen.
  EXPECT_LT(c[0].cy, c[3].cy);
  EXPECT_LT(c[3].cy, c[1].cy);
  EXPECT_DOUBLE_EQ(c[1].cy, c[2].cy);
  EXPECT_LT(c[1].cy, c[4].cy);
}

TEST(ReportTest, PriceAxisLabelsAreRoundExactDecimals) {
  testing::TempDir dir;
  const std::string svg = Charts(Render(MakeDatabase(dir)))[0];
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
  const std::vector<std::string> charts = Charts(Render(MakeDatabase(dir)));
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(Count(charts[0], "<rect class=\"oos\""), 1);
  EXPECT_EQ(Count(charts[0], "out of stock</text>"), 1);  // the legend
  EXPECT_EQ(Count(charts[1], "class=\"oos"), 0);
  EXPECT_EQ(Count(charts[2], "class=\"oos"), 0);
  // The span runs from the out-of-stock observation to the next one, behind the line.
  const std::vector<std::string> rects = Tags(charts[0], "rect");
  ASSERT_FALSE(rects.empty());
  ASSERT_EQ(Attr(rects[0], "class"), "oos");
  const std::vector<Circle> c = Circles(charts[0]);
  EXPECT_NEAR(std::stod(Attr(rects[0], "x")), c[2].cx, 0.11);
  EXPECT_NEAR(std::stod(Attr(rects[0], "x")) + std::stod(Attr(rects[0], "width")), c[3].cx, 0.21);
  EXPECT_LT(charts[0].find("<rect class=\"oos\""), charts[0].find("<path class=\"step\""));
}

TEST(ReportTest, OutOfStockAtTheEndShadesToTheRightEdge) {
  const std::string svg = RenderPriceChart({{1'000'000, 10'000'000, "10", "EUR", "in_stock"},
                                            {2'000'000, 12'000'000, "12", "EUR", "out_of_stock"}},
                                           "EUR");
  const std::vector<std::string> rects = Tags(svg, "rect");
  ASSERT_FALSE(rects.empty());
  ASSERT_EQ(Attr(rects[0], "class"), "oos");
  const std::vector<Circle> c = Circles(svg);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_NEAR(std::stod(Attr(rects[0], "x")), c[1].cx, 0.11);
  EXPECT_GT(std::stod(Attr(rects[0], "width")), 5.0);
}

TEST(ReportTest, EscapesHostileTitleAndUrl) {
  testing::TempDir dir;
  const std::string path = dir.File("hostile.db");
  {
    storage::Db db = storage::OpenDatabase(path);
    storage::ApplySchema(db.get());
    storage::PriceStore store(db.get());
    AddProduct(store, "https://evil.example/?q=\"><script>alert(2)</script>",
               "<script>alert(1)</script><img src=x onerror=alert(3)> & \"quotes\"",
               {{"2026-11-01T10:00:00.000Z", "1.00"}});
    AddProduct(store, "javascript:alert(4)", "Script URL", {{"2026-11-01T10:00:00.000Z", "2.00"}});
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
  const std::string html = Render(MakeDatabase(dir));
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
  EXPECT_EQ(Count(html, "href="), Count(html, key));
  EXPECT_EQ(links, 3);
  for (const char* tag : {"<script", "<link", "<img", "<iframe", "<object", "@import", "url("}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ReportTest, WritesAtomicallyOverAnOldReport) {
  testing::TempDir dir;
  const std::string db = MakeDatabase(dir);
  const std::string out = dir.File("report.html");
  std::ofstream(out) << "old";
  const ReportSummary summary = WriteHtmlReport(db, out, kGeneratedAt);
  EXPECT_EQ(summary.products, 3);
  EXPECT_EQ(summary.observations, 8);
  EXPECT_EQ(testing::ReadFile(out), Render(db));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  EXPECT_EQ(files, 2 + (std::filesystem::exists(db + "-wal") ? 1 : 0) +
                       (std::filesystem::exists(db + "-shm") ? 1 : 0));
  EXPECT_THROW(WriteHtmlReport(db, dir.File("no/such/folder/report.html"), kGeneratedAt),
               std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir.File("no")));
}

TEST(ReportCommandTest, EmptyDatabaseGivesAPageSayingNoProductsYet) {
  if (testing::PricecrawlBinary().empty()) {
    GTEST_SKIP() << "pricecrawl binary not built";
  }
  testing::TempDir dir;
  const std::string db = dir.File("empty.db");
  {
    storage::Db handle = storage::OpenDatabase(db);
    storage::ApplySchema(handle.get());
  }
  const std::string out = dir.File("report.html");
  const testing::RunResult run = testing::RunPricecrawl(
      {"report", "--html", out, "--db", db}, std::chrono::seconds(30), dir.path().string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::string html = testing::ReadFile(out);
  EXPECT_NE(html.find("No products yet"), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), 0);
  EXPECT_EQ(Count(html, "<tr class=\"product\">"), 0);
}

TEST(ReportCommandTest, MissingDatabaseExitsOneNamingThePath) {
  if (testing::PricecrawlBinary().empty()) {
    GTEST_SKIP() << "pricecrawl binary not built";
  }
  testing::TempDir dir;
  const std::string db = dir.File("missing.db");
  const std::string out = dir.File("report.html");
  const testing::RunResult run = testing::RunPricecrawl(
      {"report", "--html", out, "--db", db}, std::chrono::seconds(30), dir.path().string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no database at '" + db + "'"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(ReportCommandTest, HtmlIsRequired) {
  if (testing::PricecrawlBinary().empty()) {
    GTEST_SKIP() << "pricecrawl binary not built";
  }
  testing::TempDir dir;
  const testing::RunResult run =
      testing::RunPricecrawl({"report"}, std::chrono::seconds(30), dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--html"), std::string::npos) << run.err;
}

// --- Headless Chromium ---------------------------------------------------------------------

struct Image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::array<std::uint8_t, 3>> pixels;  // RGB, row by row
  std::string error;
};

std::uint32_t BigEndian32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<std::uint8_t>(bytes[at + i]);
  }
  return value;
}

int Paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) {
    return a;
  }
  return pb <= pc ? b : c;
}

// Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes); alpha is dropped.
Image DecodePng(const std::string& png) {
  Image image;
  static const std::string kSignature = "\x89PNG\r\n\x1a\n";
  if (png.compare(0, kSignature.size(), kSignature) != 0) {
    image.error = "not a PNG";
    return image;
  }
  std::string idat;
  int channels = 0;
  for (std::size_t at = kSignature.size(); at + 12 <= png.size();) {
    const std::uint32_t length = BigEndian32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) {
      image.error = "truncated chunk";
      return image;
    }
    const std::string data = png.substr(at + 8, length);
    if (type == "IHDR") {
      image.width = BigEndian32(data, 0);
      image.height = BigEndian32(data, 4);
      const int depth = static_cast<std::uint8_t>(data[8]);
      const int color = static_cast<std::uint8_t>(data[9]);
      const int interlace = static_cast<std::uint8_t>(data[12]);
      channels = color == 2 ? 3 : color == 6 ? 4 : 0;
      if (depth != 8 || channels == 0 || interlace != 0) {
        image.error = "unsupported PNG: depth " + std::to_string(depth) + ", colour type " +
                      std::to_string(color) + ", interlace " + std::to_string(interlace);
        return image;
      }
    } else if (type == "IDAT") {
      idat += data;
    } else if (type == "IEND") {
      break;
    }
    at += 12 + length;
  }
  if (channels == 0 || image.width == 0 || image.height == 0) {
    image.error = "no IHDR";
    return image;
  }
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) !=
          Z_OK ||
      raw_size != raw.size()) {
    image.error = "bad zlib stream";
    return image;
  }
  std::vector<std::uint8_t> previous(stride, 0);
  std::vector<std::uint8_t> current(stride, 0);
  image.pixels.reserve(static_cast<std::size_t>(image.width) * image.height);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    const std::uint8_t* line = raw.data() + y * (stride + 1);
    const int filter = line[0];
    for (std::size_t i = 0; i < stride; ++i) {
      const int x = line[1 + i];
      const int a = i >= static_cast<std::size_t>(channels) ? current[i - channels] : 0;
      const int b = previous[i];
      const int c = i >= static_cast<std::size_t>(channels) ? previous[i - channels] : 0;
      int value = x;
      switch (filter) {
        case 0:
          break;
        case 1:
          value = x + a;
          break;
        case 2:
          value = x + b;
          break;
        case 3:
          value = x + (a + b) / 2;
          break;
        case 4:
          value = x + Paeth(a, b, c);
          break;
        default:
          image.error = "bad filter " + std::to_string(filter);
          return image;
      }
      current[i] = static_cast<std::uint8_t>(value & 0xff);
    }
    for (std::uint32_t px = 0; px < image.width; ++px) {
      const std::uint8_t* p = current.data() + static_cast<std::size_t>(px) * channels;
      image.pixels.push_back({p[0], p[1], p[2]});
    }
    std::swap(previous, current);
  }
  return image;
}

// The chromium executable on PATH, or nullopt.
std::optional<std::filesystem::path> FindChromium() {
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): no threads here
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::filesystem::path candidate = std::filesystem::path(dir) / name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec) &&
          ::access(candidate.c_str(), X_OK) == 0) {
        return candidate;
      }
    }
  }
  return std::nullopt;
}

bool Near(const std::array<std::uint8_t, 3>& p, int r, int g, int b, int tolerance) {
  return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance &&
         std::abs(p[2] - b) <= tolerance;
}

TEST(PngDecoderTest, DecodesEveryFilterType) {
  // A 3x5 RGB image, one row per filter type, compressed with zlib.
  const std::uint32_t width = 3;
  const std::vector<std::array<std::uint8_t, 3>> expected = {
      {255, 255, 255}, {37, 99, 235}, {0, 0, 0},       {10, 20, 30},  {40, 50, 60},
      {70, 80, 90},    {200, 10, 10}, {250, 226, 226}, {1, 2, 3},     {9, 8, 7},
      {6, 5, 4},       {3, 2, 1},     {128, 128, 128}, {64, 192, 32}, {255, 0, 255}};
  std::vector<std::uint8_t> raw;
  std::vector<std::uint8_t> previous(width * 3, 0);
  for (std::uint32_t y = 0; y < 5; ++y) {
    std::vector<std::uint8_t> row;
    for (std::uint32_t x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        row.push_back(expected[y * width + x][static_cast<std::size_t>(c)]);
      }
    }
    raw.push_back(static_cast<std::uint8_t>(y));  // filter type y
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int a = i >= 3 ? row[i - 3] : 0;
      const int b = previous[i];
      const int c = i >= 3 ? previous[i - 3] : 0;
      const int predictor = y == 0   ? 0
                            : y == 1 ? a
                            : y == 2 ? b
                            : y == 3 ? (a + b) / 2
                                     : Paeth(a, b, c);
      raw.push_back(static_cast<std::uint8_t>((row[i] - predictor) & 0xff));
    }
    previous = row;
  }
  std::vector<std::uint8_t> compressed(compressBound(raw.size()));
  uLongf compressed_size = compressed.size();
  ASSERT_EQ(compress(compressed.data(), &compressed_size, raw.data(), raw.size()), Z_OK);
  const auto chunk = [](const std::string& type, const std::string& data) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out += static_cast<char>((data.size() >> shift) & 0xff);
    }
    return out + type + data + std::string(4, '\0');  // the decoder does not check CRCs
  };
  const std::string ihdr = std::string("\0\0\0\3\0\0\0\5\x08\x02\0\0\0", 13);
  const std::string png =
      "\x89PNG\r\n\x1a\n" + chunk("IHDR", ihdr) +
      chunk("IDAT",
            std::string(reinterpret_cast<const char*>(compressed.data()), compressed_size)) +
      chunk("IEND", "");
  const Image image = DecodePng(png);
  ASSERT_EQ(image.error, "");
  EXPECT_EQ(image.width, 3u);
  EXPECT_EQ(image.height, 5u);
  EXPECT_EQ(image.pixels, expected);
}

TEST(ReportChromiumTest, HeadlessScreenshotIsNotBlank) {
  const std::optional<std::filesystem::path> chromium = FindChromium();
  if (!chromium) {
    if (testing::RunningInCi()) {
      FAIL() << "chromium missing under CI=true (scripts/install-deps.sh installs it)";
    }
    GTEST_SKIP() << "chromium not found on PATH; skipping the headless render";
  }
  testing::TempDir dir;
  const std::string html_path = dir.File("report.html");
  WriteHtmlReport(MakeDatabase(dir), html_path, kGeneratedAt);
  const std::string png_path = dir.File("report.png");
  std::filesystem::create_directories(dir.path() / "home");
  // env gives Chromium a writable HOME without changing this process's environment.
  const std::vector<std::string> argv = {"/usr/bin/env",
                                         "HOME=" + dir.File("home"),
                                         chromium->string(),
                                         "--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--hide-scrollbars",
                                         "--no-first-run",
                                         "--user-data-dir=" + dir.File("profile"),
                                         "--screenshot=" + png_path,
                                         "--window-size=1200,900",
                                         "file://" + html_path};
  std::optional<int> exit_code;
  {
    testing::ChildProcess child(argv, dir.File("chromium.out"), dir.File("chromium.err"));
    exit_code = child.Wait(std::chrono::seconds(90));
  }
  ASSERT_TRUE(exit_code.has_value()) << "chromium did not finish within 90 s";
  ASSERT_EQ(*exit_code, 0) << testing::ReadFile(dir.File("chromium.err"));
  const Image image = DecodePng(testing::ReadFile(png_path));
  ASSERT_EQ(image.error, "");
  EXPECT_EQ(image.width, 1200u);
  EXPECT_EQ(image.height, 900u);

  std::size_t non_white = 0;
  std::size_t line_blue = 0;     // the step line and points, #2563eb
  std::size_t out_of_stock = 0;  // the shaded span, #fde2e2
  std::set<std::uint32_t> colours;
  for (const auto& p : image.pixels) {
    if (!(p[0] > 245 && p[1] > 245 && p[2] > 245)) {
      ++non_white;
    }
    line_blue += Near(p, 0x25, 0x63, 0xeb, 12) ? 1 : 0;
    out_of_stock += Near(p, 0xfd, 0xe2, 0xe2, 4) ? 1 : 0;
    colours.insert((std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]);
  }
  std::cout << "screenshot " << image.width << "x" << image.height << ": " << non_white
            << " non-white pixels, " << colours.size() << " colours, " << line_blue
            << " line-blue pixels, " << out_of_stock << " out-of-stock pixels\n";
  EXPECT_GT(non_white, image.pixels.size() / 50);  // at least 2% of the page is drawn
  EXPECT_GE(colours.size(), 16u);
  EXPECT_GE(line_blue, 300u);
  EXPECT_GE(out_of_stock, 1000u);
}

}  // namespace
}  // namespace pricecrawl::crawler
