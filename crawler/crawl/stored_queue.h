#pragma once
// Pages stored by the pipeline, handed from the store node (a TBB worker) to the scheduling
// thread, which sleeps on it between rounds of the loop.
//
// Thread-safe: Push from any thread, WaitUntil and TakeAll from the scheduling thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "crawler/crawl/stored_page.h"

namespace pricecrawl::crawler {

class StoredQueue {
 public:
  // Queues a copy of `page` and wakes a waiting WaitUntil.
  void Push(const StoredPage& page);
  // Waits until a page is there or `until` passes.
  void WaitUntil(std::chrono::steady_clock::time_point until);
  // Every page queued since the last call, in the order they were pushed.
  std::vector<StoredPage> TakeAll();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<StoredPage> pages_;
};

}  // namespace pricecrawl::crawler
