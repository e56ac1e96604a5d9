#include "crawler/extract/json_ld.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crawler/base/text.h"
#include "crawler/extract/json_ld_graph.h"
#include "crawler/extract/json_ld_parse.h"
#include "crawler/extract/json_ld_price_spec.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"

namespace pricecrawl::crawler {
namespace {

using Json = nlohmann::json;

// Bounds that keep a hostile block linear: nesting searched for items, variants of variants,
// offers inside offers, specifications inside specifications, nodes visited per block and
// candidates per page.
constexpr int kMaxSearchDepth = 64;
constexpr int kMaxVariantDepth = 3;
constexpr int kMaxOfferDepth = 4;
constexpr int kMaxSpecificationDepth = 3;
constexpr int kVisitBudget = 20000;
constexpr std::size_t kMaxCandidates = 2000;

// Readable paths stay short whatever the keys and @ids are: a step keeps its first
// kMaxPathStep bytes, and a path stops growing at kMaxPathLength.
constexpr std::size_t kMaxPathStep = 64;
constexpr std::size_t kMaxPathLength = 400;

std::string ChildPath(const std::string& parent, std::string_view separator, std::string_view step,
                      std::string_view closing = {}) {
  if (parent.size() >= kMaxPathLength) {
    return parent;
  }
  std::string path = parent;
  if (!parent.empty() || separator != ".") {
    path.append(separator);
  }
  path.append(step.substr(0, kMaxPathStep));
  path.append(closing);
  return path;
}

bool IsOfferNode(const Json& node) {
  return HasType(node, {"Offer", "AggregateOffer"});
}

// The schema.org Product types and the Vehicle kinds (Product subtypes) describe an item even
// without an offer.
bool IsProductType(const Json& node) {
  return HasType(node,
                 {"Product", "IndividualProduct", "ProductModel", "ProductGroup", "SomeProducts",
                  "Vehicle", "Car", "Motorcycle", "BusOrCoach", "MotorizedBicycle"});
}

// An item offered for sale: any Thing with `offers` (Book, Event, Service, SoftwareApplication,
// CreativeWork, ...) and every Product type.
bool IsOfferedItem(const Json& node) {
  return node.is_object() && !IsOfferNode(node) &&
         (IsProductType(node) || FindProperty(node, "offers"));
}

bool IsListNode(const Json& node) {
  return HasType(node, {"ItemList", "OfferCatalog", "CollectionPage", "SearchResultsPage"});
}

// What the offers of one item share: the item's SKU and URL (an offer's own win) and the
// reasons collected on the way to them.
struct OfferContext {
  std::string sku;
  std::string url;
  std::string note;
};

// A node found while searching a block, with its readable path.
struct FoundNode {
  const Json* node = nullptr;
  std::string path;
};

// Current prices first, then regular ones, list prices, and prices that are never the item's.
int Rank(const PriceCandidate& c) {
  if (c.is_secondary) {
    return 3;
  }
  if (c.is_list_price) {
    return 2;
  }
  return c.is_sale_price ? 0 : 1;
}

class JsonLdWalker {
 public:
  JsonLdWalker(const PageHints& hints, ExtractedFields& out) : hints_(hints), out_(out) {}

  // Reads one parsed block: every offered item first (its offers, variants and their offers),
  // then the offers that stand outside any item (a seller's makesOffer, a bare Offer).
  void WalkBlock(const Json& root, int block) {
    const JsonLdGraph graph(root);
    graph_ = &graph;
    block_ = block;
    budget_ = kVisitBudget;
    visited_items_.clear();
    visited_nodes_.clear();
    std::vector<FoundNode> items;
    std::vector<FoundNode> offers;
    Search(root, items, offers);
    for (const FoundNode& item : items) {
      VisitItem(*item.node, item.path, nullptr, 0);
    }
    for (const FoundNode& offer : offers) {
      VisitBareOffer(*offer.node, offer.path);
    }
    graph_ = nullptr;
  }

 private:
  const Json& Resolve(const Json& value) const { return graph_->Resolve(value); }

  std::string Text(const Json& node, std::string_view term) const {
    const JsonLdProperty p = FindProperty(node, term);
    return p ? CollapseSpace(ScalarText(Resolve(*p.value))) : std::string();
  }

