// RobotsPolicy and ProductToken: each test names the RFC 9309 section it checks
// (https://www.rfc-editor.org/rfc/rfc9309), or says which google/robotstxt leniency it keeps.

#include "crawler/politeness/robots.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

bool Allowed(std::string_view robots_txt, std::string_view url,
             std::string_view user_agent = "FooBot") {
  return RobotsPolicy::Parse(robots_txt, user_agent).IsAllowed(url);
}

// RFC 9309 2.2.1: the product token is the [a-zA-Z_-]+ prefix of the User-Agent.
TEST(ProductTokenTest, TakesLeadingTokenOfUserAgent) {
  EXPECT_EQ(ProductToken("pricecrawl/1.0 (+https://x)"), "pricecrawl");
  EXPECT_EQ(ProductToken("FooBot"), "FooBot");
  EXPECT_EQ(ProductToken("Foo_Bar-Bot/2"), "Foo_Bar-Bot");
  EXPECT_EQ(ProductToken("  pricecrawl"), "pricecrawl");
  EXPECT_EQ(ProductToken("Mozilla5.0"), "Mozilla");
  EXPECT_EQ(ProductToken(""), "");
  EXPECT_EQ(ProductToken("/1.0"), "");
}

// RFC 9309 2.2.1: the full User-Agent string is reduced to its product token.
TEST(RobotsPolicyTest, MatchesGroupByProductTokenOfFullUserAgent) {
  const std::string robots = "User-agent: pricecrawl\nDisallow: /private\n";
  EXPECT_FALSE(Allowed(robots, "/private/x", "pricecrawl/1.0 (+https://example.org/bot)"));
  EXPECT_TRUE(Allowed(robots, "/public", "pricecrawl/1.0 (+https://example.org/bot)"));
}

// RFC 9309 2.2.1: user-agent values are compared case-insensitively.
TEST(RobotsPolicyTest, UserAgentMatchIgnoresCase) {
  EXPECT_FALSE(Allowed("User-agent: FOOBOT\nDisallow: /\n", "/x", "foobot"));
  EXPECT_FALSE(Allowed("USER-AGENT: foobot\nDISALLOW: /\n", "/x", "FooBot"));
}

// RFC 9309 2.2.1: several groups for the same agent are merged into one.
TEST(RobotsPolicyTest, MergesEveryGroupNamingOurAgent) {
  const std::string robots =
      "User-agent: FooBot\nDisallow: /a\n\n"
      "User-agent: BarBot\nDisallow: /b\n\n"
      "User-agent: foobot\nDisallow: /c\n";
  EXPECT_FALSE(Allowed(robots, "/a"));
  EXPECT_TRUE(Allowed(robots, "/b"));
  EXPECT_FALSE(Allowed(robots, "/c"));
  EXPECT_EQ(RobotsPolicy::Parse(robots, "FooBot").rule_count(), 2u);
}

// RFC 9309 2.1: consecutive user-agent lines share the rules that follow them.
TEST(RobotsPolicyTest, ConsecutiveUserAgentLinesShareAGroup) {
  const std::string robots = "User-agent: BarBot\nUser-agent: FooBot\nDisallow: /x\n";
  EXPECT_FALSE(Allowed(robots, "/x", "FooBot"));
  EXPECT_FALSE(Allowed(robots, "/x", "BarBot"));
  EXPECT_TRUE(Allowed(robots, "/x", "BazBot"));
}

// RFC 9309 2.2.1: the `*` group applies only when no group names our agent.
TEST(RobotsPolicyTest, UsesStarGroupOnlyWithoutSpecificGroup) {
  const std::string robots =
      "User-agent: *\nDisallow: /star\n\n"
      "User-agent: FooBot\nDisallow: /foo\n";
  EXPECT_TRUE(Allowed(robots, "/star", "FooBot"));
  EXPECT_FALSE(Allowed(robots, "/foo", "FooBot"));
  EXPECT_FALSE(Allowed(robots, "/star", "OtherBot"));
  EXPECT_TRUE(Allowed(robots, "/foo", "OtherBot"));
}

// RFC 9309 2.2.1: a group that names us but has no rules still replaces the `*` group.
TEST(RobotsPolicyTest, EmptySpecificGroupHidesStarGroup) {
  const std::string robots = "User-agent: *\nDisallow: /\n\nUser-agent: FooBot\nDisallow:\n";
  EXPECT_TRUE(Allowed(robots, "/anything"));
  EXPECT_FALSE(Allowed(robots, "/anything", "OtherBot"));
}

