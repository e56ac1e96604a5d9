#include "crawler/crawl/graph_pipeline.h"

#include <chrono>
#include <utility>

namespace pricecrawl::crawler {

GraphPipeline::GraphPipeline(Fetcher& fetcher, const ParseContext& parse_context, CrawlStore& store,
                             int max_in_flight, const Clock& clock)
    : fetcher_(fetcher),
      clock_(clock),
      pipeline_(fetcher, parse_context, store, max_in_flight,
                [this](const StoredPage& page) { stored_.Push(page); }) {}

void GraphPipeline::Submit(FetchRequest request) {
  pipeline_.Submit(request);
}

bool GraphPipeline::Failed() const {
  return pipeline_.Failed();
}

void GraphPipeline::AbortAll() {
  fetcher_.AbortAll();
}

std::vector<StoredPage> GraphPipeline::TakeStored() {
  return stored_.TakeAll();
}

void GraphPipeline::WaitForStored(Clock::TimePoint until) {
  // The condition variable waits on the steady clock; `until` is on the loop's Clock.
  stored_.WaitUntil(std::chrono::steady_clock::now() + (until - clock_.Now()));
}

void GraphPipeline::Finish() {
  pipeline_.WaitForAll();  // rethrows a storage failure
  fetcher_.Stop();
}

}  // namespace pricecrawl::crawler
