#include "crawler/fetch/fetcher.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include "crawler/fetch/curl_handles.h"
#include "crawler/fetch/fetch_types.h"
#include "tests/testing/test_server.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr auto kWait = seconds(20);  // upper bound for any callback; tests normally take ms

// gzip of 100000 'a' bytes (133 bytes compressed): a small decompression bomb.
constexpr std::array<unsigned char, 133> kGzipOf100000A = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1, 0x31, 0x01, 0x00,
    0x00, 0x00, 0xc2, 0xa0, 0xac, 0xeb, 0x5f, 0xc2, 0x1a, 0x1e, 0x40, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0xaf, 0x06, 0x87, 0xfa, 0xe2, 0x1b, 0xa0, 0x86, 0x01, 0x00};

// Gathers callback results. The state is shared with the callbacks, so a test that gives up
// waiting never leaves a callback pointing at a dead object.
class Collector {
 public:
  Fetcher::Callback Callback() const {
    return [state = state_](FetchResult result) {
      {
        const std::lock_guard lock(state->mu);
        state->results.push_back(std::move(result));
      }
      state->cv.notify_all();
    };
  }

  // True once at least `count` results arrived, false after `timeout`.
  bool WaitFor(std::size_t count, milliseconds timeout = kWait) const {
    std::unique_lock lock(state_->mu);
    return state_->cv.wait_for(lock, timeout, [&] { return state_->results.size() >= count; });
  }

  std::size_t Count() const {
    const std::lock_guard lock(state_->mu);
    return state_->results.size();
  }

  std::vector<FetchResult> Results() const {
    const std::lock_guard lock(state_->mu);
    return state_->results;
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<FetchResult> results;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Holds slow handlers until the test ends, and counts how many have started.
class Gate {
 public:
  // Blocks until Open() or `limit`, after counting this caller as started.
  void Enter(milliseconds limit = seconds(10)) {
    std::unique_lock lock(mu_);
    ++started_;
    cv_.notify_all();
    cv_.wait_for(lock, limit, [this] { return open_; });
  }
  void Open() {
    {
      const std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  bool WaitStarted(int count, milliseconds timeout = kWait) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return started_ >= count; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int started_ = 0;
  bool open_ = false;
};

// Submits one request and waits for its result (a default result after a reported failure).
FetchResult FetchOne(Fetcher& fetcher, FetchRequest request) {
  const Collector collector;
  fetcher.Submit(std::move(request), collector.Callback());
  if (!collector.WaitFor(1)) {
    ADD_FAILURE() << "no callback within " << kWait.count() << " s";
    return {};
  }
  return collector.Results().front();
}

class FetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    marker_file_ = std::filesystem::temp_directory_path() /
                   ("pricecrawl_fetcher_test_" + std::to_string(::getpid()) + "_" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".txt");
    std::ofstream(marker_file_) << "secret marker 7f3a";
    AddHandlers(server_.Server());
    ASSERT_TRUE(server_.Start());
  }

  void TearDown() override {
    gate_.Open();
    server_.Stop();
    std::error_code ignored;
    std::filesystem::remove(marker_file_, ignored);
  }

  FetchRequest Request(std::string_view path) const {
    FetchRequest request;
    request.url = server_.Url(path);
    request.host = "127.0.0.1";
    request.user_agent = "pricecrawl-test/1.0";
    request.timeout = seconds(15);
    request.connect_timeout = seconds(5);
    return request;
  }

  std::string FileUrl() const { return "file://" + marker_file_.string(); }

  void AddHandlers(httplib::Server& server) {
    server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><title>hi</title></html>", "text/html; charset=utf-8");
    });
    server.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("no such page", "text/plain");
    });
    server.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_header("Retry-After", "120");
      res.set_content("try later", "text/plain");
    });
    server.Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      // Not a compressible type for httplib, so it sends these bytes as they are.
      res.set_content(std::string(kGzipOf100000A.begin(), kGzipOf100000A.end()),
                      "application/octet-stream");
    });
    server.Get("/endless", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider(
          "application/octet-stream", [](std::size_t, httplib::DataSink& sink) {
            const std::string chunk(16384, 'x');
            return sink.write(chunk.data(), chunk.size());  // false once the client is gone
          });
    });
    server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2000, 'b'), "application/octet-stream");
    });
    server.Get("/truncated", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(1000, "application/octet-stream",
                               [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset > 0) {
                                   return false;  // drop the connection 10 bytes into 1000
                                 }
                                 return sink.write("0123456789", 10);
                               });
    });
    server.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      gate_.Enter();
      res.set_content("late", "text/plain");
    });
    server.Get(R"(/redirect/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      const int left = std::stoi(req.matches[1]);
      if (left == 0) {
        res.set_content("end of chain", "text/plain");
        return;
      }
      res.set_redirect("/redirect/" + std::to_string(left - 1), 302);
    });
    server.Get("/loop/a", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop/b", 301);
    });
    server.Get("/loop/b", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/loop/a", 307);
    });
    server.Get("/to-file", [this](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(FileUrl(), 302);
    });
    server.Get("/to-passwd", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("file:///etc/passwd", 302);
    });
    server.Get("/elsewhere", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://other.invalid/page", 301);
    });
    server.Get("/etag", [this](const httplib::Request& req, httplib::Response& res) {
      {
        const std::lock_guard lock(seen_mu_);
        seen_if_none_match_ = req.get_header_value("If-None-Match");
      }
      res.set_header("ETag", "\"v1\"");
      res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      res.set_content("fresh", "text/plain");
    });
    server.Get(R"(/item/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("item " + req.matches[1].str(), "text/plain");
    });
  }

  CurlGlobal curl_global_;  // first member: outlives every fetcher a test creates
  pricecrawl::testing::TestServer server_;
  Gate gate_;
  std::filesystem::path marker_file_;
  std::mutex seen_mu_;
  std::string seen_if_none_match_;
};

