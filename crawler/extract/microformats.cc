#include "crawler/extract/microformats.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/list_price_context.h"
#include "crawler/extract/property_text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

std::vector<std::string_view> ClassTokens(HtmlNode node) {
  std::vector<std::string_view> tokens;
  const std::string_view text = node.AttrOr("class");
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && IsHtmlSpace(text[at])) {
      ++at;
    }
    std::size_t stop = at;
    while (stop < text.size() && !IsHtmlSpace(text[stop])) {
      ++stop;
    }
    if (stop > at) {
      tokens.push_back(text.substr(at, stop - at));
    }
    at = stop;
  }
  return tokens;
}

// The part of a class name after its prefix when it is a microformats2 name: lowercase
// letters and digits in hyphen-separated words ("product", "review-aggregate"); "" otherwise.
std::string_view Mf2Name(std::string_view token, std::string_view prefix) {
  if (token.size() <= prefix.size() || token.substr(0, prefix.size()) != prefix) {
    return {};
  }
  const std::string_view name = token.substr(prefix.size());
  if (name.front() == '-' || name.back() == '-') {
    return {};
  }
  for (const char c : name) {
    if (!IsAsciiLower(c) && !IsAsciiDigit(c) && c != '-') {
      return {};
    }
  }
  return name;
}

// Classic root class names and the microformats2 types they stand for (microformats2
// parsing, "backward compatibility").
std::string_view ClassicRootType(std::string_view token) {
  static const std::map<std::string_view, std::string_view> roots = {
      {"hproduct", "product"}, {"vcard", "card"},
      {"hreview", "review"},   {"hreview-aggregate", "review-aggregate"},
      {"hentry", "entry"},     {"adr", "adr"},
  };
  const auto it = roots.find(token);
  return it == roots.end() ? std::string_view() : it->second;
}

struct PropertyName {
  char kind = 'p';  // 'p', 'u', 'e' or 'd' (dt-)
  std::string name;
};

// A classic property class of a classic root of `type`, as its microformats2 property
// (the backward-compatibility table of each vocabulary's wiki page).
std::optional<PropertyName> ClassicProperty(std::string_view type, std::string_view token) {
  using Table = std::map<std::string_view, PropertyName, std::less<>>;
  static const Table product_names = {
      {"fn", {'p', "name"}},
      {"photo", {'u', "photo"}},
      {"brand", {'p', "brand"}},
      {"category", {'p', "category"}},
      {"description", {'p', "description"}},
      {"identifier", {'u', "identifier"}},
      {"url", {'u', "url"}},
      {"review", {'p', "review"}},
      {"listing", {'p', "listing"}},
      {"price", {'p', "price"}},
  };
  static const Table card_names = {
      {"fn", {'p', "name"}},     {"org", {'p', "org"}},           {"url", {'u', "url"}},
      {"photo", {'u', "photo"}}, {"nickname", {'p', "nickname"}},
  };
  static const Table review_names = {
      {"summary", {'p', "name"}},    {"item", {'p', "item"}},           {"rating", {'p', "rating"}},
      {"reviewer", {'p', "author"}}, {"description", {'e', "content"}},
  };
  static const Table entry_names = {
      {"entry-title", {'p', "name"}},
      {"entry-summary", {'p', "summary"}},
      {"entry-content", {'e', "content"}},
  };
  const Table* table = type == "product"  ? &product_names
                       : type == "card"   ? &card_names
                       : type == "review" ? &review_names
                       : type == "entry"  ? &entry_names
                                          : nullptr;
  if (table == nullptr) {
    return std::nullopt;
  }
  const auto it = table->find(token);
  return it == table->end() ? std::nullopt : std::optional<PropertyName>(it->second);
}

