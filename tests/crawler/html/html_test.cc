#include "crawler/html/html.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

std::vector<std::string> Tags(const std::vector<HtmlNode>& nodes) {
  std::vector<std::string> tags;
  tags.reserve(nodes.size());
  for (const HtmlNode& node : nodes) {
    tags.emplace_back(node.IsText() ? "#text" : node.Tag());
  }
  return tags;
}

struct TreeShape {
  std::size_t max_depth = 0;
  std::size_t elements = 0;
};

// Depth of the deepest element below <html> (which is depth 1), counted iteratively.
TreeShape Shape(const HtmlDocument& doc) {
  TreeShape shape;
  std::vector<std::pair<HtmlNode, std::size_t>> stack{{doc.Root(), 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    ++shape.elements;
    shape.max_depth = std::max(shape.max_depth, depth);
    for (const HtmlNode& child : node.ElementChildren()) {
      stack.emplace_back(child, depth + 1);
    }
  }
  return shape;
}

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  out.reserve(piece.size() * static_cast<std::size_t>(times));
  for (int i = 0; i < times; ++i) {
    out.append(piece);
  }
  return out;
}

TEST(HtmlTest, ImpliedStructureExists) {
  const HtmlDocument doc("<p>hello");
  EXPECT_EQ(doc.Root().Tag(), "html");
  EXPECT_EQ(doc.Head().Tag(), "head");
  EXPECT_EQ(doc.Body().Tag(), "body");
  EXPECT_TRUE(doc.Root().Parent().IsNull());
  EXPECT_EQ(doc.Body().Text(), "hello");
}

TEST(HtmlTest, TagNamesAreLowercase) {
  const HtmlDocument doc(
      "<DIV><Product-Card sku=1><SPAN>x</SPAN></Product-Card></DIV><svg><LinearGradient/></svg>");
  EXPECT_FALSE(doc.FindFirst("div").IsNull());
  const HtmlNode card = doc.FindFirst("product-card");
  ASSERT_FALSE(card.IsNull());
  EXPECT_EQ(card.Attr("sku").value_or(""), "1");
  EXPECT_EQ(Tags(card.Children()), std::vector<std::string>{"span"});
  const HtmlNode svg = doc.FindFirst("svg");
  ASSERT_FALSE(svg.IsNull());
  EXPECT_EQ(svg.Namespace(), HtmlNamespace::kSvg);
  EXPECT_EQ(Tags(svg.ElementChildren()), std::vector<std::string>{"lineargradient"});
  EXPECT_EQ(doc.Body().Namespace(), HtmlNamespace::kHtml);
}

TEST(HtmlTest, AttributesAreCaseInsensitive) {
  const HtmlDocument doc(
      R"(<div ID="main" DATA-Price="1&amp;2" Class="product  Featured" rel="Next Prev">x</div>)");
  const HtmlNode div = doc.FindFirst("div");
  EXPECT_EQ(div.Attr("data-price").value_or(""), "1&2");
  EXPECT_EQ(div.Attr("DATA-PRICE").value_or(""), "1&2");
  EXPECT_EQ(div.AttrOr("id"), "main");
  EXPECT_EQ(div.AttrOr("missing", "fallback"), "fallback");
  EXPECT_FALSE(div.Attr("missing").has_value());
  EXPECT_TRUE(div.HasAttr("Id"));
  EXPECT_TRUE(div.HasClass("product"));
  EXPECT_TRUE(div.HasClass("Featured"));
  EXPECT_FALSE(div.HasClass("featured"));  // CSS class matching is case-sensitive
  EXPECT_FALSE(div.HasClass("prod"));
  EXPECT_TRUE(div.AttrHasToken("rel", "next"));
  EXPECT_TRUE(div.AttrHasToken("REL", "PREV"));
  EXPECT_FALSE(div.AttrHasToken("rel", "nofollow"));
  const auto attributes = div.Attributes();
  ASSERT_EQ(attributes.size(), 4u);
  EXPECT_EQ(attributes[1].name, "data-price");
  EXPECT_EQ(attributes[1].value, "1&2");
}

