// The alert rules of issue 6 ("Alerts"): drop (with the staircase), target (first sight,
// disarm, re-arm), back_in_stock, and no alert on first sight or on re-observation.

#include "crawler/alerts/alert_rules.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

Decimal D(const char* text) {
  return Decimal::Parse(text).value();
}

// Feeds observations through the rules like the store does, keeping the state between them.
class Product {
 public:
  explicit Product(AlertRules rules) : rules_(std::move(rules)) {}
  // The kinds raised by observing `price` (EUR) with `availability`.
  std::vector<std::string> See(const char* price,
                               Availability availability = Availability::kInStock,
                               const std::string& currency = "EUR") {
    const AlertDecision decision =
        DecideAlerts(state_, AlertObservation{D(price), currency, availability}, rules_);
    state_ = decision.next;
    last_ = decision.alerts;
    std::vector<std::string> kinds;
    for (const RaisedAlert& alert : decision.alerts) {
      kinds.emplace_back(AlertKindName(alert.kind));
    }
    return kinds;
  }
  const std::vector<RaisedAlert>& last() const { return last_; }
  AlertRules& rules() { return rules_; }

 private:
  AlertRules rules_;
  AlertState state_;
  std::vector<RaisedAlert> last_;
};

using Kinds = std::vector<std::string>;

AlertRules Drop(const char* percent) {
  AlertRules rules;
  rules.drop_percent = D(percent);
  return rules;
}

AlertRules Target(const char* target) {
  AlertRules rules = Drop("5");
  rules.target = D(target);
  return rules;
}

TEST(AlertRulesTest, NoDropAlertOnFirstSight) {
  Product p(Drop("5"));
  EXPECT_EQ(p.See("10.00"), Kinds{});
}

TEST(AlertRulesTest, DropOfAtLeastThePercentAlertsWithTheReferenceAsOldPrice) {
  Product p(Drop("5"));
  p.See("100.00");
  EXPECT_EQ(p.See("95.01"), Kinds{});        // 4.99 %
  EXPECT_EQ(p.See("95.00"), Kinds{"drop"});  // exactly 5 %
  ASSERT_EQ(p.last().size(), 1u);
  EXPECT_EQ(p.last()[0].old_price->ToString(), "100.00");
  EXPECT_EQ(p.last()[0].new_price.ToString(), "95.00");
  EXPECT_EQ(p.last()[0].change_percent->ToString(), "-5.00");
}

TEST(AlertRulesTest, StaircaseOfSmallCutsAlertsOnceItAddsUp) {
  Product p(Drop("5"));
  p.See("100");
  EXPECT_EQ(p.See("98"), Kinds{});
  EXPECT_EQ(p.See("97"), Kinds{});
  EXPECT_EQ(p.See("96"), Kinds{});
  EXPECT_EQ(p.See("94.99"), Kinds{"drop"});  // 5.01 % below the 100 seen before the cuts
  EXPECT_EQ(p.last()[0].old_price->ToString(), "100");
  // The reference resets to 94.99: the next cut is measured from there.
  EXPECT_EQ(p.See("92"), Kinds{});
  EXPECT_EQ(p.See("90.24"), Kinds{"drop"});  // 94.99 * 0.95 = 90.2405
}

TEST(AlertRulesTest, RiseThenFallIsMeasuredFromThePeak) {
  Product p(Drop("10"));
  p.See("100");
  p.See("120");
  EXPECT_EQ(p.See("108"), Kinds{"drop"});  // exactly 10 % below the peak of 120
  EXPECT_EQ(p.last()[0].old_price->ToString(), "120");
}

TEST(AlertRulesTest, ReobservingTheSamePriceRaisesNothing) {
  Product p(Target("50"));
  p.See("100");
  EXPECT_EQ(p.See("45"), (Kinds{"drop", "target"}));
  EXPECT_EQ(p.See("45"), Kinds{});
  EXPECT_EQ(p.See("45"), Kinds{});
}

TEST(AlertRulesTest, TargetFiresOnFirstSightWhenAlreadyThere) {
  Product p(Target("199.99"));
  EXPECT_EQ(p.See("199.99"), Kinds{"target"});  // at the target counts
  EXPECT_FALSE(p.last()[0].old_price.has_value());
  EXPECT_FALSE(p.last()[0].change_percent.has_value());
}

