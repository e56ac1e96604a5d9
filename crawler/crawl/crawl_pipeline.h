#pragma once
// The fetch → parse → store pipeline as the scheduling loop sees it: hand it requests, collect
// what it stored, sleep until something is stored, and stop it. GraphPipeline implements it
// over the TBB flow graph and the curl fetcher; tests implement it with a fake that completes
// transfers on a fake clock.
//
// Called from the scheduling thread only.

#include <vector>

#include "crawler/base/clock.h"
#include "crawler/crawl/stored_page.h"
#include "crawler/fetch/fetch_types.h"

namespace pricecrawl::crawler {

class CrawlPipeline {
 public:
  virtual ~CrawlPipeline() = default;
  CrawlPipeline(const CrawlPipeline&) = delete;
  CrawlPipeline& operator=(const CrawlPipeline&) = delete;

  // Hands one request to the pipeline; returns at once. Every request ends as one StoredPage
  // unless the pipeline failed.
  virtual void Submit(FetchRequest request) = 0;
  // True once storing failed; the loop stops feeding and aborts.
  virtual bool Failed() const = 0;
  // Ends every transfer in flight at once; they come back as aborted results.
  virtual void AbortAll() = 0;
  // The pages stored since the last call, in the order they were stored.
  virtual std::vector<StoredPage> TakeStored() = 0;
  // Returns when a page was stored or the loop's clock reaches `until`, whichever is first.
  virtual void WaitForStored(Clock::TimePoint until) = 0;

 protected:
  CrawlPipeline() = default;
};

}  // namespace pricecrawl::crawler