TEST_F(FetcherTest, GetsBodyAndContentType) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/hello"));
  EXPECT_EQ(result.curl_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body, "<html><title>hi</title></html>");
  EXPECT_EQ(result.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(result.effective_url, server_.Url("/hello"));
  EXPECT_EQ(result.request.url, server_.Url("/hello"));
  EXPECT_EQ(result.redirect_count, 0);
  EXPECT_FALSE(result.body_too_large);
  EXPECT_TRUE(result.Succeeded());
  EXPECT_EQ(fetcher.InFlight(), 0u);
}

TEST_F(FetcherTest, KeepsNotFoundAsStatusWithoutError) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/missing"));
  EXPECT_EQ(result.curl_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 404);
  EXPECT_EQ(result.body, "no such page");
  EXPECT_FALSE(result.Succeeded());
}

TEST_F(FetcherTest, CapturesRetryAfterOnServerError) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/busy"));
  EXPECT_EQ(result.curl_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 500);
  EXPECT_EQ(result.retry_after, "120");
  EXPECT_EQ(result.body, "try later");
}

TEST_F(FetcherTest, DecodesGzipBody) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/gzip"));
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body.size(), 100000u);
  EXPECT_TRUE(result.body == std::string(100000, 'a'));  // no 100 kB dump on failure
}

TEST_F(FetcherTest, CountsMaxBodyAgainstDecodedBytes) {
  Fetcher fetcher;
  FetchRequest request = Request("/gzip");
  request.max_body = 1000;  // 133 bytes on the wire, 100000 once decoded
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_WRITE_ERROR);
  EXPECT_EQ(result.error, "body larger than max_body (1000 bytes)");
  EXPECT_TRUE(result.body_too_large);
  EXPECT_LE(result.body.size(), 1000u);
}

TEST_F(FetcherTest, AbortsEndlessChunkedBodyAtMaxBody) {
  Fetcher fetcher;
  FetchRequest request = Request("/endless");
  request.max_body = std::uint64_t{256} * 1024;
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_WRITE_ERROR);
  EXPECT_EQ(result.error, "body larger than max_body (262144 bytes)");
  EXPECT_TRUE(result.body_too_large);
  EXPECT_EQ(result.body.size(), 262144u);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_FALSE(result.Succeeded());
}

