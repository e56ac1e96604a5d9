// The blocking HTTP client (crawler/fetch/http_get.h) against an in-process server on
// 127.0.0.1: body cap with and without a declared length, the discard mode, timeout, redirects
// followed and not, POST with body and headers, and the errors for bad URLs and schemes.

#include "crawler/fetch/http_get.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/test_server.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

// What the /echo handler saw.
struct Seen {
  std::string method, body, content_type, custom, user_agent, accept_encoding;
};

class HttpGetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    httplib::Server& s = server_.Server();
    s.Get("/body", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::string(std::stoul(req.get_param_value("n")), 'x'), "text/plain");
    });
    s.Get("/chunked", [](const httplib::Request& req, httplib::Response& res) {
      const std::size_t n = std::stoul(req.get_param_value("n"));
      res.set_chunked_content_provider("text/html", [n](std::size_t, httplib::DataSink& sink) {
        for (std::size_t sent = 0; sent < n; sent += 100) {
          const std::string chunk(std::min<std::size_t>(100, n - sent), 'y');
          if (!sink.write(chunk.data(), chunk.size())) {
            return false;
          }
        }
        sink.done();
        return true;
      });
    });
    s.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      released_cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; });
      res.set_content("late", "text/plain");
    });
    s.Get("/redirect",
          [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/final", 302); });
    s.Get("/loop",
          [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop", 302); });
    s.Get("/final", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>final</p>", "text/html; charset=utf-8");
    });
    const auto echo = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      seen_ = {req.method,
               req.body,
               req.get_header_value("Content-Type"),
               req.get_header_value("X-Custom"),
               req.get_header_value("User-Agent"),
               req.get_header_value("Accept-Encoding")};
      res.status = 201;
      res.set_content("created", "text/plain");
    };
    s.Get("/echo", echo);
    s.Post("/echo", echo);
    ASSERT_TRUE(server_.Start());
  }

  void TearDown() override {
    Release();
    server_.Stop();
  }

  void Release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    released_cv_.notify_all();
  }

  Seen seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

  HttpRequest Get(const std::string& path) const {
    HttpRequest request;
    request.url = server_.Url(path);
    request.timeout = milliseconds(5000);
    return request;
  }

  std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  Seen seen_;
  testing::TestServer server_;
};

TEST_F(HttpGetTest, GetReturnsStatusBodyAndContentType) {
  const HttpResult result = HttpTransfer(Get("/final"));
  EXPECT_TRUE(result.Completed()) << result.error;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "<p>final</p>");
  EXPECT_EQ(result.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(result.effective_url, server_.Url("/final"));
  EXPECT_EQ(result.error, "");
}

TEST_F(HttpGetTest, BodyOverTheCapFailsWhetherTheLengthIsDeclaredOrNot) {
  for (const char* path : {"/body?n=5000", "/chunked?n=5000"}) {
    HttpRequest request = Get(path);
    request.max_body = 1000;
    const HttpResult result = HttpTransfer(request);
    EXPECT_FALSE(result.Completed()) << path;
    EXPECT_TRUE(result.body_too_large) << path;
    EXPECT_EQ(result.error, "body larger than max_body (1000 bytes)") << path;
    EXPECT_LE(result.body.size(), 1000u) << path;
  }
}

TEST_F(HttpGetTest, BodyAtTheCapIsKept) {
  HttpRequest request = Get("/chunked?n=1000");
  request.max_body = 1000;
  const HttpResult result = HttpTransfer(request);
  EXPECT_TRUE(result.Completed()) << result.error;
  EXPECT_FALSE(result.body_too_large);
  EXPECT_EQ(result.body.size(), 1000u);
}

TEST_F(HttpGetTest, DiscardModeKeepsTheFirstBytesAndCompletes) {
  for (const char* path : {"/body?n=5000", "/chunked?n=5000"}) {
    HttpRequest request = Get(path);
    request.max_body = 250;
    request.over_max_body = OverMaxBody::kDiscard;
    const HttpResult result = HttpTransfer(request);
    EXPECT_TRUE(result.Completed()) << path << ": " << result.error;
    EXPECT_EQ(result.status, 200) << path;
    EXPECT_TRUE(result.body_too_large) << path;
    EXPECT_EQ(result.body.size(), 250u) << path;
  }
}

