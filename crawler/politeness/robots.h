#pragma once
// robots.txt for one host, as seen by one crawler: RFC 9309
// (https://www.rfc-editor.org/rfc/rfc9309). A host's file is parsed once into the rules of the
// group(s) that apply to our product token; IsAllowed() then answers per URL without touching the
// file again. Like google/robotstxt we accept any bytes and err on the side of reading what the
// webmaster meant: common key typos
// ("disalow", "useragent"), a missing colon, "* anything" as the global agent, CR / LF / CRLF,
// a leading BOM. Deviations that go beyond the RFC are listed on Parse() and IsAllowed().

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricecrawl::crawler {

// Bytes of a robots.txt that are read; the rest is ignored (RFC 9309 2.5 allows a limit of at
// least 500 KiB). A line cut by the limit is dropped rather than read half.
inline constexpr std::size_t kMaxRobotsBytes = std::size_t{500} * 1024;

// Bytes of one robots.txt line that are read (google/robotstxt's limit, 8 x 2083); longer lines
// are cut there and the kept prefix is parsed.
inline constexpr std::size_t kMaxRobotsLineBytes = 2083 * 8 - 1;

// The product token of a User-Agent value (RFC 9309 2.2.1): its leading run of [a-zA-Z_-],
// after leading white space. "pricecrawl/1.0 (+https://x)" -> "pricecrawl"; "FooBot" -> "FooBot";
// "" or "/1.0" -> "".
std::string ProductToken(std::string_view user_agent);

// The compiled robots.txt policy of one host for one product token. A value type: cheap to
// query from many threads at once (every member function is const and touches no shared state),
// copyable and movable. The default-constructed policy allows everything, like AllowAll().
class RobotsPolicy {
 public:
  RobotsPolicy() = default;

  // The policy for a host whose robots.txt is "unavailable" (4xx, RFC 9309 2.3.1.3) or when
  // robots.txt is not obeyed: every URL is allowed, no Crawl-delay, no sitemaps.
  static RobotsPolicy AllowAll();

  // The policy for a host whose robots.txt is "unreachable" (5xx or a network failure, RFC 9309
  // 2.3.1.4): every URL except /robots.txt is disallowed.
  static RobotsPolicy DisallowAll();

  // Parses `body` (any bytes; never fails, never throws; only the first kMaxRobotsBytes are
  // read) and keeps the rules for ProductToken(user_agent):
  //  - a group applies when one of its user-agent lines has that product token, compared
  //    case-insensitively; all such groups are merged (RFC 9309 2.2.1);
  //  - otherwise the `*` group(s) apply; otherwise nothing is disallowed;
  //  - a group is a run of user-agent lines and the rules after it, up to the next user-agent
  //    line that follows an Allow/Disallow line; blank lines and other records (Sitemap,
  //    Crawl-delay, unknown keys) do not end a group (RFC 9309 2.1, as google/robotstxt);
  //  - an empty product token matches no specific group, only `*`.
  // Google extensions kept on purpose: "Allow: /dir/index.htm[l]" also allows exactly "/dir/";
  // Sitemap lines are collected from anywhere in the file. Neither view needs to outlive the call.
  static RobotsPolicy Parse(std::string_view body, std::string_view user_agent);

  // Whether `url` may be fetched. `url` is an absolute URL ("https://h/a?b#c") or the path part
  // of one ("/a?b"); only path, params and query are compared, the fragment never is.
  // The most specific (longest) matching rule wins and Allow wins a tie (RFC 9309 2.2.2); `*`
  // matches any run of characters and a trailing `$` anchors the end (2.2.3). Octets >= 0x80 in
  // rules are percent-encoded and %xx hex digits compared case-insensitively on both sides.
  // As in google/robotstxt (and its conformance vectors) the URL is otherwise compared as given:
  // pass URLs already percent-encoded (url.h does); %62 in a rule does not match "b".
  // "/robots.txt" is always allowed (2.2.2).
  bool IsAllowed(std::string_view url) const;

  // The Crawl-delay of the chosen group(s) (non-standard; RFC 9309 leaves other records to the
  // crawler): decimal seconds, the largest value when several are given, at most 24 h.
  // nullopt when the chosen group has none or no group was chosen.
  std::optional<std::chrono::milliseconds> crawl_delay() const { return crawl_delay_; }

  // Every non-empty Sitemap: value in the file, in order, whatever group it sits in.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  // Number of compiled Allow/Disallow rules (after dropping empty and duplicate ones).
  std::size_t rule_count() const { return prefix_rules_.size() + rules_.size(); }

 private:
  struct Rule {
    std::uint32_t offset = 0;    // start of the pattern in patterns_
    std::uint32_t size = 0;      // pattern bytes without a trailing '$'
    std::uint32_t priority = 0;  // length of the rule as written (percent-encoded), RFC 9309 2.2.2
    std::int16_t second_byte = -1;  // pattern[1] of a "/x..." pattern, else -1 (quick reject)
    bool allow = false;
    bool anchored = false;    // the rule ended in '$'
    bool wildcard = false;    // the pattern contains '*'
    std::uint64_t bytes = 0;  // ByteMask of the pattern's literal bytes (quick reject)
  };

  // Appends a rule whose pattern is already percent-normalised; empty patterns match every
  // path with priority 0 and so never decide anything: they are dropped.
  void AddRule(std::string_view pattern, bool allow);
  // Moves plain prefix rules into prefix_rules_, orders both lists for IsAllowed and drops
  // duplicates and rules that can never decide.
  void SortRules();
  std::string_view Body(const Rule& rule) const;
  // The longest rule of prefix_rules_ that is a prefix of `path`, or nullptr.
  const Rule* LongestPrefixRule(std::string_view path) const;
  bool Matches(const Rule& rule, std::string_view path) const;

  std::string patterns_;  // every rule's pattern, back to back
  // Rules without '*' or '$' whose priority is their length, sorted by pattern, one per
  // pattern (Allow when both exist): the longest prefix of a path is found by binary search.
  std::vector<Rule> prefix_rules_;
  std::vector<Rule> rules_;  // the others, by priority, highest first; Allow first
  std::optional<std::chrono::milliseconds> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

}  // namespace pricecrawl::crawler
