#include "crawler/extract/opengraph.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/price/currency.h"
#include "crawler/price/price_parser.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {
namespace {

struct MetaTag {
  std::string property;  // lowercase
  std::string content;
};

enum class PriceKind { kCurrent, kSale, kList };

// One price property and its currency sibling ("product:price:amount", "...:currency").
struct PriceProperty {
  std::string_view amount;
  std::string_view currency;
  PriceKind kind;
  std::string_view note;
};

// In the order the candidates are listed: the sale price first, regular prices last.
constexpr PriceProperty kPriceProperties[] = {
    {"product:sale_price:amount", "product:sale_price:currency", PriceKind::kSale,
     "product:sale_price: the current sale price"},
    {"product:price:amount", "product:price:currency", PriceKind::kCurrent, ""},
    {"og:price:amount", "og:price:currency", PriceKind::kCurrent, ""},
    {"og:price", "og:price:currency", PriceKind::kCurrent, ""},
    {"og:price:standard_amount", "og:price:currency", PriceKind::kList,
     "og:price:standard_amount: the regular price"},
    {"product:original_price:amount", "product:original_price:currency", PriceKind::kList,
     "product:original_price: the original price"},
};

class MetaTags {
 public:
  explicit MetaTags(const HtmlDocument& doc) {
    doc.ForEachElement([&](HtmlNode node) {
      if (!node.Is("meta")) {
        return;
      }
      auto property = node.Attr("property");
      if (!property) {
        property = node.Attr("name");
      }
      const auto content = node.Attr("content");
      if (!property || !content) {
        return;
      }
      tags_.push_back({LowerAscii(CollapseSpace(*property)), CollapseSpace(*content)});
    });
  }

  // Every non-empty value of `property`, in document order.
  std::vector<std::string> All(std::string_view property) const {
    std::vector<std::string> values;
    for (const MetaTag& t : tags_) {
      if (t.property == property && !t.content.empty()) {
        values.push_back(t.content);
      }
    }
    return values;
  }

  // The first non-empty value of `property`, or "".
  std::string First(std::string_view property) const {
    for (const MetaTag& t : tags_) {
      if (t.property == property && !t.content.empty()) {
        return t.content;
      }
    }
    return {};
  }

 private:
  std::vector<MetaTag> tags_;
};

// The i-th value, else the last one (one currency for several amounts), else "".
std::string NthOrLast(const std::vector<std::string>& values, std::size_t i) {
  if (values.empty()) {
    return {};
  }
  return i < values.size() ? values[i] : values.back();
}

std::string CurrencyFor(const MetaTags& tags, const PriceProperty& p, std::size_t i,
                        const PageHints& hints) {
  std::string currency = NormalizeCurrency(NthOrLast(tags.All(p.currency), i), hints);
  for (const char* fallback : {"og:price:currency", "product:price:currency"}) {
    if (currency.empty()) {
      currency = NormalizeCurrency(tags.First(fallback), hints);
    }
  }
  return currency;
}

// og:price:amount beside a different og:price:standard_amount is the sale price. `read_from`
// holds the property each candidate was read from.
void MarkSaleBesideStandard(std::vector<PriceCandidate>& candidates,
                            const std::vector<std::string_view>& read_from) {
  for (std::size_t s = 0; s < candidates.size(); ++s) {
    if (read_from[s] != "og:price:standard_amount") {
      continue;
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      PriceCandidate& c = candidates[i];
      if (read_from[i] == "og:price:amount" && c.price != candidates[s].price) {
        c.is_sale_price = true;
        c.note = "og:price:amount beside og:price:standard_amount " +
                 candidates[s].price.ToString() + ": the sale price";
      }
    }
    return;
  }
}

void AddCandidates(const MetaTags& tags, const PageHints& hints, ExtractedFields& out) {
  const std::vector<std::string> skus = tags.All("product:retailer_item_id");
  const std::string url = tags.First("og:url");
  std::vector<std::string_view> read_from;
  for (const PriceProperty& p : kPriceProperties) {
    const std::vector<std::string> amounts = tags.All(p.amount);
    for (std::size_t i = 0; i < amounts.size(); ++i) {
      const std::string currency = CurrencyFor(tags, p, i, hints);
      const auto amount = ParseStructuredAmount(amounts[i], currency, hints);
      if (!amount) {
        continue;
      }
      PriceCandidate c;
      c.price = *amount;
      c.currency = currency;
      c.source = "opengraph";
      c.where = "meta " + std::string(p.amount) + (i == 0 ? "" : " #" + std::to_string(i + 1));
      c.is_list_price = p.kind == PriceKind::kList;
      c.is_sale_price = p.kind == PriceKind::kSale;
      // One retailer_item_id per price is a variant's; else the one given is the product's.
      c.sku = skus.size() == amounts.size() ? skus[i] : NthOrLast(skus, 0);
      c.item_url = url;
      c.note = std::string(p.note);
      out.candidates.push_back(std::move(c));
      read_from.push_back(p.amount);
    }
  }
  MarkSaleBesideStandard(out.candidates, read_from);
}

}  // namespace

ExtractedFields ExtractOpenGraph(const HtmlDocument& doc, const PageHints& hints) {
  const MetaTags tags(doc);
  ExtractedFields out;
  AddCandidates(tags, hints, out);
  for (const char* property : {"product:availability", "og:availability"}) {
    const std::string value = tags.First(property);
    const Availability a = ParseAvailability(value);
    if (a != Availability::kUnknown) {
      out.availability = a;
      out.availability_note = "opengraph " + std::string(property) + " " + value;
      break;
    }
  }
  for (PriceCandidate& c : out.candidates) {
    c.availability = out.availability;
  }
  const std::string type = tags.First("og:type");
  if (!out.candidates.empty() || type == "product" || type == "og:product" ||
      type == "product.item" || type == "product.group") {
    out.title = tags.First("og:title");
    out.brand = tags.First("product:brand");
    out.sku = tags.First("product:retailer_item_id");
    out.gtin = tags.First("product:upc");
    if (out.gtin.empty()) {
      out.gtin = tags.First("product:ean");
    }
    if (out.gtin.empty()) {
      out.gtin = tags.First("product:gtin");
    }
    out.product_count = out.candidates.empty() ? 0 : 1;
  }
  return out;
}

}  // namespace pricecrawl::crawler
