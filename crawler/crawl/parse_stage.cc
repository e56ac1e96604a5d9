#include "crawler/crawl/parse_stage.h"

#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "crawler/extract/product_extractor.h"
#include "crawler/fetch/url.h"
#include "crawler/html/charset.h"
#include "crawler/html/html.h"
#include "crawler/html/page_links.h"
#include "crawler/politeness/retry_after.h"

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

// "scheme://authority" of an absolute URL: everything HostKey reads. "" without "://".
std::string_view OriginOf(std::string_view url) {
  const std::size_t separator = url.find("://");
  if (separator == std::string_view::npos) {
    return {};
  }
  return url.substr(0, url.find_first_of("/?#", separator + 3));
}

// The links of a page the crawl may follow: in scope, within max_depth, each once.
std::vector<DiscoveredLink> FollowableLinks(std::vector<std::string> links, int link_depth,
                                            const config::Config& config, const Scope& scope) {
  std::vector<DiscoveredLink> followable;
  std::unordered_set<std::string> seen;
  // HostKey depends only on "scheme://authority", which most links share with the page.
  std::string last_origin;
  std::string last_host;
  for (std::string& link : links) {
    const std::string_view origin = OriginOf(link);
    if (origin.empty() || origin != last_origin) {
      last_origin = origin;
      last_host = HostKey(link);
    }
    std::string host = last_host;
    const config::HostPolicy& link_policy = config.PolicyFor(host);
    if (link_depth > link_policy.max_depth || !scope.Allows(link, host) ||
        !seen.insert(link).second) {
      continue;
    }
    followable.push_back(DiscoveredLink{std::move(link), std::move(host), link_depth});
  }
  return followable;
}

}  // namespace

RobotsResult ReadRobots(const FetchResult& result, std::string_view user_agent) {
  RobotsResult robots;
  robots.http_status = result.http_status;
  // A file over the size cap still yields its first kMaxRobotsBytes (RFC 9309 §2.5).
  const bool transport_ok = result.curl_code == 0 || result.body_too_large;
  const long status = result.http_status;
  if (transport_ok && status >= 200 && status < 300) {
    robots.available = true;
    robots.body = result.body.substr(0, kMaxRobotsBytes);
    robots.policy =
        std::make_shared<const RobotsPolicy>(RobotsPolicy::Parse(robots.body, user_agent));
  } else if (result.curl_code == 0 && status >= 400 && status < 500 && status != 429) {
    robots.available = true;  // "unavailable": everything is allowed (§2.3.1.3)
    robots.policy = std::make_shared<const RobotsPolicy>(RobotsPolicy::AllowAll());
  } else {
    robots.error =
        result.curl_code != 0 ? result.error : "robots.txt answered HTTP " + std::to_string(status);
  }
  return robots;
}

ParsedPage ParsePage(FetchResult result, const ParseContext& context) {
  ParsedPage page;
  const config::Config& config = *context.config;
  if (result.request.kind == FetchKind::kRobots) {
    page.robots = ReadRobots(result, config.user_agent);
    result.body.clear();
    page.fetch = std::move(result);
    return page;
  }
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
    const HtmlDocument document(DecodeToUtf8(std::move(result.body), result.content_type).text);
    PageLinks links = ExtractPageLinks(document, page.final_url);
    page.title = std::move(links.title);
    page.canonical_url = std::move(links.canonical_url);
    ExtractOptions extract_options;
    extract_options.selectors = config.SelectorsFor(result.request.host);
    extract_options.page_url = page.final_url;
    extract_options.sku = result.request.sku;
    extract_options.stock_text.in_stock = policy.in_stock_text;
    extract_options.stock_text.out_of_stock = policy.out_of_stock_text;
    ProductData product = ExtractProduct(document, extract_options);
    if (context.keep_candidates) {
      page.product = std::move(product);
    } else if (product.is_product && product.price) {
      product.candidates.clear();  // only the extract command shows them
      page.product = std::move(product);
    } else {
      page.no_price_reason = std::move(product.reason);
    }
    if (!links.nofollow && context.scope != nullptr) {
      page.links =
          FollowableLinks(std::move(links.links), result.request.depth + 1, config, *context.scope);
    }
  }
  result.body.clear();
  result.body.shrink_to_fit();
  page.fetch = std::move(result);
  return page;
}

}  // namespace pricecrawl::crawler
