#include "crawler/extract/opengraph.h"

#include <string>
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

// "product:price:amount" -> "product:price"; the currency sibling is prefix + ":currency".
struct PriceProperty {
  std::string_view amount;
  std::string_view currency;
  bool list_price;
};

constexpr PriceProperty kPriceProperties[] = {
    {"product:sale_price:amount", "product:sale_price:currency", false},
    {"product:price:amount", "product:price:currency", false},
    {"og:price:amount", "og:price:currency", false},
    {"og:price", "og:price:currency", false},
    {"product:original_price:amount", "product:original_price:currency", true},
};

}  // namespace

ExtractedFields ExtractOpenGraph(const HtmlDocument& doc, const PageHints& hints) {
  std::vector<MetaTag> tags;
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
    tags.push_back({LowerAscii(CollapseSpace(*property)), CollapseSpace(*content)});
  });
  auto find = [&](std::string_view property) -> std::string {
    for (const MetaTag& t : tags) {
      if (t.property == property && !t.content.empty()) {
        return t.content;
      }
    }
    return {};
  };

  ExtractedFields out;
  for (const PriceProperty& p : kPriceProperties) {
    for (const MetaTag& t : tags) {
      if (t.property != p.amount) {
        continue;
      }
      std::string currency = NormalizeCurrency(find(p.currency), hints);
      if (currency.empty()) {
        currency = NormalizeCurrency(find("og:price:currency"), hints);
      }
      if (currency.empty()) {
        currency = NormalizeCurrency(find("product:price:currency"), hints);
      }
      const auto amount = ParseStructuredAmount(t.content, currency, hints);
      if (!amount) {
        continue;
      }
      PriceCandidate c;
      c.price = *amount;
      c.currency = currency;
      c.source = "opengraph";
      c.where = "meta " + std::string(p.amount);
      c.is_list_price = p.list_price;
      out.candidates.push_back(std::move(c));
      break;
    }
  }
  std::string availability = find("product:availability");
  if (availability.empty()) {
    availability = find("og:availability");
  }
  out.availability = ParseAvailability(availability);
  const std::string type = find("og:type");
  if (!out.candidates.empty() || type == "product" || type == "og:product" ||
      type == "product.item") {
    out.title = find("og:title");
    out.brand = find("product:brand");
    out.sku = find("product:retailer_item_id");
    out.gtin = find("product:upc");
    if (out.gtin.empty()) {
      out.gtin = find("product:ean");
    }
    out.product_count = out.candidates.empty() ? 0 : 1;
  }
  return out;
}

}  // namespace pricecrawl::crawler
