#include "crawler/extract/product_extractor.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/json_ld.h"
#include "crawler/extract/microdata.h"
#include "crawler/extract/opengraph.h"
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
constexpr int kOpenGraphScore = 16;
constexpr int kListPricePenalty = 10;
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

void ScoreStructured(ExtractedFields& fields, int base) {
  for (PriceCandidate& c : fields.candidates) {
    c.score = base - (c.is_list_price ? kListPricePenalty : 0) - (c.price.IsZero() ? 15 : 0);
    c.note = "structured data" + std::string(c.is_list_price ? ", list price" : "") +
             std::string(c.price.IsZero() ? ", zero" : "");
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
  ExtractedFields selector, json_ld, microdata, opengraph, text;
};

Sources RunExtractors(const HtmlDocument& doc, const ExtractOptions& options,
                      const PageHints& hints) {
  Sources s;
  if (options.selectors != nullptr && !options.selectors->empty()) {
    s.selector = ExtractWithSelectors(doc, *options.selectors, hints);
  }
  s.json_ld = ExtractJsonLd(doc, hints);
  s.microdata = ExtractMicrodata(doc, hints);
  s.opengraph = ExtractOpenGraph(doc, hints);
  s.text = ExtractVisibleText(doc, hints, options.stock_text);
  for (PriceCandidate& c : s.selector.candidates) {
    c.score = kSelectorScore - (c.is_list_price ? kListPricePenalty : 0);
    c.note = "per-site selector";
  }
  ScoreStructured(s.json_ld, kJsonLdScore);
  ScoreStructured(s.microdata, kMicrodataScore);
  ScoreStructured(s.opengraph, kOpenGraphScore);
  return s;
}

// Title, SKU, GTIN, brand and availability from the most trusted source that gives each.
void FillProductFields(const HtmlDocument& doc, const Sources& s, ProductData& data) {
  const std::vector<const ExtractedFields*> by_trust = {&s.selector, &s.json_ld, &s.microdata,
                                                        &s.text, &s.opengraph};
  auto first_of = [&](std::string ExtractedFields::*field) {
    for (const ExtractedFields* f : by_trust) {
      if (!(f->*field).empty()) {
        return f->*field;
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
  for (const ExtractedFields* f : {&s.selector, &s.json_ld, &s.microdata, &s.opengraph, &s.text}) {
    if (f->availability != Availability::kUnknown) {
      data.availability = f->availability;
      break;
    }
  }
}

// The structured candidates that may win, in trust order: not list prices, not zero.
std::vector<const PriceCandidate*> StructuredCandidates(const Sources& s) {
  std::vector<const PriceCandidate*> structured;
  for (const ExtractedFields* f : {&s.json_ld, &s.microdata, &s.opengraph}) {
    for (const PriceCandidate& c : f->candidates) {
      if (!c.is_list_price && !c.price.IsZero()) {
        structured.push_back(&c);
      }
    }
  }
  return structured;
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
  return (s.json_ld.listing && !names_title(s.json_ld)) ||
         (s.json_ld.product_count >= 3 && !names_title(s.json_ld)) ||
         (s.microdata.product_count >= 3 && !names_title(s.microdata) &&
          s.json_ld.candidates.empty()) ||
         (!has_structured_price && s.text.listing);
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

Choice ChoosePrice(const Sources& s, const std::vector<const PriceCandidate*>& structured) {
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
    if (visible != nullptr && visible->score >= kVisibleOverrideScore &&
        CurrencyCompatible(*structured.front(), *visible)) {
      return {visible, "the visible current price near the title differs from " +
                           structured.front()->source + " (" +
                           structured.front()->price.ToString() +
                           "); preferring what the page shows"};
    }
    return {structured.front(),
            structured.front()->source + " is the most trusted source with a price"};
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

}  // namespace

ProductData ExtractProduct(const HtmlDocument& doc, const ExtractOptions& options) {
  const PageHints hints = HintsFor(doc, options.page_url);
  const Sources sources = RunExtractors(doc, options, hints);

  ProductData data;
  data.canonical_url = Canonical(doc, options.page_url);
  FillProductFields(doc, sources, data);

  const std::vector<const PriceCandidate*> structured = StructuredCandidates(sources);
  const bool listing = IsListing(sources, !structured.empty());
  Choice choice = ChoosePrice(sources, structured);

  for (const ExtractedFields* f : {&sources.selector, &sources.json_ld, &sources.microdata,
                                   &sources.opengraph, &sources.text}) {
    for (const PriceCandidate& c : f->candidates) {
      data.candidates.push_back(c);
    }
  }
  if (choice.winner != nullptr) {
    SetPrice(*choice.winner, structured, options, data);
  }
  data.is_product = choice.winner != nullptr && !listing;
  // A product offered at a current price with nothing saying otherwise (no stock message, no
  // structured availability) is available: shops state what is missing, not what is there,
  // and classified ads and comparison pages have no cart at all. The benchmark pages agree
  // (availability F1 0.964 this way, 0.929 when an enabled buy button is also required).
  if (data.is_product && data.availability == Availability::kUnknown) {
    data.availability = Availability::kInStock;
  }
  if (listing && choice.winner != nullptr) {
    // A list's stock words and buy buttons are not one product's.
    data.availability = Availability::kUnknown;
  }
  if (listing) {
    choice.reason = "a listing page (several products with prices), not a product";
  } else if (choice.winner == nullptr) {
    choice.reason = "no price found";
  }
  data.reason = std::move(choice.reason);
  return data;
}

}  // namespace pricecrawl::crawler
