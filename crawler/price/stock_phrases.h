#pragma once
// Stock words as shops print them, in many languages: a phrase table (en, de, fr, es, it, nl, pt,
// pl, sv, da, cs, ja, and a few more) of in stock, out of stock, sold out, preorder, back-order,
// "only N left" and negations, and the matcher that reads one stock message with it. Matching is
// case-insensitive for Latin (ASCII, Latin-1, Latin Extended-A), Greek and Cyrillic letters, on
// word boundaries (Japanese has neither case nor spaces: its phrases match anywhere). The longest
// phrase wins where two overlap ("not in stock" over "in stock"), a negation word just before an
// in-stock phrase ("nicht auf Lager", "pas en stock") makes it out of stock, and of several
// statements in one message out of stock beats preorder beats in stock. Back-order is reported
// as preorder, as schema.org's BackOrder is (https://schema.org/ItemAvailability).

#include <string>
#include <string_view>

#include "crawler/price/product.h"

namespace pricecrawl::crawler {

// What one stock message says and which words said it.
struct StockPhraseMatch {
  Availability availability = Availability::kUnknown;  // kUnknown: no phrase matched
  // The words matched, case-folded, as the message writes them: "nur noch 3 auf lager",
  // "nicht auf lager" (a negation with the phrase it negates). "" when nothing matched.
  std::string phrase;
  // The table phrase's language ("de", "ja"); "" for a per-host phrase.
  std::string language;
  bool per_host = false;  // matched a host's in_stock_text / out_of_stock_text phrase
};

// Reads `text` (UTF-8; a stock message, a button's label, a structured availability value).
// The host's phrases in `overrides` are tried first: an out_of_stock_text phrase beats an
// in_stock_text one, and an in_stock_text phrase right after a negation word does not count.
// Then the built-in table. Only the first kMaxStockTextBytes bytes are read, so the work is
// bounded whatever the input. Never throws.
StockPhraseMatch MatchStockPhrase(std::string_view text, const StockTextOverrides& overrides = {});

// How many bytes of a message MatchStockPhrase reads.
inline constexpr std::size_t kMaxStockTextBytes = 512;

// `text` with letters lowercased (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), typographic
// apostrophes and hyphens made ASCII, and whitespace (including U+00A0) collapsed to one space
// and trimmed: the form the phrase table is written in. Invalid UTF-8 bytes are kept as they are.
std::string FoldStockText(std::string_view text);

}  // namespace pricecrawl::crawler
