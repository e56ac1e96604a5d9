#include "crawler/report/price_chart.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <limits>
#include <utility>

#include "crawler/price/currency.h"
#include "crawler/report/html_escape.h"

namespace pricecrawl::crawler {
namespace {

constexpr double kWidth = 720;
constexpr double kHeight = 260;
constexpr double kPlotLeft = 78;
constexpr double kPlotRight = 690;
constexpr double kPlotTop = 22;
constexpr double kPlotBottom = 218;
constexpr double kInset = 12;  // keeps the first and last circles off the frame
constexpr int kMaxTimeTicks = 6;

constexpr std::int64_t kSecondMs = 1000;
constexpr std::int64_t kMinuteMs = 60 * kSecondMs;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

constexpr std::array<std::int64_t, 27> kTimeSteps = {
    kSecondMs,    2 * kSecondMs, 5 * kSecondMs, 10 * kSecondMs, 15 * kSecondMs, 30 * kSecondMs,
    kMinuteMs,    2 * kMinuteMs, 5 * kMinuteMs, 10 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs,
    kHourMs,      2 * kHourMs,   3 * kHourMs,   6 * kHourMs,    12 * kHourMs,   kDayMs,
    2 * kDayMs,   7 * kDayMs,    14 * kDayMs,   28 * kDayMs,    56 * kDayMs,    91 * kDayMs,
    182 * kDayMs, 364 * kDayMs,  728 * kDayMs};

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

std::int64_t CeilDiv(std::int64_t a, std::int64_t b) {
  return -FloorDiv(-a, b);
}

// Smallest of 1, 2, 5 x 10^k micro-units that is at least `raw`.
std::int64_t NiceStep(std::int64_t raw) {
  std::int64_t decade = 1;
  while (true) {
    for (const std::int64_t m : {1, 2, 5}) {
      if (decade * m >= raw) {
        return decade * m;
      }
    }
    if (decade > std::numeric_limits<std::int64_t>::max() / 100) {
      return decade * 10;
    }
    decade *= 10;
  }
}

// Digits after the point a tick step needs (0..6).
int StepDecimals(std::int64_t step) {
  int decimals = 6;
  while (decimals > 0 && step % 10 == 0) {
    step /= 10;
    --decimals;
  }
  return decimals;
}

std::string Num(double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f", value);
  return buffer.data();
}

std::string TwoDigits(unsigned value) {
  return std::string(1, static_cast<char>('0' + value / 10 % 10)) +
         static_cast<char>('0' + value % 10);
}

struct Civil {
  std::string date;         // 2026-11-25
  std::string month_day;    // 11-25
  std::string hour_minute;  // 18:40
  std::string seconds;      // 05
};

Civil ToCivil(std::int64_t time_ms) {
  using std::chrono::days;
  using std::chrono::milliseconds;
  const std::chrono::sys_time<milliseconds> t{milliseconds(time_ms)};
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<milliseconds> hms{t - day};
  Civil civil;
  civil.month_day = TwoDigits(static_cast<unsigned>(ymd.month())) + "-" +
                    TwoDigits(static_cast<unsigned>(ymd.day()));
  civil.date = std::to_string(static_cast<int>(ymd.year())) + "-" + civil.month_day;
  civil.hour_minute = TwoDigits(static_cast<unsigned>(hms.hours().count())) + ":" +
                      TwoDigits(static_cast<unsigned>(hms.minutes().count()));
  civil.seconds = TwoDigits(static_cast<unsigned>(hms.seconds().count()));
  return civil;
}

std::string TooltipTime(std::int64_t time_ms) {
  const Civil c = ToCivil(time_ms);
  return c.date + " " + c.hour_minute + ":" + c.seconds + " UTC";
}

// A tick label as precise as the tick step needs.
std::string TickLabel(std::int64_t time_ms, std::int64_t step_ms) {
  const Civil c = ToCivil(time_ms);
  if (step_ms >= kDayMs) {
    return c.date;
  }
  if (step_ms >= kMinuteMs) {
    return c.month_day + " " + c.hour_minute;
  }
  return c.hour_minute + ":" + c.seconds;
}

// Where prices and times land in the plot, and how precisely the price labels print.
class ChartScale {
 public:
  // `points` must not be empty.
  ChartScale(const std::vector<ChartPoint>& points, std::string_view currency) {
    std::int64_t min_price = points.front().price_micros;
    std::int64_t max_price = min_price;
    for (const ChartPoint& p : points) {
      min_price = std::min(min_price, p.price_micros);
      max_price = std::max(max_price, p.price_micros);
    }
    price_ticks_ = PriceTicks(min_price, max_price);
    lo_ = price_ticks_.front();
    hi_ = price_ticks_.back();
    const std::int64_t price_step = price_ticks_.size() > 1 ? price_ticks_[1] - price_ticks_[0] : 1;
    const int step_decimals = StepDecimals(price_step);
    decimals_ = step_decimals == 0 ? 0 : std::max(step_decimals, MinorUnits(currency));
    t0_ = points.front().time_ms;
    t1_ = points.back().time_ms;
  }

