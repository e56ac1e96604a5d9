#include "crawler/extract/visible_text.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/price_label.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"
#include "crawler/price/product.h"
#include "crawler/price/stock_phrases.h"

namespace pricecrawl::crawler {
namespace {

template <std::size_t N>
bool ContainsAny(std::string_view haystack, const std::array<std::string_view, N>& needles) {
  for (const auto n : needles) {
    if (ContainsText(haystack, n)) {
      return true;
    }
  }
  return false;
}

// Words in class / id / itemprop / data-* names that mark a price.
constexpr std::array<std::string_view, 10> kPriceWords = {
    "price", "prix", "preis", "precio", "prezzo", "preco", "cena", "цена", "amount", "cost"};
// ... that mark the old / regular / struck-out price.
// ("list" alone is a layout word, "list-unstyled": it counts only as "list price", below.)
constexpr std::array<std::string_view, 22> kListWords = {
    "old",    "was",    "regular",  "strike", "original", "before",       "compare",  "rrp",
    "msrp",   "cross",  "previous", "retail", "through",  "barr",         "standard", "uvp",
    "saving", "barred", "crossed",  "struck", "striked",  "strikethrough"};
// ... that mark the current (sale) price, ending an old-price wrapper's reach.
constexpr std::array<std::string_view, 8> kCurrentWords = {"special", "sale",   "final", "current",
                                                           "now",     "actual", "promo", "offer"};
// Whole tokens that mark site chrome.
constexpr std::array<std::string_view, 9> kNoiseTokens = {
    "nav", "navbar", "menu", "header", "footer", "also", "sidebar", "breadcrumb", "breadcrumbs"};
// ... that mark parts of a page that show other products or site chrome.
constexpr std::array<std::string_view, 18> kNoiseWords = {
    "related", "recommend", "similar", "upsell",   "crosssell",  "carousel",
    "slider",  "swiper",    "recent",  "viewed",   "navigation", "minicart",
    "bundle",  "sponsored", "suggest", "accessor", "footer",     "megamenu"};
// Whole tokens that mark a variant picker: its prices are per option, not the headline.
constexpr std::array<std::string_view, 8> kOptionTokens = {
    "select", "option", "options", "variant", "variants", "swatch", "swatches", "dropdown"};
// Text around a price that makes it something other than the product's price.
constexpr std::array<std::string_view, 24> kOtherAmounts = {
    "shipping", "delivery", "versand", "livraison", "envío",  "envio", "spedizione", "save",
    "économ",   "sparen",   "ahorra",  "risparm",   "/month", "/mo",   "per month",  "monthly",
    "/kg",      "/ kg",     "/100",    "/l",        "/m",     " x ",   "cuotas",     "rata"};
// Labels of a price before tax. Shops show it beside the price with tax, some first (trade
// shops), some second; it is not rated down, but it is not a sale price either.
constexpr std::array<std::string_view, 16> kPreTax = {
    "excl",      "ex vat",   "ex. vat",  "without vat", "net price", "netto",
    "ohne mwst", "zzgl",     "hors tax", "sin iva",     "senza iva", "bez dph",
    "bez pdv",   "brez ddv", "ex btw",   "ex. btw"};

constexpr std::array<std::string_view, 28> kAddToCart = {"add to cart",
                                                         "add to basket",
                                                         "add to bag",
                                                         "add to trolley",
                                                         "buy now",
                                                         "in den warenkorb",
                                                         "in den einkaufswagen",
                                                         "ajouter au panier",
                                                         "añadir al carrito",
                                                         "agregar al carrito",
                                                         "aggiungi al carrello",
                                                         "adicionar ao carrinho",
                                                         "comprar",
                                                         "do koszyka",
                                                         "в корзину",
                                                         "купить",
                                                         "in winkelwagen",
                                                         "lägg i varukorg",
                                                         "læg i kurv",
                                                         "legg i handlekurv",
                                                         "lisää ostoskoriin",
                                                         "do košíka",
                                                         "do košíku",
                                                         "kosárba",
                                                         "sepete ekle",
                                                         "كرز",
                                                         "加入購物車",
                                                         "장바구니"};
// Words of a form that offers to tell the shopper when the item is back: not a stock statement
// ("Notify me when back in stock"), though it quotes one.
constexpr std::array<std::string_view, 9> kNotifyWords = {
    "notify",       "email me when", "alert me when", "benachrichtig", "m'avertir",
    "prévenez-moi", "avísame",       "avvisami",      "powiadom"};

// Splits class / id text into lowercase word tokens at non-letters and camelCase boundaries
// ("relatedProducts" -> related, products; "old-price" -> old, price).
std::vector<std::string> Tokens(std::string_view raw) {
  std::vector<std::string> out;
  std::string cur;
  char prev = 0;
  for (const char c : raw) {
    const bool alpha = IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80;
    if (!alpha || (IsAsciiUpper(c) && IsAsciiLower(prev))) {
      if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
      }
    }
    if (alpha) {
      cur.push_back(AsciiToLower(c));
    }
    prev = c;
  }
  if (!cur.empty()) {
    out.push_back(cur);
  }
  return out;
}

// Whether a token starts with one of `words`; a token right after "no" / "not" / "without"
// is negated ("no-slider" is not a slider) and does not count.
template <std::size_t N>
bool TokenStartsWithAny(const std::vector<std::string>& tokens,
                        const std::array<std::string_view, N>& words) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (i > 0 && (tokens[i - 1] == "no" || tokens[i - 1] == "not" || tokens[i - 1] == "without")) {
      continue;
    }
    for (const auto w : words) {
      if (t.size() >= w.size() && std::string_view(t).substr(0, w.size()) == w) {
        return true;
      }
    }
  }
  return false;
}

// "list-price", "listPrice", "list_price": the token "list" right before "price".
bool HasListPriceTokens(const std::vector<std::string>& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] == "list" && tokens[i + 1] == "price") {
      return true;
    }
  }
  return false;
}

template <std::size_t N>
bool TokenIsAny(const std::vector<std::string>& tokens,
                const std::array<std::string_view, N>& words) {
  for (const std::string& t : tokens) {
    for (const auto w : words) {
      if (t == w) {
        return true;
      }
    }
  }
  return false;
}

// Characters (UTF-8 code points) in `text`.
// True when CollapseSpace(text) would be empty (only ASCII whitespace and U+00A0), without
// building the collapsed copy.
bool IsBlank(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsAsciiSpace(text[i])) {
      continue;
    }
    if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool IsSkippedTag(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" ||
         tag == "svg" || tag == "head" || tag == "select" || tag == "option" || tag == "textarea" ||
         tag == "iframe" || tag == "title" || tag == "button";
}

