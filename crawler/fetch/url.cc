#include "crawler/fetch/url.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>

#include <curl/curl.h>

#include "crawler/base/text.h"
#include "crawler/fetch/curl_handles.h"

namespace pricecrawl::crawler {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (IsAsciiDigit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// RFC 3986 §2.3.
bool IsUnreserved(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 §2.2 (without '[' and ']', which are only valid inside an IPv6 host).
bool IsReservedInPathOrQuery(char c) {
  switch (c) {
    case ':':
    case '/':
    case '?':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
      return true;
    default:
      return false;
  }
}

// WHATWG URL parsing step 1-3: strip leading/trailing C0 controls and spaces, remove every
// ASCII tab and newline.
std::string CleanReference(std::string_view in) {
  auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!in.empty() && is_c0_or_space(in.front())) {
    in.remove_prefix(1);
  }
  while (!in.empty() && is_c0_or_space(in.back())) {
    in.remove_suffix(1);
  }
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    if (c != '\t' && c != '\n' && c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view StripFragment(std::string_view s) {
  const std::size_t hash = s.find('#');
  return hash == std::string_view::npos ? s : s.substr(0, hash);
}

// The lowercase scheme when `s` starts with one (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" /
// "-" / "." ) ":"); nullopt for relative references.
std::optional<std::string> SchemeOf(std::string_view s) {
  if (s.empty() || !IsAsciiAlpha(s.front())) {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') {
      std::string scheme = LowerAscii(s.substr(0, i));
      return scheme;
    }
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') {
      break;
    }
  }
  return std::nullopt;
}

bool IsHttpScheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https";
}
bool IsCrawlableScheme(std::string_view scheme) {
  return IsHttpScheme(scheme) || scheme == "file";
}

// Appends a path or query, percent-encoding what RFC 3986 does not allow there, normalising
// escapes to uppercase hex and decoding escapes of unreserved characters (RFC 3986 §6.2.2).
// In http(s) paths `\` reads as `/`, as browsers do.
void AppendEncoded(std::string_view part, bool backslash_is_slash, std::string& out) {
  for (std::size_t i = 0; i < part.size(); ++i) {
    const char c = part[i];
    if (c == '%') {
      const bool has_two = i + 2 < part.size();
      const int hi = has_two ? HexValue(part[i + 1]) : -1;
      const int lo = has_two ? HexValue(part[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        const char decoded = static_cast<char>(hi * 16 + lo);
        if (IsUnreserved(decoded)) {
          out.push_back(decoded);
        } else {
          out.push_back('%');
          out.push_back(kHexDigits[hi]);
          out.push_back(kHexDigits[lo]);
        }
        i += 2;
      } else {
        out.append("%25");
      }
    } else if (c == '\\' && backslash_is_slash) {
      out.push_back('/');
    } else if (IsUnreserved(c) || IsReservedInPathOrQuery(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHexDigits[byte >> 4]);
      out.push_back(kHexDigits[byte & 0xF]);
    }
  }
}

// Makes a fragment-free URL or relative reference acceptable to curl: scheme and authority are
// kept as written (curl validates them), path and query are encoded by AppendEncoded.
std::string EncodeReference(std::string_view ref, bool http_like) {
  std::string out;
  out.reserve(ref.size() + 16);
  std::size_t pos = 0;
  if (const auto scheme = SchemeOf(ref)) {
    pos = scheme->size() + 1;
    out.append(*scheme).push_back(':');
  }
  auto is_slash = [&](char c) { return c == '/' || (http_like && c == '\\'); };
  if (pos + 1 < ref.size() && is_slash(ref[pos]) && is_slash(ref[pos + 1])) {
    out.append("//");
    pos += 2;
    std::size_t end = pos;
    while (end < ref.size() && !is_slash(ref[end]) && ref[end] != '?') {
      ++end;
    }
    out.append(ref.substr(pos, end - pos));
    pos = end;
  }
  const std::size_t query = ref.find('?', pos);
  const std::size_t path_end = query == std::string_view::npos ? ref.size() : query;
  AppendEncoded(ref.substr(pos, path_end - pos), http_like, out);
  if (query != std::string_view::npos) {
    out.push_back('?');
    AppendEncoded(ref.substr(query + 1), false, out);
  }
  return out;
}

bool IsTrackingParameter(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kExact = {"fbclid", "gclid", "msclkid", "mc_cid",
                                                             "mc_eid", "yclid", "_ga"};
  const std::string lower = LowerAscii(name);
  if (lower.rfind("utm_", 0) == 0) {
    return true;
  }
  return std::find(kExact.begin(), kExact.end(), lower) != kExact.end();
}

// Drops tracking parameters and empty "&&" segments; keeps the rest in order.
std::string FilterQuery(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) {
      amp = query.size();
    }
    const std::string_view param = query.substr(start, amp - start);
    const std::string_view name = param.substr(0, param.find('='));
    if (!param.empty() && !IsTrackingParameter(name)) {
      if (!out.empty()) {
        out.push_back('&');
      }
      out.append(param);
    }
    start = amp + 1;
  }
  return out;
}

