// The text the report prints for web content and availability (crawler/report/html_escape.h).
#include "crawler/report/html_escape.h"

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlEscapeTest, AvailabilityReadsAsWords) {
  EXPECT_EQ(AvailabilityText("in_stock"), "in stock");
  EXPECT_EQ(AvailabilityText("out_of_stock"), "out of stock");
  EXPECT_EQ(AvailabilityText("preorder"), "pre-order");
  EXPECT_EQ(AvailabilityText("unknown"), "availability unknown");
  EXPECT_EQ(AvailabilityText(""), "availability unknown");
  EXPECT_EQ(AvailabilityText("<b>sold</b>"), "availability unknown");  // never echoes web text
}

}  // namespace
}  // namespace pricecrawl::crawler