struct Node {
  HtmlNode node;
  int parent = -1;
  int depth = 0;
  int end = 0;  // one past the last descendant's index (pre-order)
  bool skipped = false;
  bool noise = false;
  bool list_ctx = false;  // inside <del>, <s>, <strike> or a line-through style
  int list_class = 0;     // 3: marked as an old / regular price, 2/1: a parent / grandparent
  bool in_link = false;
  bool in_options = false;  // inside a variant picker
  int price_hint = 0;       // 3: this element is marked as a price, 2/1: a parent / grandparent is
  std::vector<std::pair<int, std::string_view>> children;  // element index or -1 + text
};

bool HasToken(std::string_view list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && list[i] == ' ') {
      ++i;
    }
    std::size_t j = i;
    while (j < list.size() && list[j] != ' ') {
      ++j;
    }
    if (list.substr(i, j - i) == token) {
      return true;
    }
    i = j;
  }
  return false;
}

// class and id only (for the token checks).
std::string ClassAndId(HtmlNode node) {
  std::string out(node.AttrOr("class").substr(0, 300));
  out += ' ';
  out += node.AttrOr("id").substr(0, 100);
  return out;
}

// class, id, itemprop and data-* attribute names and values, lowercase, space-separated.
std::string Markers(HtmlNode node) {
  std::string out;
  for (const HtmlAttribute& a : node.Attributes()) {
    if (a.name == "class" || a.name == "id" || a.name == "itemprop" || a.name == "data-testid" ||
        a.name == "data-test" || a.name == "data-qa" || a.name == "data-price-type" ||
        a.name == "data-automation" || a.name == "aria-label") {
      out += LowerAscii(a.value.substr(0, 200));
      out += ' ';
    } else if (a.name.substr(0, 5) == "data-") {
      out += LowerAscii(a.name);
      out += ' ';
    }
  }
  return out;
}

bool IsHidden(HtmlNode node, std::string_view markers) {
  if (node.HasAttr("hidden")) {
    return true;
  }
  if (node.Is("input") && LowerAscii(node.AttrOr("type")) == "hidden") {
    return true;
  }
  const std::string style = LowerAscii(node.AttrOr("style"));
  std::string compact;
  for (const char c : style) {
    if (c != ' ') {
      compact.push_back(c);
    }
  }
  if (ContainsText(compact, "display:none") || ContainsText(compact, "visibility:hidden")) {
    return true;
  }
  return HasToken(markers, "hidden") || HasToken(markers, "d-none") ||
         HasToken(markers, "is-hidden") || HasToken(markers, "hide");
}

// A score and its readable reasons ("+3 currency, -2 inside a link").
struct ScoreNote {
  int score = 0;
  std::string note;

  void Add(int points, std::string_view why) {
    score += points;
    if (!note.empty()) {
      note += ", ";
    }
    note += (points >= 0 ? "+" : "") + std::to_string(points) + " " + std::string(why);
  }
};

class Page {
 public:
  Page(const HtmlDocument& doc, const PageHints& hints) : hints_(hints) {
    Build(doc);
    // What the page calls itself, to tell the product's h1 from h1s of dialogs and widgets.
    if (const HtmlNode t = doc.Head().FindFirst("title"); !t.IsNull()) {
      page_title_ = LowerAscii(t.Text());
    }
    doc.Head().ForEachElement([&](HtmlNode node) {
      if (node.Is("meta") &&
          (node.AttrOr("property") == "og:title" || node.AttrOr("name") == "twitter:title")) {
        page_title_ += " " + LowerAscii(CollapseSpace(node.AttrOr("content")));
      }
    });
  }

  ExtractedFields Extract(const StockTextOverrides& stock_text) {
    ExtractedFields out;
    const int title = FindTitle();
    if (title >= 0) {
      out.title = Text(title, 400);
    }
    CollectCandidates(title, out);
    StockReading stock = ReadAvailability(title, stock_text);
    out.availability = stock.availability;
    out.availability_note = std::move(stock.note);
    out.buy_button = HasBuyControl();
    return out;
  }

 private:
  // An element waiting to be visited in Build's walk, and its parent's index in nodes_.
  struct Frame {
    HtmlNode node;
    int parent;
  };

  void Build(const HtmlDocument& doc) {
    // Iterative pre-order over elements from <body>.
    std::vector<Frame> stack{{doc.Body(), -1}};
    while (!stack.empty()) {
      const Frame f = stack.back();
      stack.pop_back();
      const int index = AddNode(f);
      PushChildren(index, f.node, stack);
    }
    ResolveChildOrder();
    ComputeSubtreeEnds();
  }

