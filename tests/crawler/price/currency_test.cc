// Currency symbols and codes as printed, mapped to ISO 4217, and minor units (ISO 4217).

#include "crawler/price/currency.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

std::string Code(std::string_view s, std::string_view tld = {}, std::string_view lang = {}) {
  return CurrencyCode(s, tld, lang).value_or("(none)");
}

TEST(CurrencyTest, MapsUnambiguousSymbolsAndCodes) {
  EXPECT_EQ(Code("€"), "EUR");
  EXPECT_EQ(Code("EUR"), "EUR");
  EXPECT_EQ(Code("eur"), "EUR");
  EXPECT_EQ(Code("euro"), "EUR");
  EXPECT_EQ(Code("US$"), "USD");
  EXPECT_EQ(Code("usd"), "USD");
  EXPECT_EQ(Code("円"), "JPY");
  EXPECT_EQ(Code("₽"), "RUB");
  EXPECT_EQ(Code("zł"), "PLN");
  EXPECT_EQ(Code("PLN"), "PLN");
  EXPECT_EQ(Code("Kč"), "CZK");
  EXPECT_EQ(Code("R$"), "BRL");
  EXPECT_EQ(Code("CHF"), "CHF");
  EXPECT_EQ(Code("Fr."), "CHF");
  EXPECT_EQ(Code("₹"), "INR");
  EXPECT_EQ(Code("Rs."), "INR");
  EXPECT_EQ(Code("AU$"), "AUD");
  EXPECT_EQ(Code("NT$"), "TWD");
  EXPECT_EQ(Code("lei"), "RON");
  EXPECT_EQ(Code("تومان"), "IRR");
  EXPECT_EQ(Code("DEM"), "DEM");  // withdrawn, still its own code
  EXPECT_EQ(Code("  £ "), "GBP");
  EXPECT_EQ(Code("\xC2\xA0"
                 "€"),
            "EUR");  // U+00A0 around the symbol
}

TEST(CurrencyTest, UnknownTextHasNoCode) {
  EXPECT_FALSE(CurrencyCode("").has_value());
  EXPECT_FALSE(CurrencyCode("   ").has_value());
  EXPECT_FALSE(CurrencyCode("Price").has_value());
  EXPECT_FALSE(CurrencyCode("XYZ").has_value());
  EXPECT_FALSE(CurrencyCode("₶").has_value());  // a currency sign without an ISO code
  EXPECT_FALSE(CurrencyCode(std::string(100000, '$')).has_value());
}

TEST(CurrencyTest, DollarDependsOnCountryOrLanguage) {
  EXPECT_EQ(Code("$"), "USD");
  EXPECT_EQ(Code("$", "ca"), "CAD");
  EXPECT_EQ(Code("$", ".au"), "AUD");
  EXPECT_EQ(Code("$", "mx"), "MXN");
  EXPECT_EQ(Code("$", "nz"), "NZD");
  EXPECT_EQ(Code("$", "com", "en-CA"), "CAD");
  EXPECT_EQ(Code("$", "", "fr_CA"), "CAD");
  EXPECT_EQ(Code("$", "", "en"), "USD");
  EXPECT_EQ(Code("$", "ca", "en-AU"), "CAD");  // the TLD wins
  EXPECT_EQ(Code("$", "CA"), "CAD");
}

TEST(CurrencyTest, KronaDependsOnCountryOrLanguage) {
  EXPECT_EQ(Code("kr"), "SEK");
  EXPECT_EQ(Code("kr", "se"), "SEK");
  EXPECT_EQ(Code("kr", "no"), "NOK");
  EXPECT_EQ(Code("kr.", "dk"), "DKK");
  EXPECT_EQ(Code("kr", "is"), "ISK");
  EXPECT_EQ(Code("kr", "com", "nb"), "NOK");
  EXPECT_EQ(Code("kr", "", "da-DK"), "DKK");
  EXPECT_EQ(Code("kr", "", "sv"), "SEK");
  EXPECT_EQ(Code("NOK"), "NOK");
}

