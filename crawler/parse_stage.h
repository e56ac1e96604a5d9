#pragma once
// The parse stage of the pipeline: turns one fetched page into what the store needs, judging
// the fetch, parsing HTML with Gumbo and keeping the links the crawl may follow. Runs on TBB
// workers in parallel; everything it reads is immutable.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/fetch_outcome.h"
#include "crawler/fetch_types.h"
#include "crawler/scope.h"

namespace pricecrawl::crawler {

struct DiscoveredLink {
  std::string url;   // normalised
  std::string host;  // HostKey(url)
  int depth = 0;
};

// One fetched page, judged and parsed. The body is dropped once parsed.
struct ParsedPage {
  FetchResult fetch;
  FetchVerdict verdict;
  std::string final_url;               // normalised effective URL after redirects
  std::string title;
  std::string canonical_url;
  std::vector<DiscoveredLink> links;   // in scope and within max_depth, deduplicated
};

// What the parse stage needs to know; shared read-only by every worker.
struct ParseContext {
  const config::Config* config = nullptr;  // not owned
  const Scope* scope = nullptr;            // not owned
};

// Judges and parses one fetch result. Never throws on page content.
ParsedPage ParsePage(FetchResult result, const ParseContext& context);

}  // namespace pricecrawl::crawler
