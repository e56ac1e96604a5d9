#include "crawler/extract/product_extractor.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/json_ld.h"
#include "crawler/extract/microdata.h"
#include "crawler/extract/microformats.h"
#include "crawler/extract/opengraph.h"
#include "crawler/extract/rdfa.h"
#include "crawler/extract/selector.h"
#include "crawler/extract/visible_text.h"
#include "crawler/fetch/url.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {
namespace {

// Base scores of structured sources; text candidates carry their own (visible_text.cc).
constexpr int kSelectorScore = 40;
constexpr int kJsonLdScore = 20;
constexpr int kMicrodataScore = 18;
constexpr int kRdfaScore = 18;
constexpr int kMicroformatsScore = 17;
constexpr int kOpenGraphScore = 16;
constexpr int kListPricePenalty = 10;
constexpr int kSecondaryPenalty = 12;
// A visible price needs at least this score to count as the page's main price.
constexpr int kVisibleMainScore = 10;
// ... and this much to override structured data that disagrees with it.
constexpr int kVisibleOverrideScore = 14;

PageHints HintsFor(const HtmlDocument& doc, std::string_view page_url) {
  PageHints hints;
  std::string host = HostKey(page_url);
  if (const auto colon = host.rfind(':'); colon != std::string::npos && host.front() != '[') {
    host.resize(colon);
  }
  if (const auto dot = host.rfind('.'); dot != std::string::npos) {
    const std::string tld = host.substr(dot + 1);
    if (!tld.empty() && IsAsciiAlpha(tld.front())) {
      hints.host_tld = tld;
    }
  }
  hints.language = CollapseSpace(doc.Root().AttrOr("lang"));
  if (hints.language.empty()) {
    hints.language = CollapseSpace(doc.Root().AttrOr("xml:lang"));
  }
  return hints;
}

ExtractedFields ExtractWithSelectors(const HtmlDocument& doc,
                                     const config::ExtractSelectors& selectors,
                                     const PageHints& hints) {
  ExtractedFields out;
  if (!selectors.title.empty()) {
    if (const auto s = Selector::Parse(selectors.title)) {
      const HtmlNode n = s->SelectFirst(doc.Root());
      out.title = n.IsNull() ? "" : n.Text();
    }
  }
  if (!selectors.availability.empty()) {
    if (const auto s = Selector::Parse(selectors.availability)) {
      const HtmlNode n = s->SelectFirst(doc.Root());
      if (!n.IsNull()) {
        std::string value(n.AttrOr("content"));
        if (value.empty()) {
          value = n.Text();
        }
        out.availability = ParseAvailability(value);
      }
    }
  }
  if (!selectors.price.empty()) {
    if (const auto s = Selector::Parse(selectors.price)) {
      int i = 0;
      for (const HtmlNode n : s->SelectAll(doc.Root())) {
        ++i;
        const auto content = n.Attr("content");
        std::optional<Decimal> amount;
        std::string currency;
        if (content) {
          currency = selectors.currency;
          amount = ParseStructuredAmount(*content, currency, hints);
        } else {
          const ParsedPrice parsed = ParsePrice(n.Text(), selectors.currency);
          amount = parsed.amount;
          currency = NormalizeCurrency(parsed.currency_text, hints);
        }
        if (!amount || amount->IsNegative()) {
          continue;
        }
        PriceCandidate c;
        c.price = *amount;
        c.currency = currency.empty() ? selectors.currency : currency;
        c.source = "selector";
        c.where = "selector '" + selectors.price + "' match " + std::to_string(i) + " (line " +
                  std::to_string(n.SourceLine()) + ")";
        c.is_list_price = n.ClosestAncestor("del").IsNull() == false ||
                          n.ClosestAncestor("s").IsNull() == false || n.Is("del") || n.Is("s");
        out.candidates.push_back(std::move(c));
      }
    }
  }
  return out;
}

// Rates a structured source's candidates by the source's trust, keeping the extractor's own
// reasons after the rating's.
void ScoreStructured(ExtractedFields& fields, int base) {
  for (PriceCandidate& c : fields.candidates) {
    c.score = base - (c.is_list_price ? kListPricePenalty : 0) -
              (c.is_secondary ? kSecondaryPenalty : 0) - (c.price.IsZero() ? 15 : 0);
    std::string rating = "structured data";
    if (c.is_list_price) {
      rating += ", list price";
    }
    if (c.is_sale_price) {
      rating += ", sale price";
    }
    if (c.is_secondary) {
      rating += ", not the item's price";
    }
    if (c.price.IsZero()) {
      rating += ", zero";
    }
    c.note = c.note.empty() ? rating : rating + "; " + c.note;
  }
}

std::string Canonical(const HtmlDocument& doc, std::string_view page_url) {
  std::string href;
  doc.Head().Walk([&](HtmlNode node) {
    if (node.Is("link") && node.AttrHasToken("rel", "canonical") && node.HasAttr("href")) {
      href = std::string(node.AttrOr("href"));
      return WalkControl::kStop;
    }
    return WalkControl::kContinue;
  });
  if (href.empty()) {
    return {};
  }
  if (!page_url.empty()) {
    if (auto resolved = ResolveUrl(page_url, href)) {
      return *resolved;
    }
  }
  return NormalizeUrl(href).value_or(std::string());
}

// The best-rated visible price that is not a list price; when the page shows only prices
// marked as list prices (no sale running, the shop's "old price" style used for the only
// price), the best of those.
const PriceCandidate* BestText(const std::vector<PriceCandidate>& text, int min_score) {
  const PriceCandidate* best = nullptr;
  const PriceCandidate* best_list = nullptr;
  for (const PriceCandidate& c : text) {
    const PriceCandidate*& slot = c.is_list_price ? best_list : best;
    if (slot == nullptr || c.score > slot->score) {
      slot = &c;
    }
  }
  if (best != nullptr && best->score >= min_score) {
    return best;
  }
  if (best_list != nullptr && best_list->score >= min_score) {
    return best_list;
  }
  return nullptr;
}

bool CurrencyCompatible(const PriceCandidate& a, const PriceCandidate& b) {
  return a.currency.empty() || b.currency.empty() || a.currency == b.currency;
}

// What every extractor found on one page, each candidate scored by its source.
struct Sources {
  ExtractedFields selector, json_ld, microdata, rdfa, microformats, opengraph, text;
};

// The sources in trust order (the order of the candidates and of availability), each with its
// name in reasons, its base score (0: not structured data) and its rank for the product's title,
// SKU, GTIN and brand, where the visible text's title outranks OpenGraph's.
struct SourceInfo {
  std::string_view name;
  ExtractedFields Sources::*fields;
  int structured_score;
  int field_rank;
};

constexpr SourceInfo kSourceTable[] = {
    {"selector", &Sources::selector, 0, 0},
    {"json-ld", &Sources::json_ld, kJsonLdScore, 1},
    {"microdata", &Sources::microdata, kMicrodataScore, 2},
    {"rdfa", &Sources::rdfa, kRdfaScore, 3},
    {"microformats", &Sources::microformats, kMicroformatsScore, 4},
    {"opengraph", &Sources::opengraph, kOpenGraphScore, 6},
    {"text", &Sources::text, 0, 5},
};

Sources RunExtractors(const HtmlDocument& doc, const ExtractOptions& options,
                      const PageHints& hints) {
  Sources s;
  if (options.selectors != nullptr && !options.selectors->empty()) {
    s.selector = ExtractWithSelectors(doc, *options.selectors, hints);
  }
  s.json_ld = ExtractJsonLd(doc, hints);
  s.microdata = ExtractMicrodata(doc, hints);
  s.rdfa = ExtractRdfa(doc, hints);
  s.microformats = ExtractMicroformats(doc, hints);
  s.opengraph = ExtractOpenGraph(doc, hints);
  s.text = ExtractVisibleText(doc, hints, options.stock_text);
  for (PriceCandidate& c : s.selector.candidates) {
    c.score = kSelectorScore - (c.is_list_price ? kListPricePenalty : 0);
    c.note = "per-site selector";
  }
  for (const SourceInfo& source : kSourceTable) {
    if (source.structured_score > 0) {
      ScoreStructured(s.*source.fields, source.structured_score);
    }
  }
  return s;
}

// Title, SKU, GTIN, brand and availability from the most trusted source that gives each.
void FillProductFields(const HtmlDocument& doc, const Sources& s, ProductData& data) {
  std::vector<const SourceInfo*> by_field_rank;
  for (const SourceInfo& source : kSourceTable) {
    by_field_rank.push_back(&source);
  }
  std::sort(by_field_rank.begin(), by_field_rank.end(),
            [](const SourceInfo* a, const SourceInfo* b) { return a->field_rank < b->field_rank; });
  auto first_of = [&](std::string ExtractedFields::*field) {
    for (const SourceInfo* source : by_field_rank) {
      if (const ExtractedFields& f = s.*source->fields; !(f.*field).empty()) {
        return f.*field;
      }
    }
    return std::string();
  };
  data.title = first_of(&ExtractedFields::title);
  if (data.title.empty()) {
    if (const HtmlNode t = doc.Head().FindFirst("title"); !t.IsNull()) {
      data.title = t.Text();
    }
  }
  data.sku = first_of(&ExtractedFields::sku);
  data.gtin = first_of(&ExtractedFields::gtin);
  data.brand = first_of(&ExtractedFields::brand);
  for (const SourceInfo& source : kSourceTable) {
    const ExtractedFields& f = s.*source.fields;
    if (f.availability != Availability::kUnknown) {
      data.availability = f.availability;
      data.availability_note = f.availability_note;
      if (data.availability_note.empty()) {
        data.availability_note = &f == &s.selector ? "the per-site availability selector"
                                                   : "the page's " + std::string(source.name);
      }
      break;
    }
  }
}

// A candidate that may be the item's price: not a list price, not a secondary one, not zero.
bool MayWin(const PriceCandidate& c) {
  return !c.is_list_price && !c.is_secondary && !c.price.IsZero();
}

// The structured candidates that may win, in trust order.
std::vector<const PriceCandidate*> StructuredCandidates(const Sources& s) {
  std::vector<const PriceCandidate*> structured;
  for (const SourceInfo& source : kSourceTable) {
    if (source.structured_score == 0) {
      continue;
    }
    for (const PriceCandidate& c : (s.*source.fields).candidates) {
      if (MayWin(c)) {
        structured.push_back(&c);
      }
    }
  }
  return structured;
}

// Of several variants or offers with SKUs, the ones that are the product: a seed line's sku=
// pin, else the offer whose URL is the page's own (a variant selected by the URL), else the
// one whose SKU is the product's. `structured` is narrowed in place; nothing changes when
// nothing singles a variant out.
struct VariantChoice {
  bool pinned = false;       // a sku= pin matched: the visible (default) price must not win
  bool pin_missing = false;  // a sku= pin that no offer carries
  bool by_url = false;       // the page's URL names the variant (its own offer's stock counts)
  std::string reason;        // how the variant was chosen, "" when it was not
};

bool SameSku(std::string_view a, std::string_view b) {
  a = Trim(a);
  b = Trim(b);
  return !a.empty() && AsciiEqualsIgnoreCase(a, b);
}

// Keeps the candidates `keep` accepts when at least one does; true when some were dropped.
template <typename Keep>
bool NarrowTo(std::vector<const PriceCandidate*>& structured, Keep keep) {
  std::vector<const PriceCandidate*> kept;
  for (const PriceCandidate* c : structured) {
    if (keep(*c)) {
      kept.push_back(c);
    }
  }
  if (kept.empty() || kept.size() == structured.size()) {
    return false;
  }
  structured = std::move(kept);
  return true;
}

const PriceCandidate& AsCandidate(const PriceCandidate& c) {
  return c;
}
const PriceCandidate& AsCandidate(const PriceCandidate* c) {
  return *c;
}

// The different non-empty values `field` has among `candidates` (PriceCandidate values or
// pointers), in first-seen order.
template <typename Candidates>
std::vector<std::string_view> DistinctValues(const Candidates& candidates,
                                             std::string PriceCandidate::*field) {
  std::vector<std::string_view> seen;
  for (const auto& c : candidates) {
    const std::string& value = AsCandidate(c).*field;
    if (!value.empty() && std::find(seen.begin(), seen.end(), value) == seen.end()) {
      seen.push_back(value);
    }
  }
  return seen;
}

std::string SkusSeen(const std::vector<PriceCandidate>& candidates) {
  const std::vector<std::string_view> skus = DistinctValues(candidates, &PriceCandidate::sku);
  if (skus.empty()) {
    return "no offer on the page gives a SKU";
  }
  std::string text = "SKUs on the page: ";
  for (std::size_t i = 0; i < skus.size() && i < 12; ++i) {
    text.append(i == 0 ? "" : ", ").append(skus[i]);
  }
  return text + (skus.size() > 12 ? ", ..." : "");
}

VariantChoice ChooseVariant(std::vector<const PriceCandidate*>& structured,
                            const std::vector<PriceCandidate>& all_candidates,
                            const ExtractOptions& options, std::string_view product_sku) {
  VariantChoice choice;
  if (!options.sku.empty()) {
    std::vector<const PriceCandidate*> pinned;
    for (const PriceCandidate* c : structured) {
      if (SameSku(c->sku, options.sku)) {
        pinned.push_back(c);
      }
    }
    if (pinned.empty()) {
      choice.pin_missing = true;
      choice.reason =
          "no offer with sku=" + std::string(options.sku) + " (" + SkusSeen(all_candidates) + ")";
      return choice;
    }
    structured = std::move(pinned);
    choice.pinned = true;
    choice.reason = "the offer with sku=" + std::string(options.sku);
    return choice;
  }
  // Only offers that differ (several SKUs, several URLs) are variants to choose between; one
  // source's SKU beside another's silence is not.
  if (!options.page_url.empty() &&
      DistinctValues(structured, &PriceCandidate::item_url).size() >= 2) {
    const std::optional<std::string> page = NormalizeUrl(options.page_url);
    const bool by_url = page && NarrowTo(structured, [&](const PriceCandidate& c) {
                          if (c.item_url.empty()) {
                            return false;
                          }
                          const std::optional<std::string> item = ResolveUrl(*page, c.item_url);
                          return item && *item == *page;
                        });
    if (by_url) {
      choice.reason = "the offer whose URL is the page's";
      choice.by_url = true;
      return choice;
    }
  }
  if (DistinctValues(structured, &PriceCandidate::sku).size() >= 2 &&
      NarrowTo(structured, [&](const PriceCandidate& c) { return SameSku(c.sku, product_sku); })) {
    choice.reason = "the offer with the product's SKU " + std::string(product_sku);
  }
  return choice;
}

// Several structured products are a listing unless the page's title names the first one
// (product pages often mark up their recommendations too).
bool IsListing(const Sources& s, bool has_structured_price) {
  auto names_title = [&](const ExtractedFields& f) {
    const std::string a = LowerAscii(f.title);
    const std::string b = LowerAscii(s.text.title);
    return !a.empty() && !b.empty() &&
           (a.find(b) != std::string::npos || b.find(a) != std::string::npos);
  };
  // Markup in the page's body (microdata, RDFa, microformats) counts only without JSON-LD
  // prices: shops mark up their recommendations in the body.
  auto body_markup_listing = [&](const ExtractedFields& f) {
    return f.product_count >= 3 && !names_title(f) && s.json_ld.candidates.empty();
  };
  return (s.json_ld.listing && !names_title(s.json_ld)) ||
         (s.json_ld.product_count >= 3 && !names_title(s.json_ld)) ||
         body_markup_listing(s.microdata) || body_markup_listing(s.rdfa) ||
         body_markup_listing(s.microformats) || (!has_structured_price && s.text.listing);
}

// A structured price the page also shows as a current price near the title agrees with the
// page, even when another visible price rates a little higher. nullptr when none does.
const PriceCandidate* AgreeingStructured(const std::vector<const PriceCandidate*>& structured,
                                         const PriceCandidate* visible,
                                         const std::vector<PriceCandidate>& text) {
  if (visible == nullptr) {
    return nullptr;
  }
  for (const PriceCandidate* c : structured) {
    if (c->price == visible->price && CurrencyCompatible(*c, *visible)) {
      return c;
    }
  }
  for (const PriceCandidate* c : structured) {
    for (const PriceCandidate& t : text) {
      if (!t.is_list_price && t.score >= kVisibleMainScore && t.price == c->price &&
          CurrencyCompatible(*c, t)) {
        return c;
      }
    }
  }
  return nullptr;
}

// The winning price candidate (nullptr when there is none) and why it won.
struct Choice {
  const PriceCandidate* winner = nullptr;
  std::string reason;
};

// A structured price marked as the sale price that is lower than the most trusted structured
// price of the same currency: the current price of an item whose regular price is also given.
const PriceCandidate* LowerSalePrice(const std::vector<const PriceCandidate*>& structured) {
  const PriceCandidate* front = structured.front();
  const PriceCandidate* best = nullptr;
  for (const PriceCandidate* c : structured) {
    if (c->is_sale_price && c->price < front->price && CurrencyCompatible(*c, *front) &&
        (best == nullptr || c->price < best->price)) {
      best = c;
    }
  }
  return best;
}

Choice ChoosePrice(const Sources& s, const std::vector<const PriceCandidate*>& structured,
                   const VariantChoice& variant) {
  if (variant.pinned) {
    // The page shows its default variant; the pinned one is only in the markup.
    const PriceCandidate* sale = LowerSalePrice(structured);
    const PriceCandidate* winner = sale != nullptr ? sale : structured.front();
    return {winner, winner->source + " gives " + variant.reason};
  }
  const PriceCandidate* visible = BestText(s.text.candidates, kVisibleMainScore);
  const PriceCandidate* best_selector = nullptr;
  for (const PriceCandidate& c : s.selector.candidates) {
    if (best_selector == nullptr || c.score > best_selector->score) {
      best_selector = &c;
    }
  }
  if (best_selector != nullptr) {
    return {best_selector, "the per-site price selector matched"};
  }
  if (!structured.empty()) {
    if (const PriceCandidate* agreeing =
            AgreeingStructured(structured, visible, s.text.candidates)) {
      return {agreeing, agreeing->source + " agrees with the visible main price"};
    }
    if (const PriceCandidate* sale = LowerSalePrice(structured)) {
      return {sale, sale->source + " marks " + sale->price.ToString() + " as the sale price; " +
                        structured.front()->source + "'s " + structured.front()->price.ToString() +
                        " is the regular one"};
    }
    // A variant the markup singles out (by the page's URL or the product's SKU) is what the
    // page is about even where its visible price is another variant's.
    if (variant.reason.empty() && visible != nullptr && visible->score >= kVisibleOverrideScore &&
        CurrencyCompatible(*structured.front(), *visible)) {
      return {visible, "the visible current price near the title differs from " +
                           structured.front()->source + " (" +
                           structured.front()->price.ToString() +
                           "); preferring what the page shows"};
    }
    std::string why = structured.front()->source + " is the most trusted source with a price";
    if (!variant.reason.empty()) {
      why += " (" + variant.reason + ")";
    }
    return {structured.front(), std::move(why)};
  }
  if (visible != nullptr) {
    return {visible, "no structured price; the best-rated visible price (" + visible->note + ")"};
  }
  return {};
}

// The winner's price and currency; a winner without a currency takes that of another
// candidate with the same price, else of the first structured candidate with one, else the
// per-site selectors' currency.
void SetPrice(const PriceCandidate& winner, const std::vector<const PriceCandidate*>& structured,
              const ExtractOptions& options, ProductData& data) {
  data.price = winner.price;
  data.currency = winner.currency;
  data.source = winner.source;
  if (data.currency.empty()) {
    for (const PriceCandidate& c : data.candidates) {
      if (!c.currency.empty() && c.price == winner.price) {
        data.currency = c.currency;
        break;
      }
    }
  }
  if (data.currency.empty()) {
    for (const PriceCandidate* c : structured) {
      if (!c->currency.empty()) {
        data.currency = c->currency;
        break;
      }
    }
  }
  if (data.currency.empty() && options.selectors != nullptr) {
    data.currency = options.selectors->currency;
  }
}

// A chosen variant is the product: its SKU, and, when a pin or the page's URL names it, its own
// offer's availability. (A variant picked only by the product's SKU keeps the product's
// availability: the selected size is often just the first one listed.)
void ApplyVariant(const PriceCandidate& winner, const ExtractOptions& options, bool named,
                  ProductData& data) {
  if (!winner.sku.empty()) {
    data.sku = Trim(winner.sku);
  } else if (!options.sku.empty()) {
    data.sku = std::string(options.sku);
  }
  if (named && winner.availability != Availability::kUnknown) {
    data.availability = winner.availability;
    data.availability_note = winner.source + " offer" +
                             (winner.sku.empty() ? "" : " with sku " + winner.sku) + " says " +
                             std::string(AvailabilityName(winner.availability));
  }
}

}  // namespace

