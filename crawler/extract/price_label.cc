#include "crawler/extract/price_label.h"

#include <array>
#include <string>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

// The tables hold lowercase phrases; matching lowercases ASCII only, so non-ASCII phrases are
// written as shops print them in lowercase ("före", "ušetříte").
constexpr auto kPriceLabels = std::to_array<std::string_view>(
    {"price", "prices", "preis", "prix",  "precio", "prezzo", "preço", "preco", "cena", "pris",
     "prijs", "hinta",  "fiyat", "kaina", "cijena", "цена",   "ціна",  "árak",  "価格", "价格"});
// The current price, as opposed to a regular one beside it.
constexpr auto kSaleLabels = std::to_array<std::string_view>({"now",
                                                              "now only",
                                                              "price now",
                                                              "sale",
                                                              "sale price",
                                                              "on sale",
                                                              "our price",
                                                              "your price",
                                                              "special price",
                                                              "special",
                                                              "offer",
                                                              "offer price",
                                                              "today",
                                                              "today's price",
                                                              "deal",
                                                              "deal price",
                                                              "you pay",
                                                              "promo price",
                                                              "jetzt",
                                                              "jetzt nur",
                                                              "nur",
                                                              "angebot",
                                                              "aktionspreis",
                                                              "sonderpreis",
                                                              "unser preis",
                                                              "ihr preis",
                                                              "maintenant",
                                                              "promo",
                                                              "prix promo",
                                                              "prix soldé",
                                                              "notre prix",
                                                              "ahora",
                                                              "oferta",
                                                              "precio oferta",
                                                              "nuestro precio",
                                                              "ora",
                                                              "offerta",
                                                              "in offerta",
                                                              "prezzo scontato",
                                                              "nu",
                                                              "voor",
                                                              "aanbieding",
                                                              "actieprijs",
                                                              "onze prijs",
                                                              "teraz",
                                                              "promocja",
                                                              "cena promocyjna",
                                                              "agora",
                                                              "promoção",
                                                              "kampanjpris",
                                                              "tilbud",
                                                              "tilbudspris",
                                                              "nyní",
                                                              "akce",
                                                              "akční cena"});
// A regular / reference price that is not what the item costs now.
constexpr auto kListLabels = std::to_array<std::string_view>({"was",
                                                              "was:",
                                                              "rrp",
                                                              "msrp",
                                                              "uvp",
                                                              "list price",
                                                              "list",
                                                              "regular price",
                                                              "regular",
                                                              "reg.",
                                                              "reg",
                                                              "before",
                                                              "originally",
                                                              "original price",
                                                              "compare at",
                                                              "compare",
                                                              "instead of",
                                                              "previously",
                                                              "old price",
                                                              "retail price",
                                                              "statt",
                                                              "anstatt",
                                                              "bisher",
                                                              "ursprünglich",
                                                              "alter preis",
                                                              "streichpreis",
                                                              "avant",
                                                              "au lieu de",
                                                              "prix barré",
                                                              "ancien prix",
                                                              "prix conseillé",
                                                              "antes",
                                                              "precio anterior",
                                                              "precio normal",
                                                              "prima",
                                                              "prezzo precedente",
                                                              "prezzo consigliato",
                                                              "van",
                                                              "adviesprijs",
                                                              "normaalprijs",
                                                              "było",
                                                              "cena regularna",
                                                              "stara cena",
                                                              "före",
                                                              "ord.",
                                                              "ordinarie",
                                                              "normalpris",
                                                              "før",
                                                              "původní cena",
                                                              "dříve"});
// Amounts beside the product's price that are never it.
constexpr auto kOtherLabels = std::to_array<std::string_view>(
    {"shipping",     "delivery",      "postage",       "p&p",
     "freight",      "versand",       "versandkosten", "lieferung",
     "livraison",    "frais de port", "envío",         "envio",
     "spedizione",   "verzending",    "bezorging",     "wysyłka",
     "dostawa",      "doprava",       "frakt",         "fragt",
     "you save",     "save",          "saving",        "savings",
     "sparen",       "sie sparen",    "ersparnis",     "économisez",
     "économie",     "ahorra",        "ahorras",       "risparmi",
     "risparmia",    "bespaar",       "oszczędzasz",   "ušetříte",
     "off",          "over",          "above",         "orders over",
     "spend",        "minimum",       "deposit",       "per month",
     "a month",      "monthly",       "instalment",    "instalments",
     "installment",  "installments",  "cuotas",        "rata",
     "raten",        "monatlich",     "par mois",      "al mes",
     "al mese",      "per maand",     "miesięcznie",   "unit price",
     "grundpreis",   "prix unitaire", "fee",           "starting price",
     "starting bid", "opening bid",   "estimate",      "reserve price"});

