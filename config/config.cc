#include "config/config.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <system_error>

#include <toml++/toml.h>

#include "config/ascii.h"
#include "config/duration.h"
#include "config/std_regex.h"
#include "config/text_file.h"
#include "config/usage_error.h"

namespace pricecrawl::config {
namespace {

bool HasControl(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return false;
}

// Splits a host key into name and port: "a.com:8080" -> {"a.com", "8080"},
// "[::1]:80" -> {"[::1]", "80"}. A bare IPv6 address (several colons) has no port.
std::pair<std::string_view, std::string_view> SplitHostPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) {
      return {host, {}};
    }
    const std::string_view rest = host.substr(close + 1);
    return {host.substr(0, close + 1), rest.empty() ? rest : rest.substr(1)};
  }
  const std::size_t colon = host.find(':');
  if (colon == std::string_view::npos || host.find(':', colon + 1) != std::string_view::npos) {
    return {host, {}};
  }
  return {host.substr(0, colon), host.substr(colon + 1)};
}

// The shortest text that reads back as `value` ("0.5", "1e+300", "nan").
std::string FormatDouble(double value, std::chars_format format = std::chars_format::general) {
  char buffer[512];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  if (result.ec != std::errc{}) {
    return "a number";
  }
  return std::string(buffer, result.ptr);
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

// How a value reads in a message: numbers and booleans as TOML writes them, strings quoted.
std::string Describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return Quote(node.as_string()->get());
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return FormatDouble(node.as_floating_point()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

// Turns one TOML document into a Config, throwing UsageError at the first problem.
class ConfigReader {
 public:
  explicit ConfigReader(const std::string& source_name) : source_name_(source_name) {}

  Config Read(const toml::table& root) const {
    Config config;
    // [defaults] first, wherever it appears, because every [[host]] starts from it.
    if (const toml::node* defaults = root.get("defaults")) {
      const toml::table& table = Table(*defaults, "defaults");
      for (const auto& [name, value] : table) {
        const std::string key = "defaults." + std::string(name.str());
        if (!ApplyPolicyKey(name.str(), value, key, &config.defaults)) {
          Unknown(key);
        }
      }
    }
    for (const auto& [name, value] : root) {
      const std::string_view key = name.str();
      if (key == "user_agent") {
        config.user_agent = String(value, "user_agent");
        if (config.user_agent.empty() || HasControl(config.user_agent)) {
          Bad("user_agent",
              "expected a non-empty string without control characters, got " + Describe(value));
        }
      } else if (key == "max_in_flight") {
        config.max_in_flight = Int(value, "max_in_flight", 1);
      } else if (key == "grace_period") {
        config.grace_period = Duration(value, "grace_period", false);
      } else if (key == "defaults") {
        continue;
      } else if (key == "host") {
        ReadHosts(value, config.defaults, &config.hosts);
      } else if (key == "scope") {
        ReadScope(value, &config.scope);
      } else if (key == "alerts") {
        ReadAlerts(value, &config.alerts);
      } else {
        Unknown(std::string(key));
      }
    }
    return config;
  }

 private:
  [[noreturn]] void Unknown(const std::string& key) const {
    throw UsageError(source_name_ + ": unknown config key '" + key + "'");
  }

  [[noreturn]] void Bad(const std::string& key, const std::string& reason) const {
    throw UsageError(source_name_ + ": config key '" + key + "': " + reason);
  }

  const toml::table& Table(const toml::node& node, const std::string& key) const {
    if (const toml::table* table = node.as_table()) {
      return *table;
    }
    Bad(key, "expected a table, got " + Describe(node));
  }

  std::string String(const toml::node& node, const std::string& key) const {
    if (const auto* s = node.as_string()) {
      return s->get();
    }
    Bad(key, "expected a string, got " + Describe(node));
  }

  bool Bool(const toml::node& node, const std::string& key) const {
    if (const auto* b = node.as_boolean()) {
      return b->get();
    }
    Bad(key, "expected true or false, got " + Describe(node));
  }

  int Int(const toml::node& node, const std::string& key, int min) const {
    if (const auto* i = node.as_integer(); i != nullptr && i->get() >= min) {
      if (i->get() > INT_MAX) {
        Bad(key, "expected an integer from " + std::to_string(min) + " to " +
                     std::to_string(INT_MAX) + ", got " + Describe(node));
      }
      return static_cast<int>(i->get());
    }
    Bad(key, "expected an integer >= " + std::to_string(min) + ", got " + Describe(node));
  }

  double NonNegativeNumber(const toml::node& node, const std::string& key) const {
    double value = -1;
    if (const auto* i = node.as_integer()) {
      value = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      value = f->get();
    }
    if (!std::isfinite(value) || value < 0) {
      Bad(key, "expected a number >= 0, got " + Describe(node));
    }
    return value;
  }

  std::chrono::milliseconds Duration(const toml::node& node, const std::string& key,
                                     bool positive) const {
    const auto* s = node.as_string();
    const std::optional<std::chrono::milliseconds> d =
        s != nullptr ? ParseDuration(s->get()) : std::nullopt;
    if (!d) {
      Bad(key,
          "expected a duration such as \"30s\", \"500ms\" or \"1h30m\", got " + Describe(node));
    }
    if (positive && d->count() == 0) {
      Bad(key, "expected a duration > 0, got " + Describe(node));
    }
    return *d;
  }

  std::uint64_t Size(const toml::node& node, const std::string& key) const {
    std::optional<std::uint64_t> size;
    if (const auto* s = node.as_string()) {
      size = ParseSize(s->get());
    } else if (const auto* i = node.as_integer(); i != nullptr && i->get() >= 0) {
      size = static_cast<std::uint64_t>(i->get());
    }
    if (!size || *size == 0) {
      Bad(key,
          "expected a size > 0 such as \"10MiB\", \"500KiB\" or \"10MB\", got " + Describe(node));
    }
    return *size;
  }

  // Sets the HostPolicy field `name`; false when `name` is not a policy key.
  bool ApplyPolicyKey(std::string_view name, const toml::node& value, const std::string& key,
                      HostPolicy* policy) const {
    if (name == "rate") {
      policy->rate = NonNegativeNumber(value, key);
    } else if (name == "burst") {
      policy->burst = Int(value, key, 1);
    } else if (name == "max_concurrent") {
      policy->max_concurrent = Int(value, key, 1);
    } else if (name == "obey_robots") {
      policy->obey_robots = Bool(value, key);
    } else if (name == "timeout") {
      policy->timeout = Duration(value, key, true);
    } else if (name == "connect_timeout") {
      policy->connect_timeout = Duration(value, key, true);
    } else if (name == "max_body") {
      policy->max_body = Size(value, key);
    } else if (name == "max_retries") {
      policy->max_retries = Int(value, key, 0);
    } else if (name == "max_depth") {
      policy->max_depth = Int(value, key, 0);
    } else if (name == "recrawl_after") {
      policy->recrawl_after = Duration(value, key, false);
    } else if (name == "in_stock_text") {
      policy->in_stock_text = Phrases(value, key);
    } else if (name == "out_of_stock_text") {
      policy->out_of_stock_text = Phrases(value, key);
    } else {
      return false;
    }
    return true;
  }

  // Stock phrases: an array of strings, or one string for a single phrase. Each phrase is
  // non-empty text on one line.
  std::vector<std::string> Phrases(const toml::node& node, const std::string& key) const {
    auto phrase = [&](const toml::node& item, const std::string& item_key) {
      const auto* s = item.as_string();
      if (s == nullptr || s->get().empty() || HasControl(s->get())) {
        Bad(item_key, "expected a non-empty phrase on one line, got " + Describe(item));
      }
      return s->get();
    };
    if (node.is_string()) {
      return {phrase(node, key)};
    }
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      Bad(key, "expected a string or an array of strings, got " + Describe(node));
    }
    std::vector<std::string> phrases;
    for (std::size_t index = 0; index < array->size(); ++index) {
      phrases.push_back(phrase(*array->get(index), key + "[" + std::to_string(index) + "]"));
    }
    return phrases;
  }

  void ReadHosts(const toml::node& node, const HostPolicy& defaults,
                 std::vector<HostRule>* hosts) const {
    const toml::array* blocks = node.as_array();
    if (blocks == nullptr) {
      Bad("host", "expected [[host]] blocks, got " + Describe(node));
    }
    for (std::size_t index = 0; index < blocks->size(); ++index) {
      const std::string prefix = "host[" + std::to_string(index) + "]";
      const toml::table& table = Table(*blocks->get(index), prefix);
      HostRule rule;
      rule.policy = defaults;
      for (const auto& [name, value] : table) {
        const std::string key = prefix + "." + std::string(name.str());
        if (name.str() == "match") {
          rule.match = Match(value, key);
        } else if (name.str() == "extract") {
          ReadExtract(Table(value, key), key, &rule.extract);
        } else if (!ApplyPolicyKey(name.str(), value, key, &rule.policy)) {
          Unknown(key);
        }
      }
      if (rule.match.empty()) {
        Bad(prefix + ".match", "missing; every [[host]] block needs a match");
      }
      hosts->push_back(std::move(rule));
    }
  }

  std::string Match(const toml::node& node, const std::string& key) const {
    std::string match = String(node, key);
    auto [name, port] = SplitHostPort(match);
    if (name.substr(0, 2) == "*.") {
      name.remove_prefix(2);
    }
    const bool ok = !name.empty() && name.find_first_of("*/?#@ \t") == std::string_view::npos &&
                    !HasControl(name) && match.back() != ':' &&
                    port.find_first_not_of("0123456789") == std::string_view::npos;
    if (!ok) {
      Bad(key,
          "expected a host such as \"shop.example.com\", \"*.example.com\" or "
          "\"127.0.0.1:8080\", got " +
              Describe(node));
    }
    return match;
  }

  void ReadExtract(const toml::table& table, const std::string& prefix,
                   ExtractSelectors* extract) const {
    for (const auto& [name, value] : table) {
      const std::string key = prefix + "." + std::string(name.str());
      if (name.str() == "price") {
        extract->price = String(value, key);
      } else if (name.str() == "title") {
        extract->title = String(value, key);
      } else if (name.str() == "availability") {
        extract->availability = String(value, key);
      } else if (name.str() == "currency") {
        std::string code = String(value, key);
        bool ok = code.empty() || code.size() == 3;
        for (char& c : code) {
          ok = ok && AsciiToLower(c) >= 'a' && AsciiToLower(c) <= 'z';
          c = AsciiToUpper(c);
        }
        if (!ok) {
          Bad(key, "expected a 3-letter ISO 4217 code such as \"EUR\", got " + Describe(value));
        }
        extract->currency = code;
      } else {
        Unknown(key);
      }
    }
  }

  void ReadScope(const toml::node& node, ScopeConfig* scope) const {
    for (const auto& [name, value] : Table(node, "scope")) {
      const std::string key = "scope." + std::string(name.str());
      if (name.str() == "same_host") {
        scope->same_host = Bool(value, key);
      } else if (name.str() == "allow") {
        scope->allow = Regexes(value, key);
      } else if (name.str() == "deny") {
        scope->deny = Regexes(value, key);
      } else {
        Unknown(key);
      }
    }
  }

  std::vector<std::string> Regexes(const toml::node& node, const std::string& key) const {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      Bad(key, "expected an array of regular expressions, got " + Describe(node));
    }
    std::vector<std::string> patterns;
    for (std::size_t index = 0; index < array->size(); ++index) {
      const std::string item_key = key + "[" + std::to_string(index) + "]";
      std::string pattern = String(*array->get(index), item_key);
      try {
        std::regex compiled(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        Bad(item_key, "not a valid regular expression: " + Quote(pattern) + " (" + e.what() + ")");
      }
      patterns.push_back(std::move(pattern));
    }
    return patterns;
  }

  void ReadAlerts(const toml::node& node, AlertsConfig* alerts) const {
    for (const auto& [name, value] : Table(node, "alerts")) {
      const std::string key = "alerts." + std::string(name.str());
      if (name.str() == "drop_percent") {
        alerts->drop_percent = Percent(value, key);
      } else if (name.str() == "webhook") {
        alerts->webhook = String(value, key);
        const std::string_view url = alerts->webhook;
        const std::size_t colon = url.find("://");
        const std::string_view scheme = url.substr(0, colon);
        // A URL that is entirely "${NAME}" is only known when the alert is sent.
        const bool from_env = url.substr(0, 2) == "${" && url.back() == '}';
        const bool ok = url.empty() ||
                        ((from_env || (colon != std::string_view::npos && colon + 3 < url.size() &&
                                       (AsciiEqualsIgnoreCase(scheme, "http") ||
                                        AsciiEqualsIgnoreCase(scheme, "https")))) &&
                         !HasControl(url));
        if (!ok) {
          Bad(key, "expected an http or https URL (or \"\" for none), got " + Describe(value));
        }
      } else if (name.str() == "webhook_header") {
        alerts->webhook_header = String(value, key);
        const std::string& header = alerts->webhook_header;
        const std::size_t colon = header.find(':');
        const bool ok =
            header.empty() || (colon != std::string::npos && colon > 0 &&
                               header.find_first_of(" \t") > colon && !HasControl(header));
        if (!ok) {
          Bad(key, "expected one header such as \"Authorization: Bearer ${TOKEN}\", got " +
                       Describe(value));
        }
      } else if (name.str() == "command") {
        alerts->command = String(value, key);
        if (HasControl(alerts->command)) {
          Bad(key, "expected a one-line shell command, got " + Describe(value));
        }
      } else if (name.str() == "timeout") {
        alerts->timeout = Duration(value, key, true);
      } else {
        Unknown(key);
      }
    }
  }

  // drop_percent as exact decimal text. A TOML float is written back in its shortest form,
  // which is the decimal the user typed (2.5 -> "2.5"), then checked like a string.
  std::string Percent(const toml::node& node, const std::string& key) const {
    std::string text;
    if (const auto* s = node.as_string()) {
      text = s->get();
    } else if (const auto* i = node.as_integer()) {
      text = std::to_string(i->get());
    } else if (const auto* f = node.as_floating_point(); f != nullptr && std::isfinite(f->get())) {
      text = FormatDouble(f->get(), std::chars_format::fixed);
    }
    if (CheckDecimal(text) != DecimalCheck::kOk) {
      Bad(key, "expected a decimal number >= 0 with at most " + std::to_string(kMaxDecimalPlaces) +
                   " decimal places, got " + Describe(node));
    }
    return text;
  }

  std::string source_name_;
};

}  // namespace