  // Appends f.node to nodes_ with the context it inherits from its parent and what its own tag
  // and attributes say (skipped, noise, link, variant picker, price and list-price marks);
  // returns its index.
  int AddNode(const Frame& f) {
    const int index = static_cast<int>(nodes_.size());
    nodes_.push_back(Node{});
    Node& n = nodes_.back();
    n.node = f.node;
    n.parent = f.parent;
    const std::string_view tag = f.node.Tag();
    const std::string markers = Markers(f.node);
    if (f.parent >= 0) {
      const Node& p = nodes_[static_cast<std::size_t>(f.parent)];
      n.depth = p.depth + 1;
      n.skipped = p.skipped;
      n.noise = p.noise;
      n.list_ctx = p.list_ctx;
      n.list_class = std::max(0, p.list_class - 1);
      n.in_link = p.in_link;
      n.in_options = p.in_options;
      n.price_hint = std::max(0, p.price_hint - 1);
      nodes_[static_cast<std::size_t>(f.parent)].children.emplace_back(index, "");
    }
    Node& m = nodes_[static_cast<std::size_t>(index)];
    m.skipped = m.skipped || IsSkippedTag(tag) || IsHidden(f.node, markers);
    m.in_link = m.in_link || tag == "a";
    const std::vector<std::string> tokens = Tokens(ClassAndId(f.node));
    // (<body> classes are page-wide feature flags: "a-aui_dropdown_274033-t1".)
    m.in_options = m.in_options || (f.parent >= 0 && TokenIsAny(tokens, kOptionTokens));
    // "product-header", "detail-header": the product's own header, not the site's.
    static constexpr std::array<std::string_view, 5> kProductTokens = {"product", "detail",
                                                                       "details", "pdp", "item"};
    const bool product_header = TokenIsAny(tokens, std::array<std::string_view, 1>{"header"}) &&
                                TokenIsAny(tokens, kProductTokens);
    if (tag == "footer" || tag == "nav" || tag == "header" || tag == "aside" ||
        TokenStartsWithAny(tokens, kNoiseWords) ||
        (TokenIsAny(tokens, kNoiseTokens) && !product_header)) {
      m.noise = true;
    }
    const bool price_marked = ContainsAny(markers, kPriceWords);
    if (price_marked) {
      m.price_hint = 3;
    }
    // <span aria-label="Price: $24.50">: what a screen reader says where the text is drawn.
    if (const auto label = f.node.Attr("aria-label");
        label && label->size() <= 64 && std::any_of(label->begin(), label->end(), IsAsciiDigit)) {
      aria_prices_.emplace_back(index, std::string(*label));
    }
    for (const std::string_view name : {"data-price-amount", "data-price", "data-product-price",
                                        "price", "data-sale-price", "data-current-price"}) {
      if (const auto value = f.node.Attr(name); value && !value->empty()) {
        attribute_prices_.emplace_back(index, std::string(value->substr(0, 40)));
        break;
      }
    }
    const std::string style = LowerAscii(f.node.AttrOr("style"));
    if (tag == "del" || tag == "s" || tag == "strike" || ContainsText(style, "line-through")) {
      m.list_ctx = true;
    }
    // An old-price word on a price element or on a child of one ("price" > "barred").
    if (m.price_hint > 0 && (TokenIsAny(tokens, kListWords) || HasListPriceTokens(tokens))) {
      m.list_class = 3;  // "original-price current-price": the specific word wins
    } else if (TokenIsAny(tokens, kCurrentWords)) {
      m.list_class = 0;
    }
    return index;
  }

  // Records the children of element `index`: its texts now, its elements as placeholders that
  // their own visits fill in, pushed so that they pop in document order.
  void PushChildren(int index, HtmlNode node, std::vector<Frame>& stack) {
    // Children in reverse so that they pop in document order; text nodes are recorded on
    // the fly (they need no frame).
    const std::vector<HtmlNode> kids = node.Children();
    std::vector<Frame> element_kids;
    for (const HtmlNode& k : kids) {
      if (k.IsText()) {
        pending_text_.emplace_back(index, k.TextValue());
      } else if (k.IsElement()) {
        element_kids.push_back({k, index});
      }
    }
    // Text and element children must interleave in document order for Text(); record the
    // order now: texts get -1 entries, elements are appended when visited. To keep it
    // simple, record the full child order here and let visits fill in element indices.
    Node& self = nodes_[static_cast<std::size_t>(index)];
    for (const HtmlNode& k : kids) {
      if (k.IsText()) {
        self.children.emplace_back(-1, k.TextValue());
      } else if (k.IsElement()) {
        self.children.emplace_back(-2, "");  // placeholder, filled by the child's visit
      }
    }
    for (auto it = element_kids.rbegin(); it != element_kids.rend(); ++it) {
      stack.push_back(*it);
    }
  }

  // Resolve placeholders: each child's visit appended (index, "") to its parent's list after
  // the placeholders; move them into the placeholder slots in order.
  void ResolveChildOrder() {
    for (Node& n : nodes_) {
      std::vector<int> element_indices;
      std::vector<std::pair<int, std::string_view>> ordered;
      for (const auto& c : n.children) {
        if (c.first >= 0) {
          element_indices.push_back(c.first);
        }
      }
      std::size_t next = 0;
      for (const auto& c : n.children) {
        if (c.first == -1) {
          ordered.push_back(c);
        } else if (c.first == -2 && next < element_indices.size()) {
          ordered.emplace_back(element_indices[next++], "");
        }
      }
      n.children = std::move(ordered);
    }
  }

  // Subtree ends, children after parents in pre-order: walk backwards.
  void ComputeSubtreeEnds() {
    for (std::size_t i = nodes_.size(); i-- > 0;) {
      Node& n = nodes_[i];
      n.end = std::max(n.end, static_cast<int>(i) + 1);
      if (n.parent >= 0) {
        Node& p = nodes_[static_cast<std::size_t>(n.parent)];
        p.end = std::max(p.end, n.end);
      }
    }
  }

  // Visible text of element `index`, whitespace collapsed; "" when longer than `limit` bytes.
  // A 1-2 digit <sup> right after digits is read as the fraction ("12<sup>99</sup>" -> 12.99).
  std::string Text(int index, std::size_t limit) const {
    std::string out;
    std::vector<std::pair<int, std::size_t>> stack{{index, 0}};
    // A price or a stock message is a small subtree: give up on big ones early.
    std::size_t budget = limit * 4 + 64;
    while (!stack.empty()) {
      if (budget-- == 0) {
        return {};
      }
      auto& [i, child] = stack.back();
      const Node& n = nodes_[static_cast<std::size_t>(i)];
      if (child == 0 && n.skipped && i != index) {
        stack.pop_back();
        continue;
      }
      if (child == 0 && !n.node.IsInline()) {
        out.push_back(' ');
      }
      if (child == 0 && i != index && n.node.IsInline() && !out.empty() &&
          IsAsciiDigit(out.back())) {
        const std::string sup = CollapseSpace(n.node.Text());
        const std::size_t min_digits = n.node.Is("sup") ? 1 : 2;
        if (sup.size() >= min_digits && sup.size() <= 2 &&
            std::all_of(sup.begin(), sup.end(), IsAsciiDigit)) {
          out.push_back('.');
        }
      }
      if (child >= n.children.size()) {
        if (!n.node.IsInline()) {
          out.push_back(' ');
        }
        stack.pop_back();
        continue;
      }
      const auto [kid, text] = n.children[child++];
      if (kid < 0) {
        out.append(text);
        if (out.size() > limit * 2 + 64) {
          return {};
        }
      } else {
        stack.emplace_back(kid, 0);
      }
    }
    std::string collapsed = CollapseSpace(out);
    if (collapsed.size() > limit) {
      return {};
    }
    return collapsed;
  }

  // Share (0..100) of the words of `text` that occur in the page's <title> / og:title.
  int TitleOverlap(const std::string& text) const {
    int words = 0;
    int hits = 0;
    for (const std::string& w : Tokens(text)) {
      if (w.size() < 3) {
        continue;
      }
      ++words;
      hits += ContainsText(page_title_, w) ? 1 : 0;
    }
    return words == 0 ? 0 : hits * 100 / words;
  }

