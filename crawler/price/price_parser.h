#pragma once
// Reads a price and its currency out of the text of a price element ("From £9.99",
// "1.299,99 €", "12,800円", "1'299.99 CHF") following scrapinghub/price-parser's
// Price.fromstring: the first number is the amount; 1, 2 or 4+ digits after the last '.', ','
// or '€' make it the decimal separator, 3 a thousands group; the currency is the first known
// symbol in the text, else in the hint. Amounts are exact (crawler/price/decimal.h). Deviations,
// all refusals: negative numbers, more than Decimal::kMaxDigits digits, non-ASCII digits.
// Also reads the amounts of structured data, where '.' is the decimal point
// (ParseStructuredAmount).

#include <optional>
#include <string>
#include <string_view>

#include "crawler/price/currency.h"
#include "crawler/price/decimal.h"

namespace pricecrawl::crawler {

struct ParsedPrice {
  std::optional<Decimal> amount;  // nullopt: no price in the text
  std::string amount_text;        // the text the amount was read from ("1,299.99"), else ""
  std::string currency_text;      // the currency as printed ("US$", "€", "GBP"), else ""
  std::string currency_code;      // ISO 4217 for currency_text (or for the hint), else ""
};

// Finds the price and currency in `input`, free text of any length and any content (never
// throws; linear time). `currency_hint` is the text of a separate currency element, or a
// known currency ("EUR"); a currency printed in `input` is preferred over one in the hint.
// `decimal_separator` forces '.' or ',' as the decimal separator ("140.000" with ',' is
// 140000, with '.' it is 140); any other value is ignored.
// "Free" with no number yields amount 0. The first number is taken ("Sale price: $19.99
// Regular price: $29.99" gives 19.99); a number followed by '%' is skipped ("50% off").
ParsedPrice ParsePrice(std::string_view input, std::string_view currency_hint = {},
                       std::optional<char> decimal_separator = std::nullopt);

// As above, with the decimal separator given as text: ".", "," or "€" (for prices printed
// as "1250€60"); an empty view guesses it.
ParsedPrice ParsePrice(std::string_view input, std::string_view currency_hint,
                       std::string_view decimal_separator);

// Reads a price written in structured data (JSON-LD "price", microdata content, meta content),
// where '.' is the decimal point: "12.99", "1299", "12.990000". Tolerates what shops still
// write there: currency symbols, spaces, "1,299.99", a lone decimal comma ("12,99"), and
// "24.990" for a currency without minor units (CLP, JPY) or with a 3-digit-group language,
// which is read as 24990. nullopt when there is no number, and for negative amounts.
std::optional<Decimal> ParseStructuredAmount(std::string_view text, std::string_view currency,
                                             const PageHints& hints);

}  // namespace pricecrawl::crawler
