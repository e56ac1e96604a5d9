#pragma once
// The crawler's one set of small text helpers: ASCII classification and case folding that do not
// depend on the C locale (unlike <cctype>, whose answers change with setlocale), trimming and
// whitespace collapsing. Builds on config/ascii.h. Anything that knows about HTML, prices or
// URLs belongs in its own folder, not here.

#include <string>
#include <string_view>

#include "config/ascii.h"

namespace pricecrawl::crawler {

using config::AsciiEqualsIgnoreCase;
using config::AsciiToLower;
using config::AsciiToUpper;
using config::IsAsciiAlnum;
using config::IsAsciiAlpha;
using config::IsAsciiDigit;
using config::IsAsciiHexDigit;
using config::IsAsciiLower;
using config::IsAsciiUpper;

// The bytes C's isspace() accepts in the "C" locale: space, \t, \n, \v, \f, \r.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
// ASCII whitespace as WHATWG Infra defines it (HTML attributes, tokens): no \v.
inline constexpr std::string_view kHtmlSpace = " \t\n\f\r";

// One of kAsciiSpace.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
// One of kHtmlSpace.
constexpr bool IsHtmlSpace(char c) {
  return IsAsciiSpace(c) && c != '\v';
}

// ASCII lowercase (locale-independent); other bytes unchanged.
std::string LowerAscii(std::string_view s);

// True when `text` starts with `prefix`, ASCII letters compared without case.
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);

// True when `needle` occurs in `haystack` (bytes compared exactly).
bool ContainsText(std::string_view haystack, std::string_view needle);

// `s` without leading and trailing bytes of `chars`. The result views `s`.
std::string_view Trim(std::string_view s, std::string_view chars = kAsciiSpace);

// Collapses runs of whitespace (kAsciiSpace and U+00A0 in UTF-8) to one space and trims.
std::string CollapseSpace(std::string_view text);

}  // namespace pricecrawl::crawler