std::optional<std::string> GetPart(CURLU* handle, CURLUPart part, unsigned flags) {
  char* raw = nullptr;
  const CURLUcode rc = curl_url_get(handle, part, &raw, flags);
  CurlString owned(raw);
  if (rc != CURLUE_OK || !owned) {
    return std::nullopt;
  }
  return std::string(owned.get());
}

// Turns the URL held by `handle` into the normal form. `allow_file` is false when the URL came
// from a web page.
std::optional<std::string> FinishNormalization(CURLU* handle, bool allow_file) {
  const auto scheme = GetPart(handle, CURLUPART_SCHEME, 0);
  if (!scheme) {
    return std::nullopt;
  }
  const std::string lower_scheme = LowerAscii(*scheme);
  if (!IsCrawlableScheme(lower_scheme)) {
    return std::nullopt;
  }
  if (lower_scheme == "file" && !allow_file) {
    return std::nullopt;
  }
  // curl keeps a rootless file: path as written and prints "file:a" as "file://a", which reads
  // back as host "a"; WHATWG URL reads it as "file:///a". (Setting the path through curl would
  // lowercase its percent-escapes, so the slash is added to the text below.)
  bool rootless_file_path = false;
  if (lower_scheme == "file") {
    const auto path = GetPart(handle, CURLUPART_PATH, 0);
    rootless_file_path = path && (path->empty() || path->front() != '/');
  }

  if (auto host = GetPart(handle, CURLUPART_HOST, 0); host && !host->empty()) {
    // curl decodes "%7F" in a host to DEL but refuses DEL written as is, so such a URL would
    // not parse again; no real host holds a control character.
    if (std::any_of(host->begin(), host->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
      return std::nullopt;
    }
    *host = LowerAscii(*host);
    if (curl_url_set(handle, CURLUPART_HOST, host->c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
  } else if (IsHttpScheme(lower_scheme)) {
    return std::nullopt;
  }
  if (curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK) {
    return std::nullopt;
  }
  // The query is appended by hand: curl 7.88 lowercases percent-escapes when a query is set.
  std::string query;
  if (const auto raw_query = GetPart(handle, CURLUPART_QUERY, 0)) {
    query = FilterQuery(*raw_query);
    if (curl_url_set(handle, CURLUPART_QUERY, nullptr, 0) != CURLUE_OK) {
      return std::nullopt;
    }
  }
  auto url = GetPart(handle, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!url) {
    return std::nullopt;
  }
  if (rootless_file_path && url->rfind("file://", 0) == 0) {
    *url = "file:///" + url->substr(7);
  }
  if (!query.empty()) {
    url->append("?").append(query);
  }
  if (url->size() > kMaxUrlLength) {
    return std::nullopt;
  }
  return url;
}

}  // namespace

std::optional<std::string> NormalizeUrl(std::string_view absolute_url) {
  const std::string cleaned = CleanReference(absolute_url);
  const std::string_view ref = StripFragment(cleaned);
  const auto scheme = SchemeOf(ref);
  if (!scheme || !IsCrawlableScheme(*scheme)) {
    return std::nullopt;
  }
  const std::string encoded = EncodeReference(ref, IsHttpScheme(*scheme));
  if (encoded.size() > kMaxUrlLength) {
    return std::nullopt;
  }
  UrlHandle handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, encoded.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  return FinishNormalization(handle.get(), /*allow_file=*/true);
}

std::optional<std::string> ResolveUrl(std::string_view base, std::string_view reference) {
  const std::string cleaned = CleanReference(reference);
  if (cleaned.empty()) {
    return std::nullopt;
  }
  const std::string_view ref = StripFragment(cleaned);

  const std::string cleaned_base = CleanReference(base);
  const std::string_view base_ref = StripFragment(cleaned_base);
  const auto base_scheme = SchemeOf(base_ref);
  const bool base_is_file = base_scheme && *base_scheme == "file";

  UrlHandle handle(curl_url());
  if (!handle) {
    return std::nullopt;
  }
  if (const auto ref_scheme = SchemeOf(ref)) {
    if (!IsCrawlableScheme(*ref_scheme)) {
      return std::nullopt;
    }
    if (*ref_scheme == "file" && !base_is_file) {
      return std::nullopt;
    }
    const std::string encoded = EncodeReference(ref, IsHttpScheme(*ref_scheme));
    if (encoded.size() > kMaxUrlLength ||
        curl_url_set(handle.get(), CURLUPART_URL, encoded.c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
    return FinishNormalization(handle.get(), base_is_file);
  }

  if (!base_scheme || !IsCrawlableScheme(*base_scheme)) {
    return std::nullopt;
  }
  const std::string encoded_base = EncodeReference(base_ref, IsHttpScheme(*base_scheme));
  if (curl_url_set(handle.get(), CURLUPART_URL, encoded_base.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  // curl resolves an empty reference to the base's directory; RFC 3986 §5.2.2 says the base
  // itself, which is what a fragment-only href means.
  if (!ref.empty()) {
    const std::string encoded = EncodeReference(ref, IsHttpScheme(*base_scheme));
    if (encoded.size() > kMaxUrlLength ||
        curl_url_set(handle.get(), CURLUPART_URL, encoded.c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
  }
  return FinishNormalization(handle.get(), base_is_file);
}

namespace {

// RFC 3986 §5.2.4 on a path that starts with '/' or is a merged relative path.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  auto pop_segment = [&out] {
    const std::size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./") || in.starts_with("/./")) {
      in.remove_prefix(2);  // "/./" leaves its "/"
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../")) {
      in.remove_prefix(3);
      pop_segment();
    } else if (in == "/..") {
      in = "/";
      pop_segment();
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const std::size_t end = in.find('/', 1);
      const std::size_t length = end == std::string_view::npos ? in.size() : end;
      out.append(in.substr(0, length));
      in.remove_prefix(length);
    }
  }
  return out;
}

}  // namespace

UrlResolver::UrlResolver(std::string_view base) : base_(base) {
  const auto scheme = SchemeOf(base_);
  if (!scheme || !IsHttpScheme(*scheme) || base_.compare(scheme->size(), 3, "://") != 0) {
    return;
  }
  const auto normalized = NormalizeUrl(base_);
  if (!normalized || *normalized != base_) {
    return;
  }
  path_ = base_.find('/', scheme->size() + 3);
  if (path_ == std::string::npos) {
    return;
  }
  query_ = std::min(base_.find('?', path_), base_.size());
  fast_ = true;
}

std::optional<std::string> UrlResolver::Resolve(std::string_view reference) const {
  if (!fast_) {
    return ResolveUrl(base_, reference);
  }
  const std::string cleaned = CleanReference(reference);
  if (cleaned.empty()) {
    return std::nullopt;
  }
  const std::string_view ref = StripFragment(cleaned);
  if (ref.empty()) {
    return base_;  // ResolveUrl normalises the base itself, and base_ is its own normal form
  }
  if (SchemeOf(ref)) {
    return ResolveUrl(base_, reference);
  }
  // What ResolveUrl would hand to curl.
  const std::string encoded = EncodeReference(ref, /*http_like=*/true);
  if (encoded.size() > kMaxUrlLength) {
    return std::nullopt;
  }
  if (encoded.starts_with("//")) {
    return ResolveUrl(base_, reference);  // another authority
  }
  // curl consumes leading "./" and "../" before it joins the rest to the base directory; when
  // nothing, a '/' or a query follows them its result differs from RFC 3986 ("./?q" drops the
  // directory's trailing slash, ".//x" keeps an empty segment). Those rare forms go to curl.
  std::string_view rest = encoded;
  while (rest.starts_with("./") || rest.starts_with("../")) {
    rest.remove_prefix(rest.starts_with("./") ? 2 : 3);
  }
  if (rest.size() != encoded.size() &&
      (rest.empty() || rest.front() == '/' || rest.front() == '?')) {
    return ResolveUrl(base_, reference);
  }
  const std::string_view view = encoded;
  const std::size_t question = view.find('?');
  const std::string_view path = view.substr(0, question);
  std::string_view query;
  std::string url(base_, 0, path_);  // scheme://authority
  const std::string_view base_path = std::string_view(base_).substr(path_, query_ - path_);
  if (path.empty()) {
    // RFC 3986 §5.2.2: the base path, and the reference's query (it has one: `ref` is neither
    // empty nor a bare path).
    url.append(base_path);
  } else if (path.front() == '/') {
    url.append(RemoveDotSegments(path));
  } else {
    // §5.2.3 merge: the base path up to its last '/', then the reference's path.
    std::string merged(base_path.substr(0, base_path.rfind('/') + 1));
    merged.append(path);
    url.append(RemoveDotSegments(merged));
  }
  if (question != std::string_view::npos) {
    query = view.substr(question + 1);
  }
  const std::string filtered = FilterQuery(query);
  if (!filtered.empty()) {
    url.append("?").append(filtered);
  }
  if (url.size() > kMaxUrlLength) {
    return std::nullopt;
  }
  return url;
}

std::string HostKey(std::string_view normalized_url) {
  const std::string url(StripFragment(normalized_url));
  const auto scheme = SchemeOf(url);
  if (!scheme || !IsHttpScheme(*scheme)) {
    return "";
  }
  UrlHandle handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return "";
  }
  auto host = GetPart(handle.get(), CURLUPART_HOST, 0);
  if (!host) {
    return "";
  }
  *host = LowerAscii(*host);
  if (const auto port = GetPart(handle.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) {
    host->push_back(':');
    host->append(*port);
  }
  return *host;
}

bool HasNonHtmlExtension(std::string_view normalized_url) {
  static constexpr std::string_view kNonHtml[] = {
      // images
      "apng", "avif", "bmp", "gif", "heic", "ico", "jpe", "jpeg", "jpg", "png", "svg", "svgz",
      "tif", "tiff", "webp",
      // styles, scripts, data
      "css", "js", "mjs", "map", "json", "csv", "txt", "xml", "rss", "atom", "rdf", "ics", "vcf",
      // fonts
      "eot", "otf", "ttf", "woff", "woff2",
      // audio and video
      "3gp", "aac", "avi", "flac", "flv", "m3u8", "m4a", "m4v", "mkv", "mov", "mp3", "mp4", "mpeg",
      "mpg", "ogg", "ogv", "wav", "webm", "wmv",
      // archives and binaries
      "7z", "apk", "bin", "bz2", "deb", "dmg", "exe", "gz", "iso", "msi", "rar", "rpm", "swf",
      "tar", "tgz", "xz", "zip",
      // documents
      "doc", "docx", "epub", "odp", "ods", "odt", "pdf", "ppt", "pptx", "rtf", "xls", "xlsx"};

  std::string_view rest = normalized_url;
  if (const std::size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    rest.remove_prefix(scheme_end + 3);
    const std::size_t path_start = rest.find('/');
    if (path_start == std::string_view::npos) {
      return false;
    }
    rest.remove_prefix(path_start);
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  rest = rest.substr(rest.rfind('/') == std::string_view::npos ? 0 : rest.rfind('/') + 1);
  rest = rest.substr(0, rest.find(';'));
  const std::size_t dot = rest.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == rest.size()) {
    return false;
  }
  const std::string extension = LowerAscii(rest.substr(dot + 1));
  return std::find(std::begin(kNonHtml), std::end(kNonHtml), extension) != std::end(kNonHtml);
}

}  // namespace pricecrawl::crawler
