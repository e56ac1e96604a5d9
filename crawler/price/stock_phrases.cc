#include "crawler/price/stock_phrases.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "crawler/base/utf8.h"

namespace pricecrawl::crawler {
namespace {

constexpr Availability kIn = Availability::kInStock;
constexpr Availability kOut = Availability::kOutOfStock;
constexpr Availability kPre = Availability::kPreorder;

struct Phrase {
  std::string_view text;  // folded (FoldStockText); '#' stands for a number ("only # left")
  std::string_view language;
  Availability availability;
};

// The built-in table. Negations that a negation word before an in-stock phrase would not catch
// ("unavailable", "sin stock", "在庫なし") are listed as out-of-stock phrases; back-order is
// preorder. A phrase that several languages share is listed once, under the first.
constexpr auto kPhrases = std::to_array<Phrase>({
    // English
    {"in stock", "en", kIn},
    {"in-stock", "en", kIn},
    {"instock", "en", kIn},
    {"in stock now", "en", kIn},
    {"available for order", "en", kIn},
    {"ready to ship", "en", kIn},
    {"only # left", "en", kIn},
    {"only # left in stock", "en", kIn},
    {"# left in stock", "en", kIn},
    {"only a few left", "en", kIn},
    {"few left in stock", "en", kIn},
    {"low stock", "en", kIn},
    {"limited stock", "en", kIn},
    {"out of stock", "en", kOut},
    {"out-of-stock", "en", kOut},
    {"outofstock", "en", kOut},
    {"sold out", "en", kOut},
    {"sold-out", "en", kOut},
    {"soldout", "en", kOut},
    {"not in stock", "en", kOut},
    {"no stock", "en", kOut},
    {"not available", "en", kOut},
    {"unavailable", "en", kOut},
    {"currently unavailable", "en", kOut},
    {"temporarily unavailable", "en", kOut},
    {"no longer available", "en", kOut},
    {"temporarily out", "en", kOut},
    {"temporarily out of stock", "en", kOut},
    {"discontinued", "en", kOut},
    {"pre-order", "en", kPre},
    {"preorder", "en", kPre},
    {"pre order", "en", kPre},
    {"available for pre-order", "en", kPre},
    {"available for preorder", "en", kPre},
    {"back-order", "en", kPre},
    {"backorder", "en", kPre},
    {"back order", "en", kPre},
    {"backordered", "en", kPre},
    {"available for back-order", "en", kPre},
    {"available for backorder", "en", kPre},
    {"available on back-order", "en", kPre},
    {"on back-order", "en", kPre},
    {"on backorder", "en", kPre},
    // German
    {"auf lager", "de", kIn},
    {"an lager", "de", kIn},
    {"lagernd", "de", kIn},
    {"vorrätig", "de", kIn},
    {"lieferbar", "de", kIn},
    {"sofort lieferbar", "de", kIn},
    {"verfügbar", "de", kIn},
    {"sofort verfügbar", "de", kIn},
    {"nur noch # auf lager", "de", kIn},
    {"nur noch # verfügbar", "de", kIn},
    {"nur noch # stück", "de", kIn},
    {"nur noch # vorrätig", "de", kIn},
    {"nur noch wenige", "de", kIn},
    {"nur noch wenige auf lager", "de", kIn},
    {"ausverkauft", "de", kOut},
    {"vergriffen", "de", kOut},
    {"nicht verfügbar", "de", kOut},
    {"nicht lieferbar", "de", kOut},
    {"nicht auf lager", "de", kOut},
    {"nicht vorrätig", "de", kOut},
    {"nicht erhältlich", "de", kOut},
    {"nicht mehr verfügbar", "de", kOut},
    {"nicht mehr lieferbar", "de", kOut},
    {"derzeit nicht verfügbar", "de", kOut},
    {"derzeit nicht lieferbar", "de", kOut},
    {"vorbestellen", "de", kPre},
    {"vorbestellung", "de", kPre},
    {"vorbestellbar", "de", kPre},
    {"jetzt vorbestellen", "de", kPre},
    {"auf bestellung", "de", kPre},
    {"lieferbar auf bestellung", "de", kPre},
    {"bestellartikel", "de", kPre},
    {"im zulauf", "de", kPre},
    // French
    {"en stock", "fr", kIn},
    {"disponible", "fr", kIn},
    {"plus que # en stock", "fr", kIn},
    {"plus que #", "fr", kIn},
    {"il ne reste que #", "fr", kIn},
    {"il ne reste plus que #", "fr", kIn},
    {"stock limité", "fr", kIn},
    {"derniers articles", "fr", kIn},
    {"épuisé", "fr", kOut},
    {"epuise", "fr", kOut},
    {"rupture de stock", "fr", kOut},
    {"en rupture", "fr", kOut},
    {"hors stock", "fr", kOut},
    {"indisponible", "fr", kOut},
    {"temporairement indisponible", "fr", kOut},
    {"non disponible", "fr", kOut},
    {"plus disponible", "fr", kOut},
    {"n'est plus disponible", "fr", kOut},
    {"pas en stock", "fr", kOut},
    {"précommande", "fr", kPre},
    {"pré-commande", "fr", kPre},
    {"en précommande", "fr", kPre},
    {"sur commande", "fr", kPre},
    {"disponible sur commande", "fr", kPre},
    {"en réapprovisionnement", "fr", kPre},
    // Spanish
    {"hay stock", "es", kIn},
    {"con stock", "es", kIn},
    {"en existencia", "es", kIn},
    {"hay existencias", "es", kIn},
    {"solo quedan #", "es", kIn},
    {"sólo quedan #", "es", kIn},
    {"quedan #", "es", kIn},
    {"últimas # unidades", "es", kIn},
    {"ultimas # unidades", "es", kIn},
    {"últimas unidades", "es", kIn},
    {"pocas unidades", "es", kIn},
    {"stock limitado", "es", kIn},
    {"agotado", "es", kOut},
    {"agotada", "es", kOut},
    {"temporalmente agotado", "es", kOut},
    {"sin stock", "es", kOut},
    {"sin existencias", "es", kOut},
    {"fuera de stock", "es", kOut},
    {"no hay stock", "es", kOut},
    {"no disponible", "es", kOut},
    {"preventa", "es", kPre},
    {"en preventa", "es", kPre},
    {"reserva", "es", kPre},
    {"bajo pedido", "es", kPre},
    {"disponible bajo pedido", "es", kPre},
    {"por encargo", "es", kPre},
    // Italian
    {"disponibile", "it", kIn},
    {"in magazzino", "it", kIn},
    {"disponibilità immediata", "it", kIn},
    {"solo # disponibili", "it", kIn},
    {"ultimi # pezzi", "it", kIn},
    {"ultimi pezzi", "it", kIn},
    {"rimangono #", "it", kIn},
    {"solo # rimasti", "it", kIn},
    {"disponibilità limitata", "it", kIn},
    {"esaurito", "it", kOut},
    {"esaurita", "it", kOut},
    {"non disponibile", "it", kOut},
    {"non più disponibile", "it", kOut},
    {"non disponibili", "it", kOut},
    {"temporaneamente non disponibile", "it", kOut},
    {"preordine", "it", kPre},
    {"pre-ordine", "it", kPre},
    {"preordina", "it", kPre},
    {"in prenotazione", "it", kPre},
    {"su ordinazione", "it", kPre},
    {"disponibile su ordinazione", "it", kPre},
    // Dutch
    {"op voorraad", "nl", kIn},
    {"leverbaar", "nl", kIn},
    {"direct leverbaar", "nl", kIn},
    {"nog # op voorraad", "nl", kIn},
    {"nog maar #", "nl", kIn},
    {"nog slechts #", "nl", kIn},
    {"laatste # stuks", "nl", kIn},
    {"beperkte voorraad", "nl", kIn},
    {"uitverkocht", "nl", kOut},
    {"tijdelijk uitverkocht", "nl", kOut},
    {"niet op voorraad", "nl", kOut},
    {"niet leverbaar", "nl", kOut},
    {"niet meer leverbaar", "nl", kOut},
    {"tijdelijk niet leverbaar", "nl", kOut},
    {"niet beschikbaar", "nl", kOut},
    {"voorbestellen", "nl", kPre},
    {"voorbestelling", "nl", kPre},
    {"in backorder", "nl", kPre},
    {"op bestelling", "nl", kPre},
    // Portuguese
    {"em estoque", "pt", kIn},
    {"em stock", "pt", kIn},
    {"disponível", "pt", kIn},
    {"apenas # em estoque", "pt", kIn},
    {"apenas # em stock", "pt", kIn},
    {"restam #", "pt", kIn},
    {"só restam #", "pt", kIn},
    {"poucas unidades", "pt", kIn},
    {"estoque limitado", "pt", kIn},
    {"esgotado", "pt", kOut},
    {"esgotada", "pt", kOut},
    {"indisponível", "pt", kOut},
    {"indisponivel", "pt", kOut},
    {"fora de estoque", "pt", kOut},
    {"fora de stock", "pt", kOut},
    {"sem estoque", "pt", kOut},
    {"sem stock", "pt", kOut},
    {"não disponível", "pt", kOut},
    {"pré-venda", "pt", kPre},
    {"pre-venda", "pt", kPre},
    {"em pré-venda", "pt", kPre},
    {"pré-encomenda", "pt", kPre},
    {"sob encomenda", "pt", kPre},
    {"disponível sob encomenda", "pt", kPre},
    // Polish
    {"dostępny", "pl", kIn},
    {"dostępne", "pl", kIn},
    {"produkt dostępny", "pl", kIn},
    {"na stanie", "pl", kIn},
    {"w magazynie", "pl", kIn},
    {"ostatnie # sztuki", "pl", kIn},
    {"ostatnie # szt", "pl", kIn},
    {"ostatnie sztuki", "pl", kIn},
    {"tylko # szt", "pl", kIn},
    {"zostało tylko #", "pl", kIn},
    {"pozostało #", "pl", kIn},
    {"niedostępny", "pl", kOut},
    {"niedostępne", "pl", kOut},
    {"chwilowo niedostępny", "pl", kOut},
    {"brak w magazynie", "pl", kOut},
    {"brak na stanie", "pl", kOut},
    {"brak towaru", "pl", kOut},
    {"wyprzedany", "pl", kOut},
    {"wyprzedane", "pl", kOut},
    {"przedsprzedaż", "pl", kPre},
    {"w przedsprzedaży", "pl", kPre},
    {"na zamówienie", "pl", kPre},
    {"dostępny na zamówienie", "pl", kPre},
    // Swedish
    {"i lager", "sv", kIn},
    {"finns i lager", "sv", kIn},
    {"endast # kvar", "sv", kIn},
    {"bara # kvar", "sv", kIn},
    {"# kvar i lager", "sv", kIn},
    {"få kvar", "sv", kIn},
    {"slutsåld", "sv", kOut},
    {"slut i lager", "sv", kOut},
    {"tillfälligt slut", "sv", kOut},
    {"ej i lager", "sv", kOut},
    {"inte i lager", "sv", kOut},
    {"ej tillgänglig", "sv", kOut},
    {"förhandsboka", "sv", kPre},
    {"förboka", "sv", kPre},
    {"förbeställ", "sv", kPre},
    {"beställningsvara", "sv", kPre},
    {"restnoterad", "sv", kPre},
    // Danish (and Norwegian, which shares "på lager")
    {"på lager", "da", kIn},
    {"kun # tilbage", "da", kIn},
    {"kun # på lager", "da", kIn},
    {"få tilbage", "da", kIn},
    {"udsolgt", "da", kOut},
    {"midlertidigt udsolgt", "da", kOut},
    {"ikke på lager", "da", kOut},
    {"ikke tilgængelig", "da", kOut},
    {"forudbestil", "da", kPre},
    {"forudbestilling", "da", kPre},
    {"bestillingsvare", "da", kPre},
    {"i restordre", "da", kPre},
    {"utsolgt", "nb", kOut},
    // Czech (and Slovak "nedostupné")
    {"skladem", "cs", kIn},
    {"na skladě", "cs", kIn},
    {"k dispozici", "cs", kIn},
    {"poslední # kusy", "cs", kIn},
    {"poslední # kus", "cs", kIn},
    {"posledních # kusů", "cs", kIn},
    {"poslední kusy", "cs", kIn},
    {"zbývá # ks", "cs", kIn},
    {"zbývají # ks", "cs", kIn},
    {"není skladem", "cs", kOut},
    {"není na skladě", "cs", kOut},
    {"není k dispozici", "cs", kOut},
    {"vyprodáno", "cs", kOut},
    {"dočasně vyprodáno", "cs", kOut},
    {"nedostupné", "cs", kOut},
    {"nedostupný", "cs", kOut},
    {"momentálně nedostupné", "cs", kOut},
    {"předobjednávka", "cs", kPre},
    {"předprodej", "cs", kPre},
    {"na objednávku", "cs", kPre},
    // Japanese
    {"在庫あり", "ja", kIn},
    {"在庫有り", "ja", kIn},
    {"在庫有", "ja", kIn},
    {"即納", "ja", kIn},
    {"残りわずか", "ja", kIn},
    {"残り僅か", "ja", kIn},
    {"在庫わずか", "ja", kIn},
    {"残り#点", "ja", kIn},
    {"残り#個", "ja", kIn},
    {"残り#枚", "ja", kIn},
    {"在庫残り#", "ja", kIn},
    {"在庫なし", "ja", kOut},
    {"在庫無し", "ja", kOut},
    {"在庫切れ", "ja", kOut},
    {"在庫がありません", "ja", kOut},
    {"在庫ありません", "ja", kOut},
    {"売り切れ", "ja", kOut},
    {"売切れ", "ja", kOut},
    {"品切れ", "ja", kOut},
    {"完売", "ja", kOut},
    {"販売終了", "ja", kOut},
    {"入荷待ち", "ja", kOut},
    {"予約受付中", "ja", kPre},
    {"予約商品", "ja", kPre},
    {"予約販売", "ja", kPre},
    {"予約注文", "ja", kPre},
    {"お取り寄せ", "ja", kPre},
    {"取り寄せ", "ja", kPre},
    // Russian and Finnish
    {"в наличии", "ru", kIn},
    {"нет в наличии", "ru", kOut},
    {"loppuunmyyty", "fi", kOut},
    {"varastossa", "fi", kIn},
});

// Words that, up to two words before an in-stock phrase in the same clause, negate it.
constexpr auto kNegations = std::to_array<std::string_view>({
    "not",  "no",   "never",  "nicht", "kein", "keine", "pas", "plus",  "non",
    "niet", "geen", "não",    "nao",   "nie",  "brak",  "ej",  "inte",  "ikke",
    "ne",   "není", "nejsou", "sin",   "sem",  "ni",    "nu",  "aucun", "nessuna",
});

// ---- UTF-8 ----

// A byte that is not valid UTF-8 stands for itself (read as Latin-1), so that the word tests
// take a stray 0xE9 for the letter it most likely is.
std::uint32_t ValueOrByte(const Utf8CodePoint& cp, char byte) {
  return cp.valid ? cp.value : static_cast<unsigned char>(byte);
}

bool IsSpaceCodePoint(std::uint32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Lower case of the letters the phrase table's languages write (Unicode's simple mappings).
std::uint32_t LowerCodePoint(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') {
    return cp + 0x20;
  }
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) ||
      (cp >= 0x410 && cp <= 0x42F)) {
    return cp + 0x20;  // Latin-1, Greek, Cyrillic
  }
  if (cp >= 0x400 && cp <= 0x40F) {
    return cp + 0x50;
  }
  if (cp == 0x130) {
    return 'i';
  }
  if (cp == 0x178) {
    return 0xFF;
  }
  // Latin Extended-A: upper case on even code points, except the odd-based runs.
  const bool odd_run = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  const bool even_run = (cp >= 0x100 && cp <= 0x137 && cp != 0x130) || (cp >= 0x14A && cp <= 0x177);
  if ((odd_run && cp % 2 == 1) || (even_run && cp % 2 == 0)) {
    return cp + 1;
  }
  return cp;
}

