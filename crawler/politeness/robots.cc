#include "crawler/politeness/robots.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::int64_t kMaxCrawlDelayMs = std::int64_t{24} * 60 * 60 * 1000;

bool IsTokenChar(char c) {
  return IsAsciiAlpha(c) || c == '-' || c == '_';
}

std::string_view TokenPrefix(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && IsTokenChar(s[n])) {
    ++n;
  }
  return s.substr(0, n);
}

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kUnknown };

// Keys are matched by prefix, with the misspellings google/robotstxt has seen in the wild.
Key ClassifyKey(std::string_view key) {
  constexpr std::string_view kUserAgent[] = {"user-agent", "useragent", "user agent"};
  constexpr std::string_view kDisallow[] = {"disallow", "dissallow", "dissalow",
                                            "disalow",  "diasllow",  "disallaw"};
  constexpr std::string_view kSitemap[] = {"sitemap", "site-map"};
  constexpr std::string_view kCrawlDelay[] = {"crawl-delay", "crawldelay", "crawl delay"};
  auto any_prefix = [key](const auto& spellings) {
    return std::any_of(std::begin(spellings), std::end(spellings),
                       [key](std::string_view s) { return StartsWithIgnoreCase(key, s); });
  };
  if (any_prefix(kUserAgent)) {
    return Key::kUserAgent;
  }
  if (StartsWithIgnoreCase(key, "allow")) {
    return Key::kAllow;
  }
  if (any_prefix(kDisallow)) {
    return Key::kDisallow;
  }
  if (any_prefix(kSitemap)) {
    return Key::kSitemap;
  }
  if (any_prefix(kCrawlDelay)) {
    return Key::kCrawlDelay;
  }
  return Key::kUnknown;
}

// Splits a line into key and value: "key: value", or "key value" when the colon is missing and
// the line has exactly two words. Comments ('#' to end of line) are removed first.
bool SplitLine(std::string_view line, std::string_view& key, std::string_view& value) {
  line = Trim(line.substr(0, line.find('#')));
  std::size_t sep = line.find(':');
  if (sep == std::string_view::npos) {
    sep = line.find_first_of(" \t");
    if (sep == std::string_view::npos) {
      return false;
    }
    const std::size_t second_word = line.find_first_not_of(" \t", sep);
    if (line.find_first_of(" \t", second_word) != std::string_view::npos) {
      return false;
    }
  }
  key = Trim(line.substr(0, sep));
  if (key.empty()) {
    return false;
  }
  value = Trim(line.substr(sep + 1));
  return true;
}

// RFC 9309 2.2.2: octets outside US-ASCII are compared percent-encoded; %xx escapes are
// compared with upper-case hex digits (RFC 3986 2.1 makes the case insignificant).
std::string EncodePattern(std::string_view value) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (value[i] == '%' && i + 2 < value.size() && IsAsciiHexDigit(value[i + 1]) &&
        IsAsciiHexDigit(value[i + 2])) {
      out += '%';
      out += AsciiToUpper(value[i + 1]);
      out += AsciiToUpper(value[i + 2]);
      i += 2;
    } else if (byte >= 0x80) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += value[i];
    }
  }
  return out;
}

// Path, params and query of `url`, starting with '/' (google/robotstxt's GetPathParamsQuery
// rules: scheme and authority dropped, fragment dropped, "/" when there is no path), with the
// hex digits of %xx escapes upper-cased. Views `url` when nothing changes, else `scratch`.
std::string_view PathForMatching(std::string_view url, std::string& scratch) {
  constexpr std::string_view kPathStart = "/?;";
  using std::string_view;
  std::size_t search_start = 0;
  if (url.size() >= 2 && url[0] == '/' && url[1] == '/') {
    search_start = 2;  // "//host/path"
  }
  std::size_t authority = url.find("://", search_start);
  if (url.find_first_of(kPathStart, search_start) < authority) {
    authority = string_view::npos;  // "/a?b=c://"
  }
  authority = (authority == string_view::npos) ? search_start : authority + 3;

  const std::size_t path_start = url.find_first_of(kPathStart, authority);
  if (path_start == string_view::npos) {
    return "/";
  }
  const std::size_t hash = url.find('#', search_start);
  if (hash < path_start) {
    return "/";
  }
  std::string_view path =
      url.substr(path_start, hash == string_view::npos ? string_view::npos : hash - path_start);

  bool lower_hex = false;
  for (std::size_t i = path.find('%'); i != string_view::npos && !lower_hex;
       i = path.find('%', i + 1)) {
    lower_hex =
        i + 2 < path.size() && IsAsciiHexDigit(path[i + 1]) && IsAsciiHexDigit(path[i + 2]) &&
        (AsciiToUpper(path[i + 1]) != path[i + 1] || AsciiToUpper(path[i + 2]) != path[i + 2]);
  }
  if (path.front() == '/' && !lower_hex) {
    return path;
  }

  scratch.clear();
  if (path.front() != '/') {
    scratch += '/';  // "http://h?q" -> "/?q"
  }
  scratch += path;
  for (std::size_t i = 0; i + 2 < scratch.size(); ++i) {
    if (scratch[i] == '%' && IsAsciiHexDigit(scratch[i + 1]) && IsAsciiHexDigit(scratch[i + 2])) {
      scratch[i + 1] = AsciiToUpper(scratch[i + 1]);
      scratch[i + 2] = AsciiToUpper(scratch[i + 2]);
      i += 2;
    }
  }
  return scratch;
}

