#include "crawler/price/price_parser.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include "crawler/base/text.h"
#include "crawler/price/currency.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::string_view kEuro = "\xE2\x82\xAC";   // U+20AC, also a decimal separator
constexpr std::string_view kMinus = "\xE2\x88\x92";  // U+2212 MINUS SIGN

// Characters that may continue a number: digits, spaces and both group/decimal separators.
bool IsNumberChar(char c) {
  return IsAsciiDigit(c) || c == ' ' || c == '.' || c == ',';
}

// Length of an apostrophe (' or U+2019) at text[i] standing between two digits, as Swiss
// prices group thousands ("1'049.95"); 0 when there is none there.
std::size_t DigitGroupMarkLength(std::string_view text, std::size_t i) {
  constexpr std::string_view kRightQuote = "\xE2\x80\x99";
  std::size_t len = 0;
  if (text[i] == '\'') {
    len = 1;
  } else if (text.compare(i, kRightQuote.size(), kRightQuote) == 0) {
    len = kRightQuote.size();
  }
  if (len == 0 || i == 0 || !IsAsciiDigit(text[i - 1]) || i + len >= text.size() ||
      !IsAsciiDigit(text[i + len])) {
    return 0;
  }
  return len;
}

// Length of the UTF-8 sequence starting with byte `b` (1 for stray continuation bytes).
std::size_t SequenceLength(char b) {
  const auto u = static_cast<unsigned char>(b);
  if (u >= 0xF0 && u < 0xF8) {
    return 4;
  }
  if (u >= 0xE0) {
    return u < 0xF0 ? 3 : 1;
  }
  if (u >= 0xC0) {
    return 2;
  }
  return 1;
}

// Length of the Unicode whitespace character at text[i], or 0 when there is none there.
// The set is Python's str.isspace(): ASCII controls 9-13 and 28-31, space, U+0085, U+00A0,
// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
std::size_t SpaceLength(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 == ' ' || (b0 >= 0x09 && b0 <= 0x0D) || (b0 >= 0x1C && b0 <= 0x1F)) {
    return 1;
  }
  if (b0 == 0xC2 && i + 1 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    return (b1 == 0x85 || b1 == 0xA0) ? 2 : 0;
  }
  if ((b0 == 0xE1 || b0 == 0xE2 || b0 == 0xE3) && i + 2 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    const auto b2 = static_cast<unsigned char>(text[i + 2]);
    if (b0 == 0xE1) {
      return (b1 == 0x9A && b2 == 0x80) ? 3 : 0;  // U+1680
    }
    if (b0 == 0xE3) {
      return (b1 == 0x80 && b2 == 0x80) ? 3 : 0;  // U+3000
    }
    if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) {
      return 3;  // U+2000-U+200A, U+2028, U+2029, U+202F
    }
    if (b1 == 0x81 && b2 == 0x9F) {
      return 3;  // U+205F
    }
  }
  return 0;
}

// Every run of whitespace (any Unicode space, e.g. U+00A0, U+202F) becomes one ' '.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = SpaceLength(text, i);
    if (len == 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    while (len != 0) {
      i += len;
      len = i < text.size() ? SpaceLength(text, i) : 0;
    }
    out.push_back(' ');
  }
  return out;
}

std::string_view StripChars(std::string_view s, std::string_view chars, bool left, bool right) {
  if (left) {
    const std::size_t first = s.find_first_not_of(chars);
    s.remove_prefix(first == std::string_view::npos ? s.size() : first);
  }
  if (right) {
    const std::size_t last = s.find_last_not_of(chars);
    s.remove_suffix(last == std::string_view::npos ? s.size() : s.size() - last - 1);
  }
  return s;
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c != ' ') {
      out.push_back(c);
    }
  }
  return out;
}

struct AmountMatch {
  std::string text;
  std::size_t start = 0;  // where the number begins in the collapsed input
};

// A price written with the euro sign as its decimal separator ("35€ 99", "1,235€99"): digits
// and separators, a digit, an optional space, '€', then either two digits after a space or
// digits right after the sign, then a non-digit or the end (which is kept, as the reference
// parser keeps it). Only tried when the text has exactly one '€'.
std::optional<AmountMatch> EuroSeparatedAmount(std::string_view text, std::size_t euro) {
  std::size_t before = euro;
  if (before > 0 && text[before - 1] == ' ') {
    --before;
  }
  if (before == 0 || !IsAsciiDigit(text[before - 1])) {
    return std::nullopt;
  }
  std::size_t start = before - 1;
  while (start > 0 && IsNumberChar(text[start - 1])) {
    --start;
  }
  const std::size_t after = euro + kEuro.size();
  std::size_t end = std::string_view::npos;
  if (after < text.size() && IsAsciiDigit(text[after])) {
    end = after;
    while (end < text.size() && IsAsciiDigit(text[end])) {
      ++end;
    }
  } else if (after + 2 < text.size() && text[after] == ' ' && IsAsciiDigit(text[after + 1]) &&
             IsAsciiDigit(text[after + 2]) &&
             (after + 3 == text.size() || !IsAsciiDigit(text[after + 3]))) {
    end = after + 3;
  }
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  if (end < text.size()) {
    end += SequenceLength(text[end]);
    if (end > text.size()) {
      end = text.size();
    }
  }
  std::size_t first_digit = start;
  while (!IsAsciiDigit(text[first_digit])) {
    ++first_digit;
  }
  return AmountMatch{WithoutSpaces(text.substr(start, end - start)), first_digit};
}