  // The item's own address: its url, else its @id unless that is a blank node.
  std::string ItemUrl(const Json& item) const {
    std::string url = Text(item, "url");
    if (url.empty()) {
      if (const auto id = item.find("@id"); id != item.end() && id->is_string()) {
        url = id->get<std::string>();
        if (url.starts_with("_:")) {
          url.clear();
        }
      }
    }
    return url;
  }

  bool Spend() { return budget_-- > 0; }

  // Calls `visit(node, path)` for the value or each element of an array value, references
  // resolved (the path names the @id: "offers(#o1)").
  template <typename Visit>
  void ForEachValue(const Json& value, const std::string& path, Visit&& visit) const {
    auto one = [&](const Json& v, const std::string& p) {
      const std::string id = JsonLdGraph::ReferenceId(v);
      const Json& resolved = Resolve(v);
      visit(resolved, id.empty() || &resolved == &v ? p : ChildPath(p, "(", id, ")"));
    };
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        one(value[i], ChildPath(path, "[", std::to_string(i), "]"));
      }
    } else {
      one(value, path);
    }
  }

  // Iterative search of the block for offered items and for offers outside items; items are
  // not searched inside items (isRelatedTo, isSimilarTo are other products), lists are counted.
  void Search(const Json& root, std::vector<FoundNode>& items, std::vector<FoundNode>& offers) {
    struct Pending {
      const Json* node;
      std::string path;
      int depth;
      bool offer_slot;  // a value of makesOffer: an offer whatever its type says
    };
    std::vector<Pending> stack;
    stack.push_back({&root, "", 0, false});
    while (!stack.empty()) {
      Pending p = std::move(stack.back());
      stack.pop_back();
      const Json& node = *p.node;
      if (p.depth > kMaxSearchDepth) {
        continue;
      }
      if (node.is_array()) {
        for (std::size_t i = node.size(); i-- > 0;) {
          stack.push_back({&node[i], ChildPath(p.path, "[", std::to_string(i), "]"), p.depth + 1,
                           p.offer_slot});
        }
        continue;
      }
      if (!node.is_object()) {
        continue;
      }
      const std::string path = p.path.empty() ? FirstType(node) : p.path;
      if (IsOfferNode(node) || (p.offer_slot && !IsOfferedItem(node))) {
        offers.push_back({&node, path.empty() ? "Offer" : path});
        continue;
      }
      if (IsOfferedItem(node)) {
        items.push_back({&node, path.empty() ? "item" : path});
        continue;
      }
      if (IsListNode(node)) {
        CountListItems(node);
      }
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.value().is_object() || it.value().is_array()) {
          const bool slot = AsciiEqualsIgnoreCase(BareTerm(it.key()), "makesOffer");
          stack.push_back({&it.value(), ChildPath(path, ".", it.key()), p.depth + 1, slot});
        }
      }
    }
  }

  // An ItemList (or OfferCatalog, ...) of two or more offered things is a listing.
  void CountListItems(const Json& list) {
    const JsonLdProperty elements = FindProperty(list, "itemListElement");
    if (!elements || !elements.value->is_array()) {
      return;
    }
    int offered = 0;
    for (const Json& element : *elements.value) {
      const Json& e = Resolve(element);
      const JsonLdProperty inner = FindProperty(e, "item");
      const Json& item = inner ? Resolve(*inner.value) : e;
      if (IsOfferedItem(item) || IsOfferNode(item) || IsOfferedItem(e) || IsOfferNode(e)) {
        ++offered;
      }
    }
    if (offered >= 2) {
      out_.listing = true;
    }
  }

  // The keys that identify a product group: its productGroupID, @id and name.
  std::vector<std::string> GroupKeys(const Json& group) const {
    std::vector<std::string> keys;
    if (const std::string id = Text(group, "productGroupID"); !id.empty()) {
      keys.push_back("group:" + id);
    }
    if (const auto id = group.find("@id"); id != group.end() && id->is_string()) {
      keys.push_back("group:" + id->get<std::string>());
    }
    if (const std::string name = Text(group, "name"); !name.empty()) {
      keys.push_back("name:" + LowerAscii(name));
    }
    return keys;
  }

  // Counts a distinct product: a variant counts as its group, a group with its variants is one.
  void CountProduct(const Json& item, const Json* group) {
    std::vector<std::string> keys;
    if (group != nullptr) {
      keys = GroupKeys(*group);
    } else if (const std::string id = Text(item, "inProductGroupWithID"); !id.empty()) {
      keys.push_back("group:" + id);
    } else if (HasType(item, {"ProductGroup"}) || FindProperty(item, "hasVariant")) {
      keys = GroupKeys(item);
    }
    if (keys.empty()) {
      keys.push_back("name:" + LowerAscii(Text(item, "name")));
    }
    bool seen = false;
    for (const std::string& k : keys) {
      seen = seen || product_keys_.contains(k);
    }
    if (!seen) {
      ++out_.product_count;
    }
    product_keys_.insert(keys.begin(), keys.end());
  }

  // The page's product fields come from the first item (with its group and variants); a later
  // item fills what is missing only when it repeats the first one's name.
  void FillTop(const Json& node, const Json* family) {
    const std::string name = Text(node, "name");
    if (!top_set_) {
      top_set_ = true;
      top_family_ = family;
      top_block_ = block_;
    }
    const bool same_family = top_block_ == block_ && top_family_ == family;
    const bool same_name = !name.empty() && AsciiEqualsIgnoreCase(name, out_.title);
    if (!same_family && !same_name && !out_.title.empty()) {
      return;
    }
    if (out_.title.empty()) {
      out_.title = name;
    }
    if (out_.sku.empty()) {
      out_.sku = Text(node, "sku");
    }
    if (out_.gtin.empty()) {
      for (const char* key : {"gtin13", "gtin", "gtin12", "gtin14", "gtin8", "ean"}) {
        out_.gtin = Text(node, key);
        if (!out_.gtin.empty()) {
          break;
        }
      }
    }
    if (out_.brand.empty()) {
      out_.brand = Text(node, "brand");
    }
  }

  // An offered item: its fields, its offers, a price written on the item itself (not
  // schema.org, but common), and its variants (hasVariant) with their own SKU and URL.
  void VisitItem(const Json& item, const std::string& path, const Json* group, int depth) {
    if (!item.is_object() || depth > kMaxVariantDepth || !visited_items_.insert(&item).second ||
        !Spend()) {
      return;
    }
    const Json* family = group;
    if (family == nullptr) {
      if (const JsonLdProperty parent = FindProperty(item, "isVariantOf")) {
        const Json& g = Resolve(*parent.value);
        family = g.is_object() ? &g : nullptr;
      }
    }
    CountProduct(item, family);
    if (family != nullptr) {
      FillTop(*family, family);
    }
    FillTop(item, family != nullptr ? family : &item);

    OfferContext context{Text(item, "sku"), ItemUrl(item), ""};
    if (const JsonLdProperty offers = FindProperty(item, "offers")) {
      OfferContext with_note = context;
      with_note.note = offers.note;
      VisitOffers(*offers.value, path + ".offers", with_note, 0);
    }
    if (FindProperty(item, "price")) {
      std::vector<PriceCandidate> found;
      AddPrice(item, "price", Text(item, "priceCurrency"), path, {}, found);
      Flush(found, context, Availability::kUnknown);
    }
    if (const JsonLdProperty variants = FindProperty(item, "hasVariant")) {
      ForEachValue(*variants.value, path + ".hasVariant",
                   [&](const Json& variant, const std::string& p) {
                     VisitItem(variant, p, &item, depth + 1);
                   });
    }
  }

  // An offer outside any item: its itemOffered (if any) is the item, else the offer's own name
  // is the title.
  void VisitBareOffer(const Json& offer, const std::string& path) {
    if (visited_nodes_.contains(&offer)) {
      return;
    }
    OfferContext context;
    const JsonLdProperty offered = FindProperty(offer, "itemOffered");
    const Json* item = nullptr;
    if (offered) {
      const Json& value = Resolve(*offered.value);
      const Json& first = value.is_array() && !value.empty() ? Resolve(value.front()) : value;
      item = first.is_object() ? &first : nullptr;
    }
    if (item != nullptr) {
      if (visited_items_.insert(item).second) {
        CountProduct(*item, nullptr);
        FillTop(*item, item);
      }
      context = {Text(*item, "sku"), ItemUrl(*item), offered.note};
    } else {
      if (const std::string name = Text(offer, "name"); !name.empty()) {
        CountProduct(offer, nullptr);
      }
      FillTop(offer, &offer);
    }
    VisitOffer(offer, path, context, 0);
  }

  void VisitOffers(const Json& value, const std::string& path, const OfferContext& context,
                   int depth) {
    if (depth > kMaxOfferDepth) {
      return;
    }
    ForEachValue(value, path, [&](const Json& offer, const std::string& p) {
      if (offer.is_array()) {
        VisitOffers(offer, p, context, depth + 1);
      } else {
        VisitOffer(offer, p, context, depth);
      }
    });
  }

  // One Offer or AggregateOffer: price, lowPrice / highPrice, priceSpecification, availability,
  // and an AggregateOffer's own offers.
  void VisitOffer(const Json& offer, const std::string& path, const OfferContext& context,
                  int depth) {
    if (!offer.is_object() || !visited_nodes_.insert(&offer).second || !Spend()) {
      return;
    }
    OfferContext local = context;
    if (std::string sku = Text(offer, "sku"); !sku.empty()) {
      local.sku = std::move(sku);
    }
    if (std::string url = Text(offer, "url"); !url.empty()) {
      local.url = std::move(url);
    }
    const JsonLdProperty currency = FindProperty(offer, "priceCurrency");
    const std::string currency_text =
        currency ? CollapseSpace(ScalarText(Resolve(*currency.value))) : std::string();
    local.note = JoinNotes(std::move(local.note), currency.note);
    const Availability availability = ReadAvailability(offer, local);

    std::vector<PriceCandidate> found;
    const bool priced = AddPrice(offer, "price", currency_text, path, {}, found);
    PriceRole low{.is_list_price = false,
                  .is_sale_price = false,
                  .is_secondary = priced,
                  .note = "AggregateOffer lowPrice"};
    AddPrice(offer, "lowPrice", currency_text, path, low, found);
    const PriceRole high{.is_list_price = false,
                         .is_sale_price = false,
                         .is_secondary = true,
                         .note = "AggregateOffer highPrice"};
    AddPrice(offer, "highPrice", currency_text, path, high, found);
    if (const JsonLdProperty spec = FindProperty(offer, "priceSpecification")) {
      VisitSpecifications(*spec.value, currency_text, path + ".priceSpecification", spec.note,
                          found, 0);
    }
    if (const std::string count = Text(offer, "offerCount"); !count.empty()) {
      for (PriceCandidate& c : found) {
        c.note = JoinNotes(std::move(c.note), "AggregateOffer offerCount " + count);
      }
    }
    Flush(found, local, availability);
    if (const JsonLdProperty nested = FindProperty(offer, "offers")) {
      OfferContext inner = context;
      inner.note = JoinNotes(std::move(inner.note), nested.note);
      VisitOffers(*nested.value, path + ".offers", inner, depth + 1);
    }
  }

  // The offer's availability; the page's is the first one stated, or in stock when any offer
  // is (one variant in stock is the product in stock).
  Availability ReadAvailability(const Json& offer, OfferContext& context) {
    const JsonLdProperty property = FindProperty(offer, "availability");
    if (!property) {
      return Availability::kUnknown;
    }
    context.note = JoinNotes(std::move(context.note), property.note);
    const std::string value = CollapseSpace(ScalarText(Resolve(*property.value)));
    const Availability a = ParseAvailability(value);
    if (a != Availability::kUnknown &&
        (out_.availability == Availability::kUnknown ||
         (a == Availability::kInStock && out_.availability != Availability::kInStock))) {
      out_.availability = a;
      out_.availability_note = "json-ld offers.availability " + value;
    }
    return a;
  }

  // priceSpecification: one, a list, or a CompoundPriceSpecification with its priceComponent.
  void VisitSpecifications(const Json& value, const std::string& currency, const std::string& path,
                           const std::string& note, std::vector<PriceCandidate>& found, int depth) {
    if (depth > kMaxSpecificationDepth) {
      return;
    }
    ForEachValue(value, path, [&](const Json& spec, const std::string& p) {
      if (spec.is_array()) {
        VisitSpecifications(spec, currency, p, note, found, depth + 1);
        return;
      }
      if (!spec.is_object() || !visited_nodes_.insert(&spec).second || !Spend()) {
        return;
      }
      std::string spec_currency = Text(spec, "priceCurrency");
      if (spec_currency.empty()) {
        spec_currency = currency;
      }
      PriceRole role = SpecificationRole(spec, *graph_);
      role.note = JoinNotes(note, role.note);
      const bool priced = AddPrice(spec, "price", spec_currency, p, role, found);
      PriceRole min_role = role;
      min_role.is_secondary = role.is_secondary || priced;
      min_role.note = JoinNotes(role.note, priced ? "minPrice beside a price" : "minPrice");
      AddPrice(spec, "minPrice", spec_currency, p, min_role, found);
      PriceRole max_role = role;
      max_role.is_secondary = true;
      max_role.note = JoinNotes(role.note, "maxPrice");
      AddPrice(spec, "maxPrice", spec_currency, p, max_role, found);
      if (const JsonLdProperty components = FindProperty(spec, "priceComponent")) {
        VisitSpecifications(*components.value, spec_currency, p + ".priceComponent",
                            components.note, found, depth + 1);
      }
    });
  }

  // A candidate from node[term] when it holds an amount. The currency is the given one, else
  // the one printed inside the amount ("$19.99", "19,99 €").
  bool AddPrice(const Json& node, std::string_view term, const std::string& currency_text,
                const std::string& path, const PriceRole& role,
                std::vector<PriceCandidate>& found) {
    const JsonLdProperty property = FindProperty(node, term);
    if (!property) {
      return false;
    }
    const std::string text = CollapseSpace(ScalarText(Resolve(*property.value)));
    std::string currency = NormalizeCurrency(currency_text, hints_);
    if (currency.empty()) {
      currency = NormalizeCurrency(ParsePrice(text).currency_text, hints_);
    }
    const auto amount = ParseStructuredAmount(text, currency, hints_);
    if (!amount) {
      return false;
    }
    PriceCandidate c;
    c.price = *amount;
    c.currency = currency;
    c.source = "json-ld";
    c.where = "json-ld #" + std::to_string(block_) + " " + path + "." + std::string(term);
    c.is_list_price = role.is_list_price;
    c.is_sale_price = role.is_sale_price;
    c.is_secondary = role.is_secondary;
    c.note = JoinNotes(property.note, role.note);
    found.push_back(std::move(c));
    return true;
  }

  // One offer's candidates, current price first, with the offer's SKU, URL and availability.
  void Flush(std::vector<PriceCandidate>& found, const OfferContext& context,
             Availability availability) {
    std::stable_sort(
        found.begin(), found.end(),
        [](const PriceCandidate& a, const PriceCandidate& b) { return Rank(a) < Rank(b); });
    for (PriceCandidate& c : found) {
      if (out_.candidates.size() >= kMaxCandidates) {
        return;
      }
      c.sku = context.sku;
      c.item_url = context.url;
      c.availability = availability;
      c.note = JoinNotes(context.note, c.note);
      out_.candidates.push_back(std::move(c));
    }
  }

  const PageHints& hints_;
  ExtractedFields& out_;
  const JsonLdGraph* graph_ = nullptr;
  int block_ = 0;
  int budget_ = 0;
  std::set<const Json*> visited_items_;
  std::set<const Json*> visited_nodes_;  // offers and price specifications already read
  std::set<std::string> product_keys_;
  bool top_set_ = false;
  const Json* top_family_ = nullptr;
  int top_block_ = 0;
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
    const Json parsed = ParseJsonLdBlock(node.RawText());
    if (parsed.is_discarded()) {
      return;
    }
    walker.WalkBlock(parsed, block);
  });
  return out;
}

}  // namespace pricecrawl::crawler
