// The hand-off of stored pages from the store node's thread to the scheduling thread. The
// waiting test uses a second thread, so the thread-sanitizer build can check the hand-off.
#include "crawler/crawl/stored_queue.h"

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

StoredPage PageOf(const std::string& host) {
  StoredPage page;
  page.host = host;
  return page;
}

TEST(StoredQueueTest, TakeAllReturnsPagesInPushOrderOnce) {
  StoredQueue queue;
  queue.Push(PageOf("a.test"));
  queue.Push(PageOf("b.test"));
  const std::vector<StoredPage> pages = queue.TakeAll();
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].host, "a.test");
  EXPECT_EQ(pages[1].host, "b.test");
  EXPECT_TRUE(queue.TakeAll().empty());
}

TEST(StoredQueueTest, WaitUntilReturnsAtOnceWhenAPageIsThere) {
  StoredQueue queue;
  queue.Push(PageOf("a.test"));
  // A deadline an hour away: returning at all shows the wait did not block.
  queue.WaitUntil(std::chrono::steady_clock::now() + std::chrono::hours(1));
  EXPECT_EQ(queue.TakeAll().size(), 1u);
}

TEST(StoredQueueTest, WaitUntilReturnsAtAPastDeadlineWithNothingQueued) {
  StoredQueue queue;
  queue.WaitUntil(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  EXPECT_TRUE(queue.TakeAll().empty());
}

TEST(StoredQueueTest, PushFromAnotherThreadWakesTheWaiter) {
  StoredQueue queue;
  constexpr int kPages = 200;
  std::thread store_node([&queue] {
    for (int i = 0; i < kPages; ++i) {
      queue.Push(PageOf("h" + std::to_string(i) + ".test"));
    }
  });
  std::vector<StoredPage> taken;
  while (static_cast<int>(taken.size()) < kPages) {
    queue.WaitUntil(std::chrono::steady_clock::now() + std::chrono::hours(1));
    for (StoredPage& page : queue.TakeAll()) {
      taken.push_back(std::move(page));
    }
  }
  store_node.join();
  ASSERT_EQ(taken.size(), static_cast<std::size_t>(kPages));
  for (int i = 0; i < kPages; ++i) {
    EXPECT_EQ(taken[i].host, "h" + std::to_string(i) + ".test");
  }
}

}  // namespace
}  // namespace pricecrawl::crawler