// RFC 9309 2.2.1: no matching group and no `*` group means no restriction.
TEST(RobotsPolicyTest, AllowsEverythingWithoutApplicableGroup) {
  EXPECT_TRUE(Allowed("User-agent: BarBot\nDisallow: /\n", "/x"));
  EXPECT_TRUE(Allowed("", "/x"));
  // Rules before any user-agent line belong to no group.
  EXPECT_TRUE(Allowed("Disallow: /\nUser-agent: FooBot\nAllow: /y\n", "/x"));
}

// RFC 9309 2.2.1: an empty product token matches no specific group, only `*`.
TEST(RobotsPolicyTest, EmptyUserAgentGetsStarGroupOnly) {
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /\n", "/x", ""));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/x", ""));
}

// RFC 9309 2.2.2: the most specific (longest) match wins.
TEST(RobotsPolicyTest, LongestMatchWins) {
  const std::string robots =
      "User-agent: FooBot\nDisallow: /shop/\nAllow: /shop/items/\nDisallow: /shop/items/secret\n";
  EXPECT_FALSE(Allowed(robots, "/shop/cart"));
  EXPECT_TRUE(Allowed(robots, "/shop/items/42"));
  EXPECT_FALSE(Allowed(robots, "/shop/items/secret-sale"));
  EXPECT_TRUE(Allowed(robots, "/about"));
  // Length counts as written, stars included: "/a***" (5) outranks "/abc" (4).
  EXPECT_FALSE(Allowed("User-agent: FooBot\nAllow: /abc\nDisallow: /a***\n", "/abcd"));
  EXPECT_TRUE(Allowed("User-agent: FooBot\nAllow: /abcd\nDisallow: /a**\n", "/abcd"));
  // The longest matching prefix is found even when longer rules sort between.
  const std::string many =
      "User-agent: FooBot\nDisallow: /a\nAllow: /a/b\nAllow: /a/c\n"
      "Allow: /a/bz\nDisallow: /a/b/x\n";
  EXPECT_FALSE(Allowed(many, "/a/d"));
  EXPECT_TRUE(Allowed(many, "/a/by"));
  EXPECT_FALSE(Allowed(many, "/a/b/x/y"));
  EXPECT_TRUE(Allowed(many, "/a/ca"));
  EXPECT_TRUE(Allowed(many, "/b"));
}

// RFC 9309 2.2.2: when an Allow and a Disallow match equally, Allow wins.
TEST(RobotsPolicyTest, AllowWinsTie) {
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /page\nAllow: /page\n", "/page"));
  EXPECT_TRUE(Allowed("User-agent: FooBot\nAllow: /page\nDisallow: /page\n", "/page"));
  // Priority is the rule's length as written, wildcards included: "/pag*" ties "/page".
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /page\nAllow: /pag*\n", "/page"));
}

