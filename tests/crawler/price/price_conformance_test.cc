// Runs every case of the price-string corpus converted from scrapinghub/price-parser's test
// suite (conformance/price-strings, README there): the amount must be the same decimal value,
// and the currency the same as printed or the same ISO 4217 code. Cases marked `pass` must
// all agree; `xfail` cases (the reference parser gets them wrong) are counted only.

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawler/price/currency.h"
#include "crawler/price/decimal.h"
#include "crawler/price/price_parser.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

std::string StringOr(const nlohmann::json& value, const std::string& fallback) {
  return value.is_string() ? value.get<std::string>() : fallback;
}

// Empty when the case agrees, else what differed.
std::string Disagreement(const nlohmann::json& c, const ParsedPrice& got) {
  std::ostringstream out;
  const nlohmann::json& amount = c["amount"];
  if (amount.is_null()) {
    if (got.amount) {
      out << "amount: want none, got " << got.amount->ToString() << "; ";
    }
  } else {
    const std::optional<Decimal> want = Decimal::Parse(amount.get<std::string>());
    if (!want) {
      out << "amount: unreadable expected value " << amount << "; ";
    } else if (!got.amount || !(*got.amount == *want)) {
      out << "amount: want " << want->ToString() << ", got "
          << (got.amount ? got.amount->ToString() : "none") << " from '" << got.amount_text
          << "'; ";
    }
  }
  const nlohmann::json& currency = c["currency"];
  if (currency.is_null()) {
    if (!got.currency_text.empty()) {
      out << "currency: want none, got '" << got.currency_text << "'; ";
    }
  } else {
    const std::string want = currency.get<std::string>();
    const std::optional<std::string> want_code = CurrencyCode(want);
    const bool same_text = got.currency_text == want;
    const bool same_code = want_code && *want_code == got.currency_code;
    if (!same_text && !same_code) {
      out << "currency: want '" << want << "' (" << want_code.value_or("?") << "), got '"
          << got.currency_text << "' (" << got.currency_code << "); ";
    }
  }
  return out.str();
}

TEST(PriceConformanceTest, AgreesWithPriceParserCorpus) {
  PRICECRAWL_REQUIRE_CONFORMANCE(dir);
  std::ifstream in(dir / "price-strings" / "price_parser_cases.jsonl");
  ASSERT_TRUE(in) << "cannot open price_parser_cases.jsonl under " << dir;

  int pass_total = 0;
  int pass_right = 0;
  int xfail_total = 0;
  int xfail_right = 0;
  int amount_text_same = 0;
  int lines = 0;
  std::vector<std::string> failures;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    ++lines;
    const nlohmann::json c = nlohmann::json::parse(line);
    const std::string input = StringOr(c["input"], "");
    const std::string hint = StringOr(c["currency_hint"], "");
    const std::string separator = StringOr(c["decimal_separator"], "");
    const ParsedPrice got = ParsePrice(input, hint, std::string_view(separator));
    if (StringOr(c["amount_text"], "") == got.amount_text) {
      ++amount_text_same;
    }
    const std::string why = Disagreement(c, got);
    if (c["expect"] == "pass") {
      ++pass_total;
      if (why.empty()) {
        ++pass_right;
      } else {
        failures.push_back("line " + std::to_string(lines) + " input=" + c["input"].dump() +
                           " hint=" + c["currency_hint"].dump() + ": " + why);
      }
    } else {
      ++xfail_total;
      if (why.empty()) {
        ++xfail_right;
      }
    }
  }
  std::cout << "price strings: pass " << pass_right << "/" << pass_total << ", xfail "
            << xfail_right << "/" << xfail_total << " also right (amount_text identical in "
            << amount_text_same << "/" << lines << ")\n";
  EXPECT_EQ(lines, 1185);
  std::ostringstream list;
  for (const std::string& f : failures) {
    list << "  " << f << "\n";
  }
  EXPECT_TRUE(failures.empty()) << failures.size() << " pass cases disagree:\n" << list.str();
}

}  // namespace
}  // namespace pricecrawl::crawler
