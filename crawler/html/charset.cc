#include "crawler/html/charset.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <iconv.h>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

struct IconvCloser {
  void operator()(void* handle) const noexcept {
    if (handle != nullptr) {
      iconv_close(static_cast<iconv_t>(handle));
    }
  }
};
// iconv_t is `void*` in glibc; an open conversion descriptor, closed on destruction.
using IconvHandle = std::unique_ptr<std::remove_pointer_t<iconv_t>, IconvCloser>;

// Opens a converter from `from` to UTF-8; null when iconv does not know `from`.
IconvHandle OpenToUtf8(const char* from) {
  const iconv_t handle = iconv_open("UTF-8", from);
  // iconv_open's failure value is (iconv_t)-1 (POSIX): a pointer made from an integer.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  if (handle == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {
    return IconvHandle();
  }
  return IconvHandle(handle);
}

struct Label {
  std::string_view label;
  std::string_view name;
};

// The labels of the WHATWG Encoding standard's table ("Encodings", §4.2) for the encodings we
// decode, lowercase.
// clang-format off
constexpr std::array kLabels = {
    Label{"unicode-1-1-utf-8", "utf-8"}, Label{"unicode11utf8", "utf-8"},
    Label{"unicode20utf8", "utf-8"}, Label{"utf-8", "utf-8"}, Label{"utf8", "utf-8"},
    Label{"x-unicode20utf8", "utf-8"},
    Label{"866", "ibm866"}, Label{"cp866", "ibm866"}, Label{"csibm866", "ibm866"},
    Label{"ibm866", "ibm866"},
    Label{"csisolatin2", "iso-8859-2"}, Label{"iso-8859-2", "iso-8859-2"},
    Label{"iso-ir-101", "iso-8859-2"}, Label{"iso8859-2", "iso-8859-2"},
    Label{"iso88592", "iso-8859-2"}, Label{"iso_8859-2", "iso-8859-2"},
    Label{"iso_8859-2:1987", "iso-8859-2"}, Label{"l2", "iso-8859-2"},
    Label{"latin2", "iso-8859-2"},
    Label{"csisolatin3", "iso-8859-3"}, Label{"iso-8859-3", "iso-8859-3"},
    Label{"iso8859-3", "iso-8859-3"}, Label{"iso88593", "iso-8859-3"},
    Label{"iso_8859-3", "iso-8859-3"}, Label{"l3", "iso-8859-3"}, Label{"latin3", "iso-8859-3"},
    Label{"csisolatin4", "iso-8859-4"}, Label{"iso-8859-4", "iso-8859-4"},
    Label{"iso8859-4", "iso-8859-4"}, Label{"iso88594", "iso-8859-4"},
    Label{"iso_8859-4", "iso-8859-4"}, Label{"l4", "iso-8859-4"}, Label{"latin4", "iso-8859-4"},
    Label{"csisolatincyrillic", "iso-8859-5"}, Label{"cyrillic", "iso-8859-5"},
    Label{"iso-8859-5", "iso-8859-5"}, Label{"iso8859-5", "iso-8859-5"},
    Label{"iso88595", "iso-8859-5"}, Label{"iso_8859-5", "iso-8859-5"},
    Label{"arabic", "iso-8859-6"}, Label{"iso-8859-6", "iso-8859-6"},
    Label{"iso8859-6", "iso-8859-6"}, Label{"iso88596", "iso-8859-6"},
    Label{"iso_8859-6", "iso-8859-6"},
    Label{"greek", "iso-8859-7"}, Label{"greek8", "iso-8859-7"},
    Label{"iso-8859-7", "iso-8859-7"}, Label{"iso8859-7", "iso-8859-7"},
    Label{"iso88597", "iso-8859-7"}, Label{"iso_8859-7", "iso-8859-7"},
    Label{"hebrew", "iso-8859-8"}, Label{"iso-8859-8", "iso-8859-8"},
    Label{"iso8859-8", "iso-8859-8"}, Label{"iso88598", "iso-8859-8"},
    Label{"iso_8859-8", "iso-8859-8"}, Label{"visual", "iso-8859-8"},
    Label{"iso-8859-8-i", "iso-8859-8-i"}, Label{"logical", "iso-8859-8-i"},
    Label{"iso-8859-10", "iso-8859-10"}, Label{"latin6", "iso-8859-10"},
    Label{"iso-8859-13", "iso-8859-13"}, Label{"iso-8859-14", "iso-8859-14"},
    Label{"iso-8859-15", "iso-8859-15"}, Label{"iso8859-15", "iso-8859-15"},
    Label{"iso885915", "iso-8859-15"}, Label{"iso_8859-15", "iso-8859-15"},
    Label{"l9", "iso-8859-15"}, Label{"csisolatin9", "iso-8859-15"},
    Label{"iso-8859-16", "iso-8859-16"},
    Label{"cskoi8r", "koi8-r"}, Label{"koi", "koi8-r"}, Label{"koi8", "koi8-r"},
    Label{"koi8-r", "koi8-r"}, Label{"koi8_r", "koi8-r"}, Label{"koi8-ru", "koi8-u"},
    Label{"koi8-u", "koi8-u"},
    Label{"csmacintosh", "macintosh"}, Label{"mac", "macintosh"},
    Label{"macintosh", "macintosh"}, Label{"x-mac-roman", "macintosh"},
    Label{"x-mac-cyrillic", "x-mac-cyrillic"}, Label{"x-mac-ukrainian", "x-mac-cyrillic"},
    Label{"dos-874", "windows-874"}, Label{"iso-8859-11", "windows-874"},
    Label{"tis-620", "windows-874"}, Label{"windows-874", "windows-874"},
    Label{"cp1250", "windows-1250"}, Label{"windows-1250", "windows-1250"},
    Label{"x-cp1250", "windows-1250"},
    Label{"cp1251", "windows-1251"}, Label{"windows-1251", "windows-1251"},
    Label{"x-cp1251", "windows-1251"},
    // Latin-1 and ASCII labels mean windows-1252 on the web.
    Label{"ansi_x3.4-1968", "windows-1252"}, Label{"ascii", "windows-1252"},
    Label{"cp1252", "windows-1252"}, Label{"cp819", "windows-1252"},
    Label{"csisolatin1", "windows-1252"}, Label{"ibm819", "windows-1252"},
    Label{"iso-8859-1", "windows-1252"}, Label{"iso-ir-100", "windows-1252"},
    Label{"iso8859-1", "windows-1252"}, Label{"iso88591", "windows-1252"},
    Label{"iso_8859-1", "windows-1252"}, Label{"iso_8859-1:1987", "windows-1252"},
    Label{"l1", "windows-1252"}, Label{"latin1", "windows-1252"},
    Label{"us-ascii", "windows-1252"}, Label{"windows-1252", "windows-1252"},
    Label{"x-cp1252", "windows-1252"},
    Label{"cp1253", "windows-1253"}, Label{"windows-1253", "windows-1253"},
    Label{"cp1254", "windows-1254"}, Label{"windows-1254", "windows-1254"},
    Label{"iso-8859-9", "windows-1254"}, Label{"iso8859-9", "windows-1254"},
    Label{"latin5", "windows-1254"}, Label{"l5", "windows-1254"},
    Label{"cp1255", "windows-1255"}, Label{"windows-1255", "windows-1255"},
    Label{"cp1256", "windows-1256"}, Label{"windows-1256", "windows-1256"},
    Label{"cp1257", "windows-1257"}, Label{"windows-1257", "windows-1257"},
    Label{"cp1258", "windows-1258"}, Label{"windows-1258", "windows-1258"},
    Label{"chinese", "gbk"}, Label{"csgb2312", "gbk"}, Label{"csiso58gb231280", "gbk"},
    Label{"gb2312", "gbk"}, Label{"gb_2312", "gbk"}, Label{"gb_2312-80", "gbk"},
    Label{"gbk", "gbk"}, Label{"iso-ir-58", "gbk"}, Label{"x-gbk", "gbk"},
    Label{"gb18030", "gb18030"},
    Label{"big5", "big5"}, Label{"big5-hkscs", "big5"}, Label{"cn-big5", "big5"},
    Label{"csbig5", "big5"}, Label{"x-x-big5", "big5"},
    Label{"cseucpkdfmtjapanese", "euc-jp"}, Label{"euc-jp", "euc-jp"},
    Label{"x-euc-jp", "euc-jp"},
    Label{"csiso2022jp", "iso-2022-jp"}, Label{"iso-2022-jp", "iso-2022-jp"},
    Label{"csshiftjis", "shift_jis"}, Label{"ms932", "shift_jis"}, Label{"ms_kanji", "shift_jis"},
    Label{"shift-jis", "shift_jis"}, Label{"shift_jis", "shift_jis"}, Label{"sjis", "shift_jis"},
    Label{"windows-31j", "shift_jis"}, Label{"x-sjis", "shift_jis"},
    Label{"cseuckr", "euc-kr"}, Label{"csksc56011987", "euc-kr"}, Label{"euc-kr", "euc-kr"},
    Label{"iso-ir-149", "euc-kr"}, Label{"korean", "euc-kr"}, Label{"ks_c_5601-1987", "euc-kr"},
    Label{"ks_c_5601-1989", "euc-kr"}, Label{"ksc5601", "euc-kr"}, Label{"ksc_5601", "euc-kr"},
    Label{"windows-949", "euc-kr"},
    Label{"unicodefffe", "utf-16be"}, Label{"utf-16be", "utf-16be"},
    Label{"csunicode", "utf-16le"}, Label{"iso-10646-ucs-2", "utf-16le"},
    Label{"ucs-2", "utf-16le"}, Label{"unicode", "utf-16le"}, Label{"unicodefeff", "utf-16le"},
    Label{"utf-16", "utf-16le"}, Label{"utf-16le", "utf-16le"},
};
// clang-format on