// RFC 9309 2.2.3: `$` anchors the end of the path; elsewhere it is an ordinary character.
TEST(RobotsPolicyTest, DollarAnchorsEnd) {
  const std::string robots = "User-agent: FooBot\nDisallow: /*.pdf$\nDisallow: /a$b\n";
  EXPECT_FALSE(Allowed(robots, "/docs/price-list.pdf"));
  EXPECT_TRUE(Allowed(robots, "/docs/price-list.pdf?download=1"));
  EXPECT_TRUE(Allowed(robots, "/docs/price-list.pdf.html"));
  EXPECT_FALSE(Allowed(robots, "/a$b/c"));
  EXPECT_TRUE(Allowed(robots, "/ab"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /$\n", "/"));
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /$\n", "/index.html"));
}

// RFC 9309 2.2.3: `*` matches any run of characters, including none.
TEST(RobotsPolicyTest, StarMatchesAnyRun) {
  const std::string robots =
      "User-agent: FooBot\nDisallow: /*/cart*/checkout\nDisallow: /*?sort=\n";
  EXPECT_FALSE(Allowed(robots, "/shop/cart/checkout"));
  EXPECT_FALSE(Allowed(robots, "/shop/cart-2/step/checkout/done"));
  EXPECT_FALSE(Allowed(robots, "https://h//cart/checkout"));
  EXPECT_TRUE(Allowed(robots, "/shop/checkout/cart"));
  EXPECT_FALSE(Allowed(robots, "/list?sort=price"));
  EXPECT_TRUE(Allowed(robots, "/list?page=2"));
  // Runs of stars, a trailing star and "*$" mean what a single star means.
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /a**b\n", "/a-x-b"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /fish*\n", "/fish"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /fish*$\n", "/fishheads"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: *\n", "/anything"));
  // An anchored last piece must end the path after the earlier pieces.
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /*ab*ab$\n", "/xabab"));
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /*aba*ab$\n", "/xabab"));
}

// RFC 9309 2.2.2: rules are case-sensitive, user-agents and keys are not.
TEST(RobotsPolicyTest, PathsAreCaseSensitive) {
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /X/\n", "/x/y"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /x/\n", "/x/y"));
}

// RFC 9309 2.2.2: non-ASCII octets in rules are compared percent-encoded, and %xx escapes
// compare with either case of hex digit (RFC 3986 2.1).
TEST(RobotsPolicyTest, PercentEncodingEquivalence) {
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /caf\xC3\xA9\n", "/caf%C3%A9/menu"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /caf%c3%a9\n", "/caf%C3%A9"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /caf%C3%A9\n", "/caf%c3%a9"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /a%2fb\n", "http://h/a%2Fb"));
  // Reserved characters keep their meaning: %2F is not '/'.
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /a/b\n", "/a%2Fb"));
  // As google/robotstxt (conformance ID_Encoding): the URL is not re-encoded or decoded.
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: /%62\n", "/b"));
}

// RFC 9309 2.2.2: only path, params and query are matched; the fragment never is.
TEST(RobotsPolicyTest, MatchesPathParamsAndQueryOfUrl) {
  const std::string robots = "User-agent: FooBot\nDisallow: /private\nDisallow: /*?session=\n";
  EXPECT_FALSE(Allowed(robots, "https://shop.example/private/a"));
  EXPECT_FALSE(Allowed(robots, "//shop.example/private"));
  EXPECT_FALSE(Allowed(robots, "/private"));
  EXPECT_FALSE(Allowed(robots, "https://shop.example?session=1"));
  EXPECT_TRUE(Allowed(robots, "https://shop.example/public#/private"));
  EXPECT_TRUE(Allowed(robots, "https://shop.example"));
  EXPECT_TRUE(Allowed(robots, ""));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /\n", "https://shop.example"));
}

// RFC 9309 2.2.2: "/robots.txt" is implicitly allowed.
TEST(RobotsPolicyTest, RobotsTxtIsAlwaysAllowed) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /\n", "https://h/robots.txt"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /robots.txt\n", "/robots.txt?x=1"));
  EXPECT_TRUE(RobotsPolicy::DisallowAll().IsAllowed("/robots.txt"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt.bak"));
}

// RFC 9309 2.3.1.3 / 2.3.1.4: unavailable allows everything, unreachable disallows everything.
TEST(RobotsPolicyTest, AllowAllAndDisallowAll) {
  const RobotsPolicy allow = RobotsPolicy::AllowAll();
  const RobotsPolicy deny = RobotsPolicy::DisallowAll();
  for (const char* url : {"/", "/a", "https://h/x?y", ""}) {
    EXPECT_TRUE(allow.IsAllowed(url)) << url;
    EXPECT_FALSE(deny.IsAllowed(url)) << url;
  }
  EXPECT_FALSE(allow.crawl_delay().has_value());
  EXPECT_TRUE(deny.sitemaps().empty());
  EXPECT_TRUE(RobotsPolicy().IsAllowed("/a"));
}

// Crawl-delay is not in RFC 9309 (2.2.4 lets crawlers read other records): integer and
// decimal seconds, taken only from the group that applies to us.
TEST(RobotsPolicyTest, CrawlDelayComesFromChosenGroup) {
  const std::string robots =
      "User-agent: *\nCrawl-delay: 30\nDisallow: /tmp\n\n"
      "User-agent: FooBot\nCrawl-delay: 2.5\nDisallow: /x\n";
  EXPECT_EQ(RobotsPolicy::Parse(robots, "FooBot").crawl_delay(), milliseconds(2500));
  EXPECT_EQ(RobotsPolicy::Parse(robots, "OtherBot").crawl_delay(), milliseconds(30000));
  EXPECT_EQ(RobotsPolicy::Parse("User-agent: BarBot\nCrawl-delay: 9\n", "FooBot").crawl_delay(),
            std::nullopt);
  EXPECT_EQ(RobotsPolicy::Parse("User-agent: FooBot\nDisallow: /\n", "FooBot").crawl_delay(),
            std::nullopt);
}

TEST(RobotsPolicyTest, CrawlDelayParsing) {
  auto delay = [](std::string_view value) {
    return RobotsPolicy::Parse("User-agent: FooBot\nCrawl-delay: " + std::string(value) + "\n",
                               "FooBot")
        .crawl_delay();
  };
  EXPECT_EQ(delay("10"), milliseconds(10000));
  EXPECT_EQ(delay("0.5"), milliseconds(500));
  EXPECT_EQ(delay(".25"), milliseconds(250));
  EXPECT_EQ(delay("1.0005"), milliseconds(1000));
  EXPECT_EQ(delay("0"), milliseconds(0));
  EXPECT_EQ(delay("99999999999999999999999"), milliseconds(24 * 3600 * 1000));
  EXPECT_EQ(delay("soon"), std::nullopt);
  EXPECT_EQ(delay("-5"), std::nullopt);
  EXPECT_EQ(delay(""), std::nullopt);
  // Several values in the chosen groups: the most cautious one is kept.
  EXPECT_EQ(RobotsPolicy::Parse("User-agent: FooBot\nCrawl-delay: 1\nCrawl-delay: 4\n"
                                "User-agent: FooBot\nCrawl-delay: 2\n",
                                "FooBot")
                .crawl_delay(),
            milliseconds(4000));
}

// Sitemap records (RFC 9309 2.2.4) are collected wherever they appear, and do not end a group.
TEST(RobotsPolicyTest, CollectsSitemapsFromEveryGroup) {
  const std::string robots =
      "Sitemap: https://h/top.xml\n"
      "User-agent: BarBot\nSitemap: https://h/bar.xml\nUser-agent: FooBot\nDisallow: /x\n"
      "site-map:   https://h/typo.xml  \nSitemap:\n";
  const RobotsPolicy policy = RobotsPolicy::Parse(robots, "OtherBot");
  EXPECT_EQ(policy.sitemaps(), (std::vector<std::string>{"https://h/top.xml", "https://h/bar.xml",
                                                         "https://h/typo.xml"}));
  EXPECT_FALSE(Allowed(robots, "/x", "BarBot"));
}

// RFC 9309 2.2: comments run from '#' to the end of the line.
TEST(RobotsPolicyTest, IgnoresComments) {
  const std::string robots = "# Disallow: /\nUser-agent: FooBot # us\nDisallow: /a#b\n";
  EXPECT_FALSE(Allowed(robots, "/a"));
  EXPECT_FALSE(Allowed(robots, "/abc"));
  EXPECT_TRUE(Allowed(robots, "/b"));
}

// google/robotstxt leniencies: missing colon, common key typos, "* anything" as `*`.
TEST(RobotsPolicyTest, AcceptsCommonMistakes) {
  EXPECT_FALSE(Allowed("User-agent FooBot\nDisallow /\n", "/x"));
  EXPECT_FALSE(Allowed("useragent: FooBot\ndisalow: /\n", "/x"));
  EXPECT_FALSE(Allowed("user agent: FooBot\ndissallow: /\n", "/x"));
  EXPECT_FALSE(Allowed("User-agent: * (everyone)\nDisallow: /\n", "/x"));
  // Three words without a colon are not a record.
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow / x\n", "/x"));
}

// RFC 9309 2.2: lines end in CR, LF or CRLF, and may be mixed.
TEST(RobotsPolicyTest, AcceptsCrLfAndCrlfLineEndings) {
  for (const char* eol : {"\n", "\r", "\r\n"}) {
    const std::string robots = std::string("User-agent: FooBot") + eol + "Disallow: /a" + eol +
                               eol + "Allow: /a/b" + eol + "Disallow: /c";
    EXPECT_FALSE(Allowed(robots, "/a/x")) << "eol " << static_cast<int>(eol[0]);
    EXPECT_TRUE(Allowed(robots, "/a/b")) << "eol " << static_cast<int>(eol[0]);
    EXPECT_FALSE(Allowed(robots, "/c")) << "eol " << static_cast<int>(eol[0]);
  }
  EXPECT_FALSE(Allowed("User-agent: FooBot\r\nDisallow: /a\rDisallow: /b\n", "/b"));
}

// A UTF-8 byte order mark before the first record is skipped.
TEST(RobotsPolicyTest, SkipsUtf8Bom) {
  EXPECT_FALSE(Allowed("\xEF\xBB\xBFUser-agent: FooBot\nDisallow: /\n", "/x"));
  EXPECT_FALSE(Allowed("\xEF\xBBUser-agent: FooBot\nDisallow: /\n", "/x"));
  // A BOM anywhere else is just bytes of a (then unknown) key.
  EXPECT_TRUE(
      Allowed("User-agent: FooBot\n\xEF\xBB\xBF"
              "Disallow: /\n",
              "/x"));
}

// RFC 9309 2.5: at least 500 KiB must be parsed; we read exactly that and nothing after.
TEST(RobotsPolicyTest, ReadsOnly500KiB) {
  std::string robots = "User-agent: FooBot\nDisallow: /early\n";
  // One long comment brings the file to 14 bytes short of the limit, so the limit falls
  // right after "Disallow: /str" of the next line.
  robots += "#" + std::string(kMaxRobotsBytes - 14 - robots.size() - 2, 'x') + "\n";
  ASSERT_EQ(robots.size(), kMaxRobotsBytes - 14);
  robots += "Disallow: /straddling-the-limit\n";
  robots += "Disallow: /late\n";
  const RobotsPolicy policy = RobotsPolicy::Parse(robots, "FooBot");
  EXPECT_FALSE(policy.IsAllowed("/early"));
  EXPECT_TRUE(policy.IsAllowed("/late"));
  // The line cut by the limit is dropped, not read as "Disallow: /str".
  EXPECT_TRUE(policy.IsAllowed("/str"));
  EXPECT_TRUE(policy.IsAllowed("/straddling-the-limit"));
}

// Over-long lines are cut at kMaxRobotsLineBytes and the prefix kept (google/robotstxt).
TEST(RobotsPolicyTest, CutsOverlongLines) {
  const std::string prefix = "Disallow: /";
  const std::string robots =
      "User-agent: FooBot\n" + prefix + std::string(kMaxRobotsLineBytes, 'a') + "/tail\n";
  const std::string kept_path = "/" + std::string(kMaxRobotsLineBytes - prefix.size(), 'a');
  EXPECT_FALSE(Allowed(robots, kept_path + "zzz"));
  EXPECT_TRUE(Allowed(robots, kept_path.substr(0, kept_path.size() - 1)));
}

// Parsers of web input accept anything (STYLE.md 4.6): random bytes, NULs and every octet
// must neither crash nor throw, and queries on the result must work.
TEST(RobotsPolicyTest, GarbageAndBinaryInputNeverCrash) {
  std::mt19937 rng(9309);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 4096);
  const std::string alphabet = "User-agent:*Disallow:Allow$/%\r\n #\t\xEF\xBB\xBF";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 300; ++round) {
    std::string robots;
    const int n = length(rng);
    for (int i = 0; i < n; ++i) {
      robots += (round % 2 == 0) ? static_cast<char>(byte(rng)) : alphabet[pick(rng)];
    }
    std::string url;
    for (int i = 0; i < 64; ++i)
      url += (i % 3 == 0) ? alphabet[pick(rng)] : static_cast<char>(byte(rng));
    const RobotsPolicy policy = RobotsPolicy::Parse(robots, "FooBot");
    (void)policy.IsAllowed(url);
    (void)policy.IsAllowed(robots.substr(0, 200));
    (void)policy.crawl_delay();
  }
  std::string every_octet;
  for (int c = 0; c < 256; ++c)
    every_octet += static_cast<char>(c);
  const std::string with_nul = std::string("User-agent: FooBot\nDisallow: /a\0b\n", 34);
  EXPECT_NO_THROW((void)RobotsPolicy::Parse(every_octet, every_octet).IsAllowed(every_octet));
  EXPECT_FALSE(RobotsPolicy::Parse(with_nul, "FooBot").IsAllowed(std::string("/a\0b", 4)));
  EXPECT_TRUE(Allowed("User-agent: FooBot\nDisallow: %\nDisallow: /%zz%\n", "/%zz"));
  EXPECT_FALSE(Allowed("User-agent: FooBot\nDisallow: /%zz%\n", "/%zz%"));
}

// RFC 9309 2.2.2 / 2.2.3 stated directly: does `pattern` match the start of `path`
// ('*' any run, '$' at the very end anchors)? Exhaustive, for comparing with the compiled form.
bool RuleMatches(std::string_view path, std::string_view pattern) {
  if (pattern.empty())
    return true;
  if (pattern == "$")
    return path.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= path.size(); ++skip) {
      if (RuleMatches(path.substr(skip), pattern.substr(1)))
        return true;
    }
    return false;
  }
  return !path.empty() && path.front() == pattern.front() &&
         RuleMatches(path.substr(1), pattern.substr(1));
}

// The compiled policy (prefix index, sorted wildcard rules, quick rejects) decides exactly as
// evaluating every rule and comparing the longest Allow with the longest Disallow would.
TEST(RobotsPolicyTest, AgreesWithDirectEvaluationOfEveryRule) {
  std::mt19937 rng(2022);
  const std::string pattern_chars = "/ab*$";
  const std::string path_chars = "/ab$";
  std::uniform_int_distribution<int> rule_count(0, 8);
  std::uniform_int_distribution<int> pattern_length(0, 6);
  std::uniform_int_distribution<int> path_length(0, 7);
  std::uniform_int_distribution<std::size_t> pick_pattern(0, pattern_chars.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_path(0, path_chars.size() - 1);
  int checked = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string robots = "User-agent: FooBot\n";
    std::vector<std::pair<std::string, bool>> rules;
    const int n = rule_count(rng);
    for (int i = 0; i < n; ++i) {
      std::string pattern = (rng() % 4 == 0) ? "" : "/";
      for (int k = pattern_length(rng); k > 0; --k)
        pattern += pattern_chars[pick_pattern(rng)];
      const bool allow = rng() % 2 == 0;
      robots += std::string(allow ? "Allow: " : "Disallow: ") + pattern + "\n";
      rules.emplace_back(pattern, allow);
    }
    const RobotsPolicy policy = RobotsPolicy::Parse(robots, "FooBot");
    for (int q = 0; q < 20; ++q) {
      std::string path = "/";
      for (int k = path_length(rng); k > 0; --k)
        path += path_chars[pick_path(rng)];
      int best_allow = -1;
      int best_disallow = -1;
      for (const auto& [pattern, allow] : rules) {
        if (!RuleMatches(path, pattern))
          continue;
        int& best = allow ? best_allow : best_disallow;
        best = std::max(best, static_cast<int>(pattern.size()));
      }
      const bool expected = std::max(best_allow, best_disallow) <= 0 || best_allow >= best_disallow;
      ASSERT_EQ(policy.IsAllowed("http://h" + path), expected) << robots << "path: " << path;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 60000);
}

// Not a pass/fail check: reports how fast a compiled 200-rule policy answers queries.
TEST(RobotsPolicyTest, ReportsQueriesPerSecondFor200Rules) {
  std::string robots = "User-agent: *\nDisallow: /\n\nUser-agent: FooBot\n";
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 4) {
      case 0:
        robots += "Disallow: /category-" + n + "/\n";
        break;
      case 1:
        robots += "Allow: /category-" + n + "/public/\n";
        break;
      case 2:
        robots += "Disallow: /*?filter" + n + "=\n";
        break;
      default:
        robots += "Disallow: /*/print-" + n + ".html$\n";
        break;
    }
  }
  const RobotsPolicy policy = RobotsPolicy::Parse(robots, "FooBot");
  ASSERT_EQ(policy.rule_count(), 200u);
  std::vector<std::string> urls;
  for (int i = 0; i < 64; ++i) {
    urls.push_back("https://shop.example/category-" + std::to_string(i * 3) + "/item-" +
                   std::to_string(i) + "?page=" + std::to_string(i % 5));
  }
  constexpr int kQueries = 200000;
  std::int64_t allowed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kQueries; ++i)
    allowed += policy.IsAllowed(urls[i % urls.size()]) ? 1 : 0;
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << "robots IsAllowed, 200 rules: "
            << static_cast<std::int64_t>(kQueries / std::max(elapsed.count(), 1e-9))
            << " queries/s (" << allowed << " of " << kQueries << " allowed)" << std::endl;
  EXPECT_GT(allowed, 0);
  EXPECT_LT(allowed, kQueries);
}

}  // namespace
}  // namespace pricecrawl::crawler