  double Y(std::int64_t micros) const {
    const double fraction =
        static_cast<double>(micros - lo_) / static_cast<double>(hi_ - lo_);  // hi > lo always
    return kPlotBottom - kInset - fraction * (kPlotBottom - kPlotTop - 2 * kInset);
  }
  double X(std::int64_t time_ms) const {
    if (FlatTime()) {
      return (kPlotLeft + kPlotRight) / 2;
    }
    const double fraction = static_cast<double>(time_ms - t0_) / static_cast<double>(t1_ - t0_);
    return kPlotLeft + kInset + fraction * (kPlotRight - kPlotLeft - 2 * kInset);
  }
  // Every observation at one instant: the line spans the whole plot.
  bool FlatTime() const { return t1_ <= t0_; }
  std::int64_t FirstTime() const { return t0_; }
  std::int64_t LastTime() const { return t1_; }
  const std::vector<std::int64_t>& PriceTickValues() const { return price_ticks_; }
  // Digits after the point in the price labels.
  int Decimals() const { return decimals_; }

 private:
  std::vector<std::int64_t> price_ticks_;
  std::int64_t lo_ = 0;
  std::int64_t hi_ = 0;
  int decimals_ = 0;
  std::int64_t t0_ = 0;
  std::int64_t t1_ = 0;
};

// One <rect class="oos"> per run of out-of-stock observations, to the next observation or the
// plot's right edge; "" when the product never was out of stock.
std::string OutOfStockSpans(const std::vector<ChartPoint>& points, const ChartScale& scale) {
  std::string svg;
  for (std::size_t i = 0; i < points.size();) {
    if (points[i].availability != "out_of_stock") {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < points.size() && points[end].availability == "out_of_stock") {
      ++end;
    }
    const double x_start = scale.FlatTime() ? kPlotLeft : scale.X(points[i].time_ms);
    const double x_end = end < points.size() ? scale.X(points[end].time_ms) : kPlotRight;
    svg += "<rect class=\"oos\" x=\"" + Num(x_start) + "\" y=\"" + Num(kPlotTop) + "\" width=\"" +
           Num(std::max(x_end - x_start, 2.0)) + "\" height=\"" + Num(kPlotBottom - kPlotTop) +
           "\"/>\n";
    i = end;
  }
  return svg;
}

// Price axis: grid lines and labels printed from the exact tick values, and the currency.
std::string PriceAxis(const ChartScale& scale, std::string_view currency) {
  std::string svg;
  for (const std::int64_t tick : scale.PriceTickValues()) {
    const double y = scale.Y(tick);
    svg += "<line class=\"grid\" x1=\"" + Num(kPlotLeft) + "\" x2=\"" + Num(kPlotRight) +
           "\" y1=\"" + Num(y) + "\" y2=\"" + Num(y) + "\"/>\n";
    svg += "<text class=\"label ylabel\" x=\"" + Num(kPlotLeft - 6) + "\" y=\"" + Num(y + 4) +
           "\" text-anchor=\"end\">" + FormatMicros(tick, scale.Decimals()) + "</text>\n";
  }
  svg += "<text class=\"label unit\" x=\"" + Num(kPlotLeft - 6) + "\" y=\"" + Num(kPlotTop - 8) +
         "\" text-anchor=\"end\">" + EscapeHtml(currency) + "</text>\n";
  return svg;
}

// The time ticks: round steps that give at most kMaxTimeTicks labels, or the one instant.
std::vector<std::pair<std::int64_t, std::string>> TimeTicks(const ChartScale& scale) {
  const std::int64_t t0 = scale.FirstTime();
  const std::int64_t t1 = scale.LastTime();
  std::vector<std::pair<std::int64_t, std::string>> ticks;
  if (!scale.FlatTime()) {
    std::int64_t step = kTimeSteps.back();
    for (const std::int64_t candidate : kTimeSteps) {
      if ((t1 - t0) / candidate + 1 <= kMaxTimeTicks) {
        step = candidate;
        break;
      }
    }
    for (std::int64_t t = CeilDiv(t0, step) * step; t <= t1; t += step) {
      ticks.emplace_back(t, TickLabel(t, step));
    }
  }
  if (ticks.empty()) {
    ticks.emplace_back(t0, TooltipTime(t0));
  }
  return ticks;
}

// The two axis lines, the time ticks with their labels, and the time zone.
std::string TimeAxis(const ChartScale& scale) {
  std::string svg;
  svg += "<line class=\"axis\" x1=\"" + Num(kPlotLeft) + "\" x2=\"" + Num(kPlotRight) + "\" y1=\"" +
         Num(kPlotBottom) + "\" y2=\"" + Num(kPlotBottom) + "\"/>\n";
  svg += "<line class=\"axis\" x1=\"" + Num(kPlotLeft) + "\" x2=\"" + Num(kPlotLeft) + "\" y1=\"" +
         Num(kPlotTop) + "\" y2=\"" + Num(kPlotBottom) + "\"/>\n";
  for (const auto& [t, label] : TimeTicks(scale)) {
    const double x = scale.X(t);
    const char* anchor = x > kPlotRight - 40 ? "end" : x < kPlotLeft + 40 ? "start" : "middle";
    svg += "<line class=\"axis\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" +
           Num(kPlotBottom) + "\" y2=\"" + Num(kPlotBottom + 5) + "\"/>\n";
    svg += "<text class=\"label xlabel\" x=\"" + Num(x) + "\" y=\"" + Num(kPlotBottom + 19) +
           "\" text-anchor=\"" + anchor + "\">" + label + "</text>\n";
  }
  svg += "<text class=\"label\" x=\"" + Num(kPlotRight) + "\" y=\"" + Num(kHeight - 6) +
         "\" text-anchor=\"end\">UTC</text>\n";
  return svg;
}

// The step line: each price holds until the next observation.
std::string StepLine(const std::vector<ChartPoint>& points, const ChartScale& scale) {
  std::string path = "M " + Num(scale.FlatTime() ? kPlotLeft : scale.X(points.front().time_ms)) +
                     " " + Num(scale.Y(points.front().price_micros));
  for (std::size_t i = 1; i < points.size(); ++i) {
    path += " H " + Num(scale.X(points[i].time_ms)) + " V " + Num(scale.Y(points[i].price_micros));
  }
  if (scale.FlatTime()) {
    path += " H " + Num(kPlotRight);
  }
  return "<path class=\"step\" d=\"" + path + "\"/>\n";
}

// One circle per observation, with its time, price and availability as a tooltip.
std::string PointMarks(const std::vector<ChartPoint>& points, const ChartScale& scale) {
  std::string svg;
  for (const ChartPoint& p : points) {
    const bool out = p.availability == "out_of_stock";
    svg += "<circle class=\"" + std::string(out ? "point point-oos" : "point") + "\" cx=\"" +
           Num(scale.X(p.time_ms)) + "\" cy=\"" + Num(scale.Y(p.price_micros)) +
           "\" r=\"4.5\"><title>" + TooltipTime(p.time_ms) + ": " + EscapeHtml(p.price_text) +
           (p.currency.empty() ? "" : " " + EscapeHtml(p.currency)) + ", " +
           std::string(AvailabilityText(p.availability)) + "</title></circle>\n";
  }
  return svg;
}

std::string OutOfStockLegend() {
  return "<rect class=\"oos-key\" x=\"" + Num(kPlotRight - 96) + "\" y=\"" + Num(4) +
         "\" width=\"12\" height=\"12\"/>\n" + "<text class=\"label\" x=\"" + Num(kPlotRight - 80) +
         "\" y=\"" + Num(14) + "\">out of stock</text>\n";
}

}  // namespace

std::vector<std::int64_t> PriceTicks(std::int64_t min_micros, std::int64_t max_micros) {
  if (max_micros < min_micros) {
    std::swap(min_micros, max_micros);
  }
  std::int64_t step = 0;
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  if (max_micros == min_micros) {
    // A flat history: about 5% of the price either side, so the line sits mid-chart.
    const std::int64_t magnitude = min_micros < 0 ? -min_micros : min_micros;
    step = magnitude == 0 ? 1'000'000 : NiceStep(std::max<std::int64_t>(magnitude / 20, 1));
    lo = FloorDiv(min_micros - step, step) * step;
    hi = CeilDiv(max_micros + step, step) * step;
  } else {
    step = NiceStep(std::max<std::int64_t>(CeilDiv(max_micros - min_micros, 4), 1));
    lo = FloorDiv(min_micros, step) * step;
    hi = CeilDiv(max_micros, step) * step;
  }
  std::vector<std::int64_t> ticks;
  for (std::int64_t v = lo; v <= hi; v += step) {
    ticks.push_back(v);
  }
  return ticks;
}

std::string FormatMicros(std::int64_t micros, int decimals) {
  decimals = std::clamp(decimals, 0, 6);
  const bool negative = micros < 0;
  // Work on the magnitude as unsigned so INT64_MIN has one too.
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
  std::uint64_t unit = 1;
  for (int i = decimals; i < 6; ++i) {
    unit *= 10;
  }
  magnitude = (magnitude + unit / 2) / unit;  // half away from zero (unit 1: unchanged)
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) {
    scale *= 10;
  }
  std::string text = std::to_string(magnitude / scale);
  if (decimals > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    text += "." + std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0') + fraction;
  }
  if (negative && magnitude != 0) {
    text.insert(text.begin(), '-');
  }
  return text;
}

std::string RenderPriceChart(const std::vector<ChartPoint>& points, std::string_view currency) {
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    Num(kWidth) + " " + Num(kHeight) + "\" width=\"" + Num(kWidth) +
                    "\" height=\"" + Num(kHeight) + "\" role=\"img\">\n";
  if (points.empty()) {
    svg += "<text x=\"" + Num(kWidth / 2) + "\" y=\"" + Num(kHeight / 2) +
           "\" text-anchor=\"middle\" class=\"label\">no observations</text>\n</svg>";
    return svg;
  }
  const ChartScale scale(points, currency);
  // Out-of-stock spans go first so the grid, line and points are drawn over them.
  const std::string spans = OutOfStockSpans(points, scale);
  svg += spans;
  svg += PriceAxis(scale, currency);
  svg += TimeAxis(scale);
  svg += StepLine(points, scale);
  svg += PointMarks(points, scale);
  if (!spans.empty()) {
    svg += OutOfStockLegend();
  }
  svg += "</svg>";
  return svg;
}

}  // namespace pricecrawl::crawler
