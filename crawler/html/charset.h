#pragma once
// Character encodings of fetched pages: finds the encoding a browser would use (WHATWG HTML
// §13.2.3.2 "determining the character encoding": BOM, then the Content-Type charset, then the
// <meta charset> / http-equiv prescan of the first 1024 bytes) with labels normalised per the
// WHATWG Encoding standard (latin1, iso-8859-1 and us-ascii are windows-1252), and converts the
// body to valid UTF-8 for Gumbo with iconv(3), each malformed sequence becoming U+FFFD.
// Deviations: a page that declares nothing is read as UTF-8 (no frequency-based guessing).

#include <cstddef>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

// Where a page's encoding came from.
enum class CharsetSource {
  kBom,          // a UTF-8 or UTF-16 byte order mark
  kContentType,  // the charset parameter of the Content-Type header
  kMeta,         // <meta charset> or <meta http-equiv="Content-Type" content="...charset=...">
  kDefault,      // nothing declared (or only unknown labels): UTF-8
};

// The encoding chosen for a page.
struct CharsetDetection {
  std::string charset = "utf-8";  // WHATWG canonical name, lowercase ("shift_jis")
  CharsetSource source = CharsetSource::kDefault;
  std::size_t bom_length = 0;  // bytes of BOM at the start of the body to skip
};

// The WHATWG canonical name, lowercase, for an encoding label ("Latin1" -> "windows-1252",
// " SJIS " -> "shift_jis"); surrounding ASCII whitespace is ignored. "" when the label is unknown
// or names an encoding we cannot decode ("replacement", "x-user-defined").
std::string NormalizeCharsetLabel(std::string_view label);

// The normalised charset parameter of a Content-Type header value, e.g.
// `text/html; charset="Shift_JIS"` -> "shift_jis"; "" when absent or unknown.
std::string CharsetFromContentType(std::string_view content_type);

// The WHATWG prescan (§13.2.3.3) over the first 1024 bytes of `body`: the normalised charset of
// the first <meta charset> or <meta http-equiv="content-type" content="...">, skipping comments
// and other tags; "" when none. A declared UTF-16 means UTF-8, as the standard says.
std::string CharsetFromMeta(std::string_view body);

// Chooses the encoding of a page from its Content-Type header value (may be empty) and body.
CharsetDetection DetectCharset(std::string_view content_type, std::string_view body);

// The result of decoding a page.
struct DecodedText {
  std::string text;            // valid UTF-8, BOM removed
  CharsetDetection detection;  // what was used
  std::size_t replaced = 0;    // malformed sequences replaced by U+FFFD
};

// Decodes `body` (taken by value: a valid UTF-8 body is moved through without a copy) using
// `detection`. Never throws on content; a charset iconv cannot open is read as UTF-8.
DecodedText DecodeWith(std::string body, const CharsetDetection& detection);

// DetectCharset then DecodeWith: the page's bytes as valid UTF-8. Never throws on content.
DecodedText DecodeToUtf8(std::string body, std::string_view content_type);

// Replaces every malformed UTF-8 sequence in `text` with U+FFFD (one per maximal subpart, as
// the Encoding standard's UTF-8 decoder does). Returns how many were replaced.
std::size_t RepairUtf8(std::string& text);

}  // namespace pricecrawl::crawler
