#include "crawler/fetch/url.h"

#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

struct Case {
  std::string input;
  std::string expected;  // "" means nullopt
};

std::string Or(const std::optional<std::string>& value) {
  return value.value_or("");
}

// RFC 3986 §6.2.2 (syntax-based normalisation) plus the crawler's own rules.
TEST(UrlTest, NormalizesTable) {
  const std::vector<Case> cases = {
      // case of scheme and host; path case is significant
      {"HTTP://ExAmple.COM/Path", "http://example.com/Path"},
      {"https://WWW.Example.com", "https://www.example.com/"},
      // default and explicit ports
      {"http://example.com:80/a", "http://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"https://example.com:0443/a", "https://example.com/a"},
      {"http://example.com:443/a", "http://example.com:443/a"},
      {"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"},
      {"http://example.com:/a", "http://example.com/a"},
      // fragments
      {"http://example.com/a#section", "http://example.com/a"},
      {"http://example.com/a?b=1#frag ment", "http://example.com/a?b=1"},
      // dot segments (RFC 3986 §5.2.4)
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/../../x", "http://example.com/x"},
      {"http://example.com/a/%2E%2E/b", "http://example.com/b"},
      // empty path and empty query
      {"http://example.com", "http://example.com/"},
      {"http://example.com?", "http://example.com/"},
      {"http://example.com/a?", "http://example.com/a"},
      {"http://example.com/a?&&", "http://example.com/a"},
      // tracking parameters removed, the rest kept in order
      {"http://example.com/p?utm_source=x&id=3&utm_medium=y", "http://example.com/p?id=3"},
      {"http://example.com/p?b=2&fbclid=abc&a=1", "http://example.com/p?b=2&a=1"},
      {"http://example.com/p?gclid=1&msclkid=2&mc_cid=3&mc_eid=4&yclid=5&_ga=6",
       "http://example.com/p"},
      {"http://example.com/p?UTM_Campaign=z&q=shoes", "http://example.com/p?q=shoes"},
      {"http://example.com/p?utmost=1", "http://example.com/p?utmost=1"},
      {"http://example.com/p?q=a&&r=b", "http://example.com/p?q=a&r=b"},
      // percent-escapes: uppercase hex, unreserved decoded, reserved kept
      {"http://example.com/a%2fb%7e%41?x=%2a", "http://example.com/a%2Fb~A?x=%2A"},
      {"http://example.com/100%", "http://example.com/100%25"},
      {"http://example.com/a%zz", "http://example.com/a%25zz"},
      // spaces, non-ASCII and unsafe characters are encoded, not dropped
      {"http://example.com/a b?q=c d", "http://example.com/a%20b?q=c%20d"},
      {"http://example.com/caf\xC3\xA9", "http://example.com/caf%C3%A9"},
      {"http://example.com/a<b>\"c\"", "http://example.com/a%3Cb%3E%22c%22"},
      {"http://example.com/list?f[]=1", "http://example.com/list?f%5B%5D=1"},
      {"  http://example.com/a\n\tb  ", "http://example.com/ab"},
      {"http://example.com\\a\\b", "http://example.com/a/b"},
      // user info kept, host lowercased
      {"http://user:pw@Example.com/", "http://user:pw@example.com/"},
      // IPv6 hosts
      {"http://[::1]:8080/x", "http://[::1]:8080/x"},
      {"http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"},
      // IDN kept as written, ASCII-lowercased
      {"http://B\xC3\xBC"
       "cher.DE/",
       "http://b\xC3\xBC"
       "cher.de/"},
      // file URLs
      {"file:///tmp/shop/index.html", "file:///tmp/shop/index.html"},
      {"FILE:///tmp/a/../b.html#x", "file:///tmp/b.html"},
      {"file://localhost/tmp/x.html", "file:///tmp/x.html"},
      // rejected
      {"ftp://example.com/", ""},
      {"mailto:someone@example.com", ""},
      {"javascript:alert(1)", ""},
      {"/relative/path", ""},
      {"", ""},
      {"http://exa mple.com/", ""},
      {"http://example.com:99999/", ""},
      {"http://", ""},
      {"http://example.com/" + std::string(kMaxUrlLength, 'a'), ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Or(NormalizeUrl(c.input)), c.expected) << "input: " << c.input;
  }
}

TEST(UrlTest, NormalizationIsIdempotent) {
  for (const char* url : {"HTTP://ExAmple.COM:80/a/./b/../c%7e?utm_source=x&q=1#f",
                          "http://example.com/a b/caf\xC3\xA9?q=%zz", "file:///tmp/x y.html",
                          "http://[2001:DB8::1]:8080/"}) {
    const auto once = NormalizeUrl(url);
    ASSERT_TRUE(once.has_value()) << url;
    EXPECT_EQ(Or(NormalizeUrl(*once)), *once) << url;
  }
}

// Found by fuzz/url_fuzzer: curl printed the rootless path of "file:\x12//tm" as
// "file://%12//tm", which reads back as host "%12" and no longer normalised.
TEST(UrlTest, RootlessFilePathStaysAPath) {
  EXPECT_EQ(Or(NormalizeUrl("file:a/x.html")), "file:///a/x.html");
  const auto once = NormalizeUrl("file:\x12//tm\xD0\x9E/b.html");
  ASSERT_TRUE(once.has_value());
  EXPECT_EQ(*once, "file:///%12//tm%D0%9E/b.html");
  EXPECT_EQ(Or(NormalizeUrl(*once)), *once);
}

// Found by fuzz/url_fuzzer: curl turned "http:/%7F" into host DEL and printed
// "http://\x7f/", which it then refused to parse.
TEST(UrlTest, RejectsControlCharacterInHost) {
  EXPECT_EQ(Or(NormalizeUrl("http:/\x7f")), "");
  EXPECT_EQ(Or(NormalizeUrl("http://a%7Fb/")), "");
  EXPECT_EQ(Or(ResolveUrl("https://shop.example/", "//x%7F/y")), "");
}

// RFC 3986 §5.4 reference resolution examples, plus what real hrefs look like.
TEST(UrlTest, ResolvesTable) {
  const std::string base = "http://example.com/dir/page.html?q=1";
  const std::vector<Case> cases = {
      {"other.html", "http://example.com/dir/other.html"},
      {"./other.html", "http://example.com/dir/other.html"},
      {"sub/x.html", "http://example.com/dir/sub/x.html"},
      {"/root", "http://example.com/root"},
      {"../up.html", "http://example.com/up.html"},
      {"../../../../x", "http://example.com/x"},
      {"..", "http://example.com/"},
      {".", "http://example.com/dir/"},
      {"?page=2", "http://example.com/dir/page.html?page=2"},
      {"?", "http://example.com/dir/page.html"},
      {"//cdn.example.com/x", "http://cdn.example.com/x"},
      {"//CDN.example.com", "http://cdn.example.com/"},
      {"#reviews", "http://example.com/dir/page.html?q=1"},
      {"other.html#reviews", "http://example.com/dir/other.html"},
      {"https://Other.example/p?utm_source=a", "https://other.example/p"},
      {"  \n other.html\t ", "http://example.com/dir/other.html"},
      {"new\narrivals.html", "http://example.com/dir/newarrivals.html"},
      {"a b.html", "http://example.com/dir/a%20b.html"},
      {"caf\xC3\xA9.html", "http://example.com/dir/caf%C3%A9.html"},
      {"..\\up.html", "http://example.com/up.html"},
      {"/search?q=a+b&utm_medium=x", "http://example.com/search?q=a+b"},
      // rejected
      {"", ""},
      {"   ", ""},
      {"mailto:sales@example.com", ""},
      {"MailTo:sales@example.com", ""},
      {"javascript:void(0)", ""},
      {" java\nscript:void(0)", ""},
      {"data:text/html,<p>x</p>", ""},
      {"tel:+123456", ""},
      {"ftp://example.com/file", ""},
      {"whatsapp://send?text=x", ""},
      {"file:///etc/passwd", ""},
      {"FILE:///etc/passwd", ""},
      {"http://exa mple.com/", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Or(ResolveUrl(base, c.input)), c.expected) << "reference: " << c.input;
  }
}

TEST(UrlTest, ResolvesAgainstFileBase) {
  const std::string base = "file:///srv/shop/cat/index.html";
  EXPECT_EQ(Or(ResolveUrl(base, "item.html")), "file:///srv/shop/cat/item.html");
  EXPECT_EQ(Or(ResolveUrl(base, "../other/a.html")), "file:///srv/shop/other/a.html");
  EXPECT_EQ(Or(ResolveUrl(base, "file:///srv/x.html")), "file:///srv/x.html");
  EXPECT_EQ(Or(ResolveUrl(base, "https://example.com/")), "https://example.com/");
}

TEST(UrlTest, ResolvesAgainstRelativeBaseHrefResult) {
  // A <base href="/shop/"> is itself resolved against the page, then used as the base.
  const auto base = ResolveUrl("http://example.com/a/b.html", "/shop/");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(*base, "http://example.com/shop/");
  EXPECT_EQ(Or(ResolveUrl(*base, "item-1.html")), "http://example.com/shop/item-1.html");
}

TEST(UrlTest, ResolveRejectsUnusableBase) {
  EXPECT_EQ(Or(ResolveUrl("", "relative.html")), "");
  EXPECT_EQ(Or(ResolveUrl("mailto:x@example.com", "relative.html")), "");
  EXPECT_EQ(Or(ResolveUrl("", "http://example.com/abs")), "http://example.com/abs");
}

TEST(UrlTest, HostKeyTable) {
  EXPECT_EQ(HostKey("http://example.com/a"), "example.com");
  EXPECT_EQ(HostKey("https://Shop.Example.com/"), "shop.example.com");
  EXPECT_EQ(HostKey("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
  EXPECT_EQ(HostKey("http://example.com:80/"), "example.com");
  EXPECT_EQ(HostKey("https://example.com:443/"), "example.com");
  EXPECT_EQ(HostKey("https://example.com:80/"), "example.com:80");
  EXPECT_EQ(HostKey("http://[::1]:8080/"), "[::1]:8080");
  EXPECT_EQ(HostKey("http://user:pw@example.com/"), "example.com");
  EXPECT_EQ(HostKey("file:///tmp/x.html"), "");
  EXPECT_EQ(HostKey("not a url"), "");
}

TEST(UrlTest, NonHtmlExtensionFilter) {
  for (const char* url :
       {"http://e.com/a.jpg", "http://e.com/a.JPEG", "http://e.com/s/style.css?v=3",
        "http://e.com/app.js", "http://e.com/f.woff2", "http://e.com/v.mp4", "http://e.com/a.zip",
        "http://e.com/manual.pdf", "http://e.com/sheet.xlsx", "http://e.com/feed.xml",
        "http://e.com/sitemap.xml.gz", "http://e.com/img.png;jsessionid=1", "file:///tmp/a.gif"}) {
    EXPECT_TRUE(HasNonHtmlExtension(url)) << url;
  }
  for (const char* url :
       {"http://e.com/", "http://e.com", "http://e.com/product", "http://e.com/p.html",
        "http://e.com/p.htm", "http://e.com/p.php?img=a.jpg", "http://e.com/v1.2/item",
        "http://e.com/file.", "http://e.com/shoes.jpg/", "http://e.com/a.aspx", "http://x.jpg/",
        "file:///tmp/index.html"}) {
    EXPECT_FALSE(HasNonHtmlExtension(url)) << url;
  }
}

// UrlResolver must agree with ResolveUrl (curl's resolution) on every reference: a generated
// cross product of dot segments, odd segment names, escapes, backslashes, queries with tracking
// parameters and fragments, against normalised bases (the fast path) and others (delegated).
TEST(UrlResolverTest, AgreesWithResolveUrl) {
  const std::vector<std::string> bases = {
      "http://example.com/",
      "http://example.com/a/b/c.html",
      "http://example.com/a/b/",
      "https://shop.example:8443/dir/sub/?x=1&y=2",
      "http://127.0.0.1:18080/p/12.html?page=2",
      "http://user:pw@example.com/a/b",
      "http://[::1]:8080/a/b",
      "HTTP://Example.COM/a/./b/../c?utm_source=x",  // not normalised: delegated
      "file:///tmp/site/a/index.html",               // not http: delegated
      "not a url",
  };
  const std::vector<std::string> segments = {"",   ".",   "..",  "a",      "b.html", "...",
                                             ".a", "a.",  "%2e", "%2E%2e", "c%41",   "x y",
                                             "é",  "%zz", "a:b", "@",      "~u",     "[1]"};
  const std::vector<std::string> prefixes = {"",   "/",    "./",  "../",  "../../",
                                             "\\", "\\\\", ".\\", "//h/", "a/../"};
  const std::vector<std::string> suffixes = {
      "",      "?",        "?q=1", "?utm_source=x&b=2", "?a=/../b",
      "#frag", "?q=%7e#f", "/",    "?&&fbclid=1",       "?x=a%20b"};
  std::vector<std::string> references = {"",
                                         "#",
                                         "#top",
                                         "?",
                                         "?x",
                                         "  a\t\n",
                                         ".",
                                         "..",
                                         "/.",
                                         "/..",
                                         "mailto:a@b",
                                         "http://other.example/x/../y",
                                         "HTTPS://Other.example",
                                         "//cdn.example/s.js",
                                         "javascript:void(0)",
                                         "file:///etc/passwd",
                                         "\\\\evil.example/x"};
  for (const std::string& prefix : prefixes) {
    for (const std::string& first : segments) {
      for (const std::string& second : segments) {
        for (const std::string& suffix :
             {std::string(), std::string("?q=1#f"), std::string("/?q")}) {
          references.push_back(prefix + first + "/" + second + suffix);
        }
      }
      for (const std::string& suffix : suffixes) {
        references.push_back(prefix + first + suffix);
      }
    }
  }
  references.push_back(std::string(9000, 'a'));
  references.push_back("/" + std::string(8180, 'a'));
  std::size_t compared = 0;
  for (const std::string& base : bases) {
    const UrlResolver resolver(base);
    for (const std::string& reference : references) {
      EXPECT_EQ(resolver.Resolve(reference), ResolveUrl(base, reference))
          << "base " << base << " reference " << reference;
      ++compared;
    }
  }
  std::cout << "UrlResolver agreed with ResolveUrl on " << compared << " pairs\n";
}

TEST(UrlResolverTest, ResolvesCommonLinks) {
  const UrlResolver resolver("http://example.com/shop/p/12.html?page=2");
  EXPECT_EQ(Or(resolver.Resolve("13.html")), "http://example.com/shop/p/13.html");
  EXPECT_EQ(Or(resolver.Resolve("../c/1.html#reviews")), "http://example.com/shop/c/1.html");
  EXPECT_EQ(Or(resolver.Resolve("/cart?utm_source=nl&id=3")), "http://example.com/cart?id=3");
  EXPECT_EQ(Or(resolver.Resolve("?page=3")), "http://example.com/shop/p/12.html?page=3");
  EXPECT_EQ(Or(resolver.Resolve("#top")), "http://example.com/shop/p/12.html?page=2");
  EXPECT_EQ(Or(resolver.Resolve("../../../../x")), "http://example.com/x");
  EXPECT_EQ(Or(resolver.Resolve("//other.example/a")), "http://other.example/a");
  EXPECT_EQ(Or(resolver.Resolve("mailto:a@example.com")), "");
  EXPECT_EQ(Or(resolver.Resolve("   ")), "");
}

}  // namespace
}  // namespace pricecrawl::crawler
