#include "config/seeds.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <set>

#include "config/ascii.h"
#include "config/duration.h"
#include "config/text_file.h"
#include "config/usage_error.h"

namespace pricecrawl::config {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kKnownFields = "target, sku";
// A SKU is an identifier a shop prints, not text: bounded so that a pasted paragraph is caught.
constexpr std::size_t kMaxSkuLength = 128;

bool IsBlank(char c) {
  return c == ' ' || c == '\t';
}

bool IsControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

// The line without its comment: from a '#' at the start or after a blank. A '#' inside a
// token (a URL fragment "page#top") is part of the token.
std::string_view StripComment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || IsBlank(line[i - 1]))) {
      return line.substr(0, i);
    }
  }
  return line;
}

std::vector<std::string_view> SplitBlanks(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && IsBlank(text[pos])) {
      ++pos;
    }
    const std::size_t start = pos;
    while (pos < text.size() && !IsBlank(text[pos])) {
      ++pos;
    }
    if (pos > start) {
      tokens.push_back(text.substr(start, pos - start));
    }
  }
  return tokens;
}

// True for what people paste without a scheme: "shop.example/p/1", "www.shop.example",
// "localhost:8080/p": a host name with a dot (or "localhost"), an optional port, then the end or
// a path, query or fragment. "mailto:a@b.c" and "ftp://x" have a scheme and are not this.
bool LooksLikeHostAndPath(std::string_view url) {
  const std::string_view authority = url.substr(0, url.find_first_of("/?#"));
  const std::size_t colon = authority.find(':');
  const std::string_view host = authority.substr(0, colon);
  const std::string_view port =
      colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  if (host.empty() || (host.find('.') == std::string_view::npos && host != "localhost")) {
    return false;
  }
  for (const char c : host) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '-') {
      return false;
    }
  }
  for (const char c : port) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return colon == std::string_view::npos || !port.empty();
}

// The reason `url` is not acceptable as a seed, or an empty string when it is.
std::string UrlProblem(std::string_view url) {
  // Built by appends: g++ 12 at -O3 reports a false -Wrestrict on "'" + std::string(url).
  std::string quoted;
  quoted.reserve(url.size() + 2);
  quoted.append(1, '\'').append(url).append(1, '\'');
  const std::size_t colon = url.find(':');
  const std::string_view scheme = url.substr(0, colon == std::string_view::npos ? 0 : colon);
  const bool http = AsciiEqualsIgnoreCase(scheme, "http") || AsciiEqualsIgnoreCase(scheme, "https");
  if (!http && !AsciiEqualsIgnoreCase(scheme, "file")) {
    if (LooksLikeHostAndPath(url)) {
      return quoted + " has no scheme; write it as 'https://" + std::string(url) + "'";
    }
    return quoted + " is not an http, https or file URL";
  }
  if (http) {
    std::string_view rest = url.substr(colon + 1);
    if (rest.substr(0, 2) != "//") {
      return quoted + " has no host";
    }
    rest.remove_prefix(2);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      authority.remove_prefix(at + 1);
    }
    const std::string_view host = authority.substr(
        0, authority.substr(0, 1) == "[" ? authority.find(']') + 1 : authority.find(':'));
    if (host.empty()) {
      return quoted + " has no host";
    }
  }
  return {};
}

[[noreturn]] void Fail(const std::string& source_name, int line, const std::string& reason) {
  throw UsageError(source_name + ":" + std::to_string(line) + ": " + reason);
}

