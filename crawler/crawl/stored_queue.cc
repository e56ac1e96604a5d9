#include "crawler/crawl/stored_queue.h"

namespace pricecrawl::crawler {

void StoredQueue::Push(const StoredPage& page) {
  {
    std::lock_guard lock(mutex_);
    pages_.push_back(page);
  }
  ready_.notify_one();
}

void StoredQueue::WaitUntil(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  ready_.wait_until(lock, until, [this] { return !pages_.empty(); });
}

std::vector<StoredPage> StoredQueue::TakeAll() {
  std::lock_guard lock(mutex_);
  std::vector<StoredPage> pages;
  pages.swap(pages_);
  return pages;
}

}  // namespace pricecrawl::crawler
