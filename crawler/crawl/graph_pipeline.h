#pragma once
// The real CrawlPipeline: the TBB flow graph of crawl/pipeline.h fed with requests, the curl
// Fetcher that runs their transfers, and the queue on which stored pages come back to the
// scheduling thread.

#include <vector>

#include "crawler/base/clock.h"
#include "crawler/crawl/crawl_pipeline.h"
#include "crawler/crawl/crawl_store.h"
#include "crawler/crawl/parse_stage.h"
#include "crawler/crawl/pipeline.h"
#include "crawler/crawl/stored_queue.h"
#include "crawler/fetch/fetcher.h"

namespace pricecrawl::crawler {

class GraphPipeline final : public CrawlPipeline {
 public:
  // Builds the graph at once. Every reference must outlive this object; `clock` is the one the
  // loop passes deadlines on.
  GraphPipeline(Fetcher& fetcher, const ParseContext& parse_context, CrawlStore& store,
                int max_in_flight, const Clock& clock);

  void Submit(FetchRequest request) override;
  bool Failed() const override;
  void AbortAll() override;
  std::vector<StoredPage> TakeStored() override;
  void WaitForStored(Clock::TimePoint until) override;

  // After the loop: waits until everything submitted was stored (or dropped after a failure),
  // then stops the fetcher. Rethrows the first exception a node body threw (a storage
  // failure) before stopping it; the Fetcher's destructor stops it then.
  void Finish();

 private:
  Fetcher& fetcher_;
  const Clock& clock_;
  StoredQueue stored_;  // before pipeline_: the store node pushes into it until the graph ends
  Pipeline pipeline_;
};

}  // namespace pricecrawl::crawler