  int FindTitle() const {
    int first_h1 = -1;
    int best_overlap = 0;
    int fallback = -1;
    int title_text = -1;  // the element with the longest own text that the <title> repeats
    std::size_t title_text_size = 0;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (n.skipped) {
        continue;
      }
      if (n.node.Is("h1") && !n.noise) {
        const std::string text = Text(static_cast<int>(i), 400);
        if (!text.empty()) {
          const int overlap = TitleOverlap(LowerAscii(text));
          if (first_h1 < 0 || overlap > best_overlap) {
            first_h1 = static_cast<int>(i);
            best_overlap = std::max(best_overlap, overlap);
          }
        }
      }
      if (fallback < 0 && !n.noise) {
        const std::string markers = Markers(n.node);
        if (HasToken(markers, "name") || ContainsText(markers, "product-title") ||
            ContainsText(markers, "product-name") || ContainsText(markers, "product_title") ||
            ContainsText(markers, "product_name") || ContainsText(markers, "producttitle")) {
          fallback = static_cast<int>(i);
        }
      }
    }
    if (first_h1 < 0 && fallback < 0 && !page_title_.empty()) {
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const Node& n = nodes_[i];
        if (n.skipped || n.noise || n.in_link) {
          continue;
        }
        for (const auto& [kid, text] : n.children) {
          const std::string own = kid < 0 ? LowerAscii(CollapseSpace(text)) : std::string();
          if (own.size() > title_text_size && own.size() >= 6 && own.size() <= 300 &&
              ContainsText(page_title_, own)) {
            title_text = static_cast<int>(i);
            title_text_size = own.size();
          }
        }
      }
    }
    return first_h1 >= 0 ? first_h1 : fallback >= 0 ? fallback : title_text;
  }

  bool IsAncestor(int ancestor, int node) const {
    return ancestor <= node && node < nodes_[static_cast<std::size_t>(ancestor)].end;
  }

  // Levels from `a` up to the lowest common ancestor of a and b.
  int LevelsToCommonAncestor(int a, int b) const {
    int levels = 0;
    int x = a;
    while (x >= 0 && !IsAncestor(x, b)) {
      x = nodes_[static_cast<std::size_t>(x)].parent;
      ++levels;
    }
    return levels;
  }

  std::string Describe(int index) const {
    const HtmlNode node = nodes_[static_cast<std::size_t>(index)].node;
    std::string out = "line " + std::to_string(node.SourceLine()) + " <" + std::string(node.Tag());
    if (const auto id = node.Attr("id")) {
      out += " id=" + std::string(id->substr(0, 40));
    }
    if (const auto cls = node.Attr("class")) {
      out += " class=" + CollapseSpace(cls->substr(0, 60));
    }
    return out + ">";
  }

  struct Found {
    int index;
    ParsedPrice parsed;
    std::string text;
    // how it was found: "" in text, "attribute" in a data-price attribute, "aria-label"
    std::string context;
    std::string own_before;  // the element's text before the amount, after any earlier amount
    std::string own_after;   // ... after it, up to the next amount
    bool last = true;        // no other amount follows in the element's text
    bool percent = false;    // the element's text holds a percentage ("-33%")
    bool split = false;      // one of several amounts of the element's text
  };

  // One Found per amount of text `t` of element `index` (SplitRun): "Sale £19.99 (RRP £30.00)"
  // gives two, each with its own label text. `parsed_whole` is what ParsePrice read of all of
  // `t` (with a currency the parent may have supplied), used when `t` holds one amount.
  static void AddRunAmounts(int index, const std::string& t, ParsedPrice parsed_whole,
                            std::string context, std::vector<Found>& found) {
    std::vector<RunAmount> amounts = SplitRun(t);
    const bool percent = ContainsText(t, "%");
    if (amounts.size() < 2) {
      Found f{index, std::move(parsed_whole), t, std::move(context), {}, {}, true, percent};
      if (!amounts.empty()) {
        f.own_before = std::string(amounts.front().before);
        f.own_after = std::string(amounts.front().after);
      }
      found.push_back(std::move(f));
      return;
    }
    for (RunAmount& a : amounts) {
      std::string segment(a.before);
      segment += a.parsed.amount_text;
      segment += a.after;
      found.push_back({index, std::move(a.parsed), std::move(segment), context,
                       std::string(a.before), std::string(a.after), a.last, percent, true});
    }
  }

  // A rated candidate, with what the listing and old-price rules below need to know of it.
  struct Rated {
    PriceCandidate candidate;
    int index;
    bool list_by_class_only = false;  // an old-price class, no <del> and no "was" label
    bool other_amount = false;        // shipping, saving, unit or pre-tax amount
  };

  void CollectCandidates(int title, ExtractedFields& out) {
    std::vector<Found> found;
    std::vector<bool> done(nodes_.size(), false);
    FindTextPrices(found, done);
    FindAttributePrices(found, done);
    DropAmountsFoundInside(found);
    // Ratings, counts and years without any price marking or currency are dropped above; now
    // rate the rest.
    std::vector<Rated> rated;
    rated.reserve(found.size());
    for (const Found& f : found) {
      rated.push_back(Rate(f, title));
    }
    UnmarkLonelyListPrices(rated);
    MarkGrids(rated, title, out);
    for (Rated& r : rated) {
      out.candidates.push_back(std::move(r.candidate));
    }
  }

  // Prices in the page's text: from each text with a digit, climbs to the first ancestor whose
  // text reads as a price with a currency (or, marked as a price, without one). `done` marks
  // the elements already taken.
  void FindTextPrices(std::vector<Found>& found, std::vector<bool>& done) const {
    for (const auto& [owner, text] : pending_text_) {
      const Node& n = nodes_[static_cast<std::size_t>(owner)];
      if (n.skipped || std::none_of(text.begin(), text.end(), IsAsciiDigit)) {
        continue;
      }
      int at = owner;
      for (int level = 0; level < 4 && at >= 0; ++level) {
        if (done[static_cast<std::size_t>(at)]) {
          break;
        }
        const std::string t = Text(at, 48);
        if (t.empty()) {
          break;
        }
        ParsedPrice parsed = ParsePrice(t);
        if (parsed.amount && !parsed.amount_text.empty()) {
          const Node& a = nodes_[static_cast<std::size_t>(at)];
          const bool ok = !parsed.currency_text.empty() || a.price_hint > 0;
          if (ok && parsed.currency_text.empty() && a.parent >= 0) {
            // "€ <span class=price>17,10</span>": the currency sits in the parent.
            const ParsedPrice outer = ParsePrice(Text(a.parent, 48));
            if (outer.amount && *outer.amount == *parsed.amount) {
              parsed.currency_text = outer.currency_text;
            }
          }
          if (ok) {
            done[static_cast<std::size_t>(at)] = true;
            AddRunAmounts(at, t, std::move(parsed), {}, found);
            break;
          }
        }
        at = nodes_[static_cast<std::size_t>(at)].parent;
      }
    }
  }

  // An amount of a split text that an element inside it gives as well ("<p><del>£80</del> now
  // £59</p>": the £80 is the <del>'s, with the <del>'s meaning) is dropped from the outer text.
  void DropAmountsFoundInside(std::vector<Found>& found) const {
    std::vector<std::pair<int, std::size_t>> by_element;  // (element, index in found)
    by_element.reserve(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      by_element.emplace_back(found[i].index, i);
    }
    std::sort(by_element.begin(), by_element.end());
    std::vector<bool> drop(found.size(), false);
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (!found[i].split) {
        continue;
      }
      const int end = nodes_[static_cast<std::size_t>(found[i].index)].end;
      auto it = std::lower_bound(by_element.begin(), by_element.end(),
                                 std::pair<int, std::size_t>{found[i].index + 1, 0});
      for (; it != by_element.end() && it->first < end && !drop[i]; ++it) {
        drop[i] = found[it->second].parsed.amount == found[i].parsed.amount;
      }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (!drop[i]) {
        if (kept != i) {
          found[kept] = std::move(found[i]);
        }
        ++kept;
      }
    }
    found.resize(kept);
  }

  // Machine-readable prices in attributes (data-price="44890") of elements the page shows
  // without a readable price (prices filled in by scripts).
  void FindAttributePrices(std::vector<Found>& found, std::vector<bool>& done) const {
    for (const auto& [index, value] : attribute_prices_) {
      const Node& n = nodes_[static_cast<std::size_t>(index)];
      if (n.skipped || done[static_cast<std::size_t>(index)]) {
        continue;
      }
      const auto amount = ParseStructuredAmount(value, "", hints_);
      if (!amount || amount->IsZero()) {
        continue;
      }
      ParsedPrice parsed;
      parsed.amount = amount;
      parsed.amount_text = value;
      done[static_cast<std::size_t>(index)] = true;
      found.push_back({index, std::move(parsed), value, "attribute", {}, {}, true});
    }
    for (const auto& [index, label] : aria_prices_) {
      const Node& n = nodes_[static_cast<std::size_t>(index)];
      if (n.skipped || done[static_cast<std::size_t>(index)]) {
        continue;
      }
      ParsedPrice parsed = ParsePrice(label);
      if (!parsed.amount || parsed.currency_text.empty() || parsed.amount->IsZero()) {
        continue;
      }
      done[static_cast<std::size_t>(index)] = true;
      AddRunAmounts(index, label, std::move(parsed), "aria-label", found);
    }
  }

  // The text just before element `index` that may label its price: its own preceding text in
  // its parent, or, when that is blank, the parent's (a price in <td><span> labelled by the
  // <th> before the cell), up to two levels; only the part after the last earlier amount.
  std::string PrecedingLabelText(int index) const {
    int at = index;
    for (int level = 0; level < 3 && at >= 0; ++level) {
      const std::string preceding = PrecedingText(at, 40);
      if (!IsBlank(preceding)) {
        return std::string(AfterLastAmount(preceding));
      }
      at = nodes_[static_cast<std::size_t>(at)].parent;
    }
    return {};
  }

  // The label that belongs to found price `f`: one in its own text before the amount, else
  // in the text before the element, else (when no amount follows it) one after the amount.
  PriceLabel LabelFor(const Found& f, bool& from_own_text) const {
    from_own_text = true;
    PriceLabel label = LabelBefore(f.own_before, f.parsed.currency_text);
    if (label.kind == PriceLabelKind::kNone) {
      const std::string preceding = PrecedingLabelText(f.index);
      label = LabelBefore(preceding);
      from_own_text = false;
      // Words between the outer label and the amount ("Price</th><td>from $") loosen it.
      const std::string_view own = Trim(f.own_before);
      label.adjacent = label.adjacent && (own.empty() || own == f.parsed.currency_text);
    }
    if (label.kind == PriceLabelKind::kNone && f.last) {
      label = LabelAfter(f.own_after);
      from_own_text = true;
    }
    return label;
  }

  // Rates one found price by its markup, its text, its surroundings and where it stands
  // relative to the title (element `title`, or -1).
  Rated Rate(const Found& f, int title) const {
    const Node& n = nodes_[static_cast<std::size_t>(f.index)];
    PriceCandidate c;
    c.price = *f.parsed.amount;
    c.currency = NormalizeCurrency(f.parsed.currency_text, hints_);
    c.source = "text";
    c.where = Describe(f.index);
    ScoreNote s;
    const std::string lower = LowerAscii(f.text);
    const std::string before = LowerAscii(PrecedingText(f.index, 24));
    bool label_in_own_text = false;
    const PriceLabel label = LabelFor(f, label_in_own_text);
    if (!f.parsed.currency_text.empty()) {
      s.Add(3, "currency");
    }
    if (f.context == "attribute") {
      s.Add(1, "price attribute");
    }
    if (n.price_hint > 0) {
      s.Add(1 + n.price_hint, "price markup");
    }
    // A text that is just the price (counted in characters, not UTF-8 bytes).
    const std::size_t text_chars = CodePoints(f.text);
    const std::size_t price_chars =
        CodePoints(f.parsed.amount_text) + CodePoints(f.parsed.currency_text);
    std::size_t extra = text_chars - std::min(text_chars, price_chars);
    if (label.adjacent && label_in_own_text) {
      // "Price: $24.50": the label is not text around the price.
      extra -= std::min(extra, CodePoints(Trim(f.own_before)) + CodePoints(Trim(f.own_after)));
    }
    if (extra <= 3) {
      s.Add(2, "text is only the price");
    } else if (extra > 14) {
      s.Add(-2, "price inside longer text");
    }
    const bool list_label = label.kind == PriceLabelKind::kList;
    // A "now" / "sale" label outranks an old-price class around it, not a <del> or <s>.
    const bool sale_label = label.kind == PriceLabelKind::kSale && !n.list_ctx;
    bool list_by_class_only = false;
    if (n.list_ctx || (n.list_class > 0 && !sale_label) || list_label) {
      c.is_list_price = true;
      list_by_class_only = !n.list_ctx && !list_label;
      s.Add(-4, "list / struck-out price");
    } else if (sale_label) {
      c.is_sale_price = true;
      s.Add(1, "labelled as the current price");
    }
    if (label.adjacent &&
        (label.kind == PriceLabelKind::kPrice || label.kind == PriceLabelKind::kSale)) {
      s.Add(5, "labelled as the price");
    }
    const bool other_amount = label.kind == PriceLabelKind::kOther || OtherAmountText(f);
    if (other_amount) {
      s.Add(-5, "shipping, saving or unit amount");
    }
    if (c.price.IsZero()) {
      s.Add(-6, "zero");
    }
    if (n.noise) {
      s.Add(-6, "related products, navigation or footer");
    }
    if (n.in_link) {
      s.Add(-2, "inside a link");
    }
    if (n.in_options) {
      s.Add(-3, "one option of a variant picker");
    }
    if (title >= 0) {
      AddTitleDistance(f.index, title, s);
    }
    c.score = s.score;
    c.note = std::move(s.note);
    const bool pre_tax = ContainsAny(before, kPreTax) || ContainsAny(lower, kPreTax);
    return {std::move(c), f.index, list_by_class_only, other_amount || pre_tax};
  }

  // Whether the text around found price `f` reads as shipping, a saving, a unit price or an
  // instalment: words of kOtherAmounts before the amount (after any earlier amount), a '%'
  // there ("-33% £19.99"), or a unit or instalment right after it ("/kg", " x ", "/month").
  bool OtherAmountText(const Found& f) const {
    const std::string own_before = LowerAscii(f.own_before);
    const std::string preceding = LowerAscii(PrecedingLabelText(f.index));
    // Words after an amount that another amount follows are that amount's label ("£19.99
    // You save £10"); only a unit or a count right after it is its own ("£1.20 / 100 g £24").
    const std::string after = LowerAscii(f.own_after);
    const std::string_view right_after = Trim(after);
    if (ContainsAny(own_before, kOtherAmounts) || (f.last && ContainsAny(after, kOtherAmounts)) ||
        f.percent || right_after.substr(0, 1) == "/" || right_after.substr(0, 2) == "x " ||
        right_after.substr(0, 2) == "\xC3\x97") {
      return true;
    }
    // A label before the element counts only when the element's text has no own label.
    return IsBlank(own_before) && ContainsAny(preceding, kOtherAmounts);
  }

  // Points for a price in or near the title's box, and for standing just after (or before) it.
  void AddTitleDistance(int index, int title, ScoreNote& s) const {
    const int up = LevelsToCommonAncestor(title, index);
    const int distance = index - title;
    if (up <= 2) {
      s.Add(6, "in the title's box");
    } else if (up <= 4) {
      s.Add(4, "near the title");
    } else if (up <= 6) {
      s.Add(2, "same section as the title");
    }
    if (distance >= 0 && distance < 60) {
      s.Add(2, "just after the title");
    } else if (distance < 0 && distance > -40) {
      s.Add(1, "just before the title");
    } else if (distance > 1500 || distance < -1500) {
      s.Add(-2, "far from the title");
    }
  }

  // A price styled as an old price (class only) with no current price in its box is the
  // shop's only price: some themes use the old-price style when no sale runs.
  void UnmarkLonelyListPrices(std::vector<Rated>& rated) const {
    for (Rated& r : rated) {
      if (!r.list_by_class_only || r.other_amount) {
        continue;
      }
      bool current_nearby = false;
      for (const Rated& q : rated) {
        if (&q != &r && !q.candidate.is_list_price && !q.other_amount &&
            !q.candidate.price.IsZero() && LevelsToCommonAncestor(r.index, q.index) <= 4) {
          current_nearby = true;
          break;
        }
      }
      if (!current_nearby) {
        r.candidate.is_list_price = false;
        r.candidate.score += 4;
        r.candidate.note += ", +4 old-price style with no current price next to it";
      }
    }
  }

  // Prices in repeated sibling cards (4+ siblings with the same tag and class, each holding a
  // price) are other products unless the title is in the same card. When the best prices are
  // all such cards, the page is a listing.
  void MarkGrids(std::vector<Rated>& rated, int title, ExtractedFields& out) {
    std::map<std::pair<int, std::string>, std::vector<int>> groups;  // (grandparent, sig) -> cards
    std::vector<std::vector<std::pair<int, std::string>>> keys(rated.size());
    for (std::size_t r = 0; r < rated.size(); ++r) {
      int at = rated[r].index;
      for (int level = 0; level < 10 && at >= 0; ++level) {
        const Node& n = nodes_[static_cast<std::size_t>(at)];
        if (n.parent < 0) {
          break;
        }
        const std::string sig =
            std::string(n.node.Tag()) + "." + std::string(n.node.AttrOr("class").substr(0, 40));
        const std::pair<int, std::string> key{n.parent, sig};
        auto& cards = groups[key];
        if (std::find(cards.begin(), cards.end(), at) == cards.end()) {
          cards.push_back(at);
        }
        keys[r].push_back(key);
        at = n.parent;
      }
    }
    int best_plain = -1000;
    int best_grid = -1000;
    for (std::size_t r = 0; r < rated.size(); ++r) {
      bool in_grid = false;
      for (const auto& key : keys[r]) {
        const auto& cards = groups[key];
        if (cards.size() < 4) {
          continue;
        }
        // The card of this candidate under that container.
        bool title_inside = false;
        for (const int card : cards) {
          if (title >= 0 && IsAncestor(card, title) && IsAncestor(card, rated[r].index)) {
            title_inside = true;
          }
        }
        if (!title_inside) {
          in_grid = true;
          break;
        }
      }
      PriceCandidate& c = rated[r].candidate;
      if (in_grid) {
        c.score -= 5;
        c.note += ", -5 one of 4+ repeated cards";
        if (!c.is_list_price) {
          best_grid = std::max(best_grid, c.score);
        }
      } else if (!c.is_list_price) {
        best_plain = std::max(best_plain, c.score);
      }
    }
    out.listing = best_grid > -1000 && (best_plain == -1000 || (title < 0 && best_plain < 6));
    out.listing = out.listing || LinkedSiblingPrices(rated, title);
  }

  // The path of a link ("/item/kettle" for "/item/kettle?ref=x#top"): links that differ only
  // in their query or fragment (variants of one product) share it.
  static std::string_view LinkPath(std::string_view href) {
    return href.substr(0, href.find_first_of("?#"));
  }

  // The first link with an href inside element `index`, "" when none.
  std::string_view FirstLinkPath(int index) const {
    const int end = nodes_[static_cast<std::size_t>(index)].end;
    for (int i = index; i < end; ++i) {
      const HtmlNode node = nodes_[static_cast<std::size_t>(i)].node;
      if (node.Is("a")) {
        if (const auto href = node.Attr("href"); href && !LinkPath(*href).empty()) {
          return LinkPath(*href);
        }
      }
    }
    return {};
  }

  // A short listing: the best visible prices (3+ within two points of the best, at least two
  // of them different) each sit in their own sibling item of one container (same tag), every
  // item links to a different page, and the title is in none of them. Grids of 4+ styled
  // cards are caught by the repeated-card rule; this one needs no classes and few items.
  bool LinkedSiblingPrices(const std::vector<Rated>& rated, int title) const {
    int best = -1000;
    for (const Rated& r : rated) {
      if (!r.candidate.is_list_price) {
        best = std::max(best, r.candidate.score);
      }
    }
    std::vector<const Rated*> top;
    for (const Rated& r : rated) {
      if (!r.candidate.is_list_price && r.candidate.score >= best - 2) {
        top.push_back(&r);
      }
    }
    if (top.size() < 3) {
      return false;
    }
    int container = top.front()->index;
    for (const Rated* r : top) {
      while (container >= 0 && !IsAncestor(container, r->index)) {
        container = nodes_[static_cast<std::size_t>(container)].parent;
      }
    }
    if (container < 0) {
      return false;
    }
    std::vector<int> items;
    std::vector<std::string_view> links;
    bool different_prices = false;
    for (const Rated* r : top) {
      different_prices = different_prices || !(r->candidate.price == top.front()->candidate.price);
      int item = r->index;
      while (item >= 0 && nodes_[static_cast<std::size_t>(item)].parent != container) {
        item = nodes_[static_cast<std::size_t>(item)].parent;
      }
      if (item < 0 || item == container) {
        return false;
      }
      if (std::find(items.begin(), items.end(), item) != items.end()) {
        continue;
      }
      if (title >= 0 && IsAncestor(item, title)) {
        return false;
      }
      const std::string_view link = FirstLinkPath(item);
      if (link.empty() || std::find(links.begin(), links.end(), link) != links.end()) {
        return false;
      }
      if (!items.empty() && nodes_[static_cast<std::size_t>(items.front())].node.Tag() !=
                                nodes_[static_cast<std::size_t>(item)].node.Tag()) {
        return false;
      }
      items.push_back(item);
      links.push_back(link);
    }
    return items.size() >= 3 && different_prices;
  }

  // Up to `limit` bytes of text just before element `index` within its parent (a "Was" label).
  std::string PrecedingText(int index, std::size_t limit) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    if (n.parent < 0) {
      return {};
    }
    const Node& p = nodes_[static_cast<std::size_t>(n.parent)];
    std::string out;
    for (const auto& [kid, text] : p.children) {
      if (kid == index) {
        break;
      }
      if (kid < 0) {
        out.append(text);
      } else {
        const std::string t = Text(kid, 60);
        out.append(" ");
        out.append(t);
      }
    }
    out = CollapseSpace(out);
    return out.size() > limit ? out.substr(out.size() - limit) : out;
  }

  // Whether the page offers the product for sale where a shopper sees it: an enabled buy /
  // add-to-cart button or link (by its words, or by class / id / name such as "add-to-cart",
  // "btn-buy"), or a form posting to a cart, outside related products and site chrome.
  bool HasBuyControl() const {
    static constexpr std::array<std::string_view, 13> kMoreBuyWords = {
        "buy it now", "kaufen",  "acheter", "köp",      "kup teraz", "koupit", "compra",
        "kúpiť",      "košaric", "kosaric", "立即購買", "購買",      "add to"};
    static constexpr std::array<std::string_view, 8> kCartTokens = {
        "cart", "basket", "bag", "trolley", "korb", "panier", "carrito", "carrello"};
    for (const Node& n : nodes_) {
      if (n.noise) {
        continue;
      }
      const HtmlNode node = n.node;
      const bool form = node.Is("form");
      const std::string type = LowerAscii(node.AttrOr("type"));
      // A quantity box: <input name="qty">, <input type="number" name="quantity">.
      if (node.Is("input") && type != "hidden") {
        const std::string name = LowerAscii(node.AttrOr("name").substr(0, 60));
        if (name == "qty" || name == "quantity" || ContainsText(name, "[qty]") ||
            ContainsText(name, "[quantity]")) {
          return true;
        }
      }
      const bool control =
          node.Is("button") || node.Is("a") ||
          (node.Is("input") && (type == "submit" || type == "button" || type == "image")) ||
          node.AttrOr("role") == "button";
      if (!form && !control) {
        continue;
      }
      if ((n.skipped && !node.Is("button")) || node.HasAttr("disabled")) {
        continue;
      }
      if (form) {
        const std::string action = LowerAscii(node.AttrOr("action").substr(0, 200));
        if (ContainsText(action, "cart") || ContainsText(action, "basket") ||
            ContainsText(action, "korb") || ContainsText(action, "panier") ||
            ContainsText(action, "carrito") || ContainsText(action, "checkout") ||
            ContainsText(action, "buy") || ContainsText(action, "kupi")) {
          return true;
        }
        continue;
      }
      // "add-to-cart", "btn-buy", "button-cart", "addToBasket": by class, id or name.
      std::string markers = ClassAndId(node);
      markers += ' ';
      markers += node.AttrOr("name").substr(0, 100);
      const std::vector<std::string> tokens = Tokens(markers);
      auto has = [&](std::string_view t) {
        return std::find(tokens.begin(), tokens.end(), t) != tokens.end();
      };
      const bool cart = TokenIsAny(tokens, kCartTokens);
      // (An auction's bid button offers the item as well.)
      const std::string cta = LowerAscii(node.AttrOr("data-cta").substr(0, 40));
      if (has("buy") || has("buynow") || has("addtocart") || (has("add") && cart) ||
          has("placebid") || cta == "placebid" || ((has("button") || has("btn")) && cart)) {
        return true;
      }
      // <a href="javascript:addToCart(...)">
      const std::string href = LowerAscii(node.AttrOr("href").substr(0, 200));
      if (href.rfind("javascript:", 0) == 0 &&
          (ContainsText(href, "buy") || ContainsText(href, "cart") ||
           ContainsText(href, "basket"))) {
        return true;
      }
      std::string words = CollapseSpace(node.Text().substr(0, 200));
      if (words.empty()) {
        words = CollapseSpace(node.AttrOr("value").substr(0, 200));
      }
      words += ' ';
      words += node.AttrOr("aria-label").substr(0, 100);
      words += ' ';
      words += node.AttrOr("title").substr(0, 100);
      const std::string lower = LowerAscii(words);
      if (lower.size() < 80 &&
          (ContainsAny(lower, kAddToCart) || ContainsAny(lower, kMoreBuyWords))) {
        return true;
      }
    }
    return false;
  }

  // What decided the page's availability, and how it reads in `extract`.
  struct StockReading {
    Availability availability = Availability::kUnknown;
    std::string note;  // "text 'auf lager' (de) line 12", "text buy button line 30", ""
  };

  // Stock messages and buy buttons in the product's part of the page: outside noise, and (when
  // there is a title) within a few levels of the title's box. The host's own phrases decide
  // first; then an out-of-stock message without a buy button, a preorder or back-order message,
  // an in-stock message, a buy button, an out-of-stock message beside a buy button (shops print
  // one for a sold-out variant). Nothing of these: unknown.
  StockReading ReadAvailability(int title, const StockTextOverrides& stock_text) const {
    StockReading host_out;
    StockReading host_in;
    StockReading out_of_stock;
    StockReading preorder;
    StockReading in_stock;
    StockReading buy_button;
    auto first = [](StockReading& slot, Availability a, std::string note) {
      if (slot.availability == Availability::kUnknown) {
        slot = {a, std::move(note)};
      }
    };
    std::size_t begin = 0;
    std::size_t end = nodes_.size();
    if (title >= 0) {
      int scope = title;
      for (int level = 0; level < 8 && nodes_[static_cast<std::size_t>(scope)].parent >= 0;
           ++level) {
        scope = nodes_[static_cast<std::size_t>(scope)].parent;
      }
      begin = static_cast<std::size_t>(scope);
      end = static_cast<std::size_t>(nodes_[begin].end);
    }
    for (std::size_t i = begin; i < end; ++i) {
      const Node& n = nodes_[i];
      const std::string t = StockMessage(i);
      const std::string lower = LowerAscii(t);
      if (lower.empty()) {
        continue;
      }
      const std::string line = " line " + std::to_string(n.node.SourceLine());
      const bool button = n.node.Is("button") || n.node.Is("input");
      if ((button || n.node.Is("a")) && ContainsAny(lower, kAddToCart) &&
          !n.node.HasAttr("disabled")) {
        first(buy_button, Availability::kInStock, "text buy button" + line);
      }
      if (ContainsAny(lower, kNotifyWords)) {
        continue;
      }
      const StockPhraseMatch m = MatchStockPhrase(t, stock_text);
      if (m.per_host) {
        const bool in = m.availability == Availability::kInStock;
        first(in ? host_in : host_out, m.availability,
              std::string("text per-host ") + (in ? "in_stock_text" : "out_of_stock_text") + " '" +
                  m.phrase + "'" + line);
        continue;
      }
      // A long text that mentions stock is a description, not a stock message; a preorder
      // phrase inside a sentence ("Pre order horrendously late", a review) is not one either.
      if (m.availability == Availability::kUnknown ||
          (m.availability != Availability::kOutOfStock && lower.size() >= 60) ||
          (m.availability == Availability::kPreorder && !IsStatement(t, m.phrase))) {
        continue;
      }
      std::string note = "text '" + m.phrase + "' (" + m.language + ")" + line;
      first(m.availability == Availability::kOutOfStock ? out_of_stock
            : m.availability == Availability::kPreorder ? preorder
                                                        : in_stock,
            m.availability, std::move(note));
    }
    const bool buy = buy_button.availability != Availability::kUnknown;
    for (const StockReading* r : {&host_out, &host_in, buy ? nullptr : &out_of_stock, &preorder,
                                  &in_stock, &buy_button, &out_of_stock}) {
      if (r != nullptr && r->availability != Availability::kUnknown) {
        return *r;
      }
    }
    return {};
  }

  // Whether `phrase` (folded, found in `message`) reads as a statement of its own: it ends its
  // clause, or it is at least a third of the message ("Pre-order now").
  static bool IsStatement(std::string_view message, std::string_view phrase) {
    const std::string folded = FoldStockText(message);
    const std::size_t at = folded.find(phrase);
    if (at == std::string::npos) {
      return false;
    }
    const std::string_view after = Trim(std::string_view(folded).substr(at + phrase.size()));
    return after.empty() ||
           std::string_view(".,;:!?|()-").find(after.front()) != std::string_view::npos ||
           phrase.size() * 3 >= folded.size();
  }

  // The text of element `index` when it may be a stock message or a button's label: outside
  // noise, visible (a hidden button still counts), with text of its own or a button. "" else.
  std::string StockMessage(std::size_t index) const {
    const Node& n = nodes_[index];
    if (n.noise) {
      return {};
    }
    const bool button = n.node.Is("button") ||
                        (n.node.Is("input") && (LowerAscii(n.node.AttrOr("type")) == "submit" ||
                                                LowerAscii(n.node.AttrOr("type")) == "button"));
    if (n.skipped && !button) {
      return {};
    }
    bool has_text_child = false;
    for (const auto& [kid, text] : n.children) {
      if (kid < 0 && !IsBlank(text)) {
        has_text_child = true;
      }
    }
    if (!has_text_child && !button) {
      return {};
    }
    std::string t = button ? CollapseSpace(n.node.Text()) : Text(static_cast<int>(index), 80);
    if (button && t.empty()) {
      t = CollapseSpace(n.node.AttrOr("value"));
    }
    return t;
  }

  const PageHints& hints_;
  std::string page_title_;  // <title> and og:title, lowercase
  std::vector<Node> nodes_;
  std::vector<std::pair<int, std::string_view>> pending_text_;  // (owner element, text)
  std::vector<std::pair<int, std::string>> attribute_prices_;   // (element, data-price value)
  std::vector<std::pair<int, std::string>> aria_prices_;        // (element, aria-label text)
};

}  // namespace

ExtractedFields ExtractVisibleText(const HtmlDocument& doc, const PageHints& hints,
                                   const StockTextOverrides& stock_text) {
  Page page(doc, hints);
  return page.Extract(stock_text);
}

}  // namespace pricecrawl::crawler
