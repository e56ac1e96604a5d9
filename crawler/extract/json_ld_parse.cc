#include "crawler/extract/json_ld_parse.h"

#include <string>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

using Json = nlohmann::json;

// Rewrites JSON number literals that have a fraction or exponent into strings, so that prices
// never pass through a double ("price": 12.99 -> "price": "12.99"). Strings are copied as they
// are; raw control characters inside strings become spaces (a common breakage).
std::string QuoteFloats(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(c);
        out.push_back(text[++i]);
        continue;
      }
      if (c == '"') {
        in_string = false;
      }
      out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
      continue;
    }
    if (c == '"') {
      in_string = true;
      out.push_back(c);
      continue;
    }
    const bool starts_number =
        IsAsciiDigit(c) || (c == '-' && i + 1 < text.size() && IsAsciiDigit(text[i + 1]));
    if (starts_number) {
      std::size_t j = i + 1;
      bool is_float = false;
      while (j < text.size()) {
        const char d = text[j];
        if (d == '.' || d == 'e' || d == 'E') {
          is_float = true;
        } else if (!(IsAsciiDigit(d) || d == '+' || d == '-')) {
          break;
        }
        ++j;
      }
      const std::string_view literal = text.substr(i, j - i);
      if (is_float) {
        out.push_back('"');
        out.append(literal);
        out.push_back('"');
      } else {
        out.append(literal);
      }
      i = j - 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Removes commas directly before '}' or ']' outside strings.
std::string DropTrailingCommas(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(c);
        out.push_back(text[++i]);
        continue;
      }
      in_string = c != '"';
      out.push_back(c);
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == ',') {
      std::size_t j = i + 1;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) {
        ++j;
      }
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) {
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string_view TrimWrappers(std::string_view s) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && static_cast<unsigned char>(v.front()) <= ' ') {
      v.remove_prefix(1);
    }
    while (!v.empty() && static_cast<unsigned char>(v.back()) <= ' ') {
      v.remove_suffix(1);
    }
    return v;
  };
  s = trim(s);
  for (std::string_view prefix : {"<!--", "//<![CDATA[", "<![CDATA["}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s = trim(s.substr(prefix.size()));
    }
  }
  for (std::string_view suffix : {"-->", "//]]>", "]]>"}) {
    if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s = trim(s.substr(0, s.size() - suffix.size()));
    }
  }
  while (!s.empty() && s.back() == ';') {
    s = trim(s.substr(0, s.size() - 1));
  }
  return s;
}

}  // namespace

Json ParseJsonLdBlock(std::string_view raw) {
  const std::string quoted = QuoteFloats(TrimWrappers(raw));
  Json parsed = Json::parse(quoted, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (!parsed.is_discarded()) {
    return parsed;
  }
  parsed = Json::parse(DropTrailingCommas(quoted), nullptr, false, true);
  if (!parsed.is_discarded()) {
    return parsed;
  }
  // Several objects written one after another without an enclosing array.
  parsed = Json::parse("[" + DropTrailingCommas(quoted) + "]", nullptr, false, true);
  return parsed;
}

}  // namespace pricecrawl::crawler