bool IsWordByte(char c) {
  return IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80;
}

// Whether `phrase` occurs in `text` at `at` with no letter right before or after it.
bool WordAt(std::string_view text, std::size_t at, std::string_view phrase) {
  if (text.substr(at, phrase.size()) != phrase) {
    return false;
  }
  const bool starts = at == 0 || !IsWordByte(text[at - 1]) || !IsWordByte(phrase.front());
  const std::size_t end = at + phrase.size();
  const bool ends = end == text.size() || !IsWordByte(text[end]) || !IsWordByte(phrase.back());
  return starts && ends;
}

// The best label match so far: where it ends (or starts), its length and kind.
struct Match {
  std::size_t position = 0;
  std::size_t length = 0;
  PriceLabelKind kind = PriceLabelKind::kNone;
};

// Offers every occurrence of each phrase of `table` to `better`, which keeps the one it prefers.
template <std::size_t N, typename Better>
void FindLabels(std::string_view text, const std::array<std::string_view, N>& table,
                PriceLabelKind kind, Match& best, Better better) {
  for (const std::string_view phrase : table) {
    for (std::size_t at = text.find(phrase); at != std::string_view::npos;
         at = text.find(phrase, at + 1)) {
      if (WordAt(text, at, phrase)) {
        better(Match{at, phrase.size(), kind}, best);
      }
    }
  }
}

template <typename Better>
Match FindAllLabels(std::string_view text, Better better) {
  Match best;
  FindLabels(text, kPriceLabels, PriceLabelKind::kPrice, best, better);
  FindLabels(text, kSaleLabels, PriceLabelKind::kSale, best, better);
  FindLabels(text, kListLabels, PriceLabelKind::kList, best, better);
  FindLabels(text, kOtherLabels, PriceLabelKind::kOther, best, better);
  return best;
}

