#pragma once
// Currencies as shops print them: symbols ("$", "€", "Kč", "руб."), ISO 4217 codes ("EUR"),
// local abbreviations and names ("zł", "lei", "تومان"). Maps what was printed to an ISO 4217
// code, settling ambiguous symbols ("$", "kr", "¥", "£", "Rs") with the page's country
// (host TLD) or language, and knows each currency's minor units (ISO 4217 exponent). Also finds
// where a currency is printed in free text, for the price parser (crawler/price/price_parser.h),
// and normalises the currency fields of structured data (NormalizeCurrency, with PageHints).

#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

// What the page says about where it is, for settling ambiguous symbols and separators.
struct PageHints {
  std::string host_tld;  // last label of the page's host ("de", "com"), lowercase; "" unknown
  std::string language;  // <html lang> ("de-AT"), "" when absent
};

// The ISO 4217 code for a currency symbol, code or name as printed ("$", "US$", "€", "EUR",
// "eur", "£", "¥", "円", "руб.", "₽", "zł", "kr", "Kč", "R$", "CHF", "Fr.", "лв",
// "₹", "Rs.", ...). Surrounding whitespace is ignored; ISO codes match in any letter case.
// Ambiguous symbols use the hints when they can: `host_tld` is the page host's last label
// ("se", "no", "dk", "ca", "au", "mx", "jp", "cn", ...), `language` a BCP 47 tag ("sv",
// "nb", "da", "en-CA", "zh-TW", ...); the TLD wins over the language. Without a deciding hint:
// "$" -> USD, "kr" -> SEK (the largest of the krona/krone markets; .no/.dk/.is or nb/nn/da/is
// select NOK/DKK/ISK), "¥" -> JPY (.cn or zh -> CNY), "£" -> GBP, "C$" -> CAD (.ni -> NIO),
// "Rs" -> INR (.pk/.lk/.np -> PKR/LKR/NPR), "лв" -> BGN, "руб." -> RUB (.by -> BYN).
// Withdrawn currencies keep their own codes ("DEM", "PTE", "₣" -> FRF). nullopt when the text
// is not a currency we know, or names one that has no ISO code ("₶").
std::optional<std::string> CurrencyCode(std::string_view symbol_or_code,
                                        std::string_view host_tld = {},
                                        std::string_view language = {});

// Digits after the decimal point of the currency's minor unit (ISO 4217): 0 for JPY, KRW,
// CLP, ISK, VND, UGX, XAF, ...; 3 for KWD, BHD, OMR, JOD, TND, IQD, LYD; 2 for everything
// else, including codes we do not know.
int MinorUnits(std::string_view iso_code);

// Where a currency is printed, for ParsePrice: searches `price_text` and then `hint_text`
// (the text of a separate currency element) and returns the currency as printed, a view into
// one of them with surrounding whitespace removed, or an empty view when neither names one.
// Order, first success wins: a dollar-family ISO code standing as a word ("NZD $5", "SGD$5")
// when the text contains '$'; then spellings that always mean a currency ("$", "€", "Kč",
// "руб.", "EUR", "eur", ...) anywhere; then every other known symbol, name or ISO code,
// matched case-sensitively. Within one search the leftmost occurrence wins, and at one
// position the longest spelling. Linear in the length of the texts.
std::string_view FindCurrencySymbol(std::string_view price_text, std::string_view hint_text);

// The ISO 4217 code for a currency as written in structured data or on the page ("EUR", "€",
// "$"), using the page hints for ambiguous symbols; "" when unknown.
std::string NormalizeCurrency(std::string_view text, const PageHints& hints);

}  // namespace pricecrawl::crawler