std::uint32_t FoldCodePoint(std::uint32_t cp) {
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x2BC || cp == 0xB4) {
    return '\'';
  }
  if (cp >= 0x2010 && cp <= 0x2015) {
    return '-';
  }
  return LowerCodePoint(cp);
}

// A letter or digit for word boundaries. Scripts written without spaces (CJK from U+3000) are
// not: a Latin phrase beside them still starts a word.
bool IsWordCodePoint(std::uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7);
}

bool WordBefore(std::string_view s, std::size_t i) {
  return i > 0 && IsWordCodePoint(ValueOrByte(DecodeUtf8Before(s, i), s[i - 1]));
}

bool WordAt(std::string_view s, std::size_t i) {
  return i < s.size() && IsWordCodePoint(ValueOrByte(DecodeUtf8At(s, i), s[i]));
}

// Length of the number (ASCII or full-width digits) at byte `i`, 0 when there is none.
std::size_t NumberAt(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size()) {
    if (s[j] >= '0' && s[j] <= '9') {
      ++j;
    } else if (s.substr(j, 2) == "\xEF\xBC" && j + 2 < s.size() &&
               static_cast<unsigned char>(s[j + 2]) >= 0x90 &&
               static_cast<unsigned char>(s[j + 2]) <= 0x99) {
      j += 3;  // U+FF10..U+FF19
    } else {
      break;
    }
  }
  return j - i;
}

