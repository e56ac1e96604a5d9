#pragma once
// Reading and writing UTF-8 one code point at a time (RFC 3629), for the code that works on
// decoded page text byte by byte: currency symbols, stock phrases. Invalid or cut-off sequences
// read as one byte, so a scan always moves forward.

#include <cstddef>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

struct Utf8CodePoint {
  char32_t value = 0xFFFD;  // U+FFFD when the bytes are not a valid sequence
  std::size_t size = 1;     // bytes read; 1 for an invalid byte
  bool valid = false;
};

// The code point that starts at text[pos] (pos < text.size()).
Utf8CodePoint DecodeUtf8At(std::string_view text, std::size_t pos);

// The code point that ends just before text[pos] (0 < pos <= text.size()): a valid sequence
// of up to four bytes ending there, else the one byte before `pos` as invalid.
Utf8CodePoint DecodeUtf8Before(std::string_view text, std::size_t pos);

// Appends `cp` (at most U+10FFFF) to `out` as UTF-8.
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace pricecrawl::crawler
