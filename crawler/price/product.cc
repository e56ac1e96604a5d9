#include "crawler/price/product.h"

#include <array>

#include "crawler/base/text.h"
#include "crawler/price/stock_phrases.h"

namespace pricecrawl::crawler {

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
  // Free text in any language of the phrase table ("Auf Lager", "En stock", "Only 3 left").
  if (const StockPhraseMatch m = MatchStockPhrase(value);
      m.availability != Availability::kUnknown) {
    return m.availability;
  }
  // Vocabulary names run together or with other separators ("OutOfStock_Online").
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

}  // namespace pricecrawl::crawler