// The glibc iconv name for a WHATWG encoding; the WHATWG decoders are supersets of the
// registered charsets (Shift_JIS is Microsoft's CP932, EUC-KR is CP949, GBK is GB18030).
const char* IconvName(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, const char*>, 37> kNames = {{
      {"ibm866", "IBM866"},
      {"iso-8859-2", "ISO-8859-2"},
      {"iso-8859-3", "ISO-8859-3"},
      {"iso-8859-4", "ISO-8859-4"},
      {"iso-8859-5", "ISO-8859-5"},
      {"iso-8859-6", "ISO-8859-6"},
      {"iso-8859-7", "ISO-8859-7"},
      {"iso-8859-8", "ISO-8859-8"},
      {"iso-8859-8-i", "ISO-8859-8"},
      {"iso-8859-10", "ISO-8859-10"},
      {"iso-8859-13", "ISO-8859-13"},
      {"iso-8859-14", "ISO-8859-14"},
      {"iso-8859-15", "ISO-8859-15"},
      {"iso-8859-16", "ISO-8859-16"},
      {"koi8-r", "KOI8-R"},
      {"koi8-u", "KOI8-U"},
      {"macintosh", "MACINTOSH"},
      {"x-mac-cyrillic", "MAC-CYRILLIC"},
      {"windows-874", "CP874"},
      {"windows-1250", "CP1250"},
      {"windows-1251", "CP1251"},
      {"windows-1252", "CP1252"},
      {"windows-1253", "CP1253"},
      {"windows-1254", "CP1254"},
      {"windows-1255", "CP1255"},
      {"windows-1256", "CP1256"},
      {"windows-1257", "CP1257"},
      {"windows-1258", "CP1258"},
      {"gbk", "GB18030"},
      {"gb18030", "GB18030"},
      {"big5", "BIG5-HKSCS"},
      {"euc-jp", "EUC-JP"},
      {"iso-2022-jp", "ISO-2022-JP"},
      {"shift_jis", "CP932"},
      {"euc-kr", "CP949"},
      {"utf-16le", "UTF-16LE"},
      {"utf-16be", "UTF-16BE"},
  }};
  for (const auto& [whatwg, iconv_name] : kNames) {
    if (whatwg == name) {
      return iconv_name;
    }
  }
  return nullptr;
}

