#include "tests/testing/report_fixtures.h"

#include <cstddef>
#include <optional>
#include <sstream>

#include "crawler/price/decimal.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace pricecrawl::testing {
namespace {

std::int64_t Micros(const std::string& price) {
  // Test prices have at most 2 decimals: "79.5" or "79.50" -> 79500000.
  const std::size_t dot = price.find('.');
  std::string whole = price.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : price.substr(dot + 1);
  frac.resize(6, '0');
  return std::stoll(whole) * 1'000'000 + std::stoll(frac);
}

}  // namespace

void AddTrackedProduct(storage::PriceStore& store, const std::string& url, const std::string& title,
                       const std::vector<TrackedObservation>& observations) {
  const std::int64_t id =
      store.UpsertProduct({url, url, "", title, "", "", ""}, observations.front().at);
  std::optional<std::string> previous;
  for (const TrackedObservation& o : observations) {
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
      const auto old_value = crawler::Decimal::Parse(*previous);
      const auto new_value = crawler::Decimal::Parse(o.price);
      record.changed = *old_value != *new_value;
      if (const auto change = crawler::Decimal::PercentChange(*old_value, *new_value)) {
        record.change_percent = change->ToString();
      }
    }
    store.AddObservation(record);
    previous = o.price;
  }
}

std::string MakeReportDatabase(const TempDir& dir) {
  const std::string path = dir.File("prices.db");
  storage::Db db = storage::OpenDatabase(path);
  storage::ApplySchema(db.get());
  storage::PriceStore store(db.get());
  AddTrackedProduct(store, "https://shop.example/kettle", "A Kettle",
                    {{"2026-11-01T10:00:00.000Z", "79.50"},
                     {"2026-11-03T10:00:00.000Z", "69.90"},
                     {"2026-11-05T10:00:00.000Z", "69.90", "out_of_stock"},
                     {"2026-11-08T10:00:00.000Z", "74.90"},
                     {"2026-11-10T10:00:00.000Z", "64.00"}});
  AddTrackedProduct(store, "https://shop.example/grinder", "B Grinder",
                    {{"2026-11-02T10:00:00.000Z", "129.90"}});
  AddTrackedProduct(store, "https://other.example/press", "C Press",
                    {{"2026-11-02T10:00:00.000Z", "34.95"}, {"2026-11-09T10:00:00.000Z", "34.95"}});
  return path;
}

int CountOccurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// (No std::regex: GCC 12 warns inside it under the sanitizers' optimisation, and warnings are
// errors.)
std::vector<std::string> StartTags(const std::string& text, const std::string& name) {
  std::vector<std::string> tags;
  const std::string open = "<" + name + " ";
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    tags.push_back(text.substr(at, text.find('>', at) + 1 - at));
  }
  return tags;
}

std::string AttrValue(const std::string& tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t at = tag.find(key);
  if (at == std::string::npos) {
    return "";
  }
  const std::size_t begin = at + key.size();
  return tag.substr(begin, tag.find('"', begin) - begin);
}

std::vector<SvgCircle> SvgCircles(const std::string& svg) {
  std::vector<SvgCircle> circles;
  for (const std::string& tag : StartTags(svg, "circle")) {
    circles.push_back({std::stod(AttrValue(tag, "cx")), std::stod(AttrValue(tag, "cy"))});
  }
  return circles;
}

SvgStepPath StepPathOf(const std::string& svg) {
  SvgStepPath path;
  const std::vector<std::string> tags = StartTags(svg, "path");
  if (tags.empty()) {
    return path;
  }
  std::istringstream in(AttrValue(tags.front(), "d"));
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

}  // namespace pricecrawl::testing
