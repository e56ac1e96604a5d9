#pragma once
// The crawler's settings, read from the TOML file given with --config (DESIGN.md,
// "Configuration"; config/pricecrawl.example.toml documents every key and its default).
// Every key is optional and the built-in defaults are polite. Validation is strict: an unknown
// key, a wrong type or an out-of-range value is a UsageError naming the key, so a typo never
// silently falls back to a default. toml++ stays inside config.cc.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/version.h"

namespace pricecrawl::config {

// Politeness and limits for one host: [defaults], or a [[host]] block on top of [defaults].
struct HostPolicy {
  double rate = 1.0;  // requests per second; 0 means unlimited (benchmarks, own sites)
  int burst = 2;      // token bucket size
  int max_concurrent = 2;
  bool obey_robots = true;  // RFC 9309; Crawl-delay tightens rate
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::uint64_t max_body = 10ull * 1024 * 1024;  // bytes
  int max_retries = 3;                           // 5xx, 429, timeouts
  int max_depth = 5;
  std::chrono::milliseconds recrawl_after{6ll * 3600 * 1000};
  // Stock phrases this host prints, matched before the built-in table (case-insensitive).
  std::vector<std::string> in_stock_text;
  std::vector<std::string> out_of_stock_text;

  bool operator==(const HostPolicy&) const = default;
};

// Per-site extraction hints from [host.extract]; an empty string means "not given".
struct ExtractSelectors {
  std::string price;         // CSS selector of the element holding the price
  std::string title;         // CSS selector of the product title
  std::string availability;  // CSS selector of the stock text
  std::string currency;      // ISO 4217 code (upper case) used when the page does not say

  // True when no selector and no currency is set. Named like the standard containers' empty().
  bool empty() const;  // NOLINT(readability-identifier-naming)
  bool operator==(const ExtractSelectors&) const = default;
};

// One [[host]] block.
struct HostRule {
  std::string match;  // "shop.example.com", "*.example.com", optionally with ":port"
  HostPolicy policy;  // [defaults] overridden by the keys the block sets
  ExtractSelectors extract;

  bool operator==(const HostRule&) const = default;
};

// [scope]: which discovered links are followed.
struct ScopeConfig {
  bool same_host = true;           // follow links only to the seeds' hosts
  std::vector<std::string> allow;  // ECMAScript regexes; empty = everything in scope
  std::vector<std::string> deny{R"(\.(jpg|png|gif|pdf|zip)$)"};

  bool operator==(const ScopeConfig&) const = default;
};

// [alerts]: when and where price alerts go. `${NAME}` in webhook, webhook_header and command is
// replaced by the environment variable NAME when an alert is sent (never when the config is
// read), so secrets stay out of the file and out of logs, which show the text as written here.
struct AlertsConfig {
  std::string drop_percent = "5";  // exact decimal text, e.g. "5" or "2.5"; 0 = every drop
  std::string webhook;             // http(s) URL to POST JSON to; empty = no webhook
  std::string webhook_header;      // one extra request header ("Name: value"); empty = none
  std::string command;             // run with /bin/sh -c, alert JSON on stdin; empty = none
  std::chrono::milliseconds timeout{10'000};  // per delivery attempt (webhook or command)

  bool operator==(const AlertsConfig&) const = default;
};

// The whole configuration. A default-constructed Config is what runs without --config.
struct Config {
  std::string user_agent = DefaultUserAgent();  // "pricecrawl/<version> (+https://example.org/bot)"
  int max_in_flight = 256;                      // transfers in flight over all hosts
  std::chrono::milliseconds grace_period{5'000};  // how long in-flight transfers may finish
                                                  // after a stop
  HostPolicy defaults;
  std::vector<HostRule> hosts;  // in file order; the first match wins
  ScopeConfig scope;
  AlertsConfig alerts;

  // The policy for a host key: "shop.example.com", or "127.0.0.1:8080" with the port when it
  // is not the scheme's default. The first [[host]] whose match fits wins: a match equal to
  // the host (ASCII case-insensitive), or "*.example.com", which fits example.com and every
  // subdomain of it. A match with a port fits only that port; one without fits any port.
  // Without a fitting rule, `defaults`. The reference lives as long as this Config.
  const HostPolicy& PolicyFor(std::string_view host) const;

  // The [host.extract] of the same first fitting [[host]] as PolicyFor, or nullptr when that
  // rule has none (or no rule fits). Non-owning; lives as long as this Config.
  const ExtractSelectors* SelectorsFor(std::string_view host) const;

  bool operator==(const Config&) const = default;
};

// True when `match` (a [[host]] match, see Config::PolicyFor) fits the host key `host`.
bool HostMatches(std::string_view match, std::string_view host);

// Parses TOML text into a Config; keys not given keep their defaults. `source_name` names the
// text in messages. Throws UsageError:
//   "<source_name>:<line>:<col>: <description>"      for a TOML syntax error;
//   "<source_name>: unknown config key 'defaults.rat'" (host blocks: 'host[0].rat');
//   "<source_name>: config key 'defaults.rate': <reason>" for a bad type or value.
Config ParseConfig(std::string_view toml_text, const std::string& source_name);

// Reads and parses the file given with --config, naming it as path.string() in messages.
// Throws UsageError("<path>: cannot read config file: <strerror>") and ParseConfig's errors.
Config LoadConfig(const std::filesystem::path& path);

}  // namespace pricecrawl::config
