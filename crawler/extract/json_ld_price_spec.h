#pragma once
// What a schema.org price specification says about the price it carries, so that each JSON-LD
// price candidate is marked as the vocabulary defines it:
// - priceType (https://schema.org/PriceTypeEnumeration): ListPrice, MSRP, SRP,
//   StrikethroughPrice and MinimumAdvertisedPrice are reference prices (is_list_price);
//   SalePrice is the current sale price (is_sale_price); InvoicePrice, what the seller paid,
//   is never the buyer's price (is_secondary). Older free-text values ("MSRP", "SRP") too.
// - priceComponentType (https://schema.org/PriceComponentTypeEnumeration) of a
//   CompoundPriceSpecification's priceComponent: ActualPrice, or none, is the price;
//   DownPayment, Installment, Subscription, ActivationFee, CleaningFee, DistanceFee and any
//   other component are parts of it (is_secondary).
// - UnitPriceSpecification (https://schema.org/UnitPriceSpecification): a referenceQuantity
//   other than one unit of the item, or a unit of measure (UN/CEFACT Common Code such as KGM,
//   GRM, LTR, MTR, or the same as unitText), makes the price a unit price (is_secondary).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crawler/extract/json_ld_graph.h"

namespace pricecrawl::crawler {

// How one price relates to the item's price.
struct PriceRole {
  bool is_list_price = false;
  bool is_sale_price = false;
  bool is_secondary = false;
  std::string note;  // the reasons: "priceType SalePrice", "unit price per 100 GRM"; "" if plain
};

// The role a priceType value gives ("https://schema.org/ListPrice", "SalePrice", "MSRP").
PriceRole PriceTypeRole(std::string_view price_type);

// The role a priceComponentType value gives ("https://schema.org/DownPayment").
PriceRole ComponentTypeRole(std::string_view component_type);

// The role of the prices written on `spec` (a PriceSpecification node or one of its kinds):
// its priceType, priceComponentType and unit. References are resolved through `graph`.
PriceRole SpecificationRole(const nlohmann::json& spec, const JsonLdGraph& graph);

// `a` with the flags and the note of `b` added.
PriceRole Combine(PriceRole a, const PriceRole& b);

// "a; b", or whichever of the two is not empty.
std::string JoinNotes(std::string a, std::string_view b);

}  // namespace pricecrawl::crawler
