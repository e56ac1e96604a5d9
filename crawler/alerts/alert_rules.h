#pragma once
// Price alert rules (issue 6, "Alerts"): given one product's alert state and a new observation,
// which alerts fire and what the state becomes. Pure: no database, no clock, no I/O, so every
// rule is unit-tested directly. Kinds (DESIGN.md `alerts.kind`):
//   drop          the price fell at least drop_percent below the highest price seen since the
//                 last drop alert (a staircase of small cuts alerts once it adds up); never on
//                 first sight; compared exactly, never in floating point.
//   target        the price is at or below the seed's target=; fires on first sight too, then
//                 disarms until the price goes back above the target.
//   back_in_stock the last known availability was out_of_stock and now it is in_stock.
// Only observations (a fetched page with a price) reach these rules, so a failed fetch or a page
// without a price never raises an alert.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/price/decimal.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

enum class AlertKind { kDrop, kTarget, kBackInStock };

// "drop", "target", "back_in_stock": the names stored in alerts.kind.
std::string_view AlertKindName(AlertKind kind);

// What the rules remember about one product between observations.
struct AlertState {
  bool seen = false;                       // false: the next observation is the first sight
  std::optional<Decimal> reference_price;  // highest price since the last drop alert
  std::string reference_currency;          // currency of reference_price ("" unknown)
  std::optional<Decimal> last_price;       // price at the previous observation
  std::string last_currency;
  Availability last_availability = Availability::kUnknown;  // last known (never kUnknown
                                                            // overwrites a known value)
  bool target_armed = true;                                 // a target alert may fire
  std::optional<Decimal> armed_for_target;                  // the target the armed flag refers to
};

// One observation: a price was found on the product's page.
struct AlertObservation {
  Decimal price;
  std::string currency;  // ISO 4217 or ""
  Availability availability = Availability::kUnknown;
};

// The rules that apply to one product.
struct AlertRules {
  Decimal drop_percent = Decimal::Parse("5").value();  // >= 0; 0 = every drop alerts
  std::optional<Decimal> target;                       // the seed's target=, if any
};

// One alert to write to the outbox.
struct RaisedAlert {
  AlertKind kind = AlertKind::kDrop;
  std::optional<Decimal> old_price;  // drop: the reference price; others: the previous price
  Decimal new_price;
  std::optional<Decimal> change_percent;  // from old_price to new_price, 2 places
};

struct AlertDecision {
  std::vector<RaisedAlert> alerts;  // in the order drop, target, back_in_stock
  AlertState next;                  // the state to store with the observation
};

// Applies the rules to `observation` given `state`. Never throws; accepts any values (a negative
// or zero reference price simply never yields a drop alert).
AlertDecision DecideAlerts(const AlertState& state, const AlertObservation& observation,
                           const AlertRules& rules);

// True when `price` is at least `percent` percent below `reference`, computed exactly:
// (reference - price) * 100 >= percent * reference, with reference > price > 0 required.
bool DroppedByAtLeast(const Decimal& reference, const Decimal& price, const Decimal& percent);

}  // namespace pricecrawl::crawler
