// Price and currency from free text (crawler/price/price_parser.h).

#include "crawler/price/price_parser.h"

#include <chrono>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

std::string Amount(const ParsedPrice& p) {
  return p.amount ? p.amount->Normalized().ToString() : "(none)";
}

struct Case {
  const char* input;
  const char* amount;
  const char* currency_text;
  const char* currency_code;
};

TEST(PriceParserTest, ReadsLocaleFormats) {
  const Case cases[] = {
      {"From £9.99", "9.99", "£", "GBP"},
      {"1.299,99 €", "1299.99", "€", "EUR"},
      {"12,800円", "12800", "円", "JPY"},
      {"1'299.99 CHF", "1299.99", "CHF", "CHF"},
      {"CHF 1'049,95", "1049.95", "CHF", "CHF"},
      {"$1 299,99", "1299.99", "$", "USD"},
      {"Sale price: $19.99 Regular price: $29.99", "19.99", "$", "USD"},
      {"US$:12.99", "12.99", "US$", "USD"},
      {"R$ 1.234,56", "1234.56", "R$", "BRL"},
      {"1 234,50 zł", "1234.5", "zł", "PLN"},
      {"Běžná cena 75 990,00 Kč", "75990", "Kč", "CZK"},
      {"2 499 руб.", "2499", "руб.", "RUB"},
      {"₹ 1,23,456.00", "123456", "₹", "INR"},
      {"35€ 99", "35.99", "€", "EUR"},
      {"1,235€99", "1235.99", "€", "EUR"},
      {"12,000원", "12000", "원", "KRW"},
      {"NZD $123", "123", "NZD", "NZD"},
      {"$.75", "0.75", "$", "USD"},
      {"Price: 1,234", "1234", "", ""},
      {"12,5", "12.5", "", ""},
      {"Free", "0", "", ""},
      {"FREE shipping", "0", "", ""},
  };
  for (const Case& c : cases) {
    const ParsedPrice p = ParsePrice(c.input);
    EXPECT_EQ(Amount(p), c.amount) << c.input;
    EXPECT_EQ(p.currency_text, c.currency_text) << c.input;
    EXPECT_EQ(p.currency_code, c.currency_code) << c.input;
  }
}

TEST(PriceParserTest, KeepsTheAmountTextAsPrinted) {
  EXPECT_EQ(ParsePrice("Now only 1,299.99 USD!").amount_text, "1,299.99");
  EXPECT_EQ(ParsePrice("Now only 1,299.99 USD!").amount->ToString(), "1299.99");
  EXPECT_EQ(ParsePrice("12.90 EUR").amount->ToString(), "12.90");
}

TEST(PriceParserTest, AcceptsUnicodeSpacesAsGroupSeparators) {
  // U+00A0 NO-BREAK SPACE and U+202F NARROW NO-BREAK SPACE group thousands in fr/de/ru.
  const ParsedPrice nbsp = ParsePrice(
      "1\xC2\xA0"
      "298,00\xC2\xA0€");
  EXPECT_EQ(Amount(nbsp), "1298");
  EXPECT_EQ(nbsp.amount_text, "1 298,00");
  EXPECT_EQ(nbsp.currency_code, "EUR");
  const ParsedPrice narrow = ParsePrice(
      "12\xE2\x80\xAF"
      "345,67\xE2\x80\xAF"
      "₽");
  EXPECT_EQ(Amount(narrow), "12345.67");
  EXPECT_EQ(narrow.currency_code, "RUB");
  EXPECT_EQ(Amount(ParsePrice("$\t1\n\n299.99")), "1299.99");
}

TEST(PriceParserTest, UsesTheHintWhenTheTextHasNoCurrency) {
  const ParsedPrice p = ParsePrice("34.99", "руб. (шт)");
  EXPECT_EQ(Amount(p), "34.99");
  EXPECT_EQ(p.currency_text, "руб.");
  EXPECT_EQ(p.currency_code, "RUB");
  EXPECT_EQ(ParsePrice("12,99 €", "GBP").currency_code, "EUR");  // the text wins
  EXPECT_EQ(ParsePrice("99.99", "SKU:").currency_text, "");
  EXPECT_EQ(ParsePrice("", "EUR").currency_code, "EUR");
  EXPECT_FALSE(ParsePrice("", "EUR").amount.has_value());
}

