#pragma once
// The fetch → parse → store flow graph (DESIGN.md "Shape", STYLE.md §5): a backlog queue, a
// limiter bounding the work between it and the end of the store body, the fetcher behind an
// async_node, Gumbo parsing on TBB workers, and one serial store node. Wiring only: each node
// body is one call into its module.

#include <exception>
#include <functional>
#include <memory>
#include <mutex>

#include "crawler/crawl/crawl_store.h"
#include "crawler/crawl/parse_stage.h"
#include "crawler/fetch/fetch_types.h"
#include "crawler/fetch/fetcher.h"

namespace pricecrawl::crawler {

class Pipeline {
 public:
  // Called by the store node after each page is stored (on a TBB worker).
  using StoredCallback = std::function<void(const StoredPage&)>;

  // Every reference must outlive the pipeline. `max_in_flight` bounds pages between the
  // backlog and the end of the store body.
  Pipeline(Fetcher& fetcher, const ParseContext& parse_context, CrawlStore& store,
           int max_in_flight, StoredCallback on_stored);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Hands one request to the graph; returns at once.
  void Submit(const FetchRequest& request);
  // Waits until everything submitted has been stored (or dropped after a failure), then
  // rethrows the first exception a node body threw (a storage failure), if any.
  void WaitForAll();
  // True once a node body failed; the caller stops feeding and aborts the fetcher.
  bool Failed() const;

 private:
  struct Graph;
  struct Arena;
  std::unique_ptr<Arena> arena_;  // outlives graph_: the graph runs in it
  std::unique_ptr<Graph> graph_;
};

}  // namespace pricecrawl::crawler
