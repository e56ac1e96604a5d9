// Scores ExtractProduct on the 140 product pages of scrapinghub/product-extraction-benchmark
// (../shared/conformance/product-pages) exactly as the benchmark's evaluate.py does: per page
// one predicted value; hard matching against the set of acceptable values (price compared as
// a decimal); no prediction with a truth is a false negative, a wrong prediction is a false
// positive (and a false negative when there is a truth); precision, recall and F1 from the
// summed counts. Availability is predicted as InStock / OutOfStock (unknown and preorder count
// as no prediction).

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawler/extract/product_extractor.h"
#include "crawler/html/html.h"
#include "crawler/price/decimal.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

struct Counts {
  int tp = 0;
  int fp = 0;
  int fn = 0;
  double Precision() const {
    if (fp == 0 && fn == 0) {
      return 1.0;
    }
    return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / (tp + fp);
  }
  double Recall() const {
    if (fp == 0 && fn == 0) {
      return 1.0;
    }
    return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / (tp + fn);
  }
  double F1() const {
    const double p = Precision();
    const double r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

// evaluate.py hard_matching: returns true when the page counts as a true positive.
bool Match(bool has_truth, bool predicted, bool in_truth, Counts& counts) {
  if (!predicted) {
    if (has_truth) {
      ++counts.fn;
    }
    return false;
  }
  if (in_truth) {
    ++counts.tp;
    return true;
  }
  ++counts.fp;
  if (has_truth) {
    ++counts.fn;
  }
  return false;
}

// gzip -dc through popen: the pages are stored gzip-compressed.
std::string ReadGzip(const std::filesystem::path& path) {
  const std::string command = "gzip -dc '" + path.string() + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  if (!pipe) {
    return out;
  }
  char buffer[65536];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) {
    out.append(buffer, n);
  }
  return out;
}

// Ground-truth prices the benchmark's README says were annotated with a thousands '.' read as
// a decimal point (the page prints "$24.990", the truth says 24.99 or 24.990): the truth times
// 1000 is a price the page shows (some candidate has it). Reported separately; the parser is
// not bent to match them.
bool LooksMisannotated(const std::string& value, const ProductData& data) {
  auto dot = value.find('.');
  if (dot == std::string::npos) {
    return LooksMisannotated(value + ".000", data);
  }
  if (value.size() - dot - 1 > 3) {
    return false;
  }
  std::string shifted = value.substr(0, dot) + value.substr(dot + 1);
  shifted.append(3 - (value.size() - dot - 1), '0');
  const auto thousand_times = Decimal::Parse(shifted);
  for (const PriceCandidate& c : data.candidates) {
    if (thousand_times && c.price == *thousand_times) {
      return true;
    }
  }
  return false;
}

TEST(ProductPagesConformanceTest, PriceAndAvailabilityF1) {
  PRICECRAWL_REQUIRE_CONFORMANCE(dir);
  const std::filesystem::path pages = dir / "product-pages";
  std::ifstream truth_file(pages / "ground-truth.json");
  ASSERT_TRUE(truth_file) << "cannot read " << (pages / "ground-truth.json");
  const nlohmann::json truth = nlohmann::json::parse(truth_file);

  Counts price;
  Counts availability;
  Counts price_without_misannotated;
  std::vector<std::string> failures;
  std::vector<std::string> misannotated;
  double total_ms = 0;
  double parse_ms = 0;
  double max_ms = 0;
  int n_pages = 0;
  for (const auto& [id, expected] : truth.items()) {
    const std::string html = ReadGzip(pages / "html" / (id + ".html.gz"));
    ASSERT_FALSE(html.empty()) << id;
    const std::string url = expected.value("url", "");
    const auto start = std::chrono::steady_clock::now();
    const HtmlDocument doc(html);
    const auto parsed_at = std::chrono::steady_clock::now();
    ExtractOptions options;
    options.page_url = url;
    const ProductData data = ExtractProduct(doc, options);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    total_ms += ms;
    parse_ms += std::chrono::duration<double, std::milli>(parsed_at - start).count();
    max_ms = std::max(max_ms, ms);
    ++n_pages;

    // Price.
    std::set<std::string> truth_prices;
    bool in_truth = false;
    bool flagged = false;
    if (expected.contains("price")) {
      for (const auto& v : expected["price"]) {
        std::string s = v.get<std::string>();
        while (!s.empty() && s.back() == ' ') {
          s.pop_back();
        }
        truth_prices.insert(s);
        const auto d = Decimal::Parse(s);
        if (d && data.price && *d == *data.price) {
          in_truth = true;
        }
        flagged = flagged || LooksMisannotated(s, data);
      }
    }
    const bool has_truth = !truth_prices.empty();
    const bool ok = Match(has_truth, data.price.has_value(), in_truth, price);
    std::string got = data.price ? data.price->ToString() + " " + data.currency : "none";
    std::string want;
    for (const auto& s : truth_prices) {
      want += (want.empty() ? "" : "|") + s;
    }
    if (flagged) {
      misannotated.push_back(id.substr(0, 8) + " truth " + want + " got " + got);
    } else {
      Match(has_truth, data.price.has_value(), in_truth, price_without_misannotated);
    }
    if (!ok && (has_truth || data.price)) {
      failures.push_back("price " + id.substr(0, 8) + " want " + (want.empty() ? "none" : want) +
                         " got " + got + " [" + data.source + "] " + url.substr(0, 60));
    }

    // Availability.
    std::string predicted;
    if (data.availability == Availability::kInStock) {
      predicted = "InStock";
    } else if (data.availability == Availability::kOutOfStock) {
      predicted = "OutOfStock";
    }
    std::set<std::string> truth_availability;
    for (const auto& v : expected.value("availability", nlohmann::json::array())) {
      truth_availability.insert(v.get<std::string>());
    }
    const bool a_ok = Match(!truth_availability.empty(), !predicted.empty(),
                            truth_availability.count(predicted) > 0, availability);
    if (!a_ok) {
      failures.push_back("availability " + id.substr(0, 8) + " want " +
                         *truth_availability.begin() + " got " +
                         (predicted.empty() ? "none" : predicted) + " " + url.substr(0, 60));
    }
  }

  std::cout << "product pages: " << n_pages << "\n";
  std::cout << "price: tp " << price.tp << " fp " << price.fp << " fn " << price.fn << "  P "
            << price.Precision() << " R " << price.Recall() << " F1 " << price.F1() << "\n";
  std::cout << "price without the " << misannotated.size() << " mis-annotated rows: F1 "
            << price_without_misannotated.F1() << "\n";
  std::cout << "availability: tp " << availability.tp << " fp " << availability.fp << " fn "
            << availability.fn << "  F1 " << availability.F1() << "\n";
  std::cout << "parse+extract: " << total_ms / n_pages << " ms/page mean (parse "
            << parse_ms / n_pages << ", extract " << (total_ms - parse_ms) / n_pages << "), "
            << max_ms << " ms max\n";
  for (const auto& m : misannotated) {
    std::cout << "  mis-annotated truth: " << m << "\n";
  }
  for (const auto& f : failures) {
    std::cout << "  " << f << "\n";
  }
  // Issue 4 targets price F1 >= 0.92 and availability F1 >= 0.96. Measured: price F1 0.933
  // (0.977 without the six mis-annotated rows), availability F1 0.964 (a product offered at a
  // price with no stock message counts as in stock). The thresholds are the measured values
  // minus a margin of about two pages, so a regression fails the test.
  EXPECT_GE(price.F1(), 0.915);
  EXPECT_GE(price_without_misannotated.F1(), 0.96);
  EXPECT_GE(availability.F1(), 0.95);
}

}  // namespace
}  // namespace pricecrawl::crawler
