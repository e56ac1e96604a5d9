#pragma once
// The parse stage of the pipeline: turns one fetched page into what the store needs, judging
// the fetch, parsing HTML with Gumbo and keeping the links the crawl may follow. Runs on TBB
// workers in parallel; everything it reads is immutable.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/crawl/scope.h"
#include "crawler/fetch/fetch_types.h"
#include "crawler/politeness/fetch_outcome.h"
#include "crawler/politeness/robots.h"
#include "crawler/price/product.h"

namespace pricecrawl::crawler {

struct DiscoveredLink {
  std::string url;   // normalised
  std::string host;  // HostKey(url)
  int depth = 0;
};

// A fetched robots.txt, read per RFC 9309 §2.3.1: 2xx parsed, 4xx allows everything, 5xx and
// network errors leave it unavailable (the host waits and tries again).
struct RobotsResult {
  bool available = false;
  std::shared_ptr<const RobotsPolicy> policy;  // set when available
  long http_status = 0;
  std::string body;   // 2xx: the file (at most kMaxRobotsBytes), cached in the hosts table
  std::string error;  // why it is unavailable
};

// Reads a robots.txt fetch result for `user_agent`.
RobotsResult ReadRobots(const FetchResult& result, std::string_view user_agent);

// One fetched page, judged and parsed. The body is dropped once parsed.
struct ParsedPage {
  std::optional<RobotsResult> robots;  // set for FetchKind::kRobots requests
  FetchResult fetch;
  FetchVerdict verdict;
  std::string final_url;  // normalised effective URL after redirects
  std::string title;
  std::string canonical_url;
  std::vector<DiscoveredLink> links;   // in scope and within max_depth, deduplicated
  std::optional<ProductData> product;  // when the page is a product page with a price
  // An HTML page without `product`: why the extractor found no price ("no price found", "a
  // listing page ...", "no offer with sku=..."), for the crawl's -v log.
  std::string no_price_reason;
};

// What the parse stage needs to know; shared read-only by every worker.
struct ParseContext {
  const config::Config* config = nullptr;  // not owned; must not be null
  const Scope* scope = nullptr;            // not owned; null: no links are kept
  // For the extract command, which shows how the crawl judged a page: `product` is then set for
  // every HTML page, product page or not, and keeps every price candidate. The crawl leaves it
  // false and gets `product` only for a product page with a price, without candidates.
  bool keep_candidates = false;
};

// Judges and parses one fetch result. Per-site selectors are those of result.request.host, the
// host that was asked for (also after a redirect); final_url is the base of the page's links.
// Never throws on page content.
ParsedPage ParsePage(FetchResult result, const ParseContext& context);

}  // namespace pricecrawl::crawler
