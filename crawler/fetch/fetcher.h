#pragma once
// The fetcher moves bytes: one libcurl multi handle driven by its own thread (curl_multi_poll,
// woken by curl_multi_wakeup), thousands of concurrent transfers, keep-alive and HTTP/2, and one
// completion callback per request (STYLE.md 5.2). It follows redirects itself, hop by hop, so
// every target is checked (http/https only, scope, loops, hop count) before it is fetched.
// Every per-URL failure is a FetchResult with a readable error; nothing here throws on web input.
// It knows nothing of TBB: the pipeline wraps its async_node gateway in the callback.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "crawler/fetch/fetch_types.h"

namespace pricecrawl::crawler {

struct FetcherOptions {
  long max_total_connections = 0;  // CURLMOPT_MAX_TOTAL_CONNECTIONS; 0 = curl's default (none)
  long max_host_connections = 0;   // 0 = unlimited; the scheduler bounds per-host concurrency
  // Optional. Asked on the loop thread for every redirect target that is http(s), not a loop
  // and within max_redirects. Returning false fails the transfer with
  // "redirect to '<url>' is out of scope" and the target is never fetched. Must not block.
  std::function<bool(std::string_view url)> allow_redirect;
};

// Thread-safe front of the curl event loop. Construct after CurlGlobal; destroy before it.
//
// Errors (FetchResult::error, shown to users in the urls table) are readable sentences such as
// "timed out after 30s", "connection refused", "body larger than max_body (10485760 bytes)",
// "redirect loop at 'http://…'". HTTP error statuses (4xx, 5xx) are not fetcher errors: they
// come back with curl_code 0, an empty error, http_status set and the body kept. Redirects the
// fetcher refuses carry curl_code CURLE_UNSUPPORTED_PROTOCOL (scheme or scope) or
// CURLE_TOO_MANY_REDIRECTS (hop count or loop), and http_status of the refused 3xx response.
class Fetcher {
 public:
  // Receives the result. Runs on the fetcher's loop thread (or, after Stop(), on the thread
  // calling Submit), exactly once per Submit. It must be quick, must not throw, and must not
  // call Stop() or destroy the Fetcher; it may call Submit and AbortAll.
  using Callback = std::function<void(FetchResult)>;

  // Creates the multi handle and starts the loop thread. Throws std::runtime_error when curl
  // cannot create or configure the multi handle.
  explicit Fetcher(FetcherOptions options = {});
  // Stop(): every transfer still pending or running is called back with "aborted".
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Queues `request` and wakes the loop; returns at once. Thread-safe. `done` is called exactly
  // once with a FetchResult whose `request` is `request`. After Stop(), `done` is called before
  // Submit returns, with error "aborted". noexcept so a TBB node body can call it; running out
  // of memory while queueing ends the process.
  void Submit(FetchRequest request, Callback done) noexcept;

  // Ends every pending and running transfer now: each callback gets error "aborted" and
  // curl_code CURLE_ABORTED_BY_CALLBACK. When it returns, every request submitted before the
  // call has been called back. Thread-safe; also allowed from inside a callback.
  void AbortAll();

  // AbortAll, then stops and joins the loop thread. Idempotent and thread-safe. Must not be
  // called from a callback.
  void Stop();

  // Requests submitted whose callback has not started yet.
  std::size_t InFlight() const;

 private:
  struct Transfer;  // one request: its easy handle, buffers, redirect chain and callback
  struct Pending {
    FetchRequest request;
    Callback done;
  };

  // Loop thread only.
  void Run(const std::stop_token& stop);
  void StartPending();
  void ServiceAbortRequest();
  void Start(Pending pending);
  void ReapCompleted();
  void Finish(void* easy, int code);  // a CURL* and its CURLcode
  void Redirect(std::unique_ptr<Transfer> transfer, std::string target);
  void Launch(std::unique_ptr<Transfer> transfer);
  void Attach(std::unique_ptr<Transfer> transfer);
  std::unique_ptr<Transfer> Detach(void* easy);  // a CURL*
  void AbortRunningAndPending();
  void FailRunning(int curl_code, const std::string& error);
  void Fail(std::unique_ptr<Transfer> transfer, int curl_code, std::string error);
  void Deliver(std::unique_ptr<Transfer> transfer);
  void DeliverAborted(Pending pending);
  bool OnLoopThread() const;
  void Wake();

  // curl_multi_cleanup, defined beside the code that uses curl: this header stays free of curl's
  // types (CURL and CURLM are void in libcurl's API), so the crawl sees only FetchRequest/Result.
  struct MultiCleanup {
    void operator()(void* multi) const noexcept;
  };

  using Multi = std::unique_ptr<void, MultiCleanup>;  // owns a CURLM*

  // The multi handle with the connection limits; throws std::runtime_error when curl refuses.
  static Multi MakeMulti(const FetcherOptions& options);

  const FetcherOptions options_;
  Multi multi_;

  std::mutex mu_;                      // guards the members down to abort_done_
  std::condition_variable abort_cv_;   // signalled when abort_done_ or loop_exited_ changes
  std::deque<Pending> pending_;        // submitted, not yet handed to curl
  bool stopped_ = false;               // Stop() began; Submit calls back at once
  bool loop_exited_ = false;           // the loop thread has finished its final abort
  std::uint64_t abort_requested_ = 0;  // generation asked for by AbortAll
  std::uint64_t abort_done_ = 0;       // generation the loop has carried out

  std::mutex stop_mu_;  // serialises Stop() callers around the join
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::thread::id> loop_id_{};  // set by Run(); lets AbortAll/Stop detect re-entry
  std::unordered_set<Transfer*> running_;   // loop thread only; owned by curl (CURLOPT_PRIVATE)

  std::jthread loop_;  // last: started after, and stopped before, everything above
};

}  // namespace pricecrawl::crawler
