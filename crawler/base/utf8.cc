#include "crawler/base/utf8.h"

namespace pricecrawl::crawler {

Utf8CodePoint DecodeUtf8At(std::string_view text, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) {
    return {b0, 1, true};
  }
  std::size_t size = 0;
  char32_t value = 0;
  if ((b0 & 0xE0) == 0xC0) {
    size = 2;
    value = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    size = 3;
    value = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    size = 4;
    value = b0 & 0x07;
  } else {
    return {};
  }
  if (pos + size > text.size()) {
    return {};
  }
  for (std::size_t k = 1; k < size; ++k) {
    const auto b = static_cast<unsigned char>(text[pos + k]);
    if ((b & 0xC0) != 0x80) {
      return {};
    }
    value = (value << 6) | (b & 0x3F);
  }
  return {value, size, true};
}

Utf8CodePoint DecodeUtf8Before(std::string_view text, std::size_t pos) {
  std::size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  const Utf8CodePoint cp = DecodeUtf8At(text, start);
  return cp.valid && start + cp.size == pos ? cp : Utf8CodePoint{};
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace pricecrawl::crawler