ProductData ExtractProduct(const HtmlDocument& doc, const ExtractOptions& options) {
  const PageHints hints = HintsFor(doc, options.page_url);
  const Sources sources = RunExtractors(doc, options, hints);

  ProductData data;
  data.canonical_url = Canonical(doc, options.page_url);
  FillProductFields(doc, sources, data);

  for (const SourceInfo& source : kSourceTable) {
    for (const PriceCandidate& c : (sources.*source.fields).candidates) {
      data.candidates.push_back(c);
    }
  }
  std::vector<const PriceCandidate*> structured = StructuredCandidates(sources);
  const bool listing = IsListing(sources, !structured.empty());
  const VariantChoice variant = ChooseVariant(structured, data.candidates, options, data.sku);
  Choice choice;
  if (variant.pin_missing) {
    choice.reason = variant.reason;
  } else {
    choice = ChoosePrice(sources, structured, variant);
  }
  if (choice.winner != nullptr) {
    SetPrice(*choice.winner, structured, options, data);
    if (!variant.reason.empty()) {
      ApplyVariant(*choice.winner, options, variant.pinned || variant.by_url, data);
    }
  }
  data.is_product = choice.winner != nullptr && !listing;
  // A product offered at a current price with nothing saying otherwise (no stock message, no
  // structured availability) is available: shops state what is missing, not what is there,
  // and classified ads and comparison pages have no cart at all. The benchmark pages agree
  // (availability F1 0.964 this way, 0.929 when an enabled buy button is also required).
  if (data.is_product && data.availability == Availability::kUnknown) {
    data.availability = Availability::kInStock;
    data.availability_note = "offered at a price and nothing on the page says it is unavailable";
  }
  if (listing && choice.winner != nullptr) {
    // A list's stock words and buy buttons are not one product's.
    data.availability = Availability::kUnknown;
    data.availability_note.clear();
  }
  if (listing) {
    choice.reason = "a listing page (several products with prices), not a product";
  } else if (choice.winner == nullptr && choice.reason.empty()) {
    choice.reason = "no price found";
  }
  data.reason = std::move(choice.reason);
  return data;
}

}  // namespace pricecrawl::crawler