TEST(HtmlTest, TextCollapsesWhitespaceAndSkipsScriptStyle) {
  const HtmlDocument doc(
      "<body>  Hello \n\t <b>big</b>   world<script>var x = '<b>no</b>';</script>"
      "<style>.a{}</style><template><p>hidden</p></template>&amp; more&nbsp;&nbsp;text "
      "<!-- comment --></body>");
  EXPECT_EQ(doc.Body().Text(), "Hello big world& more text");
}

TEST(HtmlTest, TextSeparatesBlocksButNotInlineElements) {
  const HtmlDocument doc(
      "<table><tr><td>Price</td><td>9.99</td></tr></table><div>a</div><div>b</div>"
      "<p>$19<sup>99</sup><span>!</span><br>next<custom-el>line</custom-el></p>");
  EXPECT_EQ(doc.Body().Text(), "Price 9.99 a b $1999! nextline");
}

TEST(HtmlTest, TextWithALimitStopsAfterAWholeCharacter) {
  const HtmlDocument doc("<p>ab\u20ACcd <b>more</b> text</p>");
  const HtmlNode p = doc.FindFirst("p");
  EXPECT_EQ(p.Text(2), "ab");
  EXPECT_EQ(p.Text(3), "ab\u20AC");  // the euro sign's three bytes stay together
  EXPECT_EQ(p.Text(9), "ab\u20ACcd m");
  EXPECT_EQ(p.Text(1000), p.Text());
  EXPECT_EQ(p.Text(0), "");
}

TEST(HtmlTest, IsInlineFollowsTheTagTable) {
  const HtmlDocument doc(
      "<div><span>a</span><a href=x>b</a><code>c</code><q>d</q><product-price>e</product-price>"
      "<p>f</p><li>g</li><h1>h</h1><button>i</button></div>");
  std::vector<std::string> inline_tags;
  std::vector<std::string> block_tags;
  doc.Body().ForEachElement([&](HtmlNode node) {
    (node.IsInline() ? inline_tags : block_tags).emplace_back(node.Tag());
  });
  EXPECT_EQ(inline_tags, (std::vector<std::string>{"span", "a", "code", "q", "product-price"}));
  EXPECT_EQ(block_tags, (std::vector<std::string>{"body", "div", "p", "li", "h1", "button"}));
  EXPECT_FALSE(doc.FindFirst("span").Children().front().IsInline());  // a text node
  EXPECT_FALSE(HtmlNode().IsInline());
}

TEST(HtmlTest, RawTextKeepsJsonLdUntouched) {
  const std::string json = "{\n  \"name\": \"A &amp; B <i>\",\n  \"price\": \"9.99\" }";
  const HtmlDocument doc("<head><script type=\"application/ld+json\">" + json + "</script></head>");
  const HtmlNode script = doc.FindFirst("script");
  ASSERT_FALSE(script.IsNull());
  EXPECT_EQ(script.AttrOr("type"), "application/ld+json");
  EXPECT_EQ(script.RawText(), json);
  EXPECT_EQ(script.Text(), "");  // script text is never visible text
}

TEST(HtmlTest, ChildrenSiblingsAndParents) {
  const HtmlDocument doc("<ul id=l><li>a</li><!-- c --><li>b<em>!</em></li> <li>c</li></ul>");
  const HtmlNode list = doc.FindFirst("ul");
  EXPECT_EQ(Tags(list.Children()), (std::vector<std::string>{"li", "li", "#text", "li"}));
  const std::vector<HtmlNode> items = list.ElementChildren();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].PreviousElementSibling(), items[0]);
  EXPECT_EQ(items[1].NextElementSibling(), items[2]);
  EXPECT_TRUE(items[0].PreviousElementSibling().IsNull());
  EXPECT_TRUE(items[2].NextElementSibling().IsNull());
  EXPECT_EQ(items[0].Parent(), list);
  const HtmlNode em = doc.FindFirst("em");
  EXPECT_EQ(em.ClosestAncestor("ul"), list);
  EXPECT_TRUE(em.ClosestAncestor("table").IsNull());
  const std::vector<HtmlNode> text = items[0].Children();
  ASSERT_EQ(text.size(), 1u);
  EXPECT_TRUE(text[0].IsText());
  EXPECT_FALSE(text[0].IsElement());
  EXPECT_EQ(text[0].TextValue(), "a");
  EXPECT_EQ(text[0].Tag(), "");
  EXPECT_EQ(text[0].Parent(), items[0]);
  EXPECT_EQ(items[2].SourceLine(), 1u);
}