TEST_F(FetcherTest, RefusesDeclaredLengthOverMaxBody) {
  Fetcher fetcher;
  FetchRequest request = Request("/big");
  request.max_body = 1000;  // Content-Length: 2000 is refused before the body is read
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_FILESIZE_EXCEEDED);
  EXPECT_EQ(result.error, "body larger than max_body (1000 bytes)");
  EXPECT_TRUE(result.body_too_large);
  EXPECT_EQ(result.body, "");
}

TEST_F(FetcherTest, TimesOutSlowResponse) {
  Fetcher fetcher;
  FetchRequest request = Request("/slow");
  request.timeout = milliseconds(300);
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_EQ(result.error, "timed out after 300ms");
  EXPECT_GE(result.total_seconds, 0.25);
  EXPECT_LT(result.total_seconds, 5.0);
}

TEST_F(FetcherTest, FollowsRedirectChain) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/redirect/3"));
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body, "end of chain");
  EXPECT_EQ(result.redirect_count, 3);
  EXPECT_EQ(result.effective_url, server_.Url("/redirect/0"));
  EXPECT_EQ(result.request.url, server_.Url("/redirect/3"));
}

TEST_F(FetcherTest, StopsRedirectLoop) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/loop/a"));
  EXPECT_EQ(result.curl_code, CURLE_TOO_MANY_REDIRECTS);
  EXPECT_EQ(result.error, "redirect loop at '" + server_.Url("/loop/a") + "'");
  EXPECT_EQ(result.redirect_count, 1);
  EXPECT_EQ(result.http_status, 307);
}

TEST_F(FetcherTest, LimitsRedirectHops) {
  Fetcher fetcher;
  FetchRequest request = Request("/redirect/9");
  request.max_redirects = 3;
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_TOO_MANY_REDIRECTS);
  EXPECT_EQ(result.error, "too many redirects (3)");
  EXPECT_EQ(result.redirect_count, 3);
  EXPECT_EQ(result.effective_url, server_.Url("/redirect/6"));
}

TEST_F(FetcherTest, RefusesRedirectToFileScheme) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/to-file"));
  EXPECT_EQ(result.curl_code, CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(result.error, "redirect to '" + FileUrl() + "' refused: only http and https");
  EXPECT_EQ(result.body.find("secret marker"), std::string::npos);
  EXPECT_EQ(result.effective_url, server_.Url("/to-file"));
  EXPECT_EQ(result.http_status, 302);

  const FetchResult passwd = FetchOne(fetcher, Request("/to-passwd"));
  EXPECT_EQ(passwd.error, "redirect to 'file:///etc/passwd' refused: only http and https");
  EXPECT_EQ(passwd.body, "");
}

