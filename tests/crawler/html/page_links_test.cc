#include "crawler/html/page_links.h"

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {
namespace {

constexpr char kPage[] = "http://shop.example.com/cat/shoes.html?utm_source=feed";

PageLinks Extract(const std::string& html, std::string_view url = kPage) {
  const HtmlDocument doc(html);
  return ExtractPageLinks(doc, url);
}

using Links = std::vector<std::string>;

TEST(PageLinksTest, ResolvesDeduplicatesAndKeepsOrder) {
  const PageLinks page = Extract(R"html(
      <a href="item-2.html">b</a>
      <a href="/cat/item-1.html#reviews">a</a>
      <a href="item-2.html?utm_medium=x">b again</a>
      <map><area href="../sale/" alt="sale"></map>
      <a href="https://Other.example.com/x">elsewhere</a>
      <a>no href</a>
      <a href="item-1.html" rel="nofollow">nofollow is ignored per link</a>)html");
  EXPECT_EQ(page.links, (Links{"http://shop.example.com/cat/item-2.html",
                               "http://shop.example.com/cat/item-1.html",
                               "http://shop.example.com/sale/", "https://other.example.com/x"}));
  EXPECT_EQ(page.base_url, "http://shop.example.com/cat/shoes.html");
  EXPECT_FALSE(page.nofollow);
  EXPECT_FALSE(page.noindex);
}

TEST(PageLinksTest, SkipsNonWebSchemesFilesAndNonHtml) {
  const PageLinks page = Extract(R"html(
      <a href="mailto:sales@example.com">mail</a>
      <a href="javascript:void(0)">js</a>
      <a href="tel:+1234">call</a>
      <a href="data:text/html,hi">data</a>
      <a href="file:///etc/passwd">local</a>
      <a href="">empty</a>
      <a href="   ">blank</a>
      <a href="/img/shoe.JPG">image</a>
      <a href="/manual.pdf">pdf</a>
      <a href="/feed.xml">feed</a>
      <a href="/product?id=7">kept</a>)html");
  EXPECT_EQ(page.links, (Links{"http://shop.example.com/product?id=7"}));
}

TEST(PageLinksTest, FirstBaseHrefWinsAndMayBeRelative) {
  const PageLinks page = Extract(R"html(
      <html><head><title>t</title></head><body>
      <a href="before-base.html">x</a>
      <base target="_blank">
      <base href="/shop/v2/">
      <base href="http://ignored.example/">
      <a href="item.html">y</a></body></html>)html");
  EXPECT_EQ(page.base_url, "http://shop.example.com/shop/v2/");
  EXPECT_EQ(page.links, (Links{"http://shop.example.com/shop/v2/before-base.html",
                               "http://shop.example.com/shop/v2/item.html"}));
}

TEST(PageLinksTest, UnusableBaseFallsBackToPageUrl) {
  const PageLinks page =
      Extract(R"html(<base href="javascript:alert(1)"><a href="x.html">x</a>)html");
  EXPECT_EQ(page.base_url, "http://shop.example.com/cat/shoes.html");
  EXPECT_EQ(page.links, (Links{"http://shop.example.com/cat/x.html"}));
  const PageLinks from_file =
      Extract(R"html(<base href="file:///srv/"><a href="y.html">y</a>)html");
  EXPECT_EQ(from_file.links, (Links{"http://shop.example.com/cat/y.html"}));
}

TEST(PageLinksTest, FollowsRelNextAndPrevButNotOtherLinkElements) {
  const PageLinks page = Extract(R"html(
      <head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" hreflang="de" href="/de/cat/shoes.html">
      <link rel="Next" href="?page=3">
      <link rel="prev" href="?page=1">
      <link rel="icon" href="/favicon.png">
      </head>)html");
  EXPECT_EQ(page.links, (Links{"http://shop.example.com/cat/shoes.html?page=3",
                               "http://shop.example.com/cat/shoes.html?page=1"}));
}

TEST(PageLinksTest, CanonicalIsResolved) {
  const PageLinks page =
      Extract(R"html(<link rel="canonical" href="/cat/shoes.html?utm_campaign=x#top">
                 <link rel="canonical" href="/second.html">)html");
  EXPECT_EQ(page.canonical_url, "http://shop.example.com/cat/shoes.html");
  EXPECT_TRUE(page.links.empty());
  EXPECT_EQ(Extract("<p>no canonical</p>").canonical_url, "");
  EXPECT_EQ(Extract(R"html(<link rel=canonical href="mailto:x@y">)html").canonical_url, "");
}

TEST(PageLinksTest, TitleIsCollapsedAndSvgTitlesIgnored) {
  const PageLinks page = Extract(
      "<body><svg><title>icon</title></svg><title>\n  Red   Shoes &amp; Boots\n</title>"
      "<title>second</title></body>");
  EXPECT_EQ(page.title, "Red Shoes & Boots");
  EXPECT_EQ(Extract("<p>untitled</p>").title, "");
}

struct RobotsCase {
  std::string meta;
  bool noindex;
  bool nofollow;
};

TEST(PageLinksTest, MetaRobotsVariants) {
  const std::vector<RobotsCase> cases = {
      {R"html(<meta name="robots" content="noindex">)html", true, false},
      {R"html(<meta name="robots" content="NOFOLLOW">)html", false, true},
      {R"html(<meta name="ROBOTS" content="noindex,nofollow">)html", true, true},
      {R"html(<meta name="robots" content="noindex, follow">)html", true, false},
      {R"html(<meta name="robots" content="none">)html", true, true},
      {R"html(<meta name="PriceCrawl" content="nofollow">)html", false, true},
      {R"html(<meta name="googlebot" content="noindex, nofollow">)html", false, false},
      {R"html(<meta name="robots" content="index, follow">)html", false, false},
      {R"html(<meta name="robots" content="noindex"><meta name="pricecrawl" content="nofollow">)html",
       true, true},
      {R"html(<meta content="noindex">)html", false, false},
  };
  for (const RobotsCase& c : cases) {
    const PageLinks page = Extract(c.meta + R"html(<a href="/next.html">n</a>)html");
    EXPECT_EQ(page.noindex, c.noindex) << c.meta;
    EXPECT_EQ(page.nofollow, c.nofollow) << c.meta;
    EXPECT_EQ(page.links.size(), 1u) << "links stay listed; the caller drops them: " << c.meta;
  }
}

TEST(PageLinksTest, FilePagesLinkToFiles) {
  const PageLinks page =
      Extract(R"html(<a href="item.html">i</a><a href="http://e.com/">w</a>)html",
              "file:///srv/shop/index.html");
  EXPECT_EQ(page.links, (Links{"file:///srv/shop/item.html", "http://e.com/"}));
}

TEST(PageLinksTest, BrokenAndEmptyPages) {
  EXPECT_TRUE(Extract("").links.empty());
  EXPECT_TRUE(Extract("<a href=\"x.html").links.empty());  // tag cut off by the end of the page
  const PageLinks page = Extract("<a href=x.html><a href='y.html'<div>", "not a url");
  EXPECT_TRUE(page.links.empty());
  EXPECT_EQ(page.base_url, "not a url");
  EXPECT_EQ(Extract("<a href=http://e.com/a>", "not a url").links, (Links{"http://e.com/a"}));
}

constexpr int kTiles = 46;

// A category page of about 20 KB: header navigation, product tiles with prices and links,
// pagination, footer, JSON-LD and inline script/style.
std::string SyntheticShopPage() {
  std::string html =
      "<!doctype html><html lang=en><head><meta charset=utf-8><title>Running shoes | Shop"
      "</title><link rel=canonical href=\"/cat/shoes.html\"><link rel=next href=\"?page=2\">"
      "<link rel=stylesheet href=\"/static/site.css\"><style>.tile{display:grid}</style>"
      "<script type=\"application/ld+json\">{\"@type\":\"ItemList\",\"itemListElement\":[]}"
      "</script></head><body><header><nav><ul>";
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    html.append("<li><a href=\"/cat/")
        .append(n)
        .append("/\">Category ")
        .append(n)
        .append("</a></li>");
  }
  html += "</ul></nav></header><main><h1>Running shoes</h1><div class=\"grid\">";
  for (int i = 0; i < kTiles; ++i) {
    const std::string id = std::to_string(1000 + i);
    html.append("<div class=\"tile product\" data-sku=\"").append(id);
    html.append("\"><a href=\"/p/shoe-").append(id).append(".html?utm_source=grid\">");
    html.append("<img src=\"/img/").append(id).append(".jpg\" alt=\"Shoe\"></a>");
    html.append("<h2 class=title><a href=\"/p/shoe-").append(id).append(".html\">Trail runner ");
    html.append(id).append("</a></h2><span class=\"price\">&euro;&nbsp;");
    html.append(std::to_string(40 + i)).append(",99</span><button class=cart>Add to cart</button>");
    html.append(
        "<p class=desc>Lightweight, breathable mesh upper with a grippy sole, a cushioned "
        "midsole and reflective details for early runs.</p></div>\n");
  }
  html += "</div><nav class=pagination>";
  for (int i = 1; i <= 8; ++i) {
    html += "<a href=\"?page=" + std::to_string(i) + "\">" + std::to_string(i) + "</a> ";
  }
  html +=
      "</nav></main><footer><p>&copy; Shop</p><a href=\"mailto:help@shop.example\">help"
      "</a><a href=\"/terms.pdf\">terms</a></footer><script>window.dataLayer=[];</script>"
      "</body></html>";
  return html;
}

TEST(PageLinksTest, MeasuresParseAndExtractTime) {
  const std::string html = SyntheticShopPage();
  const int iterations = 300;
  using Clock = std::chrono::steady_clock;
  Clock::duration parse{};
  Clock::duration extract{};
  std::size_t link_count = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto t0 = Clock::now();
    const HtmlDocument doc(html);
    const auto t1 = Clock::now();
    link_count = ExtractPageLinks(doc, kPage).links.size();
    parse += t1 - t0;
    extract += Clock::now() - t1;
  }
  auto per_page = [&](Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count() / iterations;
  };
  EXPECT_EQ(link_count, 12u + kTiles + 8u);  // categories, products, pages 1-8 (rel=next is page 2)
  std::cout << "[ measure  ] " << static_cast<double>(html.size()) / 1024.0 << " KiB shop page, "
            << link_count << " links: parse " << per_page(parse) << " us + link extraction "
            << per_page(extract) << " us = " << per_page(parse + extract) << " us/page\n";
}

}  // namespace
}  // namespace pricecrawl::crawler
