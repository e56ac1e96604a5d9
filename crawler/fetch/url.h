#pragma once
// URL normalisation and resolution for the frontier, built on libcurl's URL API (curl_url).
// The normal form is what the `urls` table stores and deduplicates on: RFC 3986 §6 syntax-based
// normalisation (case, default ports, dot segments, percent-escapes), no fragment, and no
// tracking parameters. Hrefs are cleaned the way browsers do (WHATWG URL: tab/newline removed,
// `\` read as `/` in http(s) paths, spaces and non-ASCII percent-encoded) so that real links are
// kept rather than dropped. IDN hosts are kept as written (ASCII-lowercased), not punycoded.

#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

// Longest URL (in bytes, after normalisation) the crawler accepts; longer ones are treated as
// unparsable (session-id traps, data smuggled into query strings).
inline constexpr std::size_t kMaxUrlLength = 8192;

// Normalises an absolute http, https or file URL: lowercase scheme and host, default ports
// (80/443) dropped, fragment dropped, "." and ".." segments resolved, empty path -> "/",
// percent-escapes with uppercase hex (escapes of unreserved characters decoded, reserved ones
// kept), tracking query parameters removed (utm_*, fbclid, gclid, msclkid, mc_cid, mc_eid, yclid,
// _ga), an empty query dropped, the other parameters kept in their order. Spaces, control and
// non-ASCII bytes in path and query are percent-encoded. Returns nullopt for any other scheme,
// for input curl cannot parse, and for results longer than kMaxUrlLength.
std::optional<std::string> NormalizeUrl(std::string_view absolute_url);

// Resolves `reference` (an href as written in a page) against `base` (an absolute URL) per
// RFC 3986 §5 and normalises the result as NormalizeUrl does. Leading/trailing whitespace and
// C0 controls are trimmed and tabs/newlines removed first. A fragment-only reference ("#top")
// yields the base itself. Returns nullopt for empty references, for schemes other than http,
// https and file (mailto:, javascript:, data:, tel:, ftp:, ...), for unparsable input, and for a
// file: result when `base` is not itself a file: URL (a web page must never lead to local files).
std::optional<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// Resolves many references against one base, as a page's links are: Resolve(reference) returns
// exactly what ResolveUrl(base, reference) returns. When the base is an http(s) URL already in
// normal form (what NormalizeUrl returns), it is split once and the common references (relative
// and root-relative paths, "../", "?query", "#fragment") are resolved by RFC 3986 §5.2 string
// operations without a curl round trip; anything else (another scheme or authority, "//host",
// a result longer than kMaxUrlLength) goes through ResolveUrl. Immutable after construction.
class UrlResolver {
 public:
  explicit UrlResolver(std::string_view base);

  // The same as ResolveUrl(base, reference).
  std::optional<std::string> Resolve(std::string_view reference) const;

 private:
  std::string base_;       // as given
  bool fast_ = false;      // base_ is a normalised http(s) URL
  std::size_t path_ = 0;   // offset of the path (the '/' after the authority) in base_
  std::size_t query_ = 0;  // offset of '?' in base_, or base_.size() when there is no query
};

// The politeness / scope key of a URL: its lowercase host, plus ":port" when the port is not
// the scheme's default ("127.0.0.1:8080", "[::1]:8080"). "" for file: URLs and for input that
// does not parse.
std::string HostKey(std::string_view normalized_url);

// True when the last path segment ends in an extension that never names an HTML page: images,
// stylesheets, scripts, fonts, audio/video, archives and binaries, PDF and office documents,
// plain data (json, csv, txt) and XML (feeds and sitemaps; sitemaps are read by their own path,
// not followed as links). Case-insensitive; the query does not count ("/a.jpg?w=2" is non-HTML).
bool HasNonHtmlExtension(std::string_view normalized_url);

}  // namespace pricecrawl::crawler
