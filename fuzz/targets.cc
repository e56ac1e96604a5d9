#include "fuzz/targets.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/seeds.h"
#include "config/usage_error.h"
#include "crawler/base/text.h"
#include "crawler/extract/product_extractor.h"
#include "crawler/fetch/url.h"
#include "crawler/html/html.h"
#include "crawler/html/page_links.h"
#include "crawler/politeness/robots.h"
#include "crawler/price/decimal.h"
#include "crawler/price/price_parser.h"
#include "crawler/price/product.h"

namespace pricecrawl::fuzz {
namespace {

using crawler::Decimal;

std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  // libFuzzer may pass nullptr with size 0; a view of it is fine but keep it explicit.
  if (size == 0)
    return {};
  return {reinterpret_cast<const char*>(data), size};
}

// Inputs and outputs quoted in failure messages are cut so a message stays one readable line.
std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 200;
  std::string out = "\"";
  for (const char c : text.substr(0, kMax)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += text.size() > kMax ? "\"..." : "\"";
  return out;
}

bool IsCurrencyCode(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), crawler::IsAsciiUpper);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Checks one NormalizeUrl/ResolveUrl result: normal form is a fixed point.
FuzzResult CheckNormal(std::string_view what, const std::string& url) {
  if (url.size() > crawler::kMaxUrlLength) {
    return std::string(what) + " longer than kMaxUrlLength: " + Quote(url);
  }
  const auto again = crawler::NormalizeUrl(url);
  if (!again)
    return std::string(what) + " does not normalise again: " + Quote(url);
  if (*again != url) {
    return std::string(what) + " is not a fixed point: " + Quote(url) + " -> " + Quote(*again);
  }
  if ((StartsWith(url, "http://") || StartsWith(url, "https://")) &&
      crawler::HostKey(url).empty()) {
    return std::string(what) + " has no host key: " + Quote(url);
  }
  static_cast<void>(crawler::HasNonHtmlExtension(url));
  return {};
}

std::string_view Line(std::string_view text, std::size_t index) {
  for (std::size_t i = 0; i < index; ++i) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos)
      return {};
    text.remove_prefix(nl + 1);
  }
  return text.substr(0, text.find('\n'));
}

}  // namespace

FuzzResult FuzzUrl(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = AsText(data, size);
  if (const auto normal = crawler::NormalizeUrl(input)) {
    if (auto error = CheckNormal("NormalizeUrl(input)", *normal); !error.empty())
      return error;
  }
  static_cast<void>(crawler::HostKey(input));
  const auto nl = input.find('\n');
  const std::string_view base = input.substr(0, nl);
  const std::string_view reference =
      nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  if (const auto resolved = crawler::ResolveUrl(base, reference)) {
    if (auto error = CheckNormal("ResolveUrl(base, reference)", *resolved); !error.empty()) {
      return error;
    }
    // The base's scheme as written decides (ResolveUrl does not need the base to parse when
    // the reference is absolute); controls and spaces are what URL parsing strips from it.
    std::string scheme;
    for (const char c : base.substr(0, base.find(':'))) {
      if (static_cast<unsigned char>(c) > 0x20) {
        scheme += crawler::AsciiToLower(c);
      }
    }
    const bool base_is_file = scheme == "file";
    if (!base_is_file && StartsWith(*resolved, "file:")) {
      return "a non-file base resolved to a file: URL: " + Quote(*resolved);
    }
  }
  return {};
}

FuzzResult FuzzRobots(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = AsText(data, size);
  const auto policy = crawler::RobotsPolicy::Parse(body, "pricecrawl/1.0 (+https://x.test/bot)");
  if (!policy.IsAllowed("/robots.txt"))
    return "/robots.txt disallowed";
  if (!policy.IsAllowed("https://shop.test/robots.txt"))
    return "absolute /robots.txt disallowed";
  if (const auto delay = policy.crawl_delay()) {
    if (delay->count() < 0 || *delay > std::chrono::hours(24)) {
      return "crawl delay out of range: " + std::to_string(delay->count()) + " ms";
    }
  }
  const crawler::RobotsPolicy copy = policy;
  constexpr std::size_t kLinesQueried = 16;
  for (std::size_t i = 0; i < kLinesQueried; ++i) {
    std::string_view line = Line(body, i);
    if (i > 0 && line.empty() && Line(body, i + 1).empty())
      break;
    // Query both the line as written and its value part, which is what a rule names.
    const auto colon = line.find(':');
    for (const std::string_view path :
         {line, colon == std::string_view::npos ? line : line.substr(colon + 1)}) {
      const bool allowed = policy.IsAllowed(path);
      if (copy.IsAllowed(path) != allowed)
        return "a copied policy answers differently";
    }
  }
  for (const std::string_view path : {"/", "", "/a", "/index.html?x=1", "*", "/%7E$"}) {
    static_cast<void>(policy.IsAllowed(path));
  }
  return {};
}

