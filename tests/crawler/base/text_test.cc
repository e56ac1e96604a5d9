// The shared text helpers (crawler/base/text.h).

#include "crawler/base/text.h"

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(TextTest, ClassifiesAsciiOnly) {
  EXPECT_TRUE(IsAsciiDigit('7'));
  EXPECT_FALSE(IsAsciiDigit('a'));
  EXPECT_TRUE(IsAsciiAlpha('Q'));
  EXPECT_FALSE(IsAsciiAlpha('\xC3'));  // a UTF-8 lead byte is no letter here
  EXPECT_TRUE(IsAsciiAlnum('z'));
  EXPECT_TRUE(IsAsciiHexDigit('F'));
  EXPECT_FALSE(IsAsciiHexDigit('g'));
  EXPECT_TRUE(IsAsciiSpace('\v'));
  EXPECT_FALSE(IsHtmlSpace('\v'));
  EXPECT_TRUE(IsHtmlSpace('\f'));
}

TEST(TextTest, LowercasesAsciiAndLeavesOtherBytes) {
  EXPECT_EQ(LowerAscii("PriceÄ"), "priceÄ");
}

TEST(TextTest, StartsWithIgnoreCase) {
  EXPECT_TRUE(StartsWithIgnoreCase("User-Agent: x", "user-agent"));
  EXPECT_FALSE(StartsWithIgnoreCase("User", "user-agent"));
  EXPECT_TRUE(StartsWithIgnoreCase("anything", ""));
}

TEST(TextTest, TrimsGivenBytes) {
  EXPECT_EQ(Trim("  \t a b \r\n"), "a b");
  EXPECT_EQ(Trim(" \v "), "");
  EXPECT_EQ(Trim("\va\v", kHtmlSpace), "\va\v");
  EXPECT_EQ(Trim("xxaxx", "x"), "a");
}

TEST(TextTest, CollapsesSpaceIncludingNoBreakSpace) {
  EXPECT_EQ(CollapseSpace("  12,99\xC2\xA0\xE2\x82\xAC \n"), "12,99 \xE2\x82\xAC");
  EXPECT_EQ(CollapseSpace("a \t\n b"), "a b");
  EXPECT_EQ(CollapseSpace(" \xC2\xA0 "), "");
}

TEST(TextTest, ContainsText) {
  EXPECT_TRUE(ContainsText("in stock", "stock"));
  EXPECT_FALSE(ContainsText("in stock", "Stock"));
}

}  // namespace
}  // namespace pricecrawl::crawler
