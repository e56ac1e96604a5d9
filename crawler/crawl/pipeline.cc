#include "crawler/crawl/pipeline.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

namespace pricecrawl::crawler {

namespace flow = tbb::flow;
using FetchNode = flow::async_node<FetchRequest, FetchResult>;

struct Pipeline::Graph {
  Graph(Fetcher& fetcher, const ParseContext& parse_context, CrawlStore& store, int max_in_flight,
        StoredCallback on_stored)
      : graph(context),
        backlog(graph),
        gate(graph, static_cast<std::size_t>(max_in_flight)),
        fetch(graph, flow::unlimited,
              [&fetcher](const FetchRequest& request, FetchNode::gateway_type& gateway) noexcept {
                // Reserve before returning so wait_for_all() cannot see an idle graph while
                // the transfer runs in the fetcher's loop (STYLE.md §5.2).
                gateway.reserve_wait();
                fetcher.Submit(request, [&gateway](const FetchResult& result) {
                  gateway.try_put(result);
                  gateway.release_wait();
                });
              }),
        parse(graph, flow::unlimited,
              [&parse_context](const FetchResult& result) {
                return ParsePage(result, parse_context);
              }),
        store_node(graph, flow::serial,
                   [this, &store, on_stored = std::move(on_stored)](const ParsedPage& page) {
                     try {
                       on_stored(store.Store(page));
                     } catch (...) {
                       failed.store(true);
                       throw;  // cancels the graph; wait_for_all() rethrows it
                     }
                     return 1;
                   }) {
    flow::make_edge(backlog, gate);
    flow::make_edge(gate, fetch);
    flow::make_edge(fetch, parse);
    flow::make_edge(parse, store_node);
    flow::make_edge(store_node, gate.decrementer());
  }

  tbb::task_group_context context;
  flow::graph graph;
  flow::queue_node<FetchRequest> backlog;
  flow::limiter_node<FetchRequest, int> gate;
  FetchNode fetch;
  flow::function_node<FetchResult, ParsedPage> parse;
  flow::function_node<ParsedPage, int> store_node;
  std::atomic<bool> failed{false};
};

// The scheduling thread feeds the graph but never works in it, so the graph gets an arena of
// its own with a worker per core (TBB's default arena would keep one slot for that thread and
// leave one core idle).
struct Pipeline::Arena {
  Arena()
      : workers(std::max(1, tbb::info::default_concurrency())),
        parallelism(tbb::global_control::max_allowed_parallelism,
                    static_cast<std::size_t>(workers) + 1),
        arena(workers + 1, 1) {}
  int workers;
  tbb::global_control parallelism;
  tbb::task_arena arena;
};

Pipeline::Pipeline(Fetcher& fetcher, const ParseContext& parse_context, CrawlStore& store,
                   int max_in_flight, StoredCallback on_stored)
    : arena_(std::make_unique<Arena>()) {
  // A graph belongs to the arena it is built in.
  arena_->arena.execute([&] {
    graph_ =
        std::make_unique<Graph>(fetcher, parse_context, store, max_in_flight, std::move(on_stored));
  });
}

Pipeline::~Pipeline() {
  try {
    graph_->graph.wait_for_all();  // never destroy nodes with work in flight
  } catch (...) {
    // Already reported by WaitForAll(); a destructor never throws.
  }
}

void Pipeline::Submit(const FetchRequest& request) {
  graph_->backlog.try_put(request);
}

void Pipeline::WaitForAll() {
  graph_->graph.wait_for_all();
}

bool Pipeline::Failed() const {
  return graph_->failed.load();
}

}  // namespace pricecrawl::crawler
