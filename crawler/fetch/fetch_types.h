#pragma once
// What the scheduler asks the fetcher for and what comes back. Plain values: every failure of
// a single URL (DNS, connect, timeout, HTTP error, oversized body) is a FetchResult with an
// error, never an exception (STYLE.md 4.6, tier 1).

#include <chrono>
#include <cstdint>
#include <string>

namespace pricecrawl::crawler {

enum class FetchKind {
  kPage,    // a URL of the frontier
  kRobots,  // a host's /robots.txt (url_id is 0)
};

struct FetchRequest {
  FetchKind kind = FetchKind::kPage;
  std::int64_t url_id = 0;  // urls.id of the row this request checks out
  std::string url;          // normalised absolute URL (http, https or file)
  std::string host;         // urls.host; the politeness key
  int depth = 0;
  int attempt = 0;  // retries already spent on this URL (urls.attempts)
  std::string user_agent;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  std::uint64_t max_body = std::uint64_t{10} * 1024 * 1024;  // bytes; enforced while downloading
  int max_redirects = 10;
  std::string if_none_match;      // stored ETag, sent on recrawl (empty: not sent)
  std::string if_modified_since;  // stored Last-Modified (empty: not sent)
  std::string sku;                // the seed line's sku= (the variant to extract), "" for none
};

struct FetchResult {
  FetchRequest request;
  int curl_code = 0;          // CURLcode; 0 = the transfer completed
  long http_status = 0;       // 0 when no response arrived; file:// success reports 0
  std::string effective_url;  // after redirects
  std::string content_type;   // Content-Type header, as sent
  std::string body;           // at most request.max_body bytes
  std::string error;          // readable reason when the fetch failed, else empty
  std::string retry_after;    // Retry-After header, as sent
  std::string etag;
  std::string last_modified;
  int redirect_count = 0;
  double total_seconds = 0.0;
  bool body_too_large = false;  // aborted at max_body
  bool aborted = false;         // ended by Fetcher::AbortAll/Stop before completing

  // True when a body arrived that is worth parsing: the transfer completed without error and
  // the status is 2xx (or 0, which is what a file:// read reports). The fetcher leaves `error`
  // empty for HTTP error statuses; classifying those is the caller's business.
  bool Succeeded() const {
    return error.empty() && curl_code == 0 &&
           (http_status == 0 || (http_status >= 200 && http_status < 300));
  }
};

}  // namespace pricecrawl::crawler