bool ExtractSelectors::empty() const {
  return price.empty() && title.empty() && availability.empty() && currency.empty();
}

bool HostMatches(std::string_view match, std::string_view host) {
  const auto [match_name, match_port] = SplitHostPort(match);
  const auto [host_name, host_port] = SplitHostPort(host);
  if (!match_port.empty() && match_port != host_port) {
    return false;
  }
  if (match_name.substr(0, 2) != "*.") {
    return AsciiEqualsIgnoreCase(match_name, host_name);
  }
  const std::string_view base = match_name.substr(1);  // ".example.com"
  return AsciiEqualsIgnoreCase(base.substr(1), host_name) ||
         (host_name.size() > base.size() &&
          AsciiEqualsIgnoreCase(host_name.substr(host_name.size() - base.size()), base));
}

const HostPolicy& Config::PolicyFor(std::string_view host) const {
  for (const HostRule& rule : hosts) {
    if (HostMatches(rule.match, host)) {
      return rule.policy;
    }
  }
  return defaults;
}

const ExtractSelectors* Config::SelectorsFor(std::string_view host) const {
  for (const HostRule& rule : hosts) {
    if (HostMatches(rule.match, host)) {
      return rule.extract.empty() ? nullptr : &rule.extract;
    }
  }
  return nullptr;
}

Config ParseConfig(std::string_view toml_text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw UsageError(source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                     std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  return ConfigReader(source_name).Read(root);
}

Config LoadConfig(const std::filesystem::path& path) {
  return ParseConfig(ReadTextFile(path, "config file"), path.string());
}

}  // namespace pricecrawl::config
