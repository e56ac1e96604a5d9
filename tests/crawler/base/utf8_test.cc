#include "crawler/base/utf8.h"

#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(Utf8Test, DecodesOneToFourByteSequences) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x92\xB6";  // a é € 💶
  const Utf8CodePoint a = DecodeUtf8At(text, 0);
  const Utf8CodePoint e = DecodeUtf8At(text, 1);
  const Utf8CodePoint euro = DecodeUtf8At(text, 3);
  const Utf8CodePoint note = DecodeUtf8At(text, 6);
  EXPECT_TRUE(a.valid && a.value == U'a' && a.size == 1);
  EXPECT_TRUE(e.valid && e.value == U'\u00E9' && e.size == 2);
  EXPECT_TRUE(euro.valid && euro.value == U'\u20AC' && euro.size == 3);
  EXPECT_TRUE(note.valid && note.value == U'\U0001F4B6' && note.size == 4);
  EXPECT_EQ(DecodeUtf8Before(text, text.size()).value, U'\U0001F4B6');
  EXPECT_EQ(DecodeUtf8Before(text, 6).value, U'\u20AC');
  EXPECT_EQ(DecodeUtf8Before(text, 1).value, U'a');
}

TEST(Utf8Test, InvalidAndCutSequencesReadAsOneInvalidByte) {
  for (const std::string bad : {"\xE9t\xC3", "\xC3t", "\x80", "\xE2\x82"}) {
    const Utf8CodePoint cp = DecodeUtf8At(bad, 0);
    EXPECT_FALSE(cp.valid) << bad;
    EXPECT_EQ(cp.size, 1u);
    EXPECT_EQ(cp.value, U'\uFFFD');
  }
  const std::string cut = "x\xE2\x82";  // a three-byte sequence missing its last byte
  const Utf8CodePoint before = DecodeUtf8Before(cut, cut.size());
  EXPECT_FALSE(before.valid);
  EXPECT_EQ(before.size, 1u);
}

TEST(Utf8Test, AppendRoundTrips) {
  std::string out;
  for (const char32_t cp : {U'z', U'\u00FC', U'\u3000', U'\U0001F4B6'}) {
    AppendUtf8(cp, out);
  }
  std::size_t pos = 0;
  for (const char32_t cp : {U'z', U'\u00FC', U'\u3000', U'\U0001F4B6'}) {
    const Utf8CodePoint decoded = DecodeUtf8At(out, pos);
    EXPECT_TRUE(decoded.valid);
    EXPECT_EQ(decoded.value, cp);
    pos += decoded.size;
  }
  EXPECT_EQ(pos, out.size());
}

}  // namespace
}  // namespace pricecrawl::crawler