// ---- matching ----

struct Hit {
  std::size_t begin = 0;
  std::size_t end = 0;
  Availability availability = Availability::kUnknown;
  std::string_view language;
  bool per_host = false;
};

// End of `phrase` matched at byte `at` of `text` ('#' matching a number), or npos.
std::size_t MatchAt(std::string_view text, std::size_t at, std::string_view phrase, bool numbers) {
  std::size_t t = at;
  for (const char c : phrase) {
    if (c == '#' && numbers) {
      const std::size_t n = NumberAt(text, t);
      if (n == 0) {
        return std::string_view::npos;
      }
      t += n;
    } else if (t < text.size() && text[t] == c) {
      ++t;
    } else {
      return std::string_view::npos;
    }
  }
  return t;
}

// Whether `phrase` needs word boundaries at its start / end (it begins / ends with a letter or
// digit of a script written with spaces).
bool BoundedStart(std::string_view phrase) {
  return phrase.front() == '#' || WordAt(phrase, 0);
}
bool BoundedEnd(std::string_view phrase) {
  return phrase.back() == '#' || WordBefore(phrase, phrase.size());
}

// Every occurrence of `phrase` in `text` on word boundaries, added to `hits`.
void FindPhrase(std::string_view text, std::string_view phrase, bool numbers, Hit hit,
                std::vector<Hit>& hits) {
  if (phrase.empty()) {
    return;
  }
  const bool bounded_start = BoundedStart(phrase);
  const bool bounded_end = BoundedEnd(phrase);
  const bool number_first = numbers && phrase.front() == '#';
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (!number_first && text[at] != phrase.front()) {
      continue;
    }
    if (bounded_start && WordBefore(text, at)) {
      continue;
    }
    const std::size_t end = MatchAt(text, at, phrase, numbers);
    if (end == std::string_view::npos || (bounded_end && WordAt(text, end))) {
      continue;
    }
    hit.begin = at;
    hit.end = end;
    hits.push_back(hit);
  }
}

