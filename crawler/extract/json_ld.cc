#include "crawler/extract/json_ld.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crawler/base/text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

using Json = nlohmann::json;

// The schema.org type name without a vocabulary prefix ("schema:Product", "http://schema.org/
// Product" -> "Product").
std::string_view BareType(std::string_view type) {
  const auto cut = type.find_last_of("/:#");
  return cut == std::string_view::npos ? type : type.substr(cut + 1);
}

bool HasType(const Json& node, std::initializer_list<std::string_view> names) {
  const auto it = node.find("@type");
  if (it == node.end()) {
    return false;
  }
  auto matches = [&](const Json& t) {
    if (!t.is_string()) {
      return false;
    }
    const std::string_view bare = BareType(t.get_ref<const std::string&>());
    for (const auto n : names) {
      if (AsciiEqualsIgnoreCase(bare, n)) {
        return true;
      }
    }
    return false;
  };
  if (it->is_array()) {
    for (const auto& t : *it) {
      if (matches(t)) {
        return true;
      }
    }
    return false;
  }
  return matches(*it);
}

bool IsProductNode(const Json& node) {
  return HasType(node, {"Product", "IndividualProduct", "ProductModel", "ProductGroup",
                        "SomeProducts", "Vehicle", "Car", "Motorcycle"});
}

// A scalar as text: strings as they are, integers in their digits. Fractional numbers never
// reach here as numbers: ParseBlock turns them into strings before parsing (no double).
std::string ScalarText(const Json& v) {
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_number_integer() || v.is_number_unsigned()) {
    return v.dump();
  }
  if (v.is_object()) {
    for (const char* key : {"@value", "value", "name", "@id"}) {
      const auto it = v.find(key);
      if (it != v.end() && !it->is_object() && !it->is_array()) {
        return ScalarText(*it);
      }
    }
  }
  if (v.is_array() && !v.empty()) {
    return ScalarText(v.front());
  }
  return {};
}

std::string Field(const Json& node, std::string_view key) {
  const auto it = node.find(key);
  if (it == node.end() || it->is_null()) {
    return {};
  }
  return CollapseSpace(ScalarText(*it));
}

// Rewrites JSON number literals that have a fraction or exponent into strings, so that prices
// never pass through a double ("price": 12.99 -> "price": "12.99"). Strings are copied as they
// are; raw control characters inside strings become spaces (a common breakage).
std::string QuoteFloats(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(c);
        out.push_back(text[++i]);
        continue;
      }
      if (c == '"') {
        in_string = false;
      }
      out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
      continue;
    }
    if (c == '"') {
      in_string = true;
      out.push_back(c);
      continue;
    }
    const bool starts_number =
        IsAsciiDigit(c) || (c == '-' && i + 1 < text.size() && IsAsciiDigit(text[i + 1]));
    if (starts_number) {
      std::size_t j = i + 1;
      bool is_float = false;
      while (j < text.size()) {
        const char d = text[j];
        if (d == '.' || d == 'e' || d == 'E') {
          is_float = true;
        } else if (!(IsAsciiDigit(d) || d == '+' || d == '-')) {
          break;
        }
        ++j;
      }
      const std::string_view literal = text.substr(i, j - i);
      if (is_float) {
        out.push_back('"');
        out.append(literal);
        out.push_back('"');
      } else {
        out.append(literal);
      }
      i = j - 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Removes commas directly before '}' or ']' outside strings.
std::string DropTrailingCommas(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(c);
        out.push_back(text[++i]);
        continue;
      }
      in_string = c != '"';
      out.push_back(c);
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == ',') {
      std::size_t j = i + 1;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) {
        ++j;
      }
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) {
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string_view TrimWrappers(std::string_view s) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && static_cast<unsigned char>(v.front()) <= ' ') {
      v.remove_prefix(1);
    }
    while (!v.empty() && static_cast<unsigned char>(v.back()) <= ' ') {
      v.remove_suffix(1);
    }
    return v;
  };
  s = trim(s);
  for (std::string_view prefix : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s = trim(s.substr(prefix.size()));
    }
  }
  for (std::string_view suffix : {"-->", "//]]>", "]]>"}) {
    if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s = trim(s.substr(0, s.size() - suffix.size()));
    }
  }
  while (!s.empty() && s.back() == ';') {
    s = trim(s.substr(0, s.size() - 1));
  }
  return s;
}