// WHATWG "extracting a character encoding from a meta element" over a lowercased content value.
std::string CharsetFromMetaContent(std::string_view content) {
  std::size_t pos = 0;
  while (true) {
    const std::size_t found = content.find("charset", pos);
    if (found == std::string_view::npos) {
      return "";
    }
    pos = found + 7;
    while (pos < content.size() && IsHtmlSpace(content[pos])) {
      ++pos;
    }
    if (pos >= content.size() || content[pos] != '=') {
      continue;
    }
    ++pos;
    while (pos < content.size() && IsHtmlSpace(content[pos])) {
      ++pos;
    }
    if (pos >= content.size()) {
      return "";
    }
    const char quote = content[pos];
    if (quote == '"' || quote == '\'') {
      const std::size_t close = content.find(quote, pos + 1);
      if (close == std::string_view::npos) {
        return "";
      }
      return NormalizeCharsetLabel(content.substr(pos + 1, close - pos - 1));
    }
    std::size_t end = pos;
    while (end < content.size() && !IsHtmlSpace(content[end]) && content[end] != ';') {
      ++end;
    }
    return NormalizeCharsetLabel(content.substr(pos, end - pos));
  }
}

// The prescan's "get an attribute" (WHATWG HTML §13.2.3.3): reads one attribute at `pos`,
// lowercased; nullopt when the tag ends or the input does.
struct MetaAttribute {
  std::string name;
  std::string value;
};

