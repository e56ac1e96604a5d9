#pragma once
// What storing one page changed, as the store node reports it to the scheduling loop: counts,
// new hosts, a pause or a retry for the host, a robots.txt result. Plain data: the loop reads
// it without knowing which database the store writes to.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "crawler/crawl/parse_stage.h"

namespace pricecrawl::crawler {

// What storing one page changed, for the scheduler.
struct StoredPage {
  std::string url;      // the URL asked for
  std::string outcome;  // PageOutcome(): status and price or why not, for the -v log
  std::string host;
  long http_status = 0;
  std::optional<RobotsResult> robots;  // a robots.txt fetch
  bool counted_page = false;
  bool counted_error = false;
  int new_urls = 0;  // links that were new to the frontier
  std::vector<std::string> hosts_with_new_urls;
  std::optional<std::chrono::milliseconds> host_pause;  // Retry-After on 429/503
  std::optional<std::chrono::milliseconds> retry_in;    // the URL was queued again for a retry
};

}  // namespace pricecrawl::crawler