// Whether `gap` holds only spaces and punctuation: nothing a reader would take for words.
bool OnlyFiller(std::string_view gap) {
  for (const char c : gap) {
    if (!IsAsciiSpace(c) && std::string_view(":-*.!|=").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string_view TrimEnd(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// "4 x", "4x", "4 ×": an instalment count before the amount.
bool EndsWithTimes(std::string_view text) {
  const std::string_view t = Trim(text);
  if (t.size() >= 2 && t.substr(t.size() - 2) == "\xC3\x97") {  // U+00D7
    return true;
  }
  return !t.empty() && t.back() == 'x' && (t.size() == 1 || !IsWordByte(t[t.size() - 2]));
}

}  // namespace

PriceLabel LabelBefore(std::string_view before, std::string_view currency) {
  if (const std::size_t close = before.rfind(')'); close != std::string_view::npos) {
    before = before.substr(close + 1);
  }
  std::string lower = LowerAscii(before);
  // The amount's own currency between label and amount ("Price: US$ 24.50") is no gap.
  const std::string currency_lower = LowerAscii(currency);
  if (!currency_lower.empty()) {
    const std::string_view trimmed = TrimEnd(lower);
    if (trimmed.size() >= currency_lower.size() &&
        trimmed.substr(trimmed.size() - currency_lower.size()) == currency_lower) {
      lower.resize(trimmed.size() - currency_lower.size());
    }
  }
  if (EndsWithTimes(lower)) {
    return {PriceLabelKind::kOther, true};
  }
  // Nearest: the label that ends last; of two ending together the longer ("sale price").
  const Match best = FindAllLabels(lower, [](const Match& m, Match& best_so_far) {
    const std::size_t end = m.position + m.length;
    const std::size_t best_end = best_so_far.position + best_so_far.length;
    if (best_so_far.kind == PriceLabelKind::kNone || end > best_end ||
        (end == best_end && m.length > best_so_far.length)) {
      best_so_far = m;
    }
  });
  if (best.kind == PriceLabelKind::kNone) {
    return {};
  }
  return {best.kind, OnlyFiller(std::string_view(lower).substr(best.position + best.length))};
}

PriceLabel LabelAfter(std::string_view after) {
  after = after.substr(0, after.find('('));
  const std::string lower = LowerAscii(after);
  const std::string_view trimmed = Trim(lower);
  // "£1.20 / 100 g", "£9/month", "4 x £5.00": a unit price, an instalment or a count.
  if (!trimmed.empty() &&
      (trimmed.front() == '/' || trimmed.front() == 'x' || trimmed.substr(0, 2) == "\xC3\x97")) {
    if (trimmed.front() != 'x' || trimmed.size() == 1 || !IsWordByte(trimmed[1])) {
      return {PriceLabelKind::kOther, true};
    }
  }
  // Nearest: the label that starts first; of two starting together the longer.
  const Match best = FindAllLabels(lower, [](const Match& m, Match& best_so_far) {
    if (best_so_far.kind == PriceLabelKind::kNone || m.position < best_so_far.position ||
        (m.position == best_so_far.position && m.length > best_so_far.length)) {
      best_so_far = m;
    }
  });
  if (best.kind == PriceLabelKind::kNone) {
    return {};
  }
  return {best.kind, OnlyFiller(std::string_view(lower).substr(0, best.position))};
}

std::string_view AfterLastAmount(std::string_view preceding) {
  for (std::size_t i = preceding.size(); i-- > 0;) {
    if (IsAsciiDigit(preceding[i])) {
      return preceding.substr(i + 1);
    }
  }
  return preceding;
}

namespace {

// Where `amount_text` stands in `text` from `from` on, skipping a number that a '%' follows
// ("-33% £19.99": ParsePrice skipped the 33); npos when it is not there.
std::size_t FindAmount(std::string_view text, std::string_view amount_text, std::size_t from) {
  for (std::size_t at = text.find(amount_text, from); at != std::string_view::npos;
       at = text.find(amount_text, at + 1)) {
    const std::string_view rest = Trim(text.substr(at + amount_text.size()));
    const bool digit_before = at > 0 && IsAsciiDigit(text[at - 1]);
    if (!digit_before && (rest.empty() || rest.front() != '%')) {
      return at;
    }
  }
  return std::string_view::npos;
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

}  // namespace

std::vector<RunAmount> SplitRun(std::string_view run, std::size_t max_amounts) {
  std::vector<Span> spans;
  std::size_t from = 0;
  while (spans.size() < max_amounts && from < run.size()) {
    const ParsedPrice p = ParsePrice(run.substr(from));
    if (!p.amount || p.amount_text.empty()) {
      break;
    }
    const std::size_t at = FindAmount(run, p.amount_text, from);
    if (at == std::string_view::npos) {
      break;
    }
    spans.push_back({at, at + p.amount_text.size()});
    from = at + p.amount_text.size();
  }
  std::vector<RunAmount> out;
  for (std::size_t i = 0; i < spans.size() && spans.size() >= 2; ++i) {
    const std::size_t begin = i == 0 ? 0 : spans[i - 1].end;
    const std::size_t end = i + 1 == spans.size() ? run.size() : spans[i + 1].begin;
    RunAmount a;
    // A currency before the amount ("$400") is read from the text up to the amount, one after
    // it ("19,99 €") from the text after it; never the next amount's leading symbol.
    a.parsed = ParsePrice(run.substr(begin, spans[i].end - begin));
    if (a.parsed.currency_text.empty()) {
      std::size_t suffix_end = end;
      while (i + 1 < spans.size() && suffix_end > spans[i].end &&
             !IsAsciiSpace(run[suffix_end - 1])) {
        --suffix_end;  // "1,390 save $400": the '$' is 400's
      }
      a.parsed = ParsePrice(run.substr(spans[i].begin, suffix_end - spans[i].begin));
    }
    if (a.parsed.currency_text.empty()) {
      out.clear();  // "4 x £5.00", "2 for £5": not amounts of their own
      break;
    }
    a.before = run.substr(begin, spans[i].begin - begin);
    a.after = run.substr(spans[i].end, end - spans[i].end);
    a.last = i + 1 == spans.size();
    out.push_back(std::move(a));
  }
  if (!out.empty()) {
    return out;
  }
  RunAmount whole;
  whole.parsed = ParsePrice(run);
  if (!whole.parsed.amount) {
    return {};
  }
  if (!spans.empty()) {
    whole.before = run.substr(0, spans.front().begin);
    whole.after = run.substr(spans.front().end);
  }
  out.push_back(std::move(whole));
  return out;
}

}  // namespace pricecrawl::crawler