std::optional<MetaAttribute> GetAttribute(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && (IsHtmlSpace(text[pos]) || text[pos] == '/')) {
    ++pos;
  }
  if (pos >= text.size() || text[pos] == '>') {
    return std::nullopt;
  }
  MetaAttribute attribute;
  // Name.
  while (true) {
    if (pos >= text.size()) {
      return std::nullopt;
    }
    const char c = text[pos];
    if (c == '=' && !attribute.name.empty()) {
      ++pos;
      break;
    }
    if (IsHtmlSpace(c)) {
      while (pos < text.size() && IsHtmlSpace(text[pos])) {
        ++pos;
      }
      if (pos >= text.size() || text[pos] != '=') {
        return attribute;
      }
      ++pos;
      break;
    }
    if (c == '/' || c == '>') {
      return attribute;
    }
    attribute.name.push_back(AsciiToLower(c));
    ++pos;
  }
  // Value.
  while (pos < text.size() && IsHtmlSpace(text[pos])) {
    ++pos;
  }
  if (pos >= text.size()) {
    return std::nullopt;
  }
  const char first = text[pos];
  if (first == '"' || first == '\'') {
    ++pos;
    while (pos < text.size() && text[pos] != first) {
      attribute.value.push_back(AsciiToLower(text[pos]));
      ++pos;
    }
    if (pos >= text.size()) {
      return std::nullopt;
    }
    ++pos;
    return attribute;
  }
  if (first == '>') {
    return attribute;
  }
  while (pos < text.size() && !IsHtmlSpace(text[pos]) && text[pos] != '>') {
    attribute.value.push_back(AsciiToLower(text[pos]));
    ++pos;
  }
  return attribute;
}

// Reads the attributes of one <meta> (pos just past "<meta"); the charset it declares or "".
std::string CharsetOfMeta(std::string_view text, std::size_t& pos) {
  std::vector<std::string> seen;
  bool got_pragma = false;
  std::optional<bool> need_pragma;
  std::string charset;
  while (std::optional<MetaAttribute> attribute = GetAttribute(text, pos)) {
    if (std::find(seen.begin(), seen.end(), attribute->name) != seen.end()) {
      continue;
    }
    seen.push_back(attribute->name);
    if (attribute->name == "http-equiv") {
      got_pragma = got_pragma || attribute->value == "content-type";
    } else if (attribute->name == "content" && charset.empty()) {
      std::string found = CharsetFromMetaContent(attribute->value);
      if (!found.empty()) {
        charset = std::move(found);
        need_pragma = true;
      }
    } else if (attribute->name == "charset") {
      charset = NormalizeCharsetLabel(attribute->value);
      need_pragma = false;
    }
  }
  if (!need_pragma || (*need_pragma && !got_pragma) || charset.empty()) {
    return "";
  }
  if (charset == "utf-16le" || charset == "utf-16be") {
    return "utf-8";  // a document that can declare itself in ASCII is not UTF-16
  }
  return charset;
}