// For a target written with a comma ("10,50", "1,299.99"), "; write target=10.50" naming the
// exact decimal it most likely means; "" when no such reading gives a valid decimal.
std::string DecimalSuggestion(const std::string& value) {
  const std::size_t commas = static_cast<std::size_t>(std::count(value.begin(), value.end(), ','));
  if (commas == 0) {
    return {};
  }
  std::string fixed;
  if (commas == 1 && value.find('.') == std::string::npos) {
    fixed = value;  // a decimal comma: "10,50" is 10.50
    fixed[fixed.find(',')] = '.';
  } else {
    // Thousands separators: "1,299.99" is 1299.99; each comma follows a digit and starts a
    // group of exactly three digits.
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] != ',') {
        fixed += value[i];
        continue;
      }
      const std::size_t group_end = value.find_first_of(",.", i + 1);
      const std::size_t group = (group_end == std::string::npos ? value.size() : group_end) - i - 1;
      if (i == 0 || !IsAsciiDigit(value[i - 1]) || group != 3) {
        return {};
      }
    }
  }
  if (CheckDecimal(fixed) != DecimalCheck::kOk) {
    return {};
  }
  return "; write target=" + fixed + " (the decimal point is '.', without thousands separators)";
}

void CheckTarget(const std::string& value, const std::string& source_name, int line_number) {
  switch (CheckDecimal(value)) {
    case DecimalCheck::kOk:
      return;
    case DecimalCheck::kTooManyDecimals:
      Fail(source_name, line_number,
           "target '" + value + "' has more than " + std::to_string(kMaxDecimalPlaces) +
               " decimal places");
    case DecimalCheck::kTooLarge:
      Fail(source_name, line_number, "target '" + value + "' is too large");
    case DecimalCheck::kNotDecimal:
      Fail(source_name, line_number,
           "target '" + value + "' is not a decimal price" + DecimalSuggestion(value));
  }
}

void CheckSku(const std::string& value, const std::string& source_name, int line_number) {
  if (value.size() > kMaxSkuLength) {
    Fail(source_name, line_number,
         "sku is " + std::to_string(value.size()) + " characters long (at most " +
             std::to_string(kMaxSkuLength) + ")");
  }
}

}  // namespace

void ForEachSeed(std::string_view text, const std::string& source_name,
                 const std::function<void(const Seed&)>& visit) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    text.remove_prefix(kUtf8Bom.size());
  }
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    line = StripComment(line);
    for (char c : line) {
      if (IsControl(c) && c != '\t') {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
        Fail(source_name, line_number, std::string("control character ") + hex + " in line");
      }
    }
    const std::vector<std::string_view> tokens = SplitBlanks(line);
    if (tokens.empty()) {
      continue;
    }
    Seed seed;
    seed.url = std::string(tokens[0]);
    seed.line = line_number;
    if (std::string problem = UrlProblem(seed.url); !problem.empty()) {
      Fail(source_name, line_number, problem);
    }
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      const std::string_view field = tokens[i];
      const std::size_t eq = field.find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == field.size()) {
        Fail(source_name, line_number,
             "malformed field '" + std::string(field) + "' (expected key=value)");
      }
      std::string key(field.substr(0, eq));
      std::string value(field.substr(eq + 1));
      if (seed.fields.count(key) != 0) {
        Fail(source_name, line_number, "field '" + key + "' given twice");
      }
      if (key == "target") {
        CheckTarget(value, source_name, line_number);
        seed.target = value;
      } else if (key == "sku") {
        CheckSku(value, source_name, line_number);
        seed.sku = value;
      } else {
        Fail(source_name, line_number,
             "unknown field '" + key + "' (known: " + std::string(kKnownFields) + ")");
      }
      seed.fields.emplace(std::move(key), std::move(value));
    }
    visit(seed);
  }
}

std::vector<Seed> ParseSeeds(std::string_view text, const std::string& source_name) {
  std::vector<Seed> seeds;
  std::set<std::string, std::less<>> seen;
  ForEachSeed(text, source_name, [&](const Seed& seed) {
    if (seen.insert(seed.url).second) {
      seeds.push_back(seed);
    }
  });
  return seeds;
}

std::string ReadSeedsFile(const std::filesystem::path& path) {
  return ReadTextFile(path, "seeds file");
}

std::vector<Seed> LoadSeeds(const std::filesystem::path& path) {
  const std::string text = ReadSeedsFile(path);
  std::vector<Seed> seeds = ParseSeeds(text, path.string());
  if (seeds.empty()) {
    throw UsageError(path.string() + ": no seed URLs");
  }
  return seeds;
}

}  // namespace pricecrawl::config