TEST_F(FetcherTest, RefusesRedirectOutOfScope) {
  std::mutex asked_mu;
  std::vector<std::string> asked;
  FetcherOptions options;
  options.allow_redirect = [&](std::string_view url) {
    const std::lock_guard lock(asked_mu);
    asked.emplace_back(url);
    return url.find("127.0.0.1") != std::string_view::npos;
  };
  Fetcher fetcher(options);
  const FetchResult refused = FetchOne(fetcher, Request("/elsewhere"));
  EXPECT_EQ(refused.curl_code, CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(refused.error, "redirect to 'http://other.invalid/page' is out of scope");
  EXPECT_EQ(refused.redirect_count, 0);

  const FetchResult allowed = FetchOne(fetcher, Request("/redirect/1"));
  EXPECT_EQ(allowed.error, "");
  EXPECT_EQ(allowed.redirect_count, 1);
  fetcher.Stop();
  const std::lock_guard lock(asked_mu);
  EXPECT_EQ(asked,
            (std::vector<std::string>{"http://other.invalid/page", server_.Url("/redirect/0")}));
}

TEST_F(FetcherTest, SendsIfNoneMatchAndKeeps304) {
  Fetcher fetcher;
  const FetchResult first = FetchOne(fetcher, Request("/etag"));
  EXPECT_EQ(first.http_status, 200);
  EXPECT_EQ(first.etag, "\"v1\"");
  EXPECT_EQ(first.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");

  FetchRequest again = Request("/etag");
  again.if_none_match = first.etag;
  again.if_modified_since = first.last_modified;
  const FetchResult second = FetchOne(fetcher, again);
  EXPECT_EQ(second.curl_code, 0);
  EXPECT_EQ(second.error, "");
  EXPECT_EQ(second.http_status, 304);
  EXPECT_EQ(second.body, "");
  EXPECT_EQ(second.etag, "\"v1\"");
  const std::lock_guard lock(seen_mu_);
  EXPECT_EQ(seen_if_none_match_, "\"v1\"");
}

TEST_F(FetcherTest, CallsBackEveryConcurrentRequestOnce) {
  constexpr int kRequests = 200;
  constexpr int kSubmitters = 4;
  FetcherOptions options;
  // cpp-httplib listens with a backlog of 5: more simultaneous connects overflow it and the
  // dropped SYNs come back a second later, which would measure the kernel, not the fetcher.
  // Curl queues the other transfers and reuses these 4 keep-alive connections.
  options.max_host_connections = 4;
  Fetcher fetcher(options);
  const Collector collector;

  const auto started = steady_clock::now();
  {
    std::vector<std::jthread> submitters;
    submitters.reserve(kSubmitters);
    for (int s = 0; s < kSubmitters; ++s) {
      submitters.emplace_back([&, s] {
        for (int i = s; i < kRequests; i += kSubmitters) {
          FetchRequest request = Request("/item/" + std::to_string(i));
          request.url_id = i;
          fetcher.Submit(std::move(request), collector.Callback());
        }
      });
    }
  }
  ASSERT_TRUE(collector.WaitFor(kRequests, seconds(60)));
  const double elapsed = std::chrono::duration<double>(steady_clock::now() - started).count();
  std::cout << "[ fetcher  ] " << kRequests << " transfers in " << elapsed * 1000.0 << " ms ("
            << kRequests / elapsed << " transfers/s)\n";

  EXPECT_EQ(fetcher.InFlight(), 0u);
  std::vector<int> calls(kRequests, 0);
  for (const FetchResult& result : collector.Results()) {
    ASSERT_GE(result.request.url_id, 0);
    ASSERT_LT(result.request.url_id, kRequests);
    ++calls[static_cast<std::size_t>(result.request.url_id)];
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(result.body, "item " + std::to_string(result.request.url_id));
  }
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), kRequests);
  fetcher.Stop();
  EXPECT_EQ(collector.Count(), static_cast<std::size_t>(kRequests));  // nothing called twice
}

TEST_F(FetcherTest, AbortAllCallsBackRunningTransfersPromptly) {
  constexpr int kSlow = 6;
  Fetcher fetcher;
  const Collector collector;
  for (int i = 0; i < kSlow; ++i) {
    fetcher.Submit(Request("/slow"), collector.Callback());
  }
  ASSERT_TRUE(gate_.WaitStarted(kSlow));  // every transfer is running, not merely queued
  EXPECT_EQ(fetcher.InFlight(), static_cast<std::size_t>(kSlow));

  const auto started = steady_clock::now();
  fetcher.AbortAll();
  const auto took = steady_clock::now() - started;

  EXPECT_EQ(collector.Count(), static_cast<std::size_t>(kSlow));  // all done when it returns
  EXPECT_LT(took, seconds(2));
  EXPECT_EQ(fetcher.InFlight(), 0u);
  for (const FetchResult& result : collector.Results()) {
    EXPECT_EQ(result.error, "aborted");
    EXPECT_EQ(result.curl_code, CURLE_ABORTED_BY_CALLBACK);
  }
  // The fetcher keeps working after an abort.
  EXPECT_EQ(FetchOne(fetcher, Request("/hello")).http_status, 200);
}