// "10", "0.5", "2.25 seconds" -> milliseconds (fraction below 1 ms dropped, capped at 24 h).
std::optional<std::chrono::milliseconds> ParseCrawlDelay(std::string_view value) {
  std::int64_t ms = 0;
  std::size_t i = 0;
  bool digits = false;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
    digits = true;
    ms = std::min<std::int64_t>(ms * 10 + (value[i] - '0'), kMaxCrawlDelayMs);
  }
  ms = std::min<std::int64_t>(ms * 1000, kMaxCrawlDelayMs);
  if (i < value.size() && value[i] == '.') {
    std::int64_t scale = 100;
    for (++i; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
      digits = true;
      ms += (value[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (!digits) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::min(ms, kMaxCrawlDelayMs));
}

// A 64-bit summary of which bytes occur in `s` (byte value mod 64): a rule whose literal bytes
// are not all in the path cannot match it.
std::uint64_t ByteMask(std::string_view s) {
  std::uint64_t mask = 0;
  for (const char c : s) {
    mask |= std::uint64_t{1} << (static_cast<unsigned char>(c) & 63u);
  }
  return mask;
}

// The first kMaxRobotsBytes of `body`, without a last line the limit cut in two.
std::string_view CapBody(std::string_view body) {
  if (body.size() <= kMaxRobotsBytes) {
    return body;
  }
  if (body[kMaxRobotsBytes] == '\n' || body[kMaxRobotsBytes] == '\r') {
    return body.substr(0, kMaxRobotsBytes);
  }
  const std::size_t last_break = body.substr(0, kMaxRobotsBytes).find_last_of("\r\n");
  return last_break == std::string_view::npos ? std::string_view() : body.substr(0, last_break + 1);
}

struct PendingRule {
  std::string pattern;  // percent-normalised
  bool allow = false;
};

// What is known about one side (our agent, or `*`) while the file is read.
struct GroupRules {
  std::vector<PendingRule> rules;
  std::optional<std::chrono::milliseconds> crawl_delay;
};

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  const std::size_t begin = user_agent.find_first_not_of(kAsciiSpace);
  if (begin == std::string_view::npos) {
    return {};
  }
  return std::string(TokenPrefix(user_agent.substr(begin)));
}

RobotsPolicy RobotsPolicy::AllowAll() {
  return RobotsPolicy();
}

RobotsPolicy RobotsPolicy::DisallowAll() {
  RobotsPolicy policy;
  policy.AddRule("/", /*allow=*/false);
  policy.SortRules();
  return policy;
}

RobotsPolicy RobotsPolicy::Parse(std::string_view body, std::string_view user_agent) {
  const std::string token = ProductToken(user_agent);
  body = CapBody(body);
  // A BOM (or the start of one) has no business in robots.txt but appears; skip it.
  for (std::size_t i = 0; i < kUtf8Bom.size() && !body.empty() && body.front() == kUtf8Bom[i];
       ++i) {
    body.remove_prefix(1);
  }

  GroupRules specific;          // groups naming our product token
  GroupRules global;            // `*` groups
  bool ever_specific = false;   // some group named our token, even with no rules
  bool in_specific = false;     // the current group names our token
  bool in_global = false;       // the current group names `*`
  bool group_has_body = false;  // an Allow/Disallow line followed the current user-agent lines
  std::vector<std::string> sitemaps;

  while (true) {
    const std::size_t line_end = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, line_end);
    line = line.substr(0, kMaxRobotsLineBytes);
    std::string_view key_text;
    std::string_view value;
    if (SplitLine(line, key_text, value)) {
      const Key key = ClassifyKey(key_text);
      GroupRules* group = in_specific ? &specific : (in_global ? &global : nullptr);
      switch (key) {
        case Key::kUserAgent:
          if (group_has_body) {
            in_specific = in_global = group_has_body = false;
          }
          // "* anything" still names every crawler (google/robotstxt reads it that way).
          if (!value.empty() && value[0] == '*' &&
              (value.size() == 1 || kAsciiSpace.find(value[1]) != std::string_view::npos)) {
            in_global = true;
          } else if (!token.empty() && AsciiEqualsIgnoreCase(TokenPrefix(value), token)) {
            in_specific = ever_specific = true;
          }
          break;
        case Key::kAllow:
        case Key::kDisallow:
          if (group == nullptr) {
            break;  // rules before any user-agent line, or not for us
          }
          group_has_body = true;
          {
            const bool allow = key == Key::kAllow;
            std::string pattern = EncodePattern(value);
            if (allow) {
              // Google extension: "Allow: /dir/index.html" allows "/dir/" too.
              const std::size_t slash = pattern.rfind('/');
              if (slash != std::string::npos &&
                  std::string_view(pattern).substr(slash).starts_with("/index.htm")) {
                group->rules.push_back({pattern.substr(0, slash + 1) + "$", true});
              }
            }
            group->rules.push_back({std::move(pattern), allow});
          }
          break;
        case Key::kCrawlDelay:
          if (group != nullptr) {
            if (const auto delay = ParseCrawlDelay(value)) {
              group->crawl_delay = std::max(group->crawl_delay.value_or(*delay), *delay);
            }
          }
          break;
        case Key::kSitemap:
          if (!value.empty()) {
            sitemaps.emplace_back(value);
          }
          break;
        case Key::kUnknown:
          break;
      }
    }
    if (line_end == std::string_view::npos) {
      break;
    }
    body.remove_prefix(line_end + 1);
  }

  RobotsPolicy policy;
  GroupRules& chosen = ever_specific ? specific : global;
  for (const PendingRule& rule : chosen.rules) {
    policy.AddRule(rule.pattern, rule.allow);
  }
  policy.SortRules();
  policy.crawl_delay_ = chosen.crawl_delay;
  policy.sitemaps_ = std::move(sitemaps);
  return policy;
}

