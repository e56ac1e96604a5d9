// The nesting guard's pre-scan (crawler/html/nesting_guard.h) on its own, without Gumbo: which
// start tags it blanks and that it changes nothing else. Element categories follow WHATWG HTML
// §13.2.4 (stack of open elements, list of active formatting elements, Noah's Ark clause).

#include "crawler/html/nesting_guard.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {
namespace {

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

// Runs the guard on a copy; returns the blanked count and leaves the result in `out`.
std::size_t Guard(std::string html, std::string* out = nullptr) {
  const std::size_t blanked = GuardNesting(html);
  if (out != nullptr) {
    *out = std::move(html);
  }
  return blanked;
}

TEST(NestingGuardTest, OrdinaryPageIsUnchanged) {
  const std::string page =
      "<!doctype html><html><head><title>x</title></head><body><div class=\"a\"><p>One<p>Two"
      "<ul><li>a<li>b</ul><table><tr><td>1</td></tr></table></div></body></html>";
  std::string out;
  EXPECT_EQ(Guard(page, &out), 0u);
  EXPECT_EQ(out, page);
}

TEST(NestingGuardTest, BlanksStartTagsBeyondTheDepthLimit) {
  const std::string page = Repeat("<div>", 600) + "deep";
  std::string out;
  EXPECT_EQ(Guard(page, &out), 600u - kMaxNestingDepth);
  ASSERT_EQ(out.size(), page.size());
  EXPECT_EQ(out.substr(0, 5 * kMaxNestingDepth), page.substr(0, 5 * kMaxNestingDepth));
  EXPECT_EQ(out.substr(5 * kMaxNestingDepth),
            std::string(5 * (600 - kMaxNestingDepth), ' ') + "deep");
}

TEST(NestingGuardTest, BlankingKeepsNewlines) {
  std::string out;
  EXPECT_EQ(Guard(Repeat("<div>", kMaxNestingDepth) + "<span\nclass=x>", &out), 1u);
  EXPECT_EQ(out.substr(5 * kMaxNestingDepth), "     \n        ");
}

TEST(NestingGuardTest, ClosedElementsDoNotAddUp) {
  EXPECT_EQ(Guard(Repeat("<div><span>x</span></div>", 2000)), 0u);
}

TEST(NestingGuardTest, ImpliedEndTagsCloseSiblings) {
  // A new <li>, <p>, <dd> or <option> closes the previous one.
  EXPECT_EQ(Guard("<ul>" + Repeat("<li>item", 1000)), 0u);
  EXPECT_EQ(Guard(Repeat("<p>para", 1000)), 0u);
  EXPECT_EQ(Guard("<dl>" + Repeat("<dt>t<dd>d", 1000)), 0u);
  EXPECT_EQ(Guard("<select>" + Repeat("<option>o", 1000)), 0u);
}

TEST(NestingGuardTest, VoidAndUncountedElementsDoNotNest) {
  EXPECT_EQ(Guard(Repeat("<br><img src=x><input>", 1000)), 0u);
  EXPECT_EQ(Guard(Repeat("<form>", 1000)), 0u);
}

TEST(NestingGuardTest, TableCountsForItsImpliedRows) {
  // <table> stands for table, tbody, tr and td: 4 levels.
  EXPECT_EQ(Guard(Repeat("<table>", 200)), 200u - kMaxNestingDepth / 4);
}

TEST(NestingGuardTest, RawTextAndCommentsAreNotScanned) {
  const std::string deep = Repeat("<div>", 1000);
  EXPECT_EQ(Guard("<script>" + deep + "</script>"), 0u);
  EXPECT_EQ(Guard("<style>" + deep + "</STYLE >"), 0u);
  EXPECT_EQ(Guard("<textarea>" + deep + "</textarea>"), 0u);
  EXPECT_EQ(Guard("<!--" + deep + "-->"), 0u);
  // Outside SVG and MathML, "<![CDATA[" opens a bogus comment that ends at the first '>', here
  // that of the first <div>.
  EXPECT_EQ(Guard("<![CDATA[" + deep + "]]>"), 999u - kMaxNestingDepth);
  EXPECT_EQ(Guard("<svg><![CDATA[" + deep + "]]></svg>"), 0u);
}

TEST(NestingGuardTest, QuotedGreaterThanDoesNotEndTheTag) {
  std::string out;
  const std::string page = Repeat("<div>", kMaxNestingDepth) + "<div title=\"a>b\">";
  EXPECT_EQ(Guard(page, &out), 1u);
  EXPECT_EQ(out.substr(5 * kMaxNestingDepth), std::string(17, ' '));
}

TEST(NestingGuardTest, BoundsOpenFormattingElements) {
  // Distinct attributes, so that the Noah's Ark clause (three identical entries) does not apply.
  std::string page;
  for (std::size_t i = 0; i < kMaxOpenFormattingElements + 8; ++i) {
    page += "<b id=" + std::to_string(i) + ">";
  }
  EXPECT_EQ(Guard(page), 8u);
}

TEST(NestingGuardTest, NoahsArkKeepsIdenticalFormattingFromAddingUp) {
  // At most three identical entries stay in the list of active formatting elements; the
  // elements themselves stay open and count towards the depth.
  EXPECT_EQ(Guard(Repeat("<b>", kMaxOpenFormattingElements + 8)), 0u);
  EXPECT_EQ(Guard(Repeat("<b>", 600)), 600u - kMaxNestingDepth);
}

TEST(NestingGuardTest, CustomElementsCloseByName) {
  EXPECT_EQ(Guard(Repeat("<product-card>x</Product-Card>", 2000)), 0u);
  EXPECT_EQ(Guard(Repeat("<product-card>", 600)), 600u - kMaxNestingDepth);
}

TEST(NestingGuardTest, CutOffInputIsLeftAlone) {
  for (const std::string page : {"<", "<div", "<div class=\"x", "</", "<!--", "<!", "a<b"}) {
    std::string out;
    EXPECT_EQ(Guard(page, &out), 0u) << page;
    EXPECT_EQ(out, page);
  }
}

}  // namespace
}  // namespace pricecrawl::crawler