void AppendReplacement(std::string& out) {
  out.append("\xEF\xBF\xBD");
}

// Length of the valid UTF-8 sequence at `i`, or 0 with `bad` set to the length of the maximal
// subpart to replace (Encoding standard §8.1.1).
std::size_t ValidSequence(std::string_view text, std::size_t i, std::size_t& bad) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t need = 0;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    lower = lead == 0xE0 ? 0xA0 : 0x80;
    upper = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    lower = lead == 0xF0 ? 0x90 : 0x80;
    upper = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    bad = 1;
    return 0;
  }
  std::size_t j = i + 1;
  for (std::size_t k = 0; k < need; ++k, ++j) {
    if (j >= text.size() || byte(j) < lower || byte(j) > upper) {
      bad = j - i;
      return 0;
    }
    lower = 0x80;
    upper = 0xBF;
  }
  return need + 1;
}

// Makes room for at least `extra` more bytes after `used` in `out`.
void Reserve(std::string& out, std::size_t used, std::size_t extra) {
  if (out.size() - used < extra) {
    out.resize(std::max(out.size() * 2, used + extra));
  }
}

}  // namespace

std::string NormalizeCharsetLabel(std::string_view label) {
  label = Trim(label, kHtmlSpace);
  if (label.empty() || label.size() > 32) {
    return "";
  }
  const std::string lowered = LowerAscii(label);
  for (const Label& entry : kLabels) {
    if (entry.label == lowered) {
      return std::string(entry.name);
    }
  }
  return "";
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::size_t semicolon = content_type.find(';');
  while (semicolon != std::string_view::npos) {
    const std::size_t next = content_type.find(';', semicolon + 1);
    std::string_view parameter = Trim(
        content_type.substr(semicolon + 1, next == std::string_view::npos ? std::string_view::npos
                                                                          : next - semicolon - 1),
        kHtmlSpace);
    semicolon = next;
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos ||
        !AsciiEqualsIgnoreCase(Trim(parameter.substr(0, equals), kHtmlSpace), "charset")) {
      continue;
    }
    std::string_view value = Trim(parameter.substr(equals + 1), kHtmlSpace);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return NormalizeCharsetLabel(value);
  }
  return "";
}

std::string CharsetFromMeta(std::string_view body) {
  const std::string_view text = body.substr(0, std::min<std::size_t>(body.size(), 1024));
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", pos + 2);
      if (end == std::string_view::npos) {
        return "";
      }
      pos = end + 3;
      continue;
    }
    if (StartsWithIgnoreCase(text.substr(pos), "<meta") && pos + 5 < text.size() &&
        (IsHtmlSpace(text[pos + 5]) || text[pos + 5] == '/')) {
      pos += 5;
      std::string charset = CharsetOfMeta(text, pos);
      if (!charset.empty()) {
        return charset;
      }
      continue;
    }
    if (text[pos] == '<' && pos + 1 < text.size() &&
        (IsAsciiAlpha(text[pos + 1]) ||
         (text[pos + 1] == '/' && pos + 2 < text.size() && IsAsciiAlpha(text[pos + 2])))) {
      while (pos < text.size() && !IsHtmlSpace(text[pos]) && text[pos] != '>') {
        ++pos;
      }
      while (GetAttribute(text, pos)) {
      }
      ++pos;
      continue;
    }
    if (text[pos] == '<' && pos + 1 < text.size() &&
        (text[pos + 1] == '!' || text[pos + 1] == '/' || text[pos + 1] == '?')) {
      const std::size_t end = text.find('>', pos + 1);
      if (end == std::string_view::npos) {
        return "";
      }
      pos = end + 1;
      continue;
    }
    ++pos;
  }
  return "";
}

