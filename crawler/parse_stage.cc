#include "crawler/parse_stage.h"

#include <random>
#include <unordered_set>
#include <utility>

#include "crawler/html.h"
#include "crawler/page_links.h"
#include "crawler/retry_after.h"
#include "crawler/url.h"

namespace pricecrawl::crawler {
namespace {

RetryPolicy RetryPolicyFor(const config::HostPolicy& policy) {
  RetryPolicy retry;
  retry.max_retries = policy.max_retries;
  retry.recrawl_after = policy.recrawl_after;
  return retry;
}

std::mt19937_64& ThreadJitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

ParsedPage ParsePage(FetchResult result, const ParseContext& context) {
  ParsedPage page;
  const config::Config& config = *context.config;
  const config::HostPolicy& policy = config.PolicyFor(result.request.host);
  std::optional<std::chrono::seconds> retry_after;
  if (!result.retry_after.empty()) {
    retry_after = ParseRetryAfter(result.retry_after, std::chrono::system_clock::now());
  }
  page.verdict = JudgeFetch(result, RetryPolicyFor(policy), retry_after, ThreadJitter());
  page.final_url = result.request.url;
  if (!result.effective_url.empty()) {
    if (auto normalized = NormalizeUrl(result.effective_url)) {
      page.final_url = *normalized;
    }
  }
  if (page.verdict.is_html) {
    const HtmlDocument document(std::move(result.body));
    PageLinks links = ExtractPageLinks(document, page.final_url);
    page.title = std::move(links.title);
    page.canonical_url = std::move(links.canonical_url);
    const int link_depth = result.request.depth + 1;
    if (!links.nofollow) {
      std::unordered_set<std::string> seen;
      for (std::string& link : links.links) {
        std::string host = HostKey(link);
        const config::HostPolicy& link_policy = config.PolicyFor(host);
        if (link_depth > link_policy.max_depth || !context.scope->Allows(link, host) ||
            !seen.insert(link).second) {
          continue;
        }
        page.links.push_back(DiscoveredLink{std::move(link), std::move(host), link_depth});
      }
    }
  }
  result.body.clear();
  result.body.shrink_to_fit();
  page.fetch = std::move(result);
  return page;
}

}  // namespace pricecrawl::crawler
