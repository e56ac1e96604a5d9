#include "crawler/politeness/fetch_outcome.h"

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

using storage::UrlState;

FetchResult Result(long status, int curl_code = 0, int attempt = 0) {
  FetchResult result;
  result.request.attempt = attempt;
  result.http_status = status;
  result.curl_code = curl_code;
  result.content_type = "text/html; charset=utf-8";
  result.body = "<html></html>";
  if (curl_code != 0) {
    result.error = "timed out after 30s";
  }
  return result;
}

FetchVerdict Judge(const FetchResult& result,
                   std::optional<std::chrono::seconds> retry_after = {}) {
  std::mt19937_64 jitter(7);
  return JudgeFetch(result, RetryPolicy{}, retry_after, jitter);
}

TEST(FetchOutcomeTest, HtmlPageIsDoneAndDueAfterTheRecrawlInterval) {
  const FetchVerdict verdict = Judge(Result(200));
  EXPECT_EQ(verdict.state, UrlState::kDone);
  EXPECT_TRUE(verdict.is_html);
  EXPECT_EQ(verdict.due_in, std::chrono::milliseconds(std::chrono::hours(6)));
}

TEST(FetchOutcomeTest, NonHtmlIsSkippedWithTheReason) {
  FetchResult result = Result(200);
  result.content_type = "image/png";
  const FetchVerdict verdict = Judge(result);
  EXPECT_EQ(verdict.state, UrlState::kSkipped);
  EXPECT_EQ(verdict.error, "not HTML (image/png)");
}

TEST(FetchOutcomeTest, FileWithoutContentTypeIsSniffed) {
  FetchResult result = Result(0);
  result.content_type.clear();
  result.body = "\xEF\xBB\xBF  <!doctype html><p>x";
  EXPECT_TRUE(Judge(result).is_html);
  result.body = "%PDF-1.4";
  EXPECT_EQ(Judge(result).state, UrlState::kSkipped);
}

TEST(FetchOutcomeTest, NotFoundIsFinal) {
  const FetchVerdict verdict = Judge(Result(404));
  EXPECT_EQ(verdict.state, UrlState::kFailed);
  EXPECT_EQ(verdict.error, "HTTP 404 Not Found");
  EXPECT_FALSE(verdict.spend_attempt);
}

TEST(FetchOutcomeTest, ServerErrorIsRetriedWithBackoffThenGivenUp) {
  FetchVerdict verdict = Judge(Result(503, 0, 0));
  EXPECT_EQ(verdict.state, UrlState::kQueued);
  EXPECT_TRUE(verdict.spend_attempt);
  ASSERT_TRUE(verdict.due_in.has_value());
  EXPECT_GE(*verdict.due_in, std::chrono::milliseconds(500));
  EXPECT_LE(*verdict.due_in, std::chrono::milliseconds(1000));
  EXPECT_EQ(verdict.host_pause, verdict.due_in);  // without Retry-After the whole host backs off
  verdict = Judge(Result(503, 0, 3));
  EXPECT_EQ(verdict.state, UrlState::kFailed);
  EXPECT_EQ(verdict.error, "HTTP 503 Service Unavailable (gave up after 4 attempts)");
}

TEST(FetchOutcomeTest, RetryAfterPausesTheHostAndDelaysTheRetry) {
  const FetchVerdict verdict = Judge(Result(429), std::chrono::seconds(120));
  EXPECT_EQ(verdict.state, UrlState::kQueued);
  EXPECT_EQ(verdict.host_pause, std::chrono::milliseconds(120'000));
  EXPECT_GE(*verdict.due_in, std::chrono::milliseconds(120'000));
}

TEST(FetchOutcomeTest, TimeoutIsRetried) {
  const FetchVerdict verdict = Judge(Result(0, 28));
  EXPECT_EQ(verdict.state, UrlState::kQueued);
  EXPECT_EQ(verdict.error, "timed out after 30s (will retry, attempt 1 of 3)");
}

TEST(FetchOutcomeTest, OversizedBodyIsFinal) {
  FetchResult result = Result(200, 23);
  result.body_too_large = true;
  result.error = "body larger than max_body (100 bytes)";
  const FetchVerdict verdict = Judge(result);
  EXPECT_EQ(verdict.state, UrlState::kFailed);
  EXPECT_EQ(verdict.error, "body larger than max_body (100 bytes)");
}

TEST(FetchOutcomeTest, AbortedTransferGoesBackToTheQueueUncounted) {
  FetchResult result = Result(0, 42);
  result.aborted = true;
  const FetchVerdict verdict = Judge(result);
  EXPECT_EQ(verdict.state, UrlState::kQueued);
  EXPECT_FALSE(verdict.counts_as_page);
  EXPECT_FALSE(verdict.spend_attempt);
  EXPECT_FALSE(verdict.due_in.has_value());
}

TEST(FetchOutcomeTest, NotModifiedIsDone) {
  const FetchVerdict verdict = Judge(Result(304));
  EXPECT_EQ(verdict.state, UrlState::kDone);
  EXPECT_FALSE(verdict.is_html);
}

}  // namespace
}  // namespace pricecrawl::crawler