CharsetDetection DetectCharset(std::string_view content_type, std::string_view body) {
  CharsetDetection detection;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    detection.charset = "utf-8";
    detection.source = CharsetSource::kBom;
    detection.bom_length = 3;
    return detection;
  }
  if (body.substr(0, 2) == "\xFE\xFF" || body.substr(0, 2) == "\xFF\xFE") {
    detection.charset = body[0] == '\xFE' ? "utf-16be" : "utf-16le";
    detection.source = CharsetSource::kBom;
    detection.bom_length = 2;
    return detection;
  }
  if (std::string charset = CharsetFromContentType(content_type); !charset.empty()) {
    detection.charset = std::move(charset);
    detection.source = CharsetSource::kContentType;
    return detection;
  }
  if (std::string charset = CharsetFromMeta(body); !charset.empty()) {
    detection.charset = std::move(charset);
    detection.source = CharsetSource::kMeta;
    return detection;
  }
  return detection;
}

std::size_t RepairUtf8(std::string& text) {
  std::size_t i = 0;
  std::size_t bad = 0;
  // Fast path: most pages are valid and are left untouched.
  while (i < text.size()) {
    const std::size_t length = ValidSequence(text, i, bad);
    if (length == 0) {
      break;
    }
    i += length;
  }
  if (i == text.size()) {
    return 0;
  }
  std::string out;
  out.reserve(text.size() + 16);
  out.append(text, 0, i);
  std::size_t replaced = 0;
  while (i < text.size()) {
    const std::size_t length = ValidSequence(text, i, bad);
    if (length == 0) {
      AppendReplacement(out);
      ++replaced;
      i += bad;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  text = std::move(out);
  return replaced;
}

DecodedText DecodeWith(std::string body, const CharsetDetection& detection) {
  DecodedText decoded;
  decoded.detection = detection;
  const std::size_t bom = std::min(detection.bom_length, body.size());
  const char* iconv_name = IconvName(detection.charset);
  IconvHandle converter = iconv_name != nullptr ? OpenToUtf8(iconv_name) : IconvHandle();
  if (!converter) {
    body.erase(0, bom);
    decoded.replaced = RepairUtf8(body);
    decoded.text = std::move(body);
    return decoded;
  }
  const bool windows_1252 = detection.charset == "windows-1252";
  iconv_t handle = converter.get();
  char* in = body.data() + bom;
  std::size_t in_left = body.size() - bom;
  std::string& out = decoded.text;
  out.resize(in_left + in_left / 2 + 16);
  std::size_t used = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t rc = iconv(handle, &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    used = static_cast<std::size_t>(out_ptr - out.data());
    if (rc != static_cast<std::size_t>(-1)) {
      break;
    }
    if (error == E2BIG) {
      Reserve(out, used, out.size());
      continue;
    }
    // EILSEQ or EINVAL (truncated at the end): one byte becomes U+FFFD, except the five bytes
    // CP1252 leaves undefined, which WHATWG's windows-1252 maps to the C1 controls.
    Reserve(out, used, 3);
    const auto byte = static_cast<unsigned char>(*in);
    if (windows_1252 &&
        (byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D)) {
      out[used++] = '\xC2';
      out[used++] = static_cast<char>(byte);
    } else {
      out.replace(used, 3, "\xEF\xBF\xBD");
      used += 3;
      ++decoded.replaced;
    }
    ++in;
    --in_left;
    iconv(handle, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
  }
  while (true) {  // stateful encodings (ISO-2022-JP) may still owe a reset sequence
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t rc = iconv(handle, nullptr, nullptr, &out_ptr, &out_left);
    used = static_cast<std::size_t>(out_ptr - out.data());
    if (rc != static_cast<std::size_t>(-1) || errno != E2BIG) {
      break;
    }
    Reserve(out, used, out.size());
  }
  out.resize(used);
  return decoded;
}

DecodedText DecodeToUtf8(std::string body, std::string_view content_type) {
  const CharsetDetection detection = DetectCharset(content_type, body);
  return DecodeWith(std::move(body), detection);
}

}  // namespace pricecrawl::crawler
