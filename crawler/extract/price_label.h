#pragma once
// The words shops print beside a visible price and what they make of it: "Price:", "Preis",
// "Our price" label the product's price; "now", "sale", "jetzt", "maintenant" its current (sale)
// price; "was", "RRP", "compare at", "statt", "UVP", "avant" a list price; "Shipping", "You
// save", "4 x", "/ 100 g", "free delivery over" an amount that is not the product's price. A
// label belongs to the amount nearest to it in the same text run: it scopes over the amount
// that follows it, or the one before it when nothing follows ("£19.99 now"), and a label inside
// parentheses reaches no amount outside them ("£19.99 (RRP £30.00)"). Matching is ASCII
// case-insensitive on word boundaries; non-ASCII bytes count as letters. Never throws.

#include <cstddef>
#include <string_view>
#include <vector>

#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {

enum class PriceLabelKind {
  kNone,   // no label
  kPrice,  // "Price:", "Preis", "Prix", "Cena": the price, neither current nor old
  kSale,   // "now", "sale", "our price", "special price", "offer", "you pay", "jetzt", "nur"
  kList,   // "was", "RRP", "list price", "regular", "before", "originally", "compare at"
  kOther,  // "shipping", "you save", "from ... /month", "free delivery over": not the price
};

// The label nearest to one amount and whether it stands right next to it (only spaces,
// punctuation and the amount's own currency between them: "Price: $", "Our price").
struct PriceLabel {
  PriceLabelKind kind = PriceLabelKind::kNone;
  bool adjacent = false;
};

// The label that ends nearest to the end of `before` (the text before an amount); of labels
// ending at the same place the longer one ("sale price" over "price"). `currency` is the
// amount's currency as printed, skipped when it stands between label and amount. Text before
// a ')' is in parentheses the amount is not in, and does not count.
PriceLabel LabelBefore(std::string_view before, std::string_view currency = {});

// The label that starts nearest to the start of `after` (the text after an amount, when no
// other amount follows in its run: "£19.99 now"); text from a '(' on does not count.
PriceLabel LabelAfter(std::string_view after);

// The part of `preceding` (the text before an element) after its last digit: a label written
// before an earlier amount belongs to that amount, not to the next one.
std::string_view AfterLastAmount(std::string_view preceding);

// One amount of a text run, with the run's text around it up to the neighbouring amounts.
struct RunAmount {
  ParsedPrice parsed;
  std::string_view before;  // from the previous amount's end (or the run's start) to this one
  std::string_view after;   // from this amount's end to the next amount (or the run's end)
  bool last = true;         // no amount with a currency follows in the run
};

// The amounts of one short text run (a price element's text: "Sale £19.99 (RRP £30.00)"),
// each with its own currency; at most `max_amounts`. A run with one amount, or whose amounts
// do not each carry a currency ("4 x £5.00"), gives one entry: ParsePrice of the whole run
// (its `before` / `after` around the amount when the amount text is found in it). Empty when
// the run has no amount. The views point into `run`, which must outlive the result.
std::vector<RunAmount> SplitRun(std::string_view run, std::size_t max_amounts = 4);

}  // namespace pricecrawl::crawler
