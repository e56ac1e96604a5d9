#pragma once
// What a finished fetch means for its URL: done, skipped (not HTML), failed for good, or
// queued again after a back-off (5xx, 408, 429, timeouts, resets), with Retry-After honoured
// and the retry count kept on the URL so retries carry across runs. Pure: time is passed in.

#include <chrono>
#include <optional>
#include <random>
#include <string>

#include "crawler/fetch/fetch_types.h"
#include "storage/frontier_types.h"

namespace pricecrawl::crawler {

struct RetryPolicy {
  int max_retries = 3;
  std::chrono::milliseconds base_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(10)};
  std::chrono::milliseconds recrawl_after{std::chrono::hours(6)};
};

struct FetchVerdict {
  storage::UrlState state = storage::UrlState::kDone;
  std::string error;             // readable, "" on success
  bool spend_attempt = false;    // a retryable failure
  bool reset_attempts = false;   // success clears the retry count
  bool is_html = false;          // a body worth parsing
  bool counts_as_error = false;  // for runs.errors
  bool counts_as_page = true;    // for runs.pages_fetched (false when aborted)
  // When the URL is due again, relative to now (retry back-off or recrawl interval).
  std::optional<std::chrono::milliseconds> due_in;
  // How long the whole host should pause (429/503 with Retry-After), if at all.
  std::optional<std::chrono::milliseconds> host_pause;
};

// `retry_after`: the parsed Retry-After header, if any. `jitter` supplies back-off jitter.
FetchVerdict JudgeFetch(const FetchResult& result, const RetryPolicy& policy,
                        std::optional<std::chrono::seconds> retry_after, std::mt19937_64& jitter);

// True when the content type (or, without one, the body's first bytes) says HTML.
bool LooksLikeHtml(const std::string& content_type, const std::string& body);

}  // namespace pricecrawl::crawler