Json ParseBlock(std::string_view raw) {
  const std::string quoted = QuoteFloats(TrimWrappers(raw));
  Json parsed = Json::parse(quoted, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (!parsed.is_discarded()) {
    return parsed;
  }
  parsed = Json::parse(DropTrailingCommas(quoted), nullptr, false, true);
  if (!parsed.is_discarded()) {
    return parsed;
  }
  // Several objects written one after another without an enclosing array.
  parsed = Json::parse("[" + DropTrailingCommas(quoted) + "]", nullptr, false, true);
  return parsed;
}

class JsonLdWalker {
 public:
  JsonLdWalker(const PageHints& hints, ExtractedFields& out) : hints_(hints), out_(out) {}

  void WalkBlock(const Json& root, int block) {
    block_ = block;
    // Iterative search for Product nodes; products are not searched for inside products
    // (isRelatedTo, isSimilarTo) except through hasVariant.
    std::vector<std::pair<const Json*, std::string>> stack{{&root, ""}};
    while (!stack.empty()) {
      auto [node, path] = stack.back();
      stack.pop_back();
      if (node->is_array()) {
        for (std::size_t i = node->size(); i-- > 0;) {
          stack.emplace_back(&(*node)[i], path + "[" + std::to_string(i) + "]");
        }
        continue;
      }
      if (!node->is_object()) {
        continue;
      }
      if (HasType(*node, {"ItemList", "OfferCatalog", "CollectionPage", "SearchResultsPage"})) {
        CountListItems(*node);
      }
      if (IsProductNode(*node)) {
        VisitProduct(*node, path.empty() ? "Product" : path);
        const auto variants = node->find("hasVariant");
        if (variants != node->end()) {
          stack.emplace_back(&*variants, path + ".hasVariant");
        }
        continue;
      }
      for (auto it = node->begin(); it != node->end(); ++it) {
        if (it.value().is_object() || it.value().is_array()) {
          stack.emplace_back(&it.value(), path.empty() ? it.key() : path + "." + it.key());
        }
      }
    }
  }

 private:
  void CountListItems(const Json& list) {
    const auto items = list.find("itemListElement");
    if (items == list.end() || !items->is_array()) {
      return;
    }
    int products = 0;
    for (const auto& item : *items) {
      if (!item.is_object()) {
        continue;
      }
      const auto inner = item.find("item");
      if (IsProductNode(item) ||
          (inner != item.end() && inner->is_object() && IsProductNode(*inner))) {
        ++products;
      }
    }
    if (products >= 2) {
      out_.listing = true;
    }
  }

  void VisitProduct(const Json& product, const std::string& path) {
    const std::string name = Field(product, "name");
    if (names_.insert(name).second) {
      ++out_.product_count;
    }
    if (out_.title.empty()) {
      out_.title = name;
    }
    if (out_.sku.empty()) {
      out_.sku = Field(product, "sku");
    }
    if (out_.gtin.empty()) {
      for (const char* key : {"gtin13", "gtin", "gtin12", "gtin14", "gtin8", "ean"}) {
        out_.gtin = Field(product, key);
        if (!out_.gtin.empty()) {
          break;
        }
      }
    }
    if (out_.brand.empty()) {
      const auto brand = product.find("brand");
      if (brand != product.end()) {
        out_.brand = CollapseSpace(ScalarText(*brand));
      }
    }
    const auto offers = product.find("offers");
    if (offers != product.end()) {
      VisitOffers(*offers, path + ".offers", 0);
    }
    // Non-standard but common: price on the product itself.
    if (product.contains("price")) {
      AddPrice(product, "price", Field(product, "priceCurrency"), path, false);
    }
  }

  void VisitOffers(const Json& offers, const std::string& path, int depth) {
    if (depth > 4) {
      return;
    }
    if (offers.is_array()) {
      for (std::size_t i = 0; i < offers.size(); ++i) {
        VisitOffers(offers[i], path + "[" + std::to_string(i) + "]", depth + 1);
      }
      return;
    }
    if (!offers.is_object()) {
      return;
    }
    const std::string currency = Field(offers, "priceCurrency");
    const Availability availability = ParseAvailability(Field(offers, "availability"));
    if (availability != Availability::kUnknown &&
        (out_.availability == Availability::kUnknown ||
         (availability == Availability::kInStock && out_.availability != Availability::kInStock))) {
      out_.availability = availability;
    }
    bool found = false;
    if (offers.contains("price")) {
      found = AddPrice(offers, "price", currency, path, false);
    }
    if (!found && offers.contains("lowPrice")) {
      found = AddPrice(offers, "lowPrice", currency, path, false);
    }
    const auto spec = offers.find("priceSpecification");
    if (spec != offers.end()) {
      VisitSpecification(*spec, currency, path + ".priceSpecification");
    }
    const auto nested = offers.find("offers");
    if (nested != offers.end()) {
      VisitOffers(*nested, path + ".offers", depth + 1);
    }
  }

  void VisitSpecification(const Json& spec, const std::string& currency, const std::string& path) {
    if (spec.is_array()) {
      for (std::size_t i = 0; i < spec.size(); ++i) {
        VisitSpecification(spec[i], currency, path + "[" + std::to_string(i) + "]");
      }
      return;
    }
    if (!spec.is_object() || !spec.contains("price")) {
      return;
    }
    const std::string type = Field(spec, "priceType");
    const bool list = type.find("ListPrice") != std::string::npos ||
                      type.find("Strikethrough") != std::string::npos ||
                      type.find("MSRP") != std::string::npos;
    std::string spec_currency = Field(spec, "priceCurrency");
    if (spec_currency.empty()) {
      spec_currency = currency;
    }
    AddPrice(spec, "price", spec_currency, path, list);
  }

  bool AddPrice(const Json& node, const char* key, const std::string& currency_text,
                const std::string& path, bool list_price) {
    const std::string text = Field(node, key);
    const std::string currency = NormalizeCurrency(currency_text, hints_);
    const auto amount = ParseStructuredAmount(text, currency, hints_);
    if (!amount) {
      return false;
    }
    PriceCandidate c;
    c.price = *amount;
    c.currency = currency;
    c.source = "json-ld";
    c.where = "json-ld #" + std::to_string(block_) + " " + path + "." + key;
    c.is_list_price = list_price;
    out_.candidates.push_back(std::move(c));
    return true;
  }

  const PageHints& hints_;
  ExtractedFields& out_;
  int block_ = 0;
  std::set<std::string> names_;
};

}  // namespace

ExtractedFields ExtractJsonLd(const HtmlDocument& doc, const PageHints& hints) {
  ExtractedFields out;
  JsonLdWalker walker(hints, out);
  int block = 0;
  doc.ForEachElement([&](HtmlNode node) {
    if (!node.Is("script")) {
      return;
    }
    const std::string type = CollapseSpace(node.AttrOr("type"));
    if (!AsciiEqualsIgnoreCase(type.substr(0, type.find(';')), "application/ld+json")) {
      return;
    }
    ++block;
    const Json parsed = ParseBlock(node.RawText());
    if (parsed.is_discarded()) {
      return;
    }
    walker.WalkBlock(parsed, block);
  });
  return out;
}

}  // namespace pricecrawl::crawler
