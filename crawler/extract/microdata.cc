#include "crawler/extract/microdata.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/extract/list_price_context.h"
#include "crawler/extract/property_text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

// Item values nested deeper than this (Product > Offer > priceSpecification > component ...)
// are not read: real markup needs four levels, itemref cycles need a bound.
constexpr int kMaxItemDepth = 8;
// The property crawls of one page visit at most this many elements per element of the page
// (plus kVisitSlack): many items may itemref one large subtree.
constexpr std::size_t kVisitsPerElement = 4;
constexpr std::size_t kVisitSlack = 4096;
// Once that budget is spent, each further item still gets this many visits, so that one
// hostile item does not starve the honest ones (the total stays linear: items <= elements).
constexpr std::size_t kVisitsPerItem = 256;

// ---------------------------------------------------------------------------------------------
// The page's elements in tree order, so that the microdata algorithm can keep its "memory" and
// sort its results by index.

struct Element {
  HtmlNode node;
  int parent = -1;
  int end = 0;  // one past the last element of this element's subtree
};

class ElementIndex {
 public:
  explicit ElementIndex(const HtmlDocument& doc) {
    std::vector<int> open;  // the current element's ancestors, innermost last
    doc.ForEachElement([&](HtmlNode node) {
      const int index = static_cast<int>(elements_.size());
      const HtmlNode parent = node.Parent();
      while (!open.empty() && elements_[static_cast<std::size_t>(open.back())].node != parent) {
        elements_[static_cast<std::size_t>(open.back())].end = index;
        open.pop_back();
      }
      elements_.push_back({node, open.empty() ? -1 : open.back(), 0});
      if (const auto id = node.Attr("id"); id && !id->empty()) {
        ids_.emplace(*id, index);  // the first element with an id is the one itemref names
      }
      open.push_back(index);
    });
    for (const int i : open) {
      elements_[static_cast<std::size_t>(i)].end = size();
    }
  }

  int size() const { return static_cast<int>(elements_.size()); }
  HtmlNode Node(int i) const { return At(i).node; }
  int End(int i) const { return At(i).end; }
  int Parent(int i) const { return At(i).parent; }

  // Calls visit(child) for each element child of element i, in tree order.
  template <class Visit>
  void ForEachChild(int i, Visit visit) const {
    for (int child = i + 1; child < End(i); child = End(child)) {
      visit(child);
    }
  }

  // The first element in tree order with this id, or -1.
  int ById(std::string_view id) const {
    const auto it = ids_.find(id);
    return it == ids_.end() ? -1 : it->second;
  }

 private:
  const Element& At(int i) const { return elements_[static_cast<std::size_t>(i)]; }

  std::vector<Element> elements_;
  std::unordered_map<std::string_view, int> ids_;  // views into the document's attributes
};

