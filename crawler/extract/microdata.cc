#include "crawler/extract/microdata.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

std::string_view TypeName(HtmlNode item) {
  std::string_view type = item.AttrOr("itemtype");
  while (!type.empty() && (type.back() == '/' || type.back() == ' ')) {
    type.remove_suffix(1);
  }
  const auto cut = type.find_last_of("/#");
  return cut == std::string_view::npos ? type : type.substr(cut + 1);
}

bool IsProductItem(HtmlNode node) {
  if (!node.HasAttr("itemscope")) {
    return false;
  }
  const std::string_view t = TypeName(node);
  return t == "Product" || t == "IndividualProduct" || t == "ProductModel" || t == "ProductGroup" ||
         t == "SomeProducts" || t == "Vehicle" || t == "Car";
}

bool IsOfferItem(HtmlNode node) {
  if (!node.HasAttr("itemscope")) {
    return false;
  }
  const std::string_view t = TypeName(node);
  return t == "Offer" || t == "AggregateOffer";
}

// The item's own properties: descendants with itemprop, not looking inside nested items (a
// nested item is itself a property when it carries itemprop).
std::vector<HtmlNode> Properties(HtmlNode item) {
  std::vector<HtmlNode> props;
  item.Walk([&](HtmlNode node) {
    if (node == item) {
      return WalkControl::kContinue;
    }
    if (node.HasAttr("itemprop")) {
      props.push_back(node);
    }
    return node.HasAttr("itemscope") ? WalkControl::kSkipChildren : WalkControl::kContinue;
  });
  return props;
}

// §5.2.4 property value, with the content attribute first on every element (shops put it on
// spans).
std::string PropertyValue(HtmlNode node) {
  if (const auto content = node.Attr("content")) {
    return CollapseSpace(*content);
  }
  const std::string_view tag = node.Tag();
  if (tag == "a" || tag == "link" || tag == "area") {
    if (const auto href = node.Attr("href")) {
      return CollapseSpace(*href);
    }
  }
  if (tag == "img" || tag == "audio" || tag == "video" || tag == "source") {
    return CollapseSpace(node.AttrOr("src"));
  }
  if (tag == "data" || tag == "meter" || tag == "input") {
    if (const auto value = node.Attr("value")) {
      return CollapseSpace(*value);
    }
  }
  if (tag == "time") {
    if (const auto dt = node.Attr("datetime")) {
      return CollapseSpace(*dt);
    }
  }
  return node.Text();
}

// True when the price element sits in a struck-out or "old / full / regular price" wrapper
// (a few levels up): shops mark up both the sale price and the list price with itemprop=price.
bool InListPriceContext(HtmlNode node) {
  HtmlNode at = node;
  for (int level = 0; level < 3 && !at.IsNull(); ++level, at = at.Parent()) {
    if (at.Is("del") || at.Is("s") || at.Is("strike")) {
      return true;
    }
    std::string cls(at.AttrOr("class"));
    for (char& c : cls) {
      c = AsciiToLower(c);
      if (c == '-' || c == '_') {
        c = ' ';
      }
    }
    const std::string padded = " " + cls + " ";
    for (const char* word : {" barred ", " strike ", " strikethrough ", " crossed "}) {
      if (padded.find(word) != std::string::npos) {
        return true;
      }
    }
    if (padded.find(" price ") != std::string::npos) {
      for (const char* word : {" old ", " list ", " was ", " original ", " before ", " compare "}) {
        if (padded.find(word) != std::string::npos) {
          return true;
        }
      }
    }
  }
  return false;
}

std::string Describe(HtmlNode node) {
  std::string out = "line " + std::to_string(node.SourceLine()) + " <" + std::string(node.Tag());
  out += " itemprop=" + std::string(node.AttrOr("itemprop"));
  out += ">";
  return out;
}

class MicrodataReader {
 public:
  MicrodataReader(const PageHints& hints, ExtractedFields& out) : hints_(hints), out_(out) {}

