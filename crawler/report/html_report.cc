#include "crawler/report/html_report.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

#include "config/errno_text.h"
#include "crawler/base/text.h"
#include "crawler/fetch/url.h"
#include "crawler/report/html_escape.h"
#include "crawler/report/price_chart.h"
#include "storage/report_queries.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "storage/timestamp.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 24px; color: #1f2937; background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 2px; }
.meta, .sub { color: #6b7280; font-size: 13px; margin: 0 0 16px; word-break: break-all; }
table.products { border-collapse: collapse; width: 100%; font-size: 14px; margin-bottom: 28px; }
table.products th { text-align: left; background: #f3f4f6; border-bottom: 2px solid #d1d5db;
                    padding: 6px 8px; }
table.products td { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
a { color: #1d4ed8; }
.down { color: #047857; }
.up { color: #b91c1c; }
.stock-out_of_stock { color: #b91c1c; }
.stock-in_stock { color: #047857; }
.small { color: #6b7280; font-size: 12px; }
article { border: 1px solid #e5e7eb; border-radius: 6px; padding: 12px 14px; margin-bottom: 16px;
          max-width: 740px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .axis { stroke: #6b7280; stroke-width: 1; }
svg .label { font-size: 11px; fill: #4b5563; font-family: inherit; }
svg .step { fill: none; stroke: #2563eb; stroke-width: 2.5; stroke-linejoin: round; }
svg .point { fill: #2563eb; stroke: #ffffff; stroke-width: 1.5; }
svg .point-oos { fill: #ffffff; stroke: #dc2626; stroke-width: 2; }
svg .oos, svg .oos-key { fill: #fde2e2; }
.empty { font-size: 16px; padding: 24px; background: #f9fafb; border: 1px dashed #d1d5db; }
)css";

using storage::ReportObservation;
using storage::ReportProduct;

std::int64_t ToMillis(const std::string& timestamp) {
  const auto t = storage::ParseTimestamp(timestamp);
  if (!t) {
    return 0;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
}

// "2026-11-25T18:40:05.123Z" -> "2026-11-25 18:40 UTC"; other text is shown as stored.
std::string ShortTime(const std::string& timestamp) {
  if (timestamp.size() >= 16 && timestamp[10] == 'T') {
    return timestamp.substr(0, 10) + " " + timestamp.substr(11, 5) + " UTC";
  }
  return timestamp;
}

bool Linkable(std::string_view url) {
  return StartsWithIgnoreCase(url, "http://") || StartsWithIgnoreCase(url, "https://") ||
         StartsWithIgnoreCase(url, "file:");
}

std::string PriceWithCurrency(const std::string& price, const std::string& currency) {
  return EscapeHtml(price) + (currency.empty() ? "" : " " + EscapeHtml(currency));
}

std::string TableRow(const ReportProduct& product, std::size_t number) {
  const ReportObservation& latest = product.observations.back();
  // Min and max over the observations in the latest currency: prices in two currencies do
  // not compare.
  const ReportObservation* min = &latest;
  const ReportObservation* max = &latest;
  const ReportObservation* last_change = nullptr;
  for (const ReportObservation& o : product.observations) {
    if (o.currency == latest.currency) {
      if (o.price_micros < min->price_micros) {
        min = &o;
      }
      if (o.price_micros > max->price_micros) {
        max = &o;
      }
    }
    if (o.changed) {
      last_change = &o;
    }
  }
  const std::string name = product.title.empty() ? product.url : product.title;
  std::string row = "<tr class=\"product\"><td>";
  if (Linkable(product.url)) {
    row += "<a class=\"product-link\" href=\"" + EscapeHtml(product.url) + "\">" +
           EscapeHtml(name) + "</a>";
  } else {
    row += EscapeHtml(name);
  }
  row += " <a class=\"small\" href=\"#product-" + std::to_string(number) + "\">chart</a></td>";
  const std::string host = HostKey(product.url);
  row += "<td>" +
         (host.empty() ? std::string(product.url.rfind("file:", 0) == 0 ? "local file" : "")
                       : EscapeHtml(host)) +
         "</td>";
  row += "<td class=\"num\">" + PriceWithCurrency(latest.price, latest.currency) +
         "<br><span class=\"small\">" + ShortTime(latest.observed_at) + "</span></td>";
  row += "<td class=\"num\">" + EscapeHtml(min->price) + " / " + EscapeHtml(max->price) + "</td>";
  row += "<td class=\"num\">";
  if (last_change == nullptr) {
    row += "<span class=\"small\">no change seen</span>";
  } else {
    const bool down = !last_change->change_percent.empty() && last_change->change_percent[0] == '-';
    const std::string sign =
        last_change->change_percent.empty() || down || last_change->change_percent[0] == '+' ? ""
                                                                                             : "+";
    row += EscapeHtml(last_change->previous_price) + " &rarr; " + EscapeHtml(last_change->price);
    if (!last_change->change_percent.empty()) {
      row += " <span class=\"" + std::string(down ? "down" : "up") + "\">" + sign +
             EscapeHtml(last_change->change_percent) + "&nbsp;%</span>";
    }
    row += "<br><span class=\"small\">" + ShortTime(last_change->observed_at) + "</span>";
  }
  row += "</td>";
  row += "<td class=\"stock-" + EscapeHtml(latest.availability) + "\">" +
         std::string(AvailabilityText(latest.availability)) + "</td></tr>\n";
  return row;
}

std::string ChartSection(const ReportProduct& product, std::size_t number) {
  const ReportObservation& latest = product.observations.back();
  std::vector<ChartPoint> points;
  points.reserve(product.observations.size());
  for (const ReportObservation& o : product.observations) {
    points.push_back(
        {ToMillis(o.observed_at), o.price_micros, o.price, o.currency, o.availability});
  }
  const std::string name = product.title.empty() ? product.url : product.title;
  std::string out = "<article id=\"product-" + std::to_string(number) + "\"><h2>" +
                    EscapeHtml(name) + "</h2><p class=\"sub\">" + EscapeHtml(product.url) +
                    " &middot; " + std::to_string(product.observations.size()) +
                    (product.observations.size() == 1 ? " observation" : " observations") +
                    "</p>\n";
  out += RenderPriceChart(points, latest.currency);
  out += "\n</article>\n";
  return out;
}

}  // namespace

std::string RenderHtmlReport(const std::string& db_path,
                             std::chrono::system_clock::time_point generated_at,
                             ReportSummary* summary) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  const std::vector<ReportProduct> products = storage::LoadReportProducts(db.get());
  std::int64_t observations = 0;
  std::int64_t changes = 0;
  std::int64_t out_of_stock = 0;
  for (const ReportProduct& p : products) {
    observations += static_cast<std::int64_t>(p.observations.size());
    for (const ReportObservation& o : p.observations) {
      changes += o.changed ? 1 : 0;
    }
    out_of_stock += p.observations.back().availability == "out_of_stock" ? 1 : 0;
  }
  if (summary != nullptr) {
    summary->products = static_cast<std::int64_t>(products.size());
    summary->observations = observations;
  }

  std::string html =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>pricecrawl report</title>\n<style>";
  html += kStyle;
  html += "</style>\n</head>\n<body>\n<header><h1>pricecrawl price report</h1>\n";
  html += "<p class=\"meta\">Generated " + ShortTime(storage::FormatTimestamp(generated_at)) +
          " from <code>" + EscapeHtml(db_path) + "</code> &middot; " +
          std::to_string(products.size()) + " products &middot; " + std::to_string(observations) +
          " observations &middot; " + std::to_string(changes) + " price changes &middot; " +
          std::to_string(out_of_stock) + " out of stock now</p>\n</header>\n";
  if (products.empty()) {
    html +=
        "<p class=\"empty\">No products yet. Run <code>pricecrawl crawl</code> on this database "
        "first; products appear here once a page with a price has been crawled.</p>\n";
  } else {
    html +=
        "<table class=\"products\">\n<thead><tr><th>Product</th><th>Shop</th>"
        "<th class=\"num\">Latest price</th><th class=\"num\">Min / max seen</th>"
        "<th class=\"num\">Last change</th><th>Availability</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < products.size(); ++i) {
      html += TableRow(products[i], i + 1);
    }
    html += "</tbody>\n</table>\n<section class=\"charts\">\n";
    for (std::size_t i = 0; i < products.size(); ++i) {
      html += ChartSection(products[i], i + 1);
    }
    html += "</section>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

ReportSummary WriteHtmlReport(const std::string& db_path, const std::string& html_path,
                              std::chrono::system_clock::time_point generated_at) {
  ReportSummary summary;
  const std::string html = RenderHtmlReport(db_path, generated_at, &summary);
  // Same folder as the target, so the rename stays on one file system and is atomic.
  const std::string temp_path = html_path + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.close();
    if (!out) {
      const int error = errno;
      std::filesystem::remove(temp_path, ec);
      throw std::runtime_error("cannot write report to '" + html_path +
                               "': " + config::ErrnoText(error));
    }
  }
  std::filesystem::rename(temp_path, html_path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp_path, ignored);
    throw std::runtime_error("cannot write report to '" + html_path + "': " + ec.message());
  }
  return summary;
}

}  // namespace pricecrawl::crawler
