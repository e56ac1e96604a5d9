#include "crawler/extract/json_ld_price_spec.h"

#include <optional>
#include <tuple>
#include <utility>

#include "crawler/base/text.h"
#include "crawler/price/decimal.h"

namespace pricecrawl::crawler {
namespace {

using Json = nlohmann::json;

bool EqualsAny(std::string_view value, std::initializer_list<std::string_view> names) {
  for (const std::string_view n : names) {
    if (AsciiEqualsIgnoreCase(value, n)) {
      return true;
    }
  }
  return false;
}

// UN/CEFACT Common Codes (Recommendation 20) of mass, volume, length, area and their
// unitText spellings: a price per one of these is a unit price, not the item's.
bool IsMeasureUnit(std::string_view unit) {
  return EqualsAny(
      unit, {"KGM", "GRM",      "HGM",  "MGM",   "DKG",   "LTR",   "MLT",   "CLT", "DLT", "MTR",
             "CMT", "MMT",      "DMT",  "KMT",   "MTK",   "CMK",   "MTQ",   "CMQ", "LBR", "ONZ",
             "OZA", "OZI",      "GLL",  "GLI",   "QT",    "PT",    "FOT",   "INH", "YRD", "kg",
             "g",   "mg",       "l",    "ml",    "cl",    "dl",    "m",     "cm",  "mm",  "m2",
             "m²",  "m3",       "m³",   "lb",    "lbs",   "oz",    "fl oz", "gal", "ft",  "in",
             "yd",  "kilogram", "gram", "litre", "liter", "metre", "meter"});
}

std::string Text(const Json& node, std::string_view term, const JsonLdGraph& graph) {
  const JsonLdProperty p = FindProperty(node, term);
  return p ? CollapseSpace(ScalarText(graph.Resolve(*p.value))) : std::string();
}

// A unit of quantity written as text, "100 g" or "1 kg" or "kg": the number (1 when none is
// written) and the unit.
std::pair<std::string, std::string> SplitQuantity(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (IsAsciiDigit(text[i]) || text[i] == '.' || text[i] == ',')) {
    ++i;
  }
  std::string number(text.substr(0, i));
  for (char& c : number) {
    c = c == ',' ? '.' : c;
  }
  return {number.empty() ? "1" : number, std::string(Trim(text.substr(i)))};
}

bool IsOne(const std::string& number) {
  const auto value = Decimal::Parse(number);
  return value && *value == *Decimal::Parse("1");
}

// The reference quantity of a UnitPriceSpecification when it is not one unit of the item:
// "100 GRM", "1 KGM"; nullopt when the price is for one item.
std::optional<std::string> UnitOfPrice(const Json& spec, const JsonLdGraph& graph) {
  std::string number = "1";
  std::string unit;
  if (const JsonLdProperty q = FindProperty(spec, "referenceQuantity")) {
    const Json& quantity = graph.Resolve(*q.value);
    if (quantity.is_object()) {
      number = Text(quantity, "value", graph);
      unit = Text(quantity, "unitCode", graph);
      if (unit.empty()) {
        unit = Text(quantity, "unitText", graph);
      }
      if (number.empty()) {
        number = "1";
      }
      if (!Decimal::Parse(number)) {
        number = SplitQuantity(number).first;
      }
    } else {
      std::tie(number, unit) = SplitQuantity(CollapseSpace(ScalarText(quantity)));
    }
  }
  if (unit.empty()) {
    unit = Text(spec, "unitCode", graph);
  }
  if (unit.empty()) {
    unit = SplitQuantity(Text(spec, "unitText", graph)).second;
  }
  if (IsOne(number) && !IsMeasureUnit(unit)) {
    return std::nullopt;
  }
  return number + (unit.empty() ? "" : " " + unit);
}

}  // namespace

std::string JoinNotes(std::string a, std::string_view b) {
  if (b.empty()) {
    return a;
  }
  if (!a.empty()) {
    a += "; ";
  }
  a.append(b);
  return a;
}

PriceRole Combine(PriceRole a, const PriceRole& b) {
  a.is_list_price = a.is_list_price || b.is_list_price;
  a.is_sale_price = a.is_sale_price || b.is_sale_price;
  a.is_secondary = a.is_secondary || b.is_secondary;
  a.note = JoinNotes(std::move(a.note), b.note);
  return a;
}

PriceRole PriceTypeRole(std::string_view price_type) {
  const std::string_view type = BareTerm(Trim(price_type));
  PriceRole role;
  if (type.empty()) {
    return role;
  }
  role.note = "priceType " + std::string(type);
  if (EqualsAny(type,
                {"ListPrice", "MSRP", "SRP", "StrikethroughPrice", "MinimumAdvertisedPrice"})) {
    role.is_list_price = true;
  } else if (EqualsAny(type, {"SalePrice"})) {
    role.is_sale_price = true;
  } else if (EqualsAny(type, {"InvoicePrice"})) {
    role.is_secondary = true;
  }
  return role;
}

PriceRole ComponentTypeRole(std::string_view component_type) {
  const std::string_view type = BareTerm(Trim(component_type));
  PriceRole role;
  if (type.empty()) {
    return role;
  }
  role.note = "priceComponentType " + std::string(type);
  role.is_secondary = !AsciiEqualsIgnoreCase(type, "ActualPrice");
  return role;
}

PriceRole SpecificationRole(const Json& spec, const JsonLdGraph& graph) {
  PriceRole role = PriceTypeRole(Text(spec, "priceType", graph));
  role = Combine(std::move(role), ComponentTypeRole(Text(spec, "priceComponentType", graph)));
  if (const auto unit = UnitOfPrice(spec, graph)) {
    PriceRole unit_role;
    unit_role.is_secondary = true;
    unit_role.note = "unit price per " + *unit;
    role = Combine(std::move(role), unit_role);
  }
  return role;
}

}  // namespace pricecrawl::crawler