TEST(PriceParserTest, ForcedDecimalSeparator) {
  EXPECT_EQ(Amount(ParsePrice("140.000")), "140000");
  EXPECT_EQ(Amount(ParsePrice("140.000", "", '.')), "140");
  EXPECT_EQ(Amount(ParsePrice("140.000", "", ',')), "140000");
  EXPECT_EQ(Amount(ParsePrice(" 423.923 KD", "", '.')), "423.923");
  EXPECT_EQ(Amount(ParsePrice("1250€600", "", "€")), "1250.6");
  EXPECT_EQ(Amount(ParsePrice("140.000", "", 'x')), "140000");  // ignored
}

TEST(PriceParserTest, RefusesTextsThatAreNotPrices) {
  for (const char* text :
       {"", "   ", "Out of stock", "AQUAFINESSE", "50% OFF", "50%", "€", "...", ",,,"}) {
    const ParsedPrice p = ParsePrice(text);
    EXPECT_FALSE(p.amount.has_value()) << text;
  }
}

TEST(PriceParserTest, RefusesNegativeAmounts) {
  for (const char* text :
       {"-5.00", "-$5.00", "Discount: -12,50 €", "−€3.99", "$-1", "-35€99", "Rabatt -35€ 99"}) {
    EXPECT_FALSE(ParsePrice(text).amount.has_value()) << text;
  }
  // A range dash is not a minus sign.
  EXPECT_EQ(Amount(ParsePrice("10-20 €")), "10");
  EXPECT_EQ(Amount(ParsePrice("1.198,- Kr")), "1198");
  EXPECT_EQ(Amount(ParsePrice("Price:- 35€99")), "35.99");
}

TEST(PriceParserTest, RefusesAbsurdAmounts) {
  EXPECT_FALSE(ParsePrice("$" + std::string(40, '9')).amount.has_value());
  EXPECT_FALSE(ParsePrice("12€345").amount.has_value());
  EXPECT_EQ(Amount(ParsePrice("$" + std::string(30, '9'))), std::string(30, '9'));
}

TEST(PriceParserTest, NeverFailsOnBrokenUtf8) {
  const std::string broken = "\xFF\xFE 12\xE2\x82 \xC2 99,5 \xE2\x82\xAC\xE2";
  const ParsedPrice p = ParsePrice(broken, "\xC3");
  EXPECT_EQ(Amount(p), "12");
  EXPECT_EQ(p.currency_code, "EUR");
}

TEST(PriceParserTest, MegabyteInputsParseInLinearTime) {
  const std::size_t mb = 1 << 20;
  auto repeat = [mb](std::string_view unit) {
    std::string out;
    while (out.size() < mb) {
      out += unit;
    }
    return out;
  };
  struct Input {
    const char* name;
    std::string text;
    const char* amount;
  };
  const Input inputs[] = {
      {"digits", std::string(mb, '1'), "(none)"},
      {"digits and spaces", repeat("1 "), "(none)"},
      {"percentages", repeat("12%"), "(none)"},
      {"one euro sign", std::string(mb / 2, '9') + "€" + std::string(mb / 2, '9'), "(none)"},
      {"dollar codes", repeat("NZDX$"), "(none)"},
      {"no-break spaces", repeat("\xC2\xA0\xE2\x80\xAF") + "9.99 zł", "9.99"},
      {"letters", std::string(mb, 'x') + " $19.99", "19.99"},
      {"cyrillic", repeat("цена ") + "1 299 руб.", "1299"},
  };
  for (const Input& input : inputs) {
    const auto start = std::chrono::steady_clock::now();
    const ParsedPrice p = ParsePrice(input.text, input.text);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::cout << "1 MB input (" << input.name << ", also as hint): " << ms << " ms\n";
    EXPECT_EQ(Amount(p), input.amount) << input.name;
    // A generous bound: only quadratic behaviour (minutes per megabyte) could reach it.
    EXPECT_LT(ms, 5000) << input.name;
  }
}

TEST(PriceParserTest, StructuredAmounts) {
  const PageHints none;
  EXPECT_EQ(ParseStructuredAmount("12.99", "EUR", none)->ToString(), "12.99");
  EXPECT_EQ(ParseStructuredAmount("1,299.99", "USD", none)->ToString(), "1299.99");
  EXPECT_EQ(ParseStructuredAmount("24.990", "CLP", none)->ToString(), "24990");
  EXPECT_EQ(ParseStructuredAmount("24.990", "", PageHints{"", "es-CL"})->ToString(), "24990");
  EXPECT_EQ(ParseStructuredAmount("1.299", "KWD", none)->ToString(), "1.299");
  EXPECT_FALSE(ParseStructuredAmount("", "EUR", none).has_value());
  EXPECT_FALSE(ParseStructuredAmount("-3", "EUR", none).has_value());
}

}  // namespace
}  // namespace pricecrawl::crawler
