#include "crawler/price/product.h"

#include <algorithm>
#include <array>

#include "crawler/base/text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {

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

std::string_view AvailabilityName(Availability a) {
  switch (a) {
    case Availability::kInStock:
      return "in_stock";
    case Availability::kOutOfStock:
      return "out_of_stock";
    case Availability::kPreorder:
      return "preorder";
    case Availability::kUnknown:
      break;
  }
  return "unknown";
}

Availability ParseAvailability(std::string_view value) {
  std::string v = LowerAscii(CollapseSpace(value));
  // schema.org URL forms: keep the last path segment.
  if (ContainsText(v, "schema.org")) {
    const auto slash = v.find_last_of('/');
    v = v.substr(slash + 1);
  }
  std::string compact;
  for (const char c : v) {
    if (c != ' ' && c != '_' && c != '-') {
      compact.push_back(c);
    }
  }
  if (compact.empty()) {
    return Availability::kUnknown;
  }
  static constexpr std::array<std::string_view, 8> kOut = {
      "outofstock",       "soldout",     "discontinued", "oos",
      "outofstockonline", "unavailable", "notavailable", "false"};
  static constexpr std::array<std::string_view, 4> kPre = {"preorder", "presale", "backorder",
                                                           "pending"};
  static constexpr std::array<std::string_view, 10> kIn = {
      "instock",     "limitedavailability", "onlineonly", "instoreonly", "available",
      "instockonly", "availablefororder",   "true",       "1",           "yes"};
  for (const auto s : kOut) {
    if (compact == s) {
      return Availability::kOutOfStock;
    }
  }
  for (const auto s : kPre) {
    if (compact == s) {
      return Availability::kPreorder;
    }
  }
  for (const auto s : kIn) {
    if (compact == s) {
      return Availability::kInStock;
    }
  }
  // Free text ("In stock", "Only 3 left in stock", "Currently out of stock").
  if (ContainsText(compact, "outofstock") || ContainsText(compact, "soldout") ||
      ContainsText(compact, "unavailable") || ContainsText(compact, "notavailable") ||
      ContainsText(compact, "notinstock")) {
    return Availability::kOutOfStock;
  }
  if (ContainsText(compact, "preorder") || ContainsText(compact, "backorder")) {
    return Availability::kPreorder;
  }
  if (ContainsText(compact, "instock") || ContainsText(compact, "available")) {
    return Availability::kInStock;
  }
  return Availability::kUnknown;
}

std::string NormalizeCurrency(std::string_view text, const PageHints& hints) {
  const std::string t = CollapseSpace(text);
  if (t.empty()) {
    return {};
  }
  if (auto code = CurrencyCode(t, hints.host_tld, hints.language)) {
    return *code;
  }
  const std::string_view found = FindCurrencySymbol(t, {});
  if (!found.empty()) {
    if (auto code = CurrencyCode(found, hints.host_tld, hints.language)) {
      return *code;
    }
  }
  return {};
}

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