std::vector<std::string_view> SplitTokens(std::string_view text) {
  std::vector<std::string_view> tokens;
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

// "https://schema.org/Offer" -> "Offer", "http://schema.org/price" -> "price"; a plain name
// stays as it is.
std::string_view LastSegment(std::string_view token) {
  while (!token.empty() && (token.back() == '/' || token.back() == '#')) {
    token.remove_suffix(1);
  }
  const auto cut = token.find_last_of("/#");
  return cut == std::string_view::npos ? token : token.substr(cut + 1);
}

// ---------------------------------------------------------------------------------------------
// Items and their properties (WHATWG "Microdata" §5.2: items, names, the properties of an item).

struct Property {
  std::string name;  // one itemprop token, by its last segment when written as a URL
  int element = -1;
};

struct Item {
  int element = -1;
  std::vector<std::string> types;    // last segments of the itemtype URLs
  std::vector<Property> properties;  // in tree order
};

bool IsType(const Item& item, std::string_view type) {
  return std::any_of(item.types.begin(), item.types.end(),
                     [&](const std::string& t) { return AsciiEqualsIgnoreCase(t, type); });
}

bool Named(const Property& p, std::string_view name) {
  return AsciiEqualsIgnoreCase(p.name, name);
}

class ItemCrawler {
 public:
  explicit ItemCrawler(const ElementIndex& index)
      : index_(index),
        visits_left_(kVisitsPerElement * static_cast<std::size_t>(index.size()) + kVisitSlack) {}

  // The item whose itemscope element is `element`, crawled once and kept. The reference stays
  // valid while the crawler lives.
  const Item& Read(int element) {
    const auto it = items_.find(element);
    if (it != items_.end()) {
      return it->second;
    }
    Item item;
    item.element = element;
    const HtmlNode node = index_.Node(element);
    for (const std::string_view type : SplitTokens(node.AttrOr("itemtype"))) {
      item.types.emplace_back(LastSegment(type));
    }
    for (const int prop : Crawl(element)) {
      for (const std::string_view name : SplitTokens(index_.Node(prop).AttrOr("itemprop"))) {
        item.properties.push_back({std::string(LastSegment(name)), prop});
      }
    }
    return items_.emplace(element, std::move(item)).first->second;
  }

 private:
  // The elements that are properties of the item `root`, in tree order.
  std::vector<int> Crawl(int root) {
    std::vector<int> results;
    std::vector<int> pending;
    std::unordered_set<int> memory = {root};
    auto add_children = [&](int element) {
      index_.ForEachChild(element, [&](int child) { pending.push_back(child); });
    };
    add_children(root);
    for (const std::string_view id : SplitTokens(index_.Node(root).AttrOr("itemref"))) {
      if (const int target = index_.ById(id); target >= 0) {
        pending.push_back(target);
      }
    }
    std::size_t own_visits = kVisitsPerItem;
    while (!pending.empty() && (visits_left_ > 0 || own_visits > 0)) {
      --(visits_left_ > 0 ? visits_left_ : own_visits);
      const int current = pending.back();
      pending.pop_back();
      if (!memory.insert(current).second) {
        continue;  // reached twice (itemref into the item itself, or a cycle)
      }
      const HtmlNode node = index_.Node(current);
      if (!node.HasAttr("itemscope")) {
        add_children(current);
      }
      if (!SplitTokens(node.AttrOr("itemprop")).empty()) {
        results.push_back(current);
      }
    }
    std::sort(results.begin(), results.end());
    return results;
  }

  const ElementIndex& index_;
  std::size_t visits_left_;
  std::unordered_map<int, Item> items_;
};

// The property value (WHATWG "Microdata" §5.2.4), content attribute first on every element.
std::string PropertyValue(HtmlNode node) {
  if (const auto content = node.Attr("content")) {
    return CollapseSpace(*content);
  }
  const std::string_view tag = node.Tag();
  auto attr = [&](std::string_view name) -> std::optional<std::string> {
    if (const auto value = node.Attr(name)) {
      return CollapseSpace(*value);
    }
    return std::nullopt;
  };
  std::optional<std::string> value;
  if (tag == "a" || tag == "link" || tag == "area") {
    value = attr("href");
  } else if (tag == "img" || tag == "audio" || tag == "video" || tag == "source" ||
             tag == "embed" || tag == "iframe" || tag == "track") {
    value = attr("src");
  } else if (tag == "object") {
    value = attr("data");
  } else if (tag == "data" || tag == "meter" || tag == "input") {
    value = attr("value");
  } else if (tag == "time") {
    value = attr("datetime");
  }
  return value ? *value : PropertyText(node);
}

std::string Describe(HtmlNode node) {
  return "line " + std::to_string(node.SourceLine()) + " <" + std::string(node.Tag()) +
         " itemprop=" + std::string(node.AttrOr("itemprop")) + ">";
}

void AppendNote(std::string& note, std::string_view part) {
  if (part.empty()) {
    return;
  }
  if (!note.empty()) {
    note += "; ";
  }
  note += part;
}

// What schema.org's PriceTypeEnumeration says about a price.
enum class PriceKind { kCurrent, kList, kSale, kSecondary };

PriceKind KindOfPriceType(std::string_view price_type) {
  const std::string t = LowerAscii(LastSegment(CollapseSpace(price_type)));
  if (t == "listprice" || t == "msrp" || t == "srp" || t == "strikethroughprice" ||
      t == "regularprice") {
    return PriceKind::kList;
  }
  if (t == "saleprice") {
    return PriceKind::kSale;
  }
  if (t == "invoiceprice" || t == "minimumadvertisedprice") {
    return PriceKind::kSecondary;
  }
  return PriceKind::kCurrent;
}

// ---------------------------------------------------------------------------------------------
// schema.org offers on the items.

// What an offer inherits from the item it is an offer of.
struct OfferContext {
  std::string sku;
  std::string url;
  std::string item_type;  // "Book", "Event": named in the candidate's note
};

class MicrodataReader {
 public:
  MicrodataReader(const ElementIndex& index, const PageHints& hints, ExtractedFields& out)
      : index_(index),
        crawler_(index),
        hints_(hints),
        out_(out),
        consumed_(static_cast<std::size_t>(index.size()), false) {}

  void ReadPage() {
    for (int i = 0; i < index_.size();) {
      if (!index_.Node(i).HasAttr("itemscope") || consumed_[static_cast<std::size_t>(i)]) {
        i = consumed_[static_cast<std::size_t>(i)] ? index_.End(i) : i + 1;
        continue;
      }
      // Items inside an item read here are its related items or its parts, not the page's.
      i = ReadTopLevel(i) ? index_.End(i) : i + 1;
    }
  }

 private:
  // Reads the item at `element` when it offers something; false when it does not (its
  // children may still hold offered items, e.g. a WebPage's mainEntity).
  bool ReadTopLevel(int element) {
    const Item& item = Use(element);
    if (IsOfferType(item)) {
      ReadBareOffer(item);
      return true;
    }
    if (IsOfferedItem(item)) {
      ReadOfferedItem(item, /*as_variant=*/false, 0);
      return true;
    }
    if (MakesOffers(item)) {
      ReadSeller(item);
      return true;
    }
    return false;
  }

  // A Person or Organization's makesOffer Offers: the seller is not the item; each offer's
  // itemOffered is.
  void ReadSeller(const Item& seller) {
    OfferContext context;
    context.item_type = TypeName(seller) + " makesOffer";
    for (const Property& p : seller.properties) {
      if (Named(p, "makesOffer")) {
        if (const Item* offer = ItemValue(p, 1)) {
          ReadOffer(*offer, context, /*from_seller=*/true, 1);
        }
      }
    }
  }

  const Item& Use(int element) {
    consumed_[static_cast<std::size_t>(element)] = true;
    return crawler_.Read(element);
  }

  // The item value of `p`, or nullptr when `p` is not an item or is nested too deep.
  const Item* ItemValue(const Property& p, int depth) {
    if (depth >= kMaxItemDepth || !index_.Node(p.element).HasAttr("itemscope")) {
      return nullptr;
    }
    return &Use(p.element);
  }

  std::string Value(const Property& p) const { return PropertyValue(index_.Node(p.element)); }

  // The first property named `name` (as text), or "".
  std::string First(const Item& item, std::string_view name) const {
    for (const Property& p : item.properties) {
      if (Named(p, name)) {
        return Value(p);
      }
    }
    return {};
  }

  static bool IsOfferType(const Item& item) {
    return IsType(item, "Offer") || IsType(item, "AggregateOffer") ||
           IsType(item, "Offer-aggregate");
  }

  static bool IsProductType(const Item& item) {
    for (const char* type : {"Product", "IndividualProduct", "ProductModel", "ProductGroup",
                             "SomeProducts", "Vehicle", "Car", "Motorcycle"}) {
      if (IsType(item, type)) {
        return true;
      }
    }
    return false;
  }

  // Any Thing with offers (or a price of its own) is offered, whatever its type.
  static bool IsOfferedItem(const Item& item) {
    if (IsProductType(item)) {
      return true;
    }
    return std::any_of(item.properties.begin(), item.properties.end(), [](const Property& p) {
      return Named(p, "offers") || Named(p, "offerDetails") || Named(p, "price") ||
             Named(p, "lowPrice") || Named(p, "hasVariant");
    });
  }

  static bool MakesOffers(const Item& item) {
    return std::any_of(item.properties.begin(), item.properties.end(),
                       [](const Property& p) { return Named(p, "makesOffer"); });
  }

  static std::string TypeName(const Item& item) {
    return item.types.empty() ? std::string("item") : item.types.front();
  }

  // Title, SKU, GTIN, brand of an offered item; the first item that gives each wins.
  void ReadItemFields(const Item& item, int depth) {
    std::string name = First(item, "name");
    for (const Property& p : item.properties) {
      if (Named(p, "sku") && out_.sku.empty()) {
        out_.sku = Value(p);
      } else if (StartsWithIgnoreCase(p.name, "gtin") && out_.gtin.empty()) {
        out_.gtin = Value(p);
      } else if (Named(p, "brand") && out_.brand.empty()) {
        const Item* brand = ItemValue(p, depth + 1);
        out_.brand = brand != nullptr ? First(*brand, "name") : Value(p);
      }
    }
    if (names_.insert(name).second) {
      ++out_.product_count;
    }
    if (out_.title.empty()) {
      out_.title = std::move(name);
    }
  }

  void ReadOfferedItem(const Item& item, bool as_variant, int depth) {
    if (!as_variant) {
      ReadItemFields(item, depth);
    }
    OfferContext context;
    context.sku = First(item, "sku");
    context.url = First(item, "url");
    context.item_type = TypeName(item);
    std::string currency_text = First(item, "priceCurrency");
    PriceCandidate base = BaseCandidate(context);
    for (const Property& p : item.properties) {
      if (Named(p, "offers") || Named(p, "offerDetails")) {
        if (const Item* offer = ItemValue(p, depth + 1)) {
          ReadOffer(*offer, context, /*from_seller=*/false, depth + 1);
        } else if (!index_.Node(p.element).HasAttr("itemscope")) {
          // "offers" written as a plain value: the price itself.
          AddPrice(p, currency_text, base, PriceKind::kCurrent, "offers given as text");
        }
      } else if (Named(p, "price") || Named(p, "lowPrice")) {
        AddPrice(p, currency_text, base, PriceKind::kCurrent, "");
      } else if (Named(p, "highPrice")) {
        AddPrice(p, currency_text, base, PriceKind::kSecondary, "highPrice");
      } else if (Named(p, "availability")) {
        NoteAvailability(p);
      } else if (Named(p, "hasVariant")) {
        if (const Item* variant = ItemValue(p, depth + 1)) {
          ReadOfferedItem(*variant, /*as_variant=*/true, depth + 1);
        }
      }
    }
  }

  // A top-level Offer: the price on the page; its itemOffered (if any) names the item.
  void ReadBareOffer(const Item& offer) {
    OfferContext context;
    context.item_type = "bare Offer";
    ReadOffer(offer, context, /*from_seller=*/true, 0);
  }

  PriceCandidate BaseCandidate(const OfferContext& context) const {
    PriceCandidate base;
    base.source = "microdata";
    base.sku = context.sku;
    base.item_url = context.url;
    if (!context.item_type.empty()) {
      base.note = "offer of " + context.item_type;
    }
    return base;
  }

  // Reads the offer's itemOffered (a seller's or a bare offer): its fields are the product's,
  // and its SKU and URL the offer's when the offer has none.
  void ReadItemOffered(const Item& offer, OfferContext& context, int depth) {
    for (const Property& p : offer.properties) {
      if (!Named(p, "itemOffered")) {
        continue;
      }
      if (const Item* offered = ItemValue(p, depth + 1)) {
        ReadItemFields(*offered, depth + 1);
        context.sku = First(*offered, "sku");
        context.url = First(*offered, "url");
        context.item_type = TypeName(*offered) + " (itemOffered of " + context.item_type + ")";
      }
      return;
    }
  }

  struct OfferProps {
    std::vector<const Property*> prices, low_prices, high_prices, specs, offers;
    std::string currency_text, count;
  };

  static OfferProps CollectOffer(const Item& offer) {
    OfferProps props;
    for (const Property& p : offer.properties) {
      if (Named(p, "price")) {
        props.prices.push_back(&p);
      } else if (Named(p, "lowPrice")) {
        props.low_prices.push_back(&p);
      } else if (Named(p, "highPrice")) {
        props.high_prices.push_back(&p);
      } else if (Named(p, "priceSpecification")) {
        props.specs.push_back(&p);
      } else if (Named(p, "offers")) {
        props.offers.push_back(&p);
      }
    }
    return props;
  }

  void ReadOffer(const Item& offer, OfferContext context, bool from_seller, int depth) {
    if (from_seller) {
      ReadItemOffered(offer, context, depth);
    }
    OfferProps props = CollectOffer(offer);
    props.currency_text = First(offer, "priceCurrency");
    if (props.currency_text.empty()) {
      props.currency_text = First(offer, "currency");  // data-vocabulary.org
    }
    PriceCandidate base = BaseCandidate(context);
    if (const std::string sku = First(offer, "sku"); !sku.empty()) {
      base.sku = sku;
    }
    std::string url = First(offer, "url");
    if (url.empty()) {
      url = First(offer, "offerURL");  // data-vocabulary.org
    }
    if (!url.empty()) {
      base.item_url = url;
    }
    for (const Property& p : offer.properties) {
      if (Named(p, "availability")) {
        base.availability = NoteAvailability(p);
        break;
      }
    }
    const bool aggregate = IsType(offer, "AggregateOffer") || IsType(offer, "Offer-aggregate");
    std::string count_note;
    if (aggregate) {
      if (const std::string count = First(offer, "offerCount"); !count.empty()) {
        count_note = "offerCount " + count;
      }
    }
    for (const Property* p : props.prices) {
      AddPrice(*p, props.currency_text, base, PriceKind::kCurrent, "");
    }
    for (const Property* p : props.low_prices) {
      // An Offer's lowPrice counts only without a price; an AggregateOffer's always.
      if (aggregate || props.prices.empty()) {
        AddPrice(*p, props.currency_text, base, PriceKind::kCurrent,
                 aggregate ? "AggregateOffer lowPrice" + Prefixed(count_note) : "lowPrice");
      }
    }
    for (const Property* p : props.high_prices) {
      AddPrice(*p, props.currency_text, base, PriceKind::kSecondary,
               aggregate ? "AggregateOffer highPrice" + Prefixed(count_note) : "highPrice");
    }
    for (const Property* p : props.specs) {
      if (const Item* spec = ItemValue(*p, depth + 1)) {
        ReadPriceSpecification(*spec, base, props.currency_text, false, depth + 1);
      }
    }
    for (const Property* p : props.offers) {  // an AggregateOffer's own offers
      if (const Item* inner = ItemValue(*p, depth + 1)) {
        ReadOffer(*inner, context, false, depth + 1);
      }
    }
  }

  static std::string Prefixed(const std::string& note) { return note.empty() ? "" : ", " + note; }

  // A PriceSpecification, UnitPriceSpecification or CompoundPriceSpecification of an offer
  // (or a component of a compound one, which is never the item's price by itself).
  void ReadPriceSpecification(const Item& spec, const PriceCandidate& offer_base,
                              const std::string& offer_currency, bool component, int depth) {
    std::string currency_text = First(spec, "priceCurrency");
    if (currency_text.empty()) {
      currency_text = offer_currency;
    }
    PriceCandidate base = offer_base;
    AppendNote(base.note, TypeName(spec));
    PriceKind kind = PriceKind::kCurrent;
    if (const std::string type = First(spec, "priceType"); !type.empty()) {
      kind = KindOfPriceType(type);
      AppendNote(base.note, "priceType " + std::string(LastSegment(type)));
    }
    if (const std::string quantity = ReferenceQuantity(spec, depth); !quantity.empty()) {
      kind = PriceKind::kSecondary;
      AppendNote(base.note, "per " + quantity);
    }
    if (component) {
      kind = PriceKind::kSecondary;
      if (const std::string type = First(spec, "priceComponentType"); !type.empty()) {
        AppendNote(base.note, "component " + std::string(LastSegment(type)));
      }
    }
    if (IsType(spec, "DeliveryChargeSpecification") || IsType(spec, "PaymentChargeSpecification")) {
      kind = PriceKind::kSecondary;
    }
    bool has_price = false;
    for (const Property& p : spec.properties) {
      if (Named(p, "price")) {
        has_price = AddPrice(p, currency_text, base, kind, "") || has_price;
      }
    }
    for (const Property& p : spec.properties) {
      if (Named(p, "minPrice") && !has_price) {
        AddPrice(p, currency_text, base, kind, "minPrice");
      } else if (Named(p, "maxPrice")) {
        AddPrice(p, currency_text, base, PriceKind::kSecondary, "maxPrice");
      } else if (Named(p, "priceComponent")) {
        if (const Item* part = ItemValue(p, depth + 1)) {
          ReadPriceSpecification(*part, offer_base, currency_text, true, depth + 1);
        }
      }
    }
  }

  // "1 KGM", "100 g": the reference quantity of a unit price, "" when it has none or it is
  // one of the item itself.
  std::string ReferenceQuantity(const Item& spec, int depth) {
    for (const Property& p : spec.properties) {
      if (!Named(p, "referenceQuantity")) {
        continue;
      }
      if (const Item* quantity = ItemValue(p, depth + 1)) {
        std::string unit = First(*quantity, "unitCode");
        if (unit.empty()) {
          unit = First(*quantity, "unitText");
        }
        return CollapseSpace(First(*quantity, "value") + " " + unit);
      }
      return Value(p);
    }
    return {};
  }

  // Records the availability the property states; returns it.
  Availability NoteAvailability(const Property& p) {
    const std::string value = Value(p);
    const Availability a = ParseAvailability(value);
    if (a != Availability::kUnknown &&
        (out_.availability == Availability::kUnknown ||
         (a == Availability::kInStock && out_.availability != Availability::kInStock))) {
      out_.availability = a;
      out_.availability_note = "microdata availability " + value + " (line " +
                               std::to_string(index_.Node(p.element).SourceLine()) + ")";
    }
    return a;
  }

  // Adds the price `p` states, of the kind given (a struck-out wrapper makes any price a list
  // price); false when `p` holds no price.
  bool AddPrice(const Property& p, const std::string& currency_text, const PriceCandidate& base,
                PriceKind kind, std::string_view note) {
    const HtmlNode node = index_.Node(p.element);
    const std::string value = PropertyValue(node);
    std::string currency = NormalizeCurrency(currency_text, hints_);
    if (currency.empty() && !node.HasAttr("content")) {
      currency = NormalizeCurrency(value, hints_);
    }
    // A content attribute is machine-readable ('.' decimal point); visible text is read the way
    // the page prints it.
    std::optional<Decimal> amount;
    if (node.HasAttr("content") || node.HasAttr("value") || node.Is("meta")) {
      amount = ParseStructuredAmount(value, currency, hints_);
    } else {
      const ParsedPrice parsed = ParsePrice(value, currency);
      amount = parsed.amount;
      if (currency.empty()) {
        currency = parsed.currency_code;
      }
    }
    if (!amount || amount->IsNegative()) {
      return false;
    }
    PriceCandidate c = base;
    c.price = *amount;
    c.currency = currency;
    c.where = Describe(node);
    c.is_list_price = kind == PriceKind::kList || InListPriceContext(node);
    c.is_sale_price = kind == PriceKind::kSale;
    c.is_secondary = kind == PriceKind::kSecondary;
    AppendNote(c.note, note);
    if (c.is_list_price && kind != PriceKind::kList) {
      AppendNote(c.note, "struck out or marked as an old price");
    }
    out_.candidates.push_back(std::move(c));
    return true;
  }

  const ElementIndex& index_;
  ItemCrawler crawler_;
  const PageHints& hints_;
  ExtractedFields& out_;
  std::vector<bool> consumed_;  // item elements already read as some item's value
  std::set<std::string> names_;
};

}  // namespace

ExtractedFields ExtractMicrodata(const HtmlDocument& doc, const PageHints& hints) {
  ExtractedFields out;
  const ElementIndex index(doc);
  MicrodataReader reader(index, hints, out);
  reader.ReadPage();
  return out;
}

}  // namespace pricecrawl::crawler