TEST(CurrencyTest, OtherAmbiguousSymbols) {
  EXPECT_EQ(Code("¥"), "JPY");
  EXPECT_EQ(Code("¥", "cn"), "CNY");
  EXPECT_EQ(Code("¥", "", "zh-CN"), "CNY");
  EXPECT_EQ(Code("£"), "GBP");
  EXPECT_EQ(Code("£", "eg"), "EGP");
  EXPECT_EQ(Code("Rs", "pk"), "PKR");
  EXPECT_EQ(Code("лв"), "BGN");
  EXPECT_EQ(Code("руб."), "RUB");
  EXPECT_EQ(Code("руб.", "by"), "BYN");
  EXPECT_EQ(Code("C$"), "CAD");
  EXPECT_EQ(Code("C$", "ni"), "NIO");
}

TEST(CurrencyTest, MinorUnitsFollowIso4217) {
  EXPECT_EQ(MinorUnits("USD"), 2);
  EXPECT_EQ(MinorUnits("EUR"), 2);
  for (const char* zero : {"JPY", "KRW", "CLP", "ISK", "VND", "UGX", "XAF", "PYG"}) {
    EXPECT_EQ(MinorUnits(zero), 0) << zero;
  }
  for (const char* three : {"KWD", "BHD", "OMR", "JOD", "TND", "IQD", "LYD"}) {
    EXPECT_EQ(MinorUnits(three), 3) << three;
  }
  EXPECT_EQ(MinorUnits("CLF"), 4);
  EXPECT_EQ(MinorUnits("ZZZ"), 2);
  EXPECT_EQ(MinorUnits(""), 2);
}

TEST(CurrencyTest, FindsCurrencyPrintedInText) {
  EXPECT_EQ(FindCurrencySymbol("From £9.99", ""), "£");
  EXPECT_EQ(FindCurrencySymbol("1.299,99 €", ""), "€");
  EXPECT_EQ(FindCurrencySymbol("US$:12.99", ""), "US$");
  EXPECT_EQ(FindCurrencySymbol("NZD $123", ""), "NZD");  // code beats the bare '$'
  EXPECT_EQ(FindCurrencySymbol("SGD$5", ""), "SGD");
  EXPECT_EQ(FindCurrencySymbol("12 kr € 5", ""), "€");     // always-currency symbols first
  EXPECT_EQ(FindCurrencySymbol("1 299 Kč", "EUR"), "Kč");  // the text beats the hint
  EXPECT_EQ(FindCurrencySymbol("34.99", "руб. (шт)"), "руб.");
  EXPECT_EQ(FindCurrencySymbol("157,000 تومان", ""), "تومان");
  EXPECT_EQ(FindCurrencySymbol("34.99", "Price"), "");
  EXPECT_EQ(FindCurrencySymbol("", ""), "");
}

TEST(CurrencyTest, NormalizesStructuredDataCurrency) {
  const PageHints none;
  EXPECT_EQ(NormalizeCurrency("EUR", none), "EUR");
  EXPECT_EQ(NormalizeCurrency(" eur ", none), "EUR");
  EXPECT_EQ(NormalizeCurrency("€", none), "EUR");
  EXPECT_EQ(NormalizeCurrency("$", none), "USD");
  EXPECT_EQ(NormalizeCurrency("$", PageHints{"ca", ""}), "CAD");
  EXPECT_EQ(NormalizeCurrency("kr", PageHints{"", "nb-NO"}), "NOK");
  EXPECT_EQ(NormalizeCurrency("Price in €", none), "EUR");  // a symbol inside the text
  EXPECT_EQ(NormalizeCurrency("", none), "");
  EXPECT_EQ(NormalizeCurrency("  ", none), "");
  EXPECT_EQ(NormalizeCurrency("points", none), "");
}

}  // namespace
}  // namespace pricecrawl::crawler