TEST(AlertRulesTest, TargetDisarmsThenRearmsAboveTheTarget) {
  Product p(Target("50"));
  EXPECT_EQ(p.See("60"), Kinds{});
  EXPECT_EQ(p.See("59"), Kinds{});
  EXPECT_EQ(p.See("49"), (Kinds{"drop", "target"}));
  EXPECT_EQ(p.last()[1].old_price->ToString(), "59");  // target: the previous price
  EXPECT_EQ(p.See("48"), Kinds{});                     // disarmed
  EXPECT_EQ(p.See("50.01"), Kinds{});                  // above: re-armed
  EXPECT_EQ(p.See("50"), Kinds{"target"});
}

TEST(AlertRulesTest, ChangedTargetRearms) {
  Product p(Target("50"));
  EXPECT_EQ(p.See("40"), Kinds{"target"});
  EXPECT_EQ(p.See("40"), Kinds{});
  p.rules().target = D("45");  // the user edited the seed line
  EXPECT_EQ(p.See("40"), Kinds{"target"});
}

TEST(AlertRulesTest, BackInStockOnlyFromOutOfStock) {
  Product p(Drop("5"));
  EXPECT_EQ(p.See("10", Availability::kOutOfStock), Kinds{});
  EXPECT_EQ(p.See("10", Availability::kInStock), Kinds{"back_in_stock"});
  EXPECT_EQ(p.See("10", Availability::kInStock), Kinds{});
  EXPECT_EQ(p.last().size(), 0u);
}

TEST(AlertRulesTest, UnknownToInStockIsNotARestock) {
  Product p(Drop("5"));
  EXPECT_EQ(p.See("10", Availability::kUnknown), Kinds{});
  EXPECT_EQ(p.See("10", Availability::kInStock), Kinds{});
  Product first_sight(Drop("5"));
  EXPECT_EQ(first_sight.See("10", Availability::kInStock), Kinds{});
}

TEST(AlertRulesTest, AnUnknownObservationKeepsTheLastKnownAvailability) {
  Product p(Drop("5"));
  p.See("10", Availability::kOutOfStock);
  EXPECT_EQ(p.See("10", Availability::kUnknown), Kinds{});
  EXPECT_EQ(p.See("10", Availability::kInStock), Kinds{"back_in_stock"});
}

TEST(AlertRulesTest, CurrencyChangeIsNotADrop) {
  Product p(Drop("5"));
  p.See("100", Availability::kInStock, "USD");
  EXPECT_EQ(p.See("90", Availability::kInStock, "EUR"), Kinds{});
  EXPECT_EQ(p.See("85", Availability::kInStock, "EUR"), Kinds{"drop"});  // 5.56 % below 90 EUR
}

TEST(AlertRulesTest, ZeroPercentAlertsOnEveryDropButNotOnTheSamePrice) {
  Product p(Drop("0"));
  p.See("10");
  EXPECT_EQ(p.See("10"), Kinds{});
  EXPECT_EQ(p.See("9.99"), Kinds{"drop"});
}

TEST(AlertRulesTest, DroppedByAtLeastIsExact) {
  // 1/3 of a cent around the boundary, far beyond what binary floating point keeps exactly.
  EXPECT_TRUE(DroppedByAtLeast(D("3"), D("2"), D("33.333333")));
  EXPECT_FALSE(DroppedByAtLeast(D("3"), D("2"), D("33.333334")));
  EXPECT_TRUE(DroppedByAtLeast(D("0.3"), D("0.2"), D("33.333333")));
  EXPECT_TRUE(DroppedByAtLeast(D("123456789012345678901234.99"), D("0.01"), D("99.999999")));
  EXPECT_FALSE(DroppedByAtLeast(D("0"), D("0"), D("0")));    // no reference
  EXPECT_FALSE(DroppedByAtLeast(D("10"), D("10"), D("0")));  // no fall
  EXPECT_FALSE(DroppedByAtLeast(D("10"), D("11"), D("0")));
  EXPECT_TRUE(DroppedByAtLeast(D("10"), D("0"), D("100")));  // free
}

}  // namespace
}  // namespace pricecrawl::crawler