TEST(HtmlTest, WalksInPreOrderWithControl) {
  const HtmlDocument doc("<div><p><b>x</b></p><section><i>y</i></section></div><footer></footer>");
  std::vector<std::string> seen;
  doc.ForEachElement([&](HtmlNode node) { seen.emplace_back(node.Tag()); });
  EXPECT_EQ(seen, (std::vector<std::string>{"html", "head", "body", "div", "p", "b", "section", "i",
                                            "footer"}));
  seen.clear();
  doc.Walk([&](HtmlNode node) {
    seen.emplace_back(node.Tag());
    if (node.Tag() == "p") {
      return WalkControl::kSkipChildren;
    }
    if (node.Tag() == "i") {
      return WalkControl::kStop;
    }
    return WalkControl::kContinue;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"html", "head", "body", "div", "p", "section", "i"}));
  const HtmlNode div = doc.FindFirst("div");
  EXPECT_EQ(Tags(div.FindAll("b")), std::vector<std::string>{"b"});
  EXPECT_EQ(div.FindAll("footer").size(), 0u);
  EXPECT_EQ(doc.FindAll("p").size(), 1u);
  EXPECT_EQ(div.FindFirst("div"), div);  // the subtree includes the node itself
}

TEST(HtmlTest, NullNodeIsSafe) {
  const HtmlNode null;
  EXPECT_TRUE(null.IsNull());
  EXPECT_FALSE(null.IsElement());
  EXPECT_FALSE(null.IsText());
  EXPECT_EQ(null.Tag(), "");
  EXPECT_FALSE(null.Attr("href").has_value());
  EXPECT_TRUE(null.Parent().IsNull());
  EXPECT_TRUE(null.Children().empty());
  EXPECT_EQ(null.Text(), "");
  EXPECT_EQ(null.RawText(), "");
  EXPECT_TRUE(null.FindFirst("a").IsNull());
  int visits = 0;
  null.ForEachElement([&](HtmlNode) { ++visits; });
  EXPECT_EQ(visits, 0);
}

TEST(HtmlTest, BrokenHtmlNeverFails) {
  const std::vector<std::string> inputs = {
      "",
      "<",
      "<<<>>>&&&;;",
      "</div></div></body></html>",
      "<a href=\"unterminated",
      "<div <p class=\"x\">text",
      "<table><td>cell<tr><div>in table</table>after",
      "<!-- never closed",
      "<script>never closed",
      "<![CDATA[ x ]]><?php echo 1; ?>",
      std::string("nul\0bytes\0<b>\0</b>", 18),
      "\xFF\xFE\xC3(invalid utf-8\xE2\x82",
      "<svg><foreignObject><div><svg><path/></svg></div></foreignObject></svg>",
      "<plaintext><div><div>",
      "<b><i></b></i><p><b>misnested</p></b>",
  };
  for (const std::string& input : inputs) {
    const HtmlDocument doc(input);
    EXPECT_EQ(doc.Root().Tag(), "html") << input;
    EXPECT_FALSE(doc.Body().IsNull()) << input;
    (void)doc.Root().Text();
    (void)Shape(doc);
  }
  const HtmlDocument doc("<table><td>cell<tr><div>in table</table>after");
  EXPECT_EQ(doc.Body().Text(), "in table cell after");  // the div is foster-parented
}

