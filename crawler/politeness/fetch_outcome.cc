#include "crawler/politeness/fetch_outcome.h"

#include <algorithm>
#include <string_view>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

// libcurl result codes that mean "try again later" (values from curl.h, stable ABI).
bool IsTransientCurlError(int code) {
  switch (code) {
    case 6:   // CURLE_COULDNT_RESOLVE_HOST
    case 7:   // CURLE_COULDNT_CONNECT
    case 16:  // CURLE_HTTP2
    case 18:  // CURLE_PARTIAL_FILE
    case 28:  // CURLE_OPERATION_TIMEDOUT
    case 35:  // CURLE_SSL_CONNECT_ERROR
    case 52:  // CURLE_GOT_NOTHING
    case 55:  // CURLE_SEND_ERROR
    case 56:  // CURLE_RECV_ERROR
    case 92:  // CURLE_HTTP2_STREAM
      return true;
    default:
      return false;
  }
}

bool IsRetryableStatus(long status) {
  return status == 408 || status == 429 || status >= 500;
}

std::string StatusText(long status) {
  switch (status) {
    case 400:
      return "HTTP 400 Bad Request";
    case 401:
      return "HTTP 401 Unauthorized";
    case 403:
      return "HTTP 403 Forbidden";
    case 404:
      return "HTTP 404 Not Found";
    case 408:
      return "HTTP 408 Request Timeout";
    case 410:
      return "HTTP 410 Gone";
    case 429:
      return "HTTP 429 Too Many Requests";
    case 500:
      return "HTTP 500 Internal Server Error";
    case 502:
      return "HTTP 502 Bad Gateway";
    case 503:
      return "HTTP 503 Service Unavailable";
    case 504:
      return "HTTP 504 Gateway Timeout";
    default:
      return "HTTP " + std::to_string(status);
  }
}

milliseconds Backoff(const RetryPolicy& policy, int attempt, std::mt19937_64& jitter) {
  // Exponential with "equal jitter": half fixed, half random, so retries of many URLs spread.
  const int shift = std::clamp(attempt, 0, 20);
  const milliseconds full =
      std::min<milliseconds>(policy.max_backoff, policy.base_backoff * (1LL << shift));
  const auto half = full.count() / 2;
  std::uniform_int_distribution<long long> dist(0, std::max<long long>(half, 0));
  return milliseconds(half + dist(jitter));
}

}  // namespace

bool LooksLikeHtml(const std::string& content_type, const std::string& body) {
  if (!content_type.empty()) {
    return LowerAscii(content_type).find("html") != std::string::npos;
  }
  std::string_view view(body);
  if (view.substr(0, 3) == "\xEF\xBB\xBF") {
    view.remove_prefix(3);
  }
  const auto first = view.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && view[first] == '<';
}

FetchVerdict JudgeFetch(const FetchResult& result, const RetryPolicy& policy,
                        std::optional<std::chrono::seconds> retry_after, std::mt19937_64& jitter) {
  FetchVerdict verdict;
  if (result.aborted) {
    // Stopped by us: the URL goes back to the queue untouched and is fetched next run.
    verdict.state = storage::UrlState::kQueued;
    verdict.counts_as_page = false;
    return verdict;
  }
  const long status = result.http_status;
  const bool transport_ok = result.curl_code == 0 && result.error.empty();
  if (transport_ok && (status == 0 || (status >= 200 && status < 300))) {
    verdict.reset_attempts = true;
    verdict.due_in = policy.recrawl_after;
    if (LooksLikeHtml(result.content_type, result.body)) {
      verdict.state = storage::UrlState::kDone;
      verdict.is_html = true;
    } else {
      verdict.state = storage::UrlState::kSkipped;
      verdict.error =
          "not HTML (" +
          (result.content_type.empty() ? std::string("no content type") : result.content_type) +
          ")";
    }
    return verdict;
  }
  if (transport_ok && status == 304) {
    verdict.state = storage::UrlState::kDone;  // unchanged since the last fetch
    verdict.reset_attempts = true;
    verdict.due_in = policy.recrawl_after;
    return verdict;
  }
  verdict.counts_as_error = true;
  bool retryable = false;
  if (transport_ok) {
    verdict.error = StatusText(status);
    if (status >= 300 && status < 400) {
      verdict.error += " without a usable Location";
    }
    retryable = IsRetryableStatus(status);
  } else {
    verdict.error = result.error.empty()
                        ? "fetch failed (curl error " + std::to_string(result.curl_code) + ")"
                        : result.error;
    retryable = !result.body_too_large && IsTransientCurlError(result.curl_code);
  }
  if (retry_after && (status == 429 || status == 503)) {
    verdict.host_pause = std::chrono::duration_cast<milliseconds>(*retry_after);
  }
  if (retryable && result.request.attempt < policy.max_retries) {
    verdict.state = storage::UrlState::kQueued;
    verdict.spend_attempt = true;
    milliseconds wait = Backoff(policy, result.request.attempt, jitter);
    if (retry_after) {
      wait = std::max(wait, std::chrono::duration_cast<milliseconds>(*retry_after));
    }
    verdict.due_in = wait;
    if ((status == 429 || status == 503) && !verdict.host_pause) {
      verdict.host_pause = wait;  // the host says it is overloaded: all of it waits
    }
    verdict.error += " (will retry, attempt " + std::to_string(result.request.attempt + 1) +
                     " of " + std::to_string(policy.max_retries) + ")";
    return verdict;
  }
  verdict.state = storage::UrlState::kFailed;
  verdict.spend_attempt = retryable;
  if (retryable && policy.max_retries > 0) {
    verdict.error += " (gave up after " + std::to_string(result.request.attempt + 1) + " attempts)";
  }
  verdict.due_in = policy.recrawl_after;
  return verdict;
}

}  // namespace pricecrawl::crawler
