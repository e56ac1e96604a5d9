// The webhook channel (crawler/alerts/webhook.h) against a receiver on 127.0.0.1: what is sent,
// when it counts as delivered, and what an error text shows (the answer's tail, never a secret).

#include "crawler/alerts/webhook.h"

#include <mutex>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/test_server.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

const EnvLookup kNoEnv = [](const std::string&) -> std::optional<std::string> {
  return std::nullopt;
};

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      ++posts_;
      body_ = req.body;
      content_type_ = req.get_header_value("Content-Type");
      idempotency_key_ = req.get_header_value("Idempotency-Key");
      authorization_ = req.get_header_value("Authorization");
      res.set_content("ok", "text/plain");
    });
    server_.Server().Post("/teapot", [](const httplib::Request&, httplib::Response& res) {
      res.status = 418;
      // A long answer: only the tail of what is read is shown.
      res.set_content(std::string(5000, 'a') + "\n\tend", "text/plain");
    });
    server_.Server().Post("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/hook", 307);
    });
    ASSERT_TRUE(server_.Start());
  }

  int posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }

  std::mutex mutex_;
  int posts_ = 0;
  std::string body_, content_type_, idempotency_key_, authorization_;
  testing::TestServer server_;
};

TEST_F(WebhookTest, TwoHundredIsDeliveredWithJsonAndIdempotencyKey) {
  const ChannelResult result =
      PostWebhook(server_.Url("/hook"), "", "{\"id\":7}", 7, milliseconds(5000), kNoEnv);
  EXPECT_TRUE(result.delivered) << result.error;
  EXPECT_EQ(result.error, "");
  std::lock_guard lock(mutex_);
  EXPECT_EQ(body_, "{\"id\":7}");
  EXPECT_EQ(content_type_, "application/json");
  EXPECT_EQ(idempotency_key_, "pricecrawl-alert-7");
}

TEST_F(WebhookTest, ConfiguredHeaderIsExpandedAndSent) {
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    return name == "TOKEN" ? std::optional<std::string>("t0k") : std::nullopt;
  };
  const ChannelResult result = PostWebhook(server_.Url("/hook"), "Authorization: Bearer ${TOKEN}",
                                           "{}", 1, milliseconds(5000), env);
  EXPECT_TRUE(result.delivered) << result.error;
  std::lock_guard lock(mutex_);
  EXPECT_EQ(authorization_, "Bearer t0k");
}

TEST_F(WebhookTest, OtherStatusShowsTheTailOfTheAnswer) {
  const std::string url = server_.Url("/teapot");
  const ChannelResult result = PostWebhook(url, "", "{}", 1, milliseconds(5000), kNoEnv);
  EXPECT_FALSE(result.delivered);
  // 1200 bytes are read; the last 300 of them, made printable and trimmed, are shown.
  EXPECT_EQ(result.error, "webhook " + url + ": HTTP 418: " + std::string(300, 'a'));
}

TEST_F(WebhookTest, RedirectIsNotFollowed) {
  const std::string url = server_.Url("/moved");
  const ChannelResult result = PostWebhook(url, "", "{}", 1, milliseconds(5000), kNoEnv);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error, "webhook " + url + ": HTTP 307");
  EXPECT_EQ(posts(), 0);
}

TEST_F(WebhookTest, TransferErrorNamesTheConfiguredUrlWithoutTheSecret) {
  server_.Stop();  // nothing listens on the port any more: connection refused
  const EnvLookup env = [](const std::string&) -> std::optional<std::string> {
    return std::string("k3y");
  };
  const std::string url = server_.Url("/hook") + "?key=${KEY}";
  const ChannelResult result = PostWebhook(url, "", "{}", 1, milliseconds(5000), env);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error.rfind("webhook " + url + ": ", 0), 0u) << result.error;
  EXPECT_EQ(result.error.find("k3y"), std::string::npos) << result.error;
}

TEST_F(WebhookTest, UnsetVariableSendsNothing) {
  const std::string url = server_.Url("/hook") + "?key=${UNSET}";
  const ChannelResult result = PostWebhook(url, "", "{}", 1, milliseconds(5000), kNoEnv);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error, "webhook " + url + ": environment variable ${UNSET} is not set");
  EXPECT_EQ(posts(), 0);
}

}  // namespace
}  // namespace pricecrawl::crawler