  void ReadProduct(HtmlNode item) {
    std::string name;
    std::vector<HtmlNode> prices;
    std::string currency_text;
    for (const HtmlNode prop : Properties(item)) {
      const std::string_view p = prop.AttrOr("itemprop");
      if (prop.AttrHasToken("itemprop", "name") && name.empty()) {
        name = PropertyValue(prop);
      } else if (prop.AttrHasToken("itemprop", "sku") && out_.sku.empty()) {
        out_.sku = PropertyValue(prop);
      } else if (p.substr(0, 4) == "gtin" && out_.gtin.empty()) {
        out_.gtin = PropertyValue(prop);
      } else if (prop.AttrHasToken("itemprop", "brand") && out_.brand.empty()) {
        out_.brand = BrandName(prop);
      } else if (prop.AttrHasToken("itemprop", "offers")) {
        if (prop.HasAttr("itemscope")) {
          ReadOffer(prop);
        } else {
          prices.push_back(prop);  // "offers" without an item: treat as the price itself
        }
      } else if (prop.AttrHasToken("itemprop", "price") ||
                 prop.AttrHasToken("itemprop", "lowPrice")) {
        prices.push_back(prop);
      } else if (prop.AttrHasToken("itemprop", "priceCurrency")) {
        currency_text = PropertyValue(prop);
      } else if (prop.AttrHasToken("itemprop", "availability")) {
        NoteAvailability(PropertyValue(prop));
      }
    }
    for (const HtmlNode price : prices) {
      AddPrice(price, currency_text);
    }
    if (names_.insert(name).second) {
      ++out_.product_count;
    }
    if (out_.title.empty()) {
      out_.title = name;
    }
  }

  void ReadOffer(HtmlNode offer) {
    std::string currency_text;
    std::vector<HtmlNode> prices;
    std::vector<HtmlNode> low_prices;
    for (const HtmlNode prop : Properties(offer)) {
      if (prop.AttrHasToken("itemprop", "price")) {
        prices.push_back(prop);
      } else if (prop.AttrHasToken("itemprop", "lowPrice")) {
        low_prices.push_back(prop);
      } else if (prop.AttrHasToken("itemprop", "priceCurrency")) {
        currency_text = PropertyValue(prop);
      } else if (prop.AttrHasToken("itemprop", "availability")) {
        NoteAvailability(PropertyValue(prop));
      } else if (prop.AttrHasToken("itemprop", "priceSpecification") && prop.HasAttr("itemscope")) {
        for (const HtmlNode inner : Properties(prop)) {
          if (inner.AttrHasToken("itemprop", "price")) {
            prices.push_back(inner);
          } else if (inner.AttrHasToken("itemprop", "priceCurrency") && currency_text.empty()) {
            currency_text = PropertyValue(inner);
          }
        }
      }
    }
    for (const HtmlNode p : prices.empty() ? low_prices : prices) {
      AddPrice(p, currency_text);
    }
  }

 private:
  static std::string BrandName(HtmlNode prop) {
    if (prop.HasAttr("itemscope")) {
      for (const HtmlNode inner : Properties(prop)) {
        if (inner.AttrHasToken("itemprop", "name")) {
          return PropertyValue(inner);
        }
      }
    }
    return PropertyValue(prop);
  }

  void NoteAvailability(const std::string& value) {
    const Availability a = ParseAvailability(value);
    if (a != Availability::kUnknown &&
        (out_.availability == Availability::kUnknown ||
         (a == Availability::kInStock && out_.availability != Availability::kInStock))) {
      out_.availability = a;
    }
  }

  void AddPrice(HtmlNode node, const std::string& currency_text) {
    const std::string value = PropertyValue(node);
    std::string currency = NormalizeCurrency(currency_text, hints_);
    if (currency.empty() && !node.HasAttr("content")) {
      currency = NormalizeCurrency(value, hints_);
    }
    // A content attribute is machine-readable ('.' decimal point); visible text is read the way
    // the page prints it.
    std::optional<Decimal> amount;
    if (node.HasAttr("content") || node.HasAttr("value")) {
      amount = ParseStructuredAmount(value, currency, hints_);
    } else {
      amount = ParsePrice(value, currency).amount;
    }
    if (!amount || amount->IsNegative()) {
      return;
    }
    PriceCandidate c;
    c.price = *amount;
    c.currency = currency;
    c.source = "microdata";
    c.where = Describe(node);
    c.is_list_price = InListPriceContext(node);
    out_.candidates.push_back(std::move(c));
  }

  const PageHints& hints_;
  ExtractedFields& out_;
  std::set<std::string> names_;
};

}  // namespace

ExtractedFields ExtractMicrodata(const HtmlDocument& doc, const PageHints& hints) {
  ExtractedFields out;
  MicrodataReader reader(hints, out);
  doc.Walk([&](HtmlNode node) {
    if (IsProductItem(node)) {
      reader.ReadProduct(node);
      return WalkControl::kSkipChildren;  // products inside products are related items
    }
    if (IsOfferItem(node) && !node.HasAttr("itemprop")) {
      reader.ReadOffer(node);
      return WalkControl::kSkipChildren;
    }
    return WalkControl::kContinue;
  });
  return out;
}

}  // namespace pricecrawl::crawler