// The phrases of the table by their first byte ('#' phrases under every digit's first byte).
const std::array<std::vector<const Phrase*>, 256>& PhrasesByFirstByte() {
  static const std::array<std::vector<const Phrase*>, 256> index = [] {
    std::array<std::vector<const Phrase*>, 256> by_byte;
    for (const Phrase& p : kPhrases) {
      if (p.text.front() == '#') {
        for (char d = '0'; d <= '9'; ++d) {
          by_byte[static_cast<unsigned char>(d)].push_back(&p);
        }
        by_byte[0xEF].push_back(&p);
      } else {
        by_byte[static_cast<unsigned char>(p.text.front())].push_back(&p);
      }
    }
    return by_byte;
  }();
  return index;
}

std::vector<Hit> TableHits(std::string_view text) {
  std::vector<Hit> hits;
  const auto& index = PhrasesByFirstByte();
  for (std::size_t at = 0; at < text.size(); ++at) {
    const std::vector<const Phrase*>& candidates = index[static_cast<unsigned char>(text[at])];
    if (candidates.empty()) {
      continue;
    }
    const bool word_before = WordBefore(text, at);
    for (const Phrase* p : candidates) {
      if (word_before && BoundedStart(p->text)) {
        continue;
      }
      const std::size_t end = MatchAt(text, at, p->text, true);
      if (end == std::string_view::npos || (BoundedEnd(p->text) && WordAt(text, end))) {
        continue;
      }
      hits.push_back({at, end, p->availability, p->language, false});
    }
  }
  return hits;
}