void RobotsPolicy::AddRule(std::string_view pattern, bool allow) {
  Rule rule;
  rule.priority = static_cast<std::uint32_t>(pattern.size());
  rule.allow = allow;
  if (!pattern.empty() && pattern.back() == '$') {
    rule.anchored = true;
    pattern.remove_suffix(1);
  }
  // "/a*" and "/a*$" both mean "/a": a trailing '*' makes the anchor and itself redundant.
  if (!pattern.empty() && pattern.back() == '*') {
    rule.anchored = false;
    while (!pattern.empty() && pattern.back() == '*') {
      pattern.remove_suffix(1);
    }
  }
  if (rule.priority == 0) {
    return;  // empty rule: decides nothing
  }
  if (pattern.empty() && rule.anchored) {
    return;  // "$": no path is empty
  }
  // Every path starts with '/': a rule starting with anything but '/' or '*' never matches.
  if (!pattern.empty() && pattern.front() != '/' && pattern.front() != '*') {
    return;
  }
  rule.offset = static_cast<std::uint32_t>(patterns_.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*') {
      rule.wildcard = true;
      if (i > 0 && pattern[i - 1] == '*') {
        continue;  // "**" matches what "*" matches
      }
    }
    patterns_ += pattern[i];
  }
  rule.size = static_cast<std::uint32_t>(patterns_.size()) - rule.offset;
  const std::string_view stored = std::string_view(patterns_).substr(rule.offset, rule.size);
  if (stored.size() >= 2 && stored[0] == '/' && stored[1] != '*') {
    rule.second_byte = static_cast<std::int16_t>(static_cast<unsigned char>(stored[1]));
  }
  for (const char c : stored) {
    if (c != '*') {
      rule.bytes |= ByteMask(std::string_view(&c, 1));
    }
  }
  rules_.push_back(rule);
}

std::string_view RobotsPolicy::Body(const Rule& rule) const {
  return std::string_view(patterns_).substr(rule.offset, rule.size);
}

