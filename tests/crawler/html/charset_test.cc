// Tests of charset detection (WHATWG HTML §13.2.3) and conversion to UTF-8.

#include "crawler/html/charset.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "config/config.h"
#include "crawler/cli/extract_command.h"
#include "crawler/crawl/parse_stage.h"
#include "crawler/crawl/scope.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

TEST(CharsetTest, NormalisesLabelsAsTheEncodingStandardDoes) {
  EXPECT_EQ(NormalizeCharsetLabel("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel(" latin1 "), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel("US-ASCII"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetLabel("Shift_JIS"), "shift_jis");
  EXPECT_EQ(NormalizeCharsetLabel("SJIS"), "shift_jis");
  EXPECT_EQ(NormalizeCharsetLabel("windows-31j"), "shift_jis");
  EXPECT_EQ(NormalizeCharsetLabel("UTF8"), "utf-8");
  EXPECT_EQ(NormalizeCharsetLabel("gb2312"), "gbk");
  EXPECT_EQ(NormalizeCharsetLabel("no-such-charset"), "");
  EXPECT_EQ(NormalizeCharsetLabel(""), "");
}

TEST(CharsetTest, ReadsTheContentTypeCharsetParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=Shift_JIS"), "shift_jis");
  EXPECT_EQ(CharsetFromContentType("text/html;CHARSET=\"iso-8859-1\""), "windows-1252");
  EXPECT_EQ(CharsetFromContentType("text/html; foo=bar; charset='utf-8'"), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; xcharset=sjis"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; charset=bogus"), "");
}

TEST(CharsetTest, PrescanFindsMetaCharsetAndHttpEquiv) {
  EXPECT_EQ(CharsetFromMeta("<!doctype html><html><head><meta charset=\"Shift_JIS\">"),
            "shift_jis");
  EXPECT_EQ(CharsetFromMeta("<META HTTP-EQUIV='Content-Type' "
                            "CONTENT='text/html; charset=windows-1252'>"),
            "windows-1252");
  EXPECT_EQ(CharsetFromMeta("<meta content=\"text/html;charset=sjis\" http-equiv=content-type>"),
            "shift_jis");
}

TEST(CharsetTest, PrescanIgnoresWhatIsNotADeclaration) {
  // content= without http-equiv="content-type" declares nothing.
  EXPECT_EQ(CharsetFromMeta("<meta name=x content=\"charset=sjis\">"), "");
  // Comments and attribute values of other tags are skipped.
  EXPECT_EQ(CharsetFromMeta("<!-- <meta charset=sjis> --><p title=\"<meta charset=sjis>\">"), "");
  // Only the first 1024 bytes count.
  EXPECT_EQ(CharsetFromMeta(std::string(1100, ' ') + "<meta charset=sjis>"), "");
  // A declared UTF-16 in an ASCII-compatible document is UTF-8.
  EXPECT_EQ(CharsetFromMeta("<meta charset=utf-16le>"), "utf-8");
  // An unknown label is skipped and the next declaration wins.
  EXPECT_EQ(CharsetFromMeta("<meta charset=bogus><meta charset=latin1>"), "windows-1252");
  EXPECT_EQ(CharsetFromMeta("<meta charset=\"sjis"), "");  // cut off mid-value
}

TEST(CharsetTest, BomWinsOverHeaderWhichWinsOverMeta) {
  const std::string meta = "<meta charset=shift_jis>";
  EXPECT_EQ(DetectCharset("text/html; charset=windows-1252", "\xEF\xBB\xBF" + meta).source,
            CharsetSource::kBom);
  const CharsetDetection header = DetectCharset("text/html; charset=windows-1252", meta);
  EXPECT_EQ(header.charset, "windows-1252");
  EXPECT_EQ(header.source, CharsetSource::kContentType);
  const CharsetDetection from_meta = DetectCharset("text/html; charset=bogus", meta);
  EXPECT_EQ(from_meta.charset, "shift_jis");
  EXPECT_EQ(from_meta.source, CharsetSource::kMeta);
  const CharsetDetection none = DetectCharset("text/html", "<p>hi");
  EXPECT_EQ(none.charset, "utf-8");
  EXPECT_EQ(none.source, CharsetSource::kDefault);
}

TEST(CharsetTest, DecodesWindows1252EuroAndPound) {
  const DecodedText decoded =
      DecodeToUtf8("<p>\x80 12,99 \xA3 3.50 caf\xE9 \x81</p>", "text/html; charset=ISO-8859-1");
  EXPECT_EQ(decoded.detection.charset, "windows-1252");
  // 0x81 is undefined in CP1252; WHATWG maps it to U+0081.
  EXPECT_EQ(decoded.text, "<p>€ 12,99 £ 3.50 café \xC2\x81</p>");
  EXPECT_EQ(decoded.replaced, 0U);
}

TEST(CharsetTest, DecodesShiftJisYenSignsDeclaredInMeta) {
  // "￥1,980" and "2,480円"; 0x5C stays a backslash as in the WHATWG Shift_JIS decoder.
  const DecodedText decoded = DecodeToUtf8(
      "<meta charset=\"Shift_JIS\"><p>\x81\x8F"
      "1,980 2,480\x89\x7E \\</p>",
      "text/html");
  EXPECT_EQ(decoded.detection.source, CharsetSource::kMeta);
  EXPECT_EQ(decoded.text, "<meta charset=\"Shift_JIS\"><p>￥1,980 2,480円 \\</p>");
}

TEST(CharsetTest, ReplacesInvalidShiftJisAndKeepsTheAsciiAfterIt) {
  const DecodedText decoded = DecodeToUtf8(
      "a\xFF"
      "b\x89",
      "text/html; charset=sjis");
  EXPECT_EQ(decoded.text,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(decoded.replaced, 2U);
}

TEST(CharsetTest, DecodesUtf16WithByteOrderMark) {
  const std::string body("\xFF\xFE<\0p\0>\0\xAC\x20", 10);
  const DecodedText decoded = DecodeToUtf8(body, "text/html; charset=windows-1252");
  EXPECT_EQ(decoded.detection.charset, "utf-16le");
  EXPECT_EQ(decoded.text, "<p>€");
}

TEST(CharsetTest, RepairsInvalidUtf8PerMaximalSubpart) {
  std::string text = "a\xC3(b";
  EXPECT_EQ(RepairUtf8(text), 1U);
  EXPECT_EQ(text, "a\xEF\xBF\xBD(b");
  text = "\xC0\xAF";  // overlong '/'
  EXPECT_EQ(RepairUtf8(text), 2U);
  text = "\xED\xA0\x80";  // a surrogate
  EXPECT_EQ(RepairUtf8(text), 3U);
  text = "x\xF0\x9F\x98";  // truncated four-byte sequence: one replacement
  EXPECT_EQ(RepairUtf8(text), 1U);
  EXPECT_EQ(text, "x\xEF\xBF\xBD");
  text = "\xF4\x90\x80\x80";  // above U+10FFFF
  EXPECT_EQ(RepairUtf8(text), 4U);
}

TEST(CharsetTest, ValidUtf8PassesThroughWithoutACopy) {
  std::string body = "\xEF\xBB\xBF<p>" + std::string(4000, 'x') + "€ 😀</p>";
  body.erase(0, 3);
  const char* original = body.data();
  const DecodedText decoded = DecodeToUtf8(std::move(body), "text/html; charset=utf-8");
  EXPECT_EQ(decoded.text.data(), original);
  EXPECT_EQ(decoded.replaced, 0U);
}

TEST(CharsetTest, StripsTheUtf8ByteOrderMarkAndRepairsTheRest) {
  const DecodedText decoded = DecodeToUtf8("\xEF\xBB\xBF<p>\xFF</p>", "");
  EXPECT_EQ(decoded.detection.source, CharsetSource::kBom);
  EXPECT_EQ(decoded.text, "<p>\xEF\xBF\xBD</p>");
}

TEST(CharsetTest, UndeclaredInvalidBytesBecomeReplacementCharacters) {
  const DecodedText decoded = DecodeToUtf8("<p>price \x80 5</p>", "text/html");
  EXPECT_EQ(decoded.detection.charset, "utf-8");
  EXPECT_EQ(decoded.text, "<p>price \xEF\xBF\xBD 5</p>");
  EXPECT_EQ(decoded.replaced, 1U);
}

TEST(CharsetTest, LargeLegacyBodyGrowsTheOutputBuffer) {
  // Each 0x80 widens to the three bytes of "€": the output outgrows its first guess.
  const DecodedText euro =
      DecodeToUtf8(std::string(100000, '\x80'), "text/html; charset=windows-1252");
  ASSERT_EQ(euro.text.size(), 300000U);
  EXPECT_EQ(euro.text.substr(299997), "€");
  EXPECT_EQ(euro.replaced, 0U);
}

// The parse stage decodes by the response's Content-Type before Gumbo and the extractors run.
TEST(CharsetTest, ParseStageReadsAWindows1252PriceByTheHeader) {
  const config::Config config;
  const Scope scope(config.scope, {"shop.test"});
  FetchResult result;
  result.request.url = "http://shop.test/muehle";
  result.request.host = "shop.test";
  result.http_status = 200;
  result.content_type = "text/html; charset=windows-1252";
  result.body =
      "<html><head><title>Kaffeem\xFChle</title></head><body><h1>Kaffeem\xFChle</h1>"
      "<p class=price>\x80 49,95</p><button>In den Warenkorb</button></body></html>";
  const ParsedPage page = ParsePage(std::move(result), ParseContext{&config, &scope});
  ASSERT_TRUE(page.product.has_value());
  ASSERT_TRUE(page.product->price.has_value());
  EXPECT_EQ(page.product->price->ToString(), "49.95");
  EXPECT_EQ(page.product->currency, "EUR");
  EXPECT_EQ(page.product->title, "Kaffeemühle");
}

// `extract FILE` has no header: the page's <meta charset> decides.
TEST(CharsetTest, ExtractCommandReadsAShiftJisFileByItsMeta) {
  const testing::TempDir dir;
  const std::string file = dir.File("yunomi.html");
  std::ofstream(file, std::ios::binary)
      << "<html><head><meta charset=\"Shift_JIS\"><title>\x93\x92\x93\xDB\x82\xDD</title></head>"
         "<body><h1>\x93\x92\x93\xDB\x82\xDD</h1><p class=price>2,480\x89\x7E</p>"
         "<button>\x83\x4A\x81\x5B\x83\x67\x82\xC9\x93\xFC\x82\xEA\x82\xE9</button>"
         "</body></html>";
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({file, "http://shop.test/yunomi", "", "json", ""}, out, err), 0)
      << err.str();
  EXPECT_NE(out.str().find("\"price\": \"2480\""), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"currency\": \"JPY\""), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("湯呑み"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace pricecrawl::crawler