// Keeps the longest of overlapping hits (then the earliest), in text order.
std::vector<Hit> LongestFirst(std::vector<Hit> hits) {
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.end - a.begin != b.end - b.begin ? a.end - a.begin > b.end - b.begin
                                              : a.begin < b.begin;
  });
  std::vector<Hit> kept;
  for (const Hit& h : hits) {
    const bool overlaps = std::any_of(
        kept.begin(), kept.end(), [&](const Hit& k) { return h.begin < k.end && k.begin < h.end; });
    if (!overlaps) {
      kept.push_back(h);
    }
  }
  std::sort(kept.begin(), kept.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  return kept;
}

bool IsNegation(std::string_view word) {
  return std::find(kNegations.begin(), kNegations.end(), word) != kNegations.end();
}

// Where the negation word up to two words before byte `at` starts, or npos. A clause ends at
// punctuation; a number ends the look-back too ("item no 5 in stock").
std::size_t NegationBefore(std::string_view text, std::size_t at) {
  std::size_t i = at;
  for (int words = 0; words < 2; ++words) {
    while (i > 0 && text[i - 1] == ' ') {
      --i;
    }
    const std::size_t word_end = i;
    while (i > 0 && (WordBefore(text, i) || text[i - 1] == '\'')) {
      i -= DecodeUtf8Before(text, i).size;
    }
    if (i == word_end) {
      return std::string_view::npos;  // punctuation or the start: the clause ends
    }
    std::string_view word = text.substr(i, word_end - i);
    if (const std::size_t apostrophe = word.rfind('\''); apostrophe != std::string_view::npos) {
      word.remove_prefix(apostrophe + 1);  // "n'est" -> "est"
    }
    if (IsNegation(word)) {
      return i;
    }
    if (NumberAt(word, 0) == word.size()) {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

int Rank(Availability a) {
  switch (a) {
    case Availability::kOutOfStock:
      return 3;
    case Availability::kPreorder:
      return 2;
    case Availability::kInStock:
      return 1;
    case Availability::kUnknown:
      break;
  }
  return 0;
}

// The strongest statement among `hits` (text order): its first occurrence, or nullptr.
const Hit* Strongest(const std::vector<Hit>& hits) {
  const Hit* best = nullptr;
  for (const Hit& h : hits) {
    if (best == nullptr || Rank(h.availability) > Rank(best->availability)) {
      best = &h;
    }
  }
  return best;
}

// Negated in-stock hits become out of stock, extended back over the negation word.
void ApplyNegations(std::string_view text, std::vector<Hit>& hits) {
  for (Hit& h : hits) {
    if (h.availability != Availability::kInStock) {
      continue;
    }
    if (const std::size_t negation = NegationBefore(text, h.begin);
        negation != std::string_view::npos) {
      h.begin = negation;
      h.availability = Availability::kOutOfStock;
    }
  }
}

StockPhraseMatch ToMatch(std::string_view text, const Hit& hit) {
  StockPhraseMatch m;
  m.availability = hit.availability;
  m.phrase = std::string(text.substr(hit.begin, hit.end - hit.begin));
  m.language = std::string(hit.language);
  m.per_host = hit.per_host;
  return m;
}

// The host's phrases: out_of_stock_text beats in_stock_text; a negated in_stock_text phrase
// does not count (the table reads it).
const Hit* HostHit(std::string_view text, const StockTextOverrides& overrides,
                   std::vector<Hit>& hits) {
  for (const std::string& phrase : overrides.out_of_stock) {
    FindPhrase(text, FoldStockText(phrase), false, {0, 0, Availability::kOutOfStock, "", true},
               hits);
  }
  for (const std::string& phrase : overrides.in_stock) {
    FindPhrase(text, FoldStockText(phrase), false, {0, 0, Availability::kInStock, "", true}, hits);
  }
  hits = LongestFirst(std::move(hits));
  std::erase_if(hits, [&](const Hit& h) {
    return h.availability == Availability::kInStock &&
           NegationBefore(text, h.begin) != std::string_view::npos;
  });
  return Strongest(hits);
}

}  // namespace

std::string FoldStockText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const Utf8CodePoint cp = DecodeUtf8At(text, i);
    const char byte = text[i];
    i += cp.size;
    if (cp.valid && IsSpaceCodePoint(cp.value)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (cp.valid) {
      AppendUtf8(FoldCodePoint(cp.value), out);
    } else {
      out.push_back(byte);
    }
  }
  return out;
}

StockPhraseMatch MatchStockPhrase(std::string_view text, const StockTextOverrides& overrides) {
  const std::string folded = FoldStockText(text.substr(0, kMaxStockTextBytes));
  if (folded.empty()) {
    return {};
  }
  std::vector<Hit> host_hits;
  if (const Hit* hit = HostHit(folded, overrides, host_hits)) {
    return ToMatch(folded, *hit);
  }
  std::vector<Hit> hits = LongestFirst(TableHits(folded));
  ApplyNegations(folded, hits);
  if (const Hit* hit = Strongest(hits)) {
    return ToMatch(folded, *hit);
  }
  return {};
}

}  // namespace pricecrawl::crawler