void RobotsPolicy::SortRules() {
  // A plain prefix rule's priority is its length, so among them the longest match is the most
  // specific; rules that lost trailing '*'s keep their written length and stay in rules_.
  const auto plain = std::stable_partition(rules_.begin(), rules_.end(), [](const Rule& r) {
    return r.wildcard || r.anchored || r.priority != r.size;
  });
  prefix_rules_.assign(plain, rules_.end());
  rules_.erase(plain, rules_.end());
  std::sort(prefix_rules_.begin(), prefix_rules_.end(), [this](const Rule& a, const Rule& b) {
    return std::make_tuple(Body(a), !a.allow) < std::make_tuple(Body(b), !b.allow);
  });
  prefix_rules_.erase(
      std::unique(prefix_rules_.begin(), prefix_rules_.end(),
                  [this](const Rule& a, const Rule& b) { return Body(a) == Body(b); }),
      prefix_rules_.end());

  auto key = [this](const Rule& r) {
    return std::make_tuple(-static_cast<std::int64_t>(r.priority), !r.allow, Body(r), r.anchored);
  };
  std::sort(rules_.begin(), rules_.end(),
            [&key](const Rule& a, const Rule& b) { return key(a) < key(b); });
  rules_.erase(std::unique(rules_.begin(), rules_.end(),
                           [&key](const Rule& a, const Rule& b) { return key(a) == key(b); }),
               rules_.end());
  // Every path starts with '/', so "*" or "/*" matches everything: nothing after it in
  // priority order can decide a query.
  const auto catch_all = std::find_if(rules_.begin(), rules_.end(), [this](const Rule& r) {
    return !r.anchored && (Body(r).empty() || Body(r) == "/");
  });
  if (catch_all != rules_.end()) {
    rules_.erase(catch_all + 1, rules_.end());
  }
}

const RobotsPolicy::Rule* RobotsPolicy::LongestPrefixRule(std::string_view path) const {
  // The greatest pattern <= key is the longest prefix of key when it is a prefix at all;
  // otherwise every prefix of key that is a pattern is also a prefix of their common part.
  std::string_view key = path;
  while (true) {
    const auto next =
        std::upper_bound(prefix_rules_.begin(), prefix_rules_.end(), key,
                         [this](std::string_view k, const Rule& r) { return k < Body(r); });
    if (next == prefix_rules_.begin()) {
      return nullptr;
    }
    const Rule& candidate = *(next - 1);
    const std::string_view body = Body(candidate);
    if (key.starts_with(body)) {
      return &candidate;
    }
    const auto common = std::mismatch(key.begin(), key.end(), body.begin(), body.end()).first;
    key = key.substr(0, static_cast<std::size_t>(common - key.begin()));
  }
}

bool RobotsPolicy::Matches(const Rule& rule, std::string_view path) const {
  std::string_view pattern = std::string_view(patterns_).substr(rule.offset, rule.size);
  if (!rule.wildcard) {
    return rule.anchored ? path == pattern : path.starts_with(pattern);
  }

  // Literal pieces between '*'s: the first is a prefix, the middle ones are found leftmost
  // (taking the earliest occurrence never loses a match), the last ends the path when anchored.
  if (rule.anchored && !path.ends_with(pattern.substr(pattern.rfind('*') + 1))) {
    return false;
  }
  std::size_t star = pattern.find('*');
  if (!path.starts_with(pattern.substr(0, star))) {
    return false;
  }
  std::size_t pos = star;
  pattern.remove_prefix(star + 1);
  while ((star = pattern.find('*')) != std::string_view::npos) {
    const std::string_view piece = pattern.substr(0, star);
    const std::size_t found = path.find(piece, pos);
    if (found == std::string_view::npos) {
      return false;
    }
    pos = found + piece.size();
    pattern.remove_prefix(star + 1);
  }
  if (rule.anchored) {
    return path.size() >= pos + pattern.size() && path.ends_with(pattern);
  }
  return path.find(pattern, pos) != std::string_view::npos;
}

bool RobotsPolicy::IsAllowed(std::string_view url) const {
  std::string scratch;
  const std::string_view path = PathForMatching(url, scratch);
  if (path.substr(0, path.find('?')) == "/robots.txt") {
    return true;
  }
  const Rule* best = LongestPrefixRule(path);
  const std::uint64_t path_bytes = ByteMask(path);
  const int second_byte = path.size() > 1 ? static_cast<unsigned char>(path[1]) : -2;
  for (const Rule& rule : rules_) {
    // In priority order: once a rule cannot outrank the best prefix rule, none after it can.
    if (best != nullptr && (rule.priority < best->priority ||
                            (rule.priority == best->priority && (best->allow || !rule.allow)))) {
      break;
    }
    if (rule.second_byte >= 0 && rule.second_byte != second_byte) {
      continue;
    }
    if ((rule.bytes & ~path_bytes) != 0) {
      continue;
    }
    if (Matches(rule, path)) {
      return rule.allow;
    }
  }
  return best == nullptr || best->allow;
}

}  // namespace pricecrawl::crawler