TEST_F(HttpGetTest, SlowServerTimesOut) {
  HttpRequest request = Get("/slow");
  request.timeout = milliseconds(200);
  const auto started = std::chrono::steady_clock::now();
  const HttpResult result = HttpTransfer(request);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(result.Completed());
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
}

TEST_F(HttpGetTest, RedirectsAreNotFollowedByDefault) {
  const HttpResult result = HttpTransfer(Get("/redirect"));
  EXPECT_TRUE(result.Completed()) << result.error;
  EXPECT_EQ(result.status, 302);
  EXPECT_EQ(result.effective_url, server_.Url("/redirect"));
}

TEST_F(HttpGetTest, RedirectsAreFollowedWhenAsked) {
  HttpRequest request = Get("/redirect");
  request.follow_redirects = true;
  const HttpResult result = HttpTransfer(request);
  EXPECT_TRUE(result.Completed()) << result.error;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "<p>final</p>");
  EXPECT_EQ(result.effective_url, server_.Url("/final"));
  EXPECT_EQ(result.content_type, "text/html; charset=utf-8");
}

TEST_F(HttpGetTest, TooManyRedirectsIsAnError) {
  HttpRequest request = Get("/loop");
  request.follow_redirects = true;
  request.max_redirects = 3;
  const HttpResult result = HttpTransfer(request);
  EXPECT_FALSE(result.Completed());
  EXPECT_NE(result.error, "");
}

TEST_F(HttpGetTest, PostSendsBodyHeadersAndUserAgent) {
  HttpRequest request = Get("/echo");
  request.method = HttpMethod::kPost;
  request.body = std::string("{\"a\":1}\0tail", 12);  // binary-safe: the size, not strlen
  request.headers = {"Content-Type: application/json", "X-Custom: value 1"};
  request.user_agent = "pricecrawl-test/1";
  const HttpResult result = HttpTransfer(request);
  EXPECT_TRUE(result.Completed()) << result.error;
  EXPECT_EQ(result.status, 201);
  EXPECT_EQ(result.body, "created");
  const Seen got = seen();
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.body, request.body);
  EXPECT_EQ(got.content_type, "application/json");
  EXPECT_EQ(got.custom, "value 1");
  EXPECT_EQ(got.user_agent, "pricecrawl-test/1");
  EXPECT_EQ(got.accept_encoding, "");
}

TEST_F(HttpGetTest, AcceptEncodingIsSentWhenAsked) {
  HttpRequest request = Get("/echo");
  request.accept_encoding = true;
  const HttpResult result = HttpTransfer(request);
  EXPECT_TRUE(result.Completed()) << result.error;
  const Seen got = seen();
  EXPECT_EQ(got.method, "GET");
  EXPECT_NE(got.accept_encoding, "");
}

TEST_F(HttpGetTest, BadUrlIsAnError) {
  for (const char* url : {"not a url", "http://", "http://[::1"}) {
    HttpRequest request;
    request.url = url;
    const HttpResult result = HttpTransfer(request);
    EXPECT_FALSE(result.Completed()) << url;
    EXPECT_NE(result.error, "") << url;
    EXPECT_EQ(result.status, 0) << url;
  }
}

TEST_F(HttpGetTest, OnlyHttpAndHttpsAreFetched) {
  HttpRequest request;
  request.url = "file:///etc/hostname";
  const HttpResult result = HttpTransfer(request);
  EXPECT_FALSE(result.Completed());
  EXPECT_NE(result.error, "");
  EXPECT_EQ(result.body, "");
}

TEST_F(HttpGetTest, OptionCurlRefusesIsAnErrorNamingIt) {
  HttpRequest request = Get("/echo");
  request.follow_redirects = true;
  request.max_redirects = -2;  // curl takes -1 (unlimited) and up
  const HttpResult result = HttpTransfer(request);
  EXPECT_FALSE(result.Completed());
  EXPECT_EQ(result.error,
            "could not set CURLOPT_MAXREDIRS: A libcurl function was given a bad "
            "argument");
  EXPECT_EQ(seen().method, "");  // nothing was sent
}

}  // namespace
}  // namespace pricecrawl::crawler