std::vector<PropertyName> Mf2Properties(HtmlNode node) {
  std::vector<PropertyName> names;
  for (const std::string_view token : ClassTokens(node)) {
    for (const auto& [prefix, kind] :
         {std::pair<std::string_view, char>{"p-", 'p'}, {"u-", 'u'}, {"e-", 'e'}, {"dt-", 'd'}}) {
      if (const std::string_view name = Mf2Name(token, prefix); !name.empty()) {
        names.push_back({kind, std::string(name)});
      }
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Roots and their properties.

struct Property {
  PropertyName name;
  HtmlNode element;
  int nested = -1;  // the root this property's value is, or -1
};

struct Root {
  std::vector<std::string> types;  // "product", "card" (without "h-")
  HtmlNode element;
  bool classic = false;     // found by a classic class name (hproduct): classic properties only
  bool has_nested = false;  // another root is inside it (as a property value or a child)
  std::vector<Property> properties;
};

bool HasType(const Root& root, std::string_view type) {
  for (const std::string& t : root.types) {
    if (t == type) {
      return true;
    }
  }
  return false;
}

// The root types of `node`: its h-* classes, else its classic root classes.
std::pair<std::vector<std::string>, bool> RootTypes(HtmlNode node) {
  std::vector<std::string> types;
  const std::vector<std::string_view> tokens = ClassTokens(node);
  for (const std::string_view token : tokens) {
    if (const std::string_view name = Mf2Name(token, "h-"); !name.empty()) {
      types.emplace_back(name);
    }
  }
  if (!types.empty()) {
    return {std::move(types), false};
  }
  for (const std::string_view token : tokens) {
    if (const std::string_view type = ClassicRootType(token); !type.empty()) {
      types.emplace_back(type);
    }
  }
  return {std::move(types), !types.empty()};
}

// The properties `node` is of the root `parent`.
std::vector<PropertyName> PropertiesOf(HtmlNode node, const Root& parent) {
  if (!parent.classic) {
    return Mf2Properties(node);
  }
  std::vector<PropertyName> names;
  for (const std::string_view token : ClassTokens(node)) {
    for (const std::string& type : parent.types) {
      if (auto p = ClassicProperty(type, token)) {
        names.push_back(std::move(*p));
      }
    }
  }
  return names;
}

std::vector<Root> ParseRoots(const HtmlDocument& doc) {
  std::vector<Root> roots;
  std::vector<std::pair<HtmlNode, int>> open;  // ancestors and the root each is inside
  doc.ForEachElement([&](HtmlNode node) {
    const HtmlNode parent = node.Parent();
    while (!open.empty() && open.back().first != parent) {
      open.pop_back();
    }
    const int owner = open.empty() ? -1 : open.back().second;
    auto [types, classic] = RootTypes(node);
    int here = owner;
    int nested = -1;
    if (!types.empty()) {
      if (owner >= 0) {
        roots[static_cast<std::size_t>(owner)].has_nested = true;
      }
      roots.push_back({std::move(types), node, classic, false, {}});
      here = static_cast<int>(roots.size()) - 1;
      nested = here;
    }
    if (owner >= 0) {
      for (PropertyName& name : PropertiesOf(node, roots[static_cast<std::size_t>(owner)])) {
        roots[static_cast<std::size_t>(owner)].properties.push_back(
            {std::move(name), node, nested});
      }
    }
    open.emplace_back(node, here);
  });
  return roots;
}

// ---------------------------------------------------------------------------------------------
// Property values (microformats2 parsing: "parsing a p- property", "parsing a u- property",
// "value class pattern").

struct PropertyValue {
  std::string text;
  bool machine = false;  // from an attribute meant for machines (data value, title)
};

// The element text one page may have read: nested properties each hold the text of those
// inside them, so reading every one in full would cost the page's size times its depth.
class TextBudget {
 public:
  explicit TextBudget(std::size_t page_size) : left_(kPerPageByte * page_size + kSlack) {}

  // The element's text (HtmlNode::Text), or "" once the budget is spent.
  std::string Text(HtmlNode node) {
    if (left_ == 0) {
      return {};
    }
    std::string text = PropertyText(node);
    left_ -= std::min(left_, text.size());
    return text;
  }

 private:
  static constexpr std::size_t kPerPageByte = 4;
  static constexpr std::size_t kSlack = 1 << 16;
  std::size_t left_;
};

bool IsPropertyOrRoot(HtmlNode node) {
  for (const std::string_view token : ClassTokens(node)) {
    if (!Mf2Name(token, "h-").empty() || !Mf2Name(token, "p-").empty() ||
        !Mf2Name(token, "u-").empty() || !Mf2Name(token, "e-").empty() ||
        !Mf2Name(token, "dt-").empty() || !ClassicRootType(token).empty()) {
      return true;
    }
  }
  return false;
}

// The value-class pattern: the concatenated values of the `value` / `value-title` elements
// below `node` that are not inside another property; nullopt when there are none.
std::optional<PropertyValue> ValueClass(HtmlNode node, TextBudget& budget) {
  std::optional<PropertyValue> result;
  std::vector<HtmlNode> pending = node.ElementChildren();
  std::reverse(pending.begin(), pending.end());
  while (!pending.empty()) {
    const HtmlNode at = pending.back();
    pending.pop_back();
    if (at.HasClass("value-title")) {
      if (!result) {
        result.emplace();
      }
      result->text += CollapseSpace(at.AttrOr("title"));
      result->machine = true;
      continue;
    }
    if (at.HasClass("value")) {
      if (!result) {
        result.emplace();
      }
      if ((at.Is("img") || at.Is("area")) && at.HasAttr("alt")) {
        result->text += CollapseSpace(at.AttrOr("alt"));
      } else if (at.Is("data") && at.HasAttr("value")) {
        result->text += CollapseSpace(at.AttrOr("value"));
        result->machine = true;
      } else if (at.Is("abbr") && at.HasAttr("title")) {
        result->text += CollapseSpace(at.AttrOr("title"));
        result->machine = true;
      } else {
        result->text += budget.Text(at);
      }
      continue;
    }
    if (IsPropertyOrRoot(at)) {
      continue;
    }
    std::vector<HtmlNode> children = at.ElementChildren();
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return result;
}

PropertyValue TextValue(HtmlNode node, TextBudget& budget) {
  if (auto v = ValueClass(node, budget)) {
    return *v;
  }
  if ((node.Is("abbr") || node.Is("link")) && node.HasAttr("title")) {
    return {CollapseSpace(node.AttrOr("title")), true};
  }
  if ((node.Is("data") || node.Is("input")) && node.HasAttr("value")) {
    return {CollapseSpace(node.AttrOr("value")), true};
  }
  if ((node.Is("img") || node.Is("area")) && node.HasAttr("alt")) {
    return {CollapseSpace(node.AttrOr("alt")), false};
  }
  return {budget.Text(node), false};
}

PropertyValue UrlValue(HtmlNode node, TextBudget& budget) {
  const char* attr = nullptr;
  if (node.Is("a") || node.Is("area") || node.Is("link")) {
    attr = "href";
  } else if (node.Is("img") || node.Is("audio") || node.Is("source") || node.Is("iframe")) {
    attr = "src";
  } else if (node.Is("video")) {
    attr = node.HasAttr("poster") ? "poster" : "src";
  } else if (node.Is("object")) {
    attr = "data";
  }
  if (attr != nullptr && node.HasAttr(attr)) {
    return {std::string(Trim(node.AttrOr(attr), kHtmlSpace)), true};
  }
  return TextValue(node, budget);
}

// ---------------------------------------------------------------------------------------------
// h-product roots.

class MicroformatsReader {
 public:
  MicroformatsReader(const std::vector<Root>& roots, std::size_t page_size, const PageHints& hints,
                     ExtractedFields& out)
      : roots_(roots), budget_(page_size), hints_(hints), out_(out) {}

  void ReadPage() {
    for (const Root& root : roots_) {
      if (HasType(root, "product")) {
        ReadProduct(root);
      }
    }
  }

 private:
  static const Property* First(const Root& root, std::string_view name) {
    for (const Property& p : root.properties) {
      if (p.name.name == name) {
        return &p;
      }
    }
    return nullptr;
  }

  // A property's value: a nested root's name, a u- property's URL, else its text.
  std::string Value(const Property& p) {
    if (p.nested >= 0) {
      return Name(roots_[static_cast<std::size_t>(p.nested)]);
    }
    return p.name.kind == 'u' ? UrlValue(p.element, budget_).text
                              : TextValue(p.element, budget_).text;
  }

  // The explicit p-name, else the implied name (microformats2 parsing, "parsing for implied
  // properties"), which a root with other p- or e- properties or nested roots does not have.
  std::string Name(const Root& root) {
    if (const Property* name = First(root, "name")) {
      return TextValue(name->element, budget_).text;
    }
    if (root.classic || root.has_nested) {
      return {};
    }
    for (const Property& p : root.properties) {
      if (p.name.kind == 'p' || p.name.kind == 'e' || p.nested >= 0) {
        return {};
      }
    }
    const HtmlNode node = root.element;
    auto implied = [](HtmlNode n) -> std::optional<std::string> {
      if ((n.Is("img") || n.Is("area")) && n.HasAttr("alt")) {
        return CollapseSpace(n.AttrOr("alt"));
      }
      if (n.Is("abbr") && n.HasAttr("title")) {
        return CollapseSpace(n.AttrOr("title"));
      }
      return std::nullopt;
    };
    if (auto name = implied(node)) {
      return *name;
    }
    const std::vector<HtmlNode> children = node.ElementChildren();
    if (children.size() == 1 && !IsPropertyOrRoot(children.front())) {
      if (auto name = implied(children.front())) {
        return *name;
      }
    }
    return budget_.Text(node);
  }

  void ReadProduct(const Root& product) {
    std::string name = Name(product);
    std::string sku;
    std::string url;
    for (const Property& p : product.properties) {
      if (p.name.name == "identifier" && sku.empty()) {
        sku = Value(p);
      } else if (p.name.name == "url" && url.empty()) {
        url = Value(p);
      } else if (p.name.name == "brand" && out_.brand.empty()) {
        out_.brand = Value(p);
      }
    }
    if (out_.sku.empty()) {
      out_.sku = sku;
    }
    if (names_.insert(name).second) {
      ++out_.product_count;
    }
    for (const Property& p : product.properties) {
      if (p.name.name == "price" && p.nested < 0) {
        AddPrice(p, sku, url, product.classic);
      }
    }
    if (out_.title.empty()) {
      out_.title = std::move(name);
    }
  }

  void AddPrice(const Property& p, const std::string& sku, const std::string& url, bool classic) {
    const PropertyValue value =
        p.name.kind == 'u' ? UrlValue(p.element, budget_) : TextValue(p.element, budget_);
    const std::string display = budget_.Text(p.element);
    const std::string currency = NormalizeCurrency(FindCurrencySymbol(value.text, display), hints_);
    std::optional<Decimal> amount;
    if (value.machine) {
      amount = ParseStructuredAmount(value.text, currency, hints_);
    } else {
      amount = ParsePrice(value.text, currency).amount;
    }
    if (!amount || amount->IsNegative()) {
      return;
    }
    PriceCandidate c;
    c.source = "microformats";
    c.price = *amount;
    c.currency = currency;
    c.sku = sku;
    c.item_url = url;
    c.where = "line " + std::to_string(p.element.SourceLine()) + " <" +
              std::string(p.element.Tag()) + " class=" + std::string(p.element.AttrOr("class")) +
              ">";
    c.note = classic ? "hproduct price" : "h-product p-price";
    if (value.machine) {
      c.note += " (value-class pattern)";
    }
    c.is_list_price = InListPriceContext(p.element);
    if (c.is_list_price) {
      c.note += "; struck out or marked as an old price";
    }
    out_.candidates.push_back(std::move(c));
  }

  const std::vector<Root>& roots_;
  TextBudget budget_;
  const PageHints& hints_;
  ExtractedFields& out_;
  std::set<std::string> names_;
};

}  // namespace

ExtractedFields ExtractMicroformats(const HtmlDocument& doc, const PageHints& hints) {
  ExtractedFields out;
  const std::vector<Root> roots = ParseRoots(doc);
  MicroformatsReader reader(roots, doc.Source().size(), hints, out);
  reader.ReadPage();
  return out;
}

}  // namespace pricecrawl::crawler