TEST_F(FetcherTest, AbortAllFromCallbackAbortsTheRest) {
  constexpr int kSlow = 3;
  Fetcher fetcher;
  const Collector collector;
  for (int i = 0; i < kSlow; ++i) {
    fetcher.Submit(Request("/slow"), collector.Callback());
  }
  ASSERT_TRUE(gate_.WaitStarted(kSlow));
  const Fetcher::Callback record = collector.Callback();
  fetcher.Submit(Request("/hello"), [&fetcher, record](FetchResult result) {
    fetcher.AbortAll();  // on the loop thread: runs inline
    record(std::move(result));
  });
  ASSERT_TRUE(collector.WaitFor(kSlow + 1));
  const std::vector<FetchResult> results = collector.Results();
  EXPECT_EQ(std::count_if(results.begin(), results.end(),
                          [](const FetchResult& r) { return r.error == "aborted"; }),
            kSlow);
  EXPECT_EQ(results.back().http_status, 200);
  EXPECT_EQ(fetcher.InFlight(), 0u);
}

TEST_F(FetcherTest, StopIsIdempotentAndSubmitAfterStopAborts) {
  Fetcher fetcher;
  const Collector collector;
  fetcher.Submit(Request("/slow"), collector.Callback());
  ASSERT_TRUE(gate_.WaitStarted(1));
  fetcher.Stop();
  EXPECT_EQ(collector.Count(), 1u);
  fetcher.Stop();

  fetcher.Submit(Request("/hello"), collector.Callback());
  EXPECT_EQ(collector.Count(), 2u);  // called back before Submit returned
  fetcher.AbortAll();                // harmless once stopped
  EXPECT_EQ(fetcher.InFlight(), 0u);
  for (const FetchResult& result : collector.Results()) {
    EXPECT_EQ(result.error, "aborted");
    EXPECT_EQ(result.curl_code, CURLE_ABORTED_BY_CALLBACK);
  }
}

TEST_F(FetcherTest, DestructorAbortsPendingTransfers) {
  const Collector collector;
  {
    Fetcher fetcher;
    fetcher.Submit(Request("/slow"), collector.Callback());
    ASSERT_TRUE(gate_.WaitStarted(1));
  }
  ASSERT_EQ(collector.Count(), 1u);
  EXPECT_EQ(collector.Results().front().error, "aborted");
}

TEST_F(FetcherTest, ReadsFileUrl) {
  Fetcher fetcher;
  FetchRequest request;
  request.url = FileUrl();
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, 0);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.body, "secret marker 7f3a");
  EXPECT_TRUE(result.Succeeded());
}

TEST_F(FetcherTest, ReportsMissingFile) {
  Fetcher fetcher;
  FetchRequest request;
  request.url = FileUrl() + ".absent";
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_FILE_COULDNT_READ_FILE);
  EXPECT_NE(result.error, "");
  EXPECT_FALSE(result.Succeeded());
}

TEST_F(FetcherTest, ReportsConnectionRefused) {
  pricecrawl::testing::TestServer closed;
  ASSERT_TRUE(closed.Start());
  const std::string url = closed.Url("/");
  closed.Stop();  // nothing listens on that port any more

  Fetcher fetcher;
  FetchRequest request = Request("/");
  request.url = url;
  const FetchResult result = FetchOne(fetcher, request);
  EXPECT_EQ(result.curl_code, CURLE_COULDNT_CONNECT);
  EXPECT_EQ(result.error, "connection refused");
  EXPECT_EQ(result.http_status, 0);
}

TEST_F(FetcherTest, ReportsConnectionClosedDuringBody) {
  Fetcher fetcher;
  const FetchResult result = FetchOne(fetcher, Request("/truncated"));
  EXPECT_EQ(result.curl_code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(result.error.rfind("connection closed during body", 0), 0u) << result.error;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_FALSE(result.Succeeded());
}

}  // namespace
}  // namespace pricecrawl::crawler