TEST(HtmlTest, OrdinaryPagesAreNotBlanked) {
  // Unclosed p/li/td/option, nested tables and lists 100 deep: nothing is blanked.
  std::string page = "<!doctype html><title>t</title><body>";
  page += Repeat("<div class=wrap>", 100);
  page += Repeat("<p>para", 500) + Repeat("<ul><li>a<li>b", 50) + Repeat("</ul>", 50);
  page += Repeat("<table><tr><td>x<td>y", 20) + Repeat("</table>", 20);
  page += Repeat("<select><option>1<option>2</select>", 200);
  page += Repeat("<b>bold</b> <i>it</i> <a href=#>link</a>", 500);
  page += Repeat("<span><font color=red>unclosed", 10);
  page += Repeat("</div>", 100);
  const HtmlDocument doc(page);
  EXPECT_EQ(doc.BlankedTags(), 0u);
  EXPECT_GT(Shape(doc).max_depth, 100u);
}

struct DeepCase {
  const char* name;
  std::string page;
  bool needs_blanking = true;
};

// Gumbo 0.10.1 frees its tree recursively and is quadratic in depth; without the nesting
// guard the first case takes ~40 s and the recursive free overflows small thread stacks.
TEST(HtmlTest, DeepNestingSurvives) {
  const int n = 100000;
  std::vector<DeepCase> cases = {
      {"div", Repeat("<div>", n) + "deep" + Repeat("</div>", n)},
      {"unclosed div", Repeat("<div>", n) + "deep"},
      {"span", Repeat("<span>", n) + "deep"},
      {"bold", Repeat("<b>", n) + "deep"},
      // Identical formatting tags are bounded by the parser itself (Noah's Ark clause).
      {"font soup", Repeat("<font size=2><p>x", n / 10) + "deep", false},
      {"distinct formatting",
       [] {
         std::string page;
         for (int i = 0; i < 5000; ++i) {
           page += "<div><b class=c" + std::to_string(i) + "></div>";
         }
         return page + "deep";
       }()},
      {"tables", Repeat("<table><tr><td>", n / 3) + "deep"},
      {"div in cell", Repeat("<div><table><td></div>", n / 3) + "deep"},
      {"span div", Repeat("<span><div></span>", n / 3) + "deep"},
      {"adoption agency", Repeat("<b><div></b>", n / 3) + "deep"},
      {"svg", "<svg>" + Repeat("<g>", n) + "deep"},
      {"custom", Repeat("<x-a>", n) + "deep"},
  };
  for (const DeepCase& c : cases) {
    const HtmlDocument doc(c.page);
    const TreeShape shape = Shape(doc);
    EXPECT_LE(shape.max_depth, kMaxNestingDepth + kMaxOpenFormattingElements + 8) << c.name;
    // Reopened formatting elements add nodes, but at most a bounded number per tag.
    EXPECT_LE(shape.elements, 2 * c.page.size()) << c.name;
    EXPECT_EQ(doc.BlankedTags() > 0, c.needs_blanking) << c.name;
    EXPECT_NE(doc.Body().Text().find("deep"), std::string::npos) << c.name;
    std::cout << "[ deep     ] " << c.name << ": depth " << shape.max_depth << ", "
              << shape.elements << " elements, " << doc.BlankedTags() << " tags blanked\n";
  }
}

TEST(HtmlTest, BlankingKeepsLineNumbers) {
  const std::string page =
      Repeat("<div\nclass=a>", 600) + Repeat("</div>", 600) + "\n<p id=last>x</p>";
  const HtmlDocument doc(page);
  EXPECT_EQ(doc.BlankedTags(), 600u - kMaxNestingDepth);
  EXPECT_EQ(doc.Source().size(), page.size());
  EXPECT_EQ(doc.FindFirst("p").SourceLine(), 602u);
}

TEST(HtmlTest, EmptyBodyIsNotDangling) {
  // Short bodies live inside std::string (SSO); the tree must point at the document's copy.
  const HtmlDocument doc(std::string("<b>x</b>"));
  EXPECT_EQ(doc.FindFirst("b").Text(), "x");
  const HtmlDocument empty{std::string()};
  EXPECT_EQ(empty.Body().Text(), "");
}

}  // namespace
}  // namespace pricecrawl::crawler