FuzzResult FuzzPrice(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    static_cast<void>(crawler::ParsePrice(""));
    return {};
  }
  std::optional<char> separator;
  if (data[0] % 3 == 1)
    separator = '.';
  if (data[0] % 3 == 2)
    separator = ',';
  const std::string_view text = AsText(data + 1, size - 1);
  const crawler::ParsedPrice parsed = crawler::ParsePrice(text, "", separator);
  if (!parsed.currency_code.empty() && !IsCurrencyCode(parsed.currency_code)) {
    return "currency code is not ISO 4217 shaped: " + Quote(parsed.currency_code);
  }
  if (!parsed.currency_text.empty() && text.find(parsed.currency_text) == std::string::npos) {
    return "currency text not in the input: " + Quote(parsed.currency_text);
  }
  if (!parsed.amount)
    return {};
  if (parsed.amount->IsNegative())
    return "negative amount " + parsed.amount->ToString();
  if (parsed.amount_text.empty())
    return "an amount without amount text";
  const std::string canonical = parsed.amount->ToString();
  const crawler::ParsedPrice again = crawler::ParsePrice(canonical, "", '.');
  if (!again.amount || *again.amount != *parsed.amount) {
    return "amount " + Quote(canonical) + " re-parses to " +
           (again.amount ? Quote(again.amount->ToString()) : std::string("nothing"));
  }
  // The text-separator overload must agree with the char one.
  const std::string_view separator_text =
      separator ? std::string_view(&*separator, 1) : std::string_view();
  const crawler::ParsedPrice by_text = crawler::ParsePrice(text, "", separator_text);
  if (by_text.amount != parsed.amount)
    return "the two ParsePrice overloads disagree";
  return {};
}

FuzzResult FuzzExtract(const std::uint8_t* data, std::size_t size) {
  const crawler::HtmlDocument doc{std::string(AsText(data, size))};
  static const config::ExtractSelectors kSelectors = {".price, [itemprop=price], span.amount", "h1",
                                                      "#stock", "EUR"};
  const config::ExtractSelectors* const kChoices[] = {&kSelectors, nullptr};
  for (const config::ExtractSelectors* chosen : kChoices) {
    crawler::ExtractOptions options;
    options.selectors = chosen;
    options.page_url = "https://shop.example.de/p/1?x=1";
    const crawler::ProductData product = crawler::ExtractProduct(doc, options);
    if (product.is_product && !product.price)
      return "a product without a price";
    if (product.price && product.price->IsNegative())
      return "negative product price";
    if (!product.currency.empty() && !IsCurrencyCode(product.currency)) {
      return "product currency is not ISO 4217 shaped: " + Quote(product.currency);
    }
    for (const crawler::PriceCandidate& candidate : product.candidates) {
      if (candidate.price.IsNegative())
        return "negative candidate from " + candidate.source;
      if (!candidate.currency.empty() && !IsCurrencyCode(candidate.currency)) {
        return "candidate currency is not ISO 4217 shaped: " + Quote(candidate.currency);
      }
    }
    if (product.price &&
        std::none_of(product.candidates.begin(), product.candidates.end(),
                     [&](const crawler::PriceCandidate& c) { return c.price == *product.price; })) {
      return "the product's price is none of the candidates'";
    }
  }
  const crawler::PageLinks links = crawler::ExtractPageLinks(doc, "https://shop.example.de/c/");
  std::set<std::string_view> seen;
  for (const std::string& link : links.links) {
    if (auto error = CheckNormal("a discovered link", link); !error.empty())
      return error;
    if (!seen.insert(link).second)
      return "a link listed twice: " + Quote(link);
    if (StartsWith(link, "file:"))
      return "an http page led to a file: URL";
  }
  return {};
}

FuzzResult FuzzSeeds(const std::uint8_t* data, std::size_t size) {
  std::vector<config::Seed> seeds;
  try {
    seeds = config::ParseSeeds(AsText(data, size), "seeds.txt");
  } catch (const UsageError& error) {
    if (!StartsWith(error.what(), "seeds.txt:")) {
      return "a UsageError that does not name the file: " + Quote(error.what());
    }
    return {};
  }
  std::set<std::string_view> urls;
  int last_line = 0;
  for (const config::Seed& seed : seeds) {
    if (seed.url.empty())
      return "an empty seed URL";
    if (!urls.insert(seed.url).second)
      return "a seed listed twice: " + Quote(seed.url);
    if (seed.line <= last_line)
      return "seed lines out of order";
    last_line = seed.line;
    if (seed.target && !Decimal::Parse(*seed.target)) {
      return "a target that is not a decimal: " + Quote(*seed.target);
    }
  }
  return {};
}

FuzzResult FuzzConfig(const std::uint8_t* data, std::size_t size) {
  config::Config config;
  try {
    config = config::ParseConfig(AsText(data, size), "fuzz.toml");
  } catch (const UsageError& error) {
    if (!StartsWith(error.what(), "fuzz.toml")) {
      return "a UsageError that does not name the file: " + Quote(error.what());
    }
    return {};
  }
  for (const std::string_view host :
       {"shop.example.com", "a.b.example.com", "127.0.0.1:8080", ""}) {
    const config::HostPolicy& policy = config.PolicyFor(host);
    if (policy.rate < 0 || policy.burst < 0 || policy.max_concurrent < 0) {
      return "a negative limit accepted for " + Quote(host);
    }
    static_cast<void>(config.SelectorsFor(host));
  }
  for (const config::HostRule& rule : config.hosts) {
    static_cast<void>(config::HostMatches(rule.match, "shop.example.com"));
  }
  return {};
}

const std::vector<FuzzTarget>& AllFuzzTargets() {
  static const std::vector<FuzzTarget> kTargets = {
      {"url", &FuzzUrl},         {"robots", &FuzzRobots}, {"price", &FuzzPrice},
      {"extract", &FuzzExtract}, {"seeds", &FuzzSeeds},   {"config", &FuzzConfig},
  };
  return kTargets;
}

}  // namespace pricecrawl::fuzz
