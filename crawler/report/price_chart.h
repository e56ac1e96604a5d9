#pragma once
// One product's price history drawn as an inline SVG (SVG 1.1, embedded in HTML5): a step line
// (a price holds until the next observation), a circle with a <title> tooltip per observation,
// date labels on the x axis, round price labels on the y axis, and shaded spans where the
// product was out of stock. Prices come in as exact integers (micro-units); only pixel
// positions use double, and every label is printed from the exact integers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricecrawl::crawler {

// One observation, oldest first in the vector handed to RenderPriceChart.
struct ChartPoint {
  std::int64_t time_ms = 0;       // observed_at, milliseconds since the Unix epoch (UTC)
  std::int64_t price_micros = 0;  // price x 1,000,000, exact
  std::string price_text;         // the price as stored ("79.50"), shown in the tooltip
  std::string currency;           // ISO 4217 code, "" when unknown
  std::string availability;       // "in_stock", "out_of_stock", "preorder", "unknown"
};

// Round tick values for a price axis covering [min_micros, max_micros]: a step of 1, 2 or 5
// times a power of ten (at least 1 micro-unit), from a multiple of the step at or below the
// minimum to one at or above the maximum, 2 to 7 values, ascending. A flat range
// (min == max) gets a step of about 5% of the price and at least one step either side of it.
std::vector<std::int64_t> PriceTicks(std::int64_t min_micros, std::int64_t max_micros);

// `micros` as exact decimal text with `decimals` digits after the point (0..6), rounding
// half away from zero when digits are cut: (79500000, 2) -> "79.50", (-1500000, 0) -> "-2".
std::string FormatMicros(std::int64_t micros, int decimals);

// The chart as one <svg> element (no scripts, no external resources). `points` must be sorted
// by time; an empty vector yields an <svg> that says there is no data. `currency` labels the
// y axis. Each point gets exactly one <circle>; out-of-stock spans are <rect class="oos">
// (from an out-of-stock observation to the next one, or to the plot's right edge after the
// last), with a legend only when there is such a span. The step line is one <path
// class="step"> of M/H/V commands, in time order, extended to the last observation.
std::string RenderPriceChart(const std::vector<ChartPoint>& points, std::string_view currency);

}  // namespace pricecrawl::crawler