// The first number in `text` (spaces already collapsed): an optional leading '.', a digit,
// then digits, spaces, '.' and ','; a number directly followed by '%' is shortened to its
// last separator or skipped ("50% off"). Trailing separators are dropped.
std::optional<AmountMatch> FirstNumber(std::string_view text) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t body = 0;
    if (IsAsciiDigit(text[i])) {
      body = i + 1;
    } else if (text[i] == '.' && i + 1 < n && IsAsciiDigit(text[i + 1])) {
      body = i + 2;
    } else {
      ++i;
      continue;
    }
    std::size_t end = body;
    while (end < n) {
      if (IsNumberChar(text[end])) {
        ++end;
      } else if (const std::size_t len = DigitGroupMarkLength(text, end); len != 0) {
        end += len;
      } else {
        break;
      }
    }
    std::size_t group_end = end;
    if (end < n && text[end] == '%') {
      group_end = std::string_view::npos;
      for (std::size_t k = end; k > body; --k) {
        const char c = text[k - 1];
        if (c == ' ' || c == '.' || c == ',' || c == '\'') {
          group_end = k - 1;
          break;
        }
      }
      if (group_end == std::string_view::npos) {
        i = end + 1;  // every start inside this run fails the same way
        continue;
      }
    }
    std::string_view group = StripChars(text.substr(i, group_end - i), ",.", false, true);
    const bool one_point =
        group.find('.') != std::string_view::npos && group.find('.') == group.rfind('.');
    group = one_point ? StripChars(group, " ", true, true)
                      : StripChars(StripChars(group, ",.", true, false), " ", true, true);
    std::string amount;
    amount.reserve(group.size());
    for (std::size_t k = 0; k < group.size(); ++k) {
      const std::size_t len = DigitGroupMarkLength(group, k);
      if (len == 0) {
        amount.push_back(group[k]);
      } else {
        k += len - 1;
      }
    }
    return AmountMatch{std::move(amount), i};
  }
  return std::nullopt;
}

bool ContainsFree(std::string_view text) {
  constexpr std::string_view kFree = "free";
  for (std::size_t i = 0; i + kFree.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < kFree.size() && match; ++j) {
      char c = text[i + j];
      c = AsciiToLower(c);
      match = c == kFree[j];
    }
    if (match) {
      return true;
    }
  }
  return false;
}

// True when a minus sign stands right before the number at `start`, possibly with a currency
// sign between ("-5", "-$5", "−€5"), and is not the dash of a range ("10-20").
bool HasMinusSign(std::string_view text, std::size_t start) {
  std::size_t p = start;
  for (int steps = 0; steps < 4 && p > 0; ++steps) {
    if (text[p - 1] == '-' ||
        (p >= kMinus.size() && text.substr(p - kMinus.size(), kMinus.size()) == kMinus)) {
      const std::size_t sign = text[p - 1] == '-' ? p - 1 : p - kMinus.size();
      return sign == 0 || !IsAsciiDigit(text[sign - 1]);
    }
    if (text[p - 1] == ' ' || IsAsciiAlnum(text[p - 1])) {
      return false;
    }
    // Step back over one character (a currency sign or other punctuation).
    --p;
    while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) {
      --p;
    }
  }
  return false;
}

// The decimal separator implied by the digits after the last '.', ',' or '€': 1, 2 or 4+
// digits make it a decimal separator, 3 (a thousands group) or none make it nothing.
std::string_view GuessDecimalSeparator(std::string_view number) {
  std::size_t digits = 0;
  while (digits < number.size() && IsAsciiDigit(number[number.size() - 1 - digits])) {
    ++digits;
  }
  if (digits == 0 || digits == 3 || digits == number.size()) {
    return {};
  }
  const std::string_view head = number.substr(0, number.size() - digits);
  if (head.back() == '.' || head.back() == ',') {
    return head.substr(head.size() - 1);
  }
  if (head.size() >= kEuro.size() && head.substr(head.size() - kEuro.size()) == kEuro) {
    return kEuro;
  }
  return {};
}

