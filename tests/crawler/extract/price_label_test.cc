// The labels beside a visible price (crawler/extract/price_label.h).

#include "crawler/extract/price_label.h"

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(PriceLabelTest, PriceWordRightBeforeTheAmountIsAnAdjacentPriceLabel) {
  const PriceLabel label = LabelBefore("Price: ");
  EXPECT_EQ(label.kind, PriceLabelKind::kPrice);
  EXPECT_TRUE(label.adjacent);
  EXPECT_EQ(LabelBefore("Preis").kind, PriceLabelKind::kPrice);
  EXPECT_EQ(LabelBefore("Prix : ").kind, PriceLabelKind::kPrice);
}

TEST(PriceLabelTest, TheAmountsOwnCurrencyIsNoGap) {
  EXPECT_TRUE(LabelBefore("Price: US$ ", "US$").adjacent);
  EXPECT_FALSE(LabelBefore("Price of this set ").adjacent);
}

TEST(PriceLabelTest, SaleWordsInSeveralLanguages) {
  for (const char* text : {"now ", "Sale ", "Our price", "Special price:", "You pay", "jetzt ",
                           "nur ", "Maintenant : ", "Ahora", "Ora ", "voor ", "Teraz "}) {
    EXPECT_EQ(LabelBefore(text).kind, PriceLabelKind::kSale) << text;
  }
}

TEST(PriceLabelTest, ListWordsInSeveralLanguages) {
  for (const char* text : {"was ", "RRP ", "List price", "Regular price:", "before ", "originally ",
                           "Compare at", "statt ", "UVP ", "Avant : ", "Antes", "van "}) {
    EXPECT_EQ(LabelBefore(text).kind, PriceLabelKind::kList) << text;
  }
}

TEST(PriceLabelTest, TheNearestLabelWins) {
  // "Price: was £30": "was" stands nearer to the amount than "Price".
  EXPECT_EQ(LabelBefore("Price: was ").kind, PriceLabelKind::kList);
  EXPECT_EQ(LabelBefore("Was, now ").kind, PriceLabelKind::kSale);
  // Of two labels ending together, the longer one: "sale price", not "price".
  EXPECT_EQ(LabelBefore("Sale price ").kind, PriceLabelKind::kSale);
  EXPECT_EQ(LabelBefore("Regular price ").kind, PriceLabelKind::kList);
}

TEST(PriceLabelTest, WordsInsideOtherWordsAreNoLabels) {
  EXPECT_EQ(LabelBefore("Known for ").kind, PriceLabelKind::kNone);
  EXPECT_EQ(LabelBefore("Menu ").kind, PriceLabelKind::kNone);
  EXPECT_EQ(LabelBefore("Priceless ").kind, PriceLabelKind::kNone);
}

TEST(PriceLabelTest, ShippingSavingsThresholdsAndInstalmentsAreOtherAmounts) {
  for (const char* text :
       {"Shipping: ", "Versand ", "You save ", "free delivery over ", "or 4 x ", "4x "}) {
    EXPECT_EQ(LabelBefore(text).kind, PriceLabelKind::kOther) << text;
  }
}

TEST(PriceLabelTest, TextBeforeAClosingParenthesisIsNotTheAmountsLabel) {
  // "(RRP £30.00) £19.99": the RRP is inside parentheses that do not hold £19.99.
  EXPECT_EQ(LabelBefore("(RRP ) ").kind, PriceLabelKind::kNone);
}

TEST(PriceLabelTest, LabelAfterTheAmount) {
  EXPECT_EQ(LabelAfter(" now").kind, PriceLabelKind::kSale);
  EXPECT_EQ(LabelAfter(" / 100 g").kind, PriceLabelKind::kOther);
  EXPECT_EQ(LabelAfter("/month").kind, PriceLabelKind::kOther);
  EXPECT_EQ(LabelAfter(" x 4").kind, PriceLabelKind::kOther);
  EXPECT_EQ(LabelAfter(" USD").kind, PriceLabelKind::kNone);
  // Text in parentheses after the amount is about what is inside them.
  EXPECT_EQ(LabelAfter(" (was").kind, PriceLabelKind::kNone);
}

TEST(PriceLabelTest, AfterLastAmountDropsAnEarlierPricesLabel) {
  EXPECT_EQ(AfterLastAmount("was £30.00 now "), " now ");
  EXPECT_EQ(AfterLastAmount("Price: "), "Price: ");
  EXPECT_EQ(AfterLastAmount("Delivery in 3 days. Price "), " days. Price ");
}

TEST(PriceLabelTest, SplitRunGivesEachAmountItsOwnLabelText) {
  const std::vector<RunAmount> amounts = SplitRun("Sale £19.99 (RRP £30.00)");
  ASSERT_EQ(amounts.size(), 2U);
  EXPECT_EQ(amounts[0].parsed.amount->ToString(), "19.99");
  EXPECT_EQ(amounts[0].before, "Sale £");
  EXPECT_FALSE(amounts[0].last);
  EXPECT_EQ(amounts[1].parsed.amount->ToString(), "30.00");
  EXPECT_EQ(amounts[1].parsed.currency_text, "£");
  EXPECT_EQ(LabelBefore(amounts[1].before, amounts[1].parsed.currency_text).kind,
            PriceLabelKind::kList);
  EXPECT_TRUE(amounts[1].last);
}

TEST(PriceLabelTest, SplitRunKeepsACountWithoutCurrencyTogether) {
  // "4 x £5.00": 4 has no currency of its own, so the run is read as one price text.
  const std::vector<RunAmount> amounts = SplitRun("4 x £5.00");
  ASSERT_EQ(amounts.size(), 1U);
  EXPECT_EQ(LabelAfter(amounts[0].after).kind, PriceLabelKind::kOther);
}

TEST(PriceLabelTest, SplitRunOfOneAmount) {
  const std::vector<RunAmount> amounts = SplitRun("Price: $24.50");
  ASSERT_EQ(amounts.size(), 1U);
  EXPECT_EQ(amounts[0].parsed.amount->ToString(), "24.50");
  EXPECT_EQ(amounts[0].before, "Price: $");
  EXPECT_TRUE(SplitRun("no digits here").empty());
}

TEST(PriceLabelTest, SplitRunSkipsAPercentage) {
  const std::vector<RunAmount> amounts = SplitRun("-33% £19.99");
  ASSERT_EQ(amounts.size(), 1U);
  EXPECT_EQ(amounts[0].parsed.amount->ToString(), "19.99");
  EXPECT_EQ(amounts[0].before, "-33% £");
}

}  // namespace
}  // namespace pricecrawl::crawler
