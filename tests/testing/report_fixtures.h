#pragma once
// What the report tests share (tests/crawler/report/, tests/e2e/report_test.cc): a crawl
// database with three tracked products as the crawl stores them, and small probes that read
// the rendered page and its SVG charts without an HTML parser (start tags, attributes, circle
// centres, the step path's corners).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "storage/price_store.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::testing {

// The time the report tests stamp on a page: 2026-09-21T14:13:20Z.
inline constexpr std::chrono::system_clock::time_point kReportGeneratedAt{
    std::chrono::milliseconds(1'790'000'000'000)};

// One observation to store: a timestamp, a price with at most 2 decimals, and availability.
struct TrackedObservation {
  std::string at;
  std::string price;
  std::string availability = "in_stock";
};

// Adds a product (key and URL `url`, EUR prices) with its observations as the crawl stores them:
// each after the first carries the previous price, whether it changed, and the change in
// percent. `observations` must not be empty.
void AddTrackedProduct(storage::PriceStore& store, const std::string& url, const std::string& title,
                       const std::vector<TrackedObservation>& observations);

// A database in `dir` (file prices.db; its path is returned) with three products, ordered by
// title in the report: "A Kettle" whose price falls and rises with an out-of-stock stretch (5
// observations), "B Grinder" seen once, and "C Press" at a flat price seen twice.
std::string MakeReportDatabase(const TempDir& dir);

// How often `needle` occurs in `text`, without overlaps.
int CountOccurrences(const std::string& text, const std::string& needle);

// Every start tag `<name …>` in `text`, in order.
std::vector<std::string> StartTags(const std::string& text, const std::string& name);

// The value of attribute `name` in one start tag, or "" when it is absent.
std::string AttrValue(const std::string& tag, const std::string& name);

struct SvgCircle {
  double cx = 0;
  double cy = 0;
};

// The centre of every <circle> in `svg`, in order.
std::vector<SvgCircle> SvgCircles(const std::string& svg);

// The step path's corner coordinates: xs from M and H, ys from M and V.
struct SvgStepPath {
  std::vector<double> xs;
  std::vector<double> ys;
};

// The corners of the first <path> in `svg`; empty when there is none.
SvgStepPath StepPathOf(const std::string& svg);

}  // namespace pricecrawl::testing
