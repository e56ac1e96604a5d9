// `pricecrawl report --html` (issue 6, "Report") as a user runs it: the binary's exit codes and
// the file it writes, and a render of the page in headless Chromium whose screenshot must not
// be blank. The page's structure and the chart geometry are unit-tested in
// tests/crawler/report/.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include "crawler/report/html_report.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/testing/child_process.h"
#include "tests/testing/paths.h"
#include "tests/testing/report_fixtures.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

using testing::CountOccurrences;
using testing::kReportGeneratedAt;
using testing::MakeReportDatabase;

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
  EXPECT_EQ(CountOccurrences(html, "<svg"), 0);
  EXPECT_EQ(CountOccurrences(html, "<tr class=\"product\">"), 0);
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
  WriteHtmlReport(MakeReportDatabase(dir), html_path, kReportGeneratedAt);
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
