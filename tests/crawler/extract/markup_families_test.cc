// Extraction by markup family: every folder of tests/data/markup is one family (JSON-LD,
// microdata, RDFa, microformats, OpenGraph, several prices, variants, bare pages, stock words),
// written from the specifications' own examples and the shapes shops publish. Each folder's
// expected.tsv lists one page per line: the file name, then tab-separated key=value fields.
//
//   checked:  price=12.99 (or price=none: no product), currency=, availability=, source=,
//             title=, product_sku= (the SKU stored for the product)
//   options:  url= (the page's address; default https://shop.example/<file>), sku= (a seed
//             line's variant pin), in_stock_text= / out_of_stock_text= (phrases, '|' between)
//
// Prints per family how many pages were read right and which were not.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/extract/product_extractor.h"
#include "crawler/html/html.h"
#include "crawler/price/decimal.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

namespace fs = std::filesystem;

fs::path MarkupDir() {
  return ::pricecrawl::testing::SourceDir() / "tests" / "data" / "markup";
}

std::vector<std::string> Families() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(MarkupDir(), ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "expected.tsv")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct PageCase {
  std::string file;
  int line = 0;
  std::map<std::string, std::string> fields;
};

std::vector<PageCase> ReadExpected(const fs::path& tsv) {
  std::vector<PageCase> cases;
  std::ifstream in(tsv);
  std::string text;
  int line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (text.empty() || text[0] == '#') {
      continue;
    }
    std::istringstream columns(text);
    PageCase c;
    c.line = line_no;
    std::getline(columns, c.file, '\t');
    std::string field;
    while (std::getline(columns, field, '\t')) {
      if (field.empty()) {
        continue;
      }
      const auto eq = field.find('=');
      if (eq == std::string::npos) {
        ADD_FAILURE() << tsv << ":" << line_no << ": field without '=': " << field;
        continue;
      }
      c.fields[field.substr(0, eq)] = field.substr(eq + 1);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<std::string> SplitBars(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, '|')) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What differs between the page's expected fields and what ExtractProduct made of it; "" when
// nothing does.
std::string Mismatches(const PageCase& c, const ProductData& got) {
  std::ostringstream out;
  auto field = [&](const char* key) -> const std::string* {
    const auto it = c.fields.find(key);
    return it == c.fields.end() ? nullptr : &it->second;
  };
  if (const std::string* price = field("price")) {
    if (*price == "none") {
      if (got.is_product) {
        out << " price: want none, got " << (got.price ? got.price->ToString() : "(none)");
      }
    } else {
      const auto want = Decimal::Parse(*price);
      if (!want) {
        out << " price: bad expected value '" << *price << "'";
      } else if (!got.is_product || !got.price || *got.price != *want) {
        out << " price: want " << *price << ", got "
            << (got.is_product && got.price ? got.price->ToString() : "none");
      }
    }
  }
  auto compare = [&](const char* key, const std::string& value) {
    if (const std::string* want = field(key); want != nullptr && *want != value) {
      out << " " << key << ": want '" << *want << "', got '" << value << "'";
    }
  };
  compare("currency", got.currency);
  compare("availability", std::string(AvailabilityName(got.availability)));
  compare("source", got.source);
  compare("title", got.title);
  compare("product_sku", got.sku);
  if (!out.str().empty()) {
    out << " (reason: " << got.reason << ")";
  }
  return out.str();
}

// Every family the extractor claims to read has its folder (a missing one would pass silently).
TEST(MarkupFamilies, AreThere) {
  const std::vector<std::string> present = Families();
  for (const char* family :
       {"json-ld", "microdata", "rdfa", "microformats", "opengraph", "several-prices", "variants",
        "bare-pages", "sale-text", "stock-words"}) {
    EXPECT_NE(std::find(present.begin(), present.end(), family), present.end())
        << "no family " << family << " under " << MarkupDir();
  }
}

class MarkupFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(MarkupFamily, EveryPageReadRight) {
  const fs::path dir = MarkupDir() / GetParam();
  const std::vector<PageCase> cases = ReadExpected(dir / "expected.tsv");
  ASSERT_FALSE(cases.empty()) << dir / "expected.tsv"
                              << " lists no page";
  int right = 0;
  std::vector<std::string> wrong;
  for (const PageCase& c : cases) {
    const fs::path page = dir / c.file;
    if (!fs::exists(page)) {
      wrong.push_back(c.file + ": file missing (expected.tsv line " + std::to_string(c.line) + ")");
      continue;
    }
    const HtmlDocument doc(ReadFile(page));
    ExtractOptions options;
    const std::string url =
        c.fields.contains("url") ? c.fields.at("url") : "https://shop.example/" + c.file;
    options.page_url = url;
    const std::string sku = c.fields.contains("sku") ? c.fields.at("sku") : "";
    options.sku = sku;
    const std::vector<std::string> in_stock =
        SplitBars(c.fields.contains("in_stock_text") ? c.fields.at("in_stock_text") : "");
    const std::vector<std::string> out_of_stock =
        SplitBars(c.fields.contains("out_of_stock_text") ? c.fields.at("out_of_stock_text") : "");
    options.stock_text.in_stock = in_stock;
    options.stock_text.out_of_stock = out_of_stock;
    const std::string problems = Mismatches(c, ExtractProduct(doc, options));
    if (problems.empty()) {
      ++right;
    } else {
      wrong.push_back(c.file + ":" + problems);
    }
  }
  std::cout << "markup family " << GetParam() << ": " << cases.size() << " pages, " << right
            << " right, " << wrong.size() << " wrong\n";
  for (const std::string& w : wrong) {
    ADD_FAILURE() << GetParam() << "/" << w;
  }
}

std::string FamilyTestName(const ::testing::TestParamInfo<std::string>& family) {
  std::string name = family.param;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      ch = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Families, MarkupFamily, ::testing::ValuesIn(Families()), FamilyTestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MarkupFamily);

}  // namespace
}  // namespace pricecrawl::crawler