std::optional<Decimal> ParseNumber(std::string_view amount_text, std::string_view separator) {
  std::string number = WithoutSpaces(amount_text);
  if (separator.empty()) {
    separator = GuessDecimalSeparator(number);
  }
  std::string plain;
  plain.reserve(number.size());
  for (std::size_t i = 0; i < number.size(); ++i) {
    if (number.compare(i, kEuro.size(), kEuro) == 0) {
      if (separator == kEuro) {
        plain.push_back('.');
      } else {
        plain.append(kEuro);  // not a number then
      }
      i += kEuro.size() - 1;
    } else if (number[i] == '.' || number[i] == ',') {
      if (separator.size() == 1 && separator.front() == number[i]) {
        plain.push_back('.');
      }  // else a group separator, dropped
    } else {
      plain.push_back(number[i]);
    }
  }
  return Decimal::Parse(plain);
}

}  // namespace

ParsedPrice ParsePrice(std::string_view input, std::string_view currency_hint,
                       std::string_view decimal_separator) {
  ParsedPrice result;
  const std::string text = CollapseSpaces(input);

  std::optional<std::string> amount_text;
  std::optional<AmountMatch> match;
  const std::size_t euro = text.find(kEuro);
  if (euro != std::string::npos && text.find(kEuro, euro + 1) == std::string::npos) {
    match = EuroSeparatedAmount(text, euro);
  }
  if (!match) {
    match = FirstNumber(text);
  }
  bool negative = false;
  if (match) {
    negative = HasMinusSign(text, match->start);
    amount_text = std::move(match->text);
  } else if (ContainsFree(text)) {
    amount_text.emplace(1, '0');
  }
  if (amount_text) {
    if (decimal_separator != "." && decimal_separator != "," && decimal_separator != kEuro) {
      decimal_separator = {};
    }
    if (!negative) {
      result.amount = ParseNumber(*amount_text, decimal_separator);
    }
    result.amount_text = std::move(*amount_text);
  }

  const std::string_view currency = FindCurrencySymbol(input, currency_hint);
  result.currency_text = std::string(currency);
  std::optional<std::string> code = CurrencyCode(currency.empty() ? currency_hint : currency);
  if (code) {
    result.currency_code = std::move(*code);
  }
  return result;
}

ParsedPrice ParsePrice(std::string_view input, std::string_view currency_hint,
                       std::optional<char> decimal_separator) {
  if (decimal_separator == '.' || decimal_separator == ',') {
    const std::string separator(1, *decimal_separator);
    return ParsePrice(input, currency_hint, std::string_view(separator));
  }
  return ParsePrice(input, currency_hint, std::string_view());
}

namespace {

// Languages whose shops write 1.299,99 (a '.' groups thousands).
bool UsesDotGrouping(std::string_view language) {
  const std::string lang = LowerAscii(language.substr(0, language.find_first_of("-_")));
  static constexpr std::array<std::string_view, 17> kDotGrouping = {
      "de", "es", "pt", "it", "nl", "da", "id", "tr", "el",
      "ro", "hr", "sl", "sr", "is", "vi", "ca", "gl"};
  return std::find(kDotGrouping.begin(), kDotGrouping.end(), lang) != kDotGrouping.end();
}

}  // namespace

std::optional<Decimal> ParseStructuredAmount(std::string_view text, std::string_view currency,
                                             const PageHints& hints) {
  const std::string t = CollapseSpace(text);
  if (t.empty() || t.size() > 200 || t.front() == '-') {
    return std::nullopt;
  }
  if (auto plain = Decimal::Parse(t)) {
    if (plain->IsNegative()) {
      return std::nullopt;
    }
    // "24.990": exactly one '.' followed by exactly three digits. Read as a thousands group
    // when the currency has no minor units, or the currency is unknown and the page's language
    // groups thousands with '.'.
    const auto dot = t.find('.');
    if (dot != std::string::npos && dot > 0 && t.size() - dot - 1 == 3) {
      const bool no_minor = !currency.empty() && MinorUnits(currency) == 0;
      const bool dot_language = currency.empty() && UsesDotGrouping(hints.language);
      if (no_minor || dot_language) {
        std::string joined = t.substr(0, dot) + t.substr(dot + 1);
        return Decimal::Parse(joined);
      }
    }
    return plain;
  }
  const ParsedPrice parsed = ParsePrice(t, currency);
  if (!parsed.amount || parsed.amount->IsNegative()) {
    return std::nullopt;
  }
  return parsed.amount;
}

}  // namespace pricecrawl::crawler
