#pragma once
// One blocking HTTP transfer for the places that need a single answer rather than the crawl's
// event loop: `pricecrawl extract URL` and the alerts webhook. GET or POST, http and https only,
// with a body cap enforced while downloading (libcurl 7.88 ignores CURLOPT_MAXFILESIZE for bodies
// of unknown length), a timeout, and a redirect policy. Every curl option is checked; every
// failure comes back as a value, never an exception. Callers never see curl's types.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pricecrawl::crawler {

enum class HttpMethod {
  kGet,
  kPost,  // sends HttpRequest::body
};

// What to do with the bytes of a body beyond HttpRequest::max_body.
enum class OverMaxBody {
  kFail,     // end the transfer with an error ("body larger than max_body (N bytes)")
  kDiscard,  // keep the first max_body bytes, read and drop the rest; the transfer completes
};

struct HttpRequest {
  std::string url;  // absolute http:// or https:// URL
  HttpMethod method = HttpMethod::kGet;
  std::string body;                           // sent for kPost, as is
  std::vector<std::string> headers;           // "Name: value" lines, added to curl's defaults
  std::string user_agent;                     // "" = no User-Agent header
  std::chrono::milliseconds timeout{30'000};  // the whole transfer
  std::chrono::milliseconds connect_timeout{10'000};         // up to the connection
  std::uint64_t max_body = std::uint64_t{10} * 1024 * 1024;  // bytes of decoded body
  OverMaxBody over_max_body = OverMaxBody::kFail;
  bool accept_encoding = false;   // ask for every encoding curl can decode (gzip, br, zstd, ...)
  bool follow_redirects = false;  // follow 3xx Location, to http and https targets only
  int max_redirects = 10;         // with follow_redirects; more is an error
};

struct HttpResult {
  int curl_code = 0;            // CURLcode; 0 = the transfer completed (whatever the status)
  long status = 0;              // HTTP status of the last response; 0 when none arrived
  std::string body;             // at most max_body bytes
  std::string effective_url;    // the URL of the last response (after redirects)
  std::string content_type;     // Content-Type of the last response, "" when absent
  std::string error;            // readable reason when curl_code != 0, else ""
  bool body_too_large = false;  // the body went past max_body (kFail: the transfer failed)

  // True when a response arrived in full (any status).
  bool Completed() const { return curl_code == 0; }
};

// Performs `request` on the calling thread and returns when it is done, failed or timed out.
// Needs a live CurlGlobal. Thread-safe (each call has its own handle). Never throws on network
// or server behaviour; a curl option that cannot be set fails the transfer with
// "could not set CURLOPT_<NAME>: <reason>".
HttpResult HttpTransfer(const HttpRequest& request);

}  // namespace pricecrawl::crawler
