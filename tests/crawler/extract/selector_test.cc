// The CSS selector subset (crawler/extract/selector.h), Selectors Level 4 semantics.

#include "crawler/extract/selector.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

const char* const kPage =
    "<div id=main class=\"product page\"><h1 class=title>Lamp</h1>"
    "<p class=prices><span class=\"price now\" data-x=\"a b\">9</span>"
    "<del><span class=price>12</span></del></p></div><span class=price>1</span>";

std::vector<std::string> Texts(const std::string& selector) {
  const HtmlDocument doc(kPage);
  const auto s = Selector::Parse(selector);
  EXPECT_TRUE(s.has_value()) << selector;
  std::vector<std::string> out;
  if (s) {
    for (const HtmlNode n : s->SelectAll(doc.Root())) {
      out.push_back(n.Text());
    }
  }
  return out;
}

using Texts_ = std::vector<std::string>;

TEST(SelectorTest, TagClassIdAndCompound) {
  EXPECT_EQ(Texts("h1"), Texts_({"Lamp"}));
  EXPECT_EQ(Texts(".price"), Texts_({"9", "12", "1"}));
  EXPECT_EQ(Texts("span.price.now"), Texts_({"9"}));
  EXPECT_EQ(Texts("#main h1.title"), Texts_({"Lamp"}));
}

TEST(SelectorTest, DescendantAndChildCombinators) {
  EXPECT_EQ(Texts("#main .price"), Texts_({"9", "12"}));
  EXPECT_EQ(Texts("p.prices > .price"), Texts_({"9"}));
  EXPECT_EQ(Texts("div>p>del>span"), Texts_({"12"}));
  EXPECT_EQ(Texts("div > .price"), Texts_({}));
}

TEST(SelectorTest, AttributeSelectorsAndLists) {
  EXPECT_EQ(Texts("[data-x]"), Texts_({"9"}));
  EXPECT_EQ(Texts("[data-x=\"a b\"]"), Texts_({"9"}));
  EXPECT_EQ(Texts("[data-x~=b]"), Texts_({"9"}));
  EXPECT_EQ(Texts("[class^=pri]"), Texts_({"912", "9", "12", "1"}));  // p.prices too
  EXPECT_EQ(Texts("h1, del span"), Texts_({"Lamp", "12"}));
}

TEST(SelectorTest, RejectsUnsupportedSyntax) {
  for (const char* bad : {"", ",", "a >", "> a", "a:hover", "a + b", "[x", "[x=\"y]", ".", "#"}) {
    std::string error;
    EXPECT_FALSE(Selector::Parse(bad, &error).has_value()) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(SelectorTest, ParseErrorsSayWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty selector in ''"},
      {"a,", "empty selector in 'a,'"},
      {"a >", "selector ends with '>'"},
      {"> a", "combinator without a selector on its left"},
      {".", "missing name after '.'"},
      {"a#", "missing name after '#'"},
      {"[", "missing attribute name after '['"},
      {"[x|=y]", "unsupported attribute operator"},
      {"[x!y]", "unsupported attribute operator"},
      {"[x='y]", "unterminated string in attribute selector"},
      {"[x=]", "missing attribute value"},
      {"[x=y", "missing ']'"},
      {"[x]div", "type selector must come first"},
      {"a:hover", "unsupported selector syntax at ':'"},
      {"a + b", "unsupported selector syntax at '+'"},
  };
  for (const auto& [bad, why] : cases) {
    std::string error;
    EXPECT_FALSE(Selector::Parse(bad, &error).has_value()) << bad;
    EXPECT_EQ(error, why) << bad;
  }
}

}  // namespace
}  // namespace pricecrawl::crawler
