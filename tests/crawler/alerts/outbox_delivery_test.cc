// Delivery of the alerts outbox (issue 6, "Alerts"): webhook retry after a 500 then success on a
// loopback receiver, the JSON and Idempotency-Key, command delivery through /bin/sh with the JSON
// on stdin, per-channel bookkeeping, back-off on a fake clock, secrets from the environment that
// never show in errors or logs, and the background thread (run under ThreadSanitizer).

#include "crawler/alerts/outbox_delivery.h"

#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/alert_store.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "storage/timestamp.h"
#include "tests/testing/child_process.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A webhook receiver on 127.0.0.1 that answers with the statuses it is given, in order (then
// 200), and keeps what it received.
class Receiver {
 public:
  struct Request {
    std::string body, idempotency_key, authorization, key_param, content_type;
  };
  explicit Receiver(std::vector<int> statuses = {}) : statuses_(std::move(statuses)) {
    server_.Server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      requests_.push_back({req.body, req.get_header_value("Idempotency-Key"),
                           req.get_header_value("Authorization"), req.get_param_value("key"),
                           req.get_header_value("Content-Type")});
      const int status = next_ < statuses_.size() ? statuses_[next_++] : 200;
      res.status = status;
      res.set_content(
          status >= 300 ? "receiver saw: " + req.get_header_value("Authorization") : "ok",
          "text/plain");
    });
    EXPECT_TRUE(server_.Start());
  }
  std::string Url() const { return server_.Url("/hook"); }
  std::vector<Request> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::mutex mutex_;
  std::vector<int> statuses_;
  std::size_t next_ = 0;
  std::vector<Request> requests_;
  testing::TestServer server_;
};

class AlertDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = storage::OpenDatabase(DbPath());
    storage::ApplySchema(db_.get());
  }

  std::string DbPath() const { return dir_.File("alerts.db"); }

  std::int64_t AddAlert(const std::string& kind = "drop") {
    storage::AlertStore store(db_.get());
    storage::NewAlert alert;
    alert.url = "https://shop.example/item/kettle";
    alert.title = "Kettle \"Deluxe\"";
    alert.kind = kind;
    alert.old_price = "79.50";
    alert.new_price = "59.50";
    alert.currency = "EUR";
    alert.change_percent = "-25.16";
    alert.observed_at = "2025-11-25T10:00:00.000Z";
    alert.created_at = alert.observed_at;
    return store.Add(alert);
  }

  std::string Query(const std::string& sql) {
    storage::Stmt stmt = storage::Prepare(db_.get(), sql);
    return storage::StepRow(db_.get(), stmt.get(), "query") ? storage::ColumnText(stmt.get(), 0)
                                                            : "";
  }

  std::unique_ptr<AlertDelivery> Delivery(DeliveryOptions options) {
    return std::make_unique<AlertDelivery>(DbPath(), std::move(options), clock_,
                                           [this](bool warning, const std::string& message) {
                                             logged_ += (warning ? "W " : "I ") + message + "\n";
                                           });
  }

  testing::TempDir dir_;
  storage::Db db_;
  testing::FakeClock clock_;
  std::string logged_;
};

TEST_F(AlertDeliveryTest, WebhookRetriesAfterA500ThenSucceeds) {
  Receiver receiver({500});
  const std::int64_t id = AddAlert();
  DeliveryOptions options;
  options.webhook = receiver.Url();
  auto delivery = Delivery(options);

  const DeliveryPass first = delivery->DeliverDue();
  EXPECT_EQ(first.failed, 1);
  EXPECT_EQ(Query("SELECT delivered_at IS NULL FROM alerts"), "1");
  EXPECT_EQ(Query("SELECT attempts FROM alerts"), "1");
  EXPECT_EQ(Query("SELECT last_error FROM alerts"),
            "webhook " + receiver.Url() + ": HTTP 500: receiver saw:");
  const std::string retry_at =
      storage::FormatTimestamp(clock_.WallNow() + std::chrono::seconds(30));
  EXPECT_EQ(Query("SELECT next_attempt_at FROM alerts"), retry_at);

  // Not due yet: nothing is sent.
  clock_.Advance(seconds(29));
  EXPECT_EQ(delivery->DeliverDue().failed + delivery->DeliverDue().delivered, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);

  clock_.Advance(seconds(1));
  EXPECT_EQ(delivery->DeliverDue().delivered, 1);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].idempotency_key, "pricecrawl-alert-" + std::to_string(id));
  EXPECT_EQ(requests[1].idempotency_key, requests[0].idempotency_key);
  EXPECT_EQ(requests[1].body, requests[0].body);
  EXPECT_EQ(Query("SELECT delivered_at FROM alerts"), storage::FormatTimestamp(clock_.WallNow()));
  EXPECT_EQ(Query("SELECT webhook_delivered_at IS NOT NULL FROM alerts"), "1");
  // The error of the failed attempt stays as a record.
  EXPECT_EQ(Query("SELECT last_error LIKE '%HTTP 500%' FROM alerts"), "1");
  EXPECT_EQ(delivery->DeliverDue().delivered, 0);  // delivered once, never again
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST_F(AlertDeliveryTest, WebhookPostsTheAlertAsJson) {
  Receiver receiver;
  const std::int64_t id = AddAlert();
  DeliveryOptions options;
  options.webhook = receiver.Url();
  EXPECT_EQ(Delivery(options)->DeliverDue().delivered, 1);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].content_type, "application/json");
  const nlohmann::json j = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["url"], "https://shop.example/item/kettle");
  EXPECT_EQ(j["title"], "Kettle \"Deluxe\"");
  EXPECT_EQ(j["kind"], "drop");
  EXPECT_EQ(j["old_price"], "79.50");  // decimal strings, never floats
  EXPECT_EQ(j["new_price"], "59.50");
  EXPECT_EQ(j["currency"], "EUR");
  EXPECT_EQ(j["change_percent"], "-25.16");
  EXPECT_EQ(j["observed_at"], "2025-11-25T10:00:00.000Z");
}

TEST_F(AlertDeliveryTest, ErrorsBackOffExponentiallyUpToOneHour) {
  EXPECT_EQ(RetryDelay(1, seconds(30), seconds(3600)), seconds(30));
  EXPECT_EQ(RetryDelay(2, seconds(30), seconds(3600)), seconds(60));
  EXPECT_EQ(RetryDelay(7, seconds(30), seconds(3600)), seconds(1920));
  EXPECT_EQ(RetryDelay(8, seconds(30), seconds(3600)), seconds(3600));
  EXPECT_EQ(RetryDelay(1'000'000, seconds(30), seconds(3600)), seconds(3600));
}

TEST_F(AlertDeliveryTest, CommandGetsTheAlertJsonOnStdin) {
  AddAlert("target");
  const std::string out = dir_.File("alert.json");
  DeliveryOptions options;
  options.command = "cat > '" + out + "'";
  EXPECT_EQ(Delivery(options)->DeliverDue().delivered, 1);
  const nlohmann::json j = nlohmann::json::parse(testing::ReadFile(out));
  EXPECT_EQ(j["kind"], "target");
  EXPECT_EQ(j["new_price"], "59.50");
  EXPECT_EQ(Query("SELECT command_delivered_at IS NOT NULL AND delivered_at IS NOT NULL "
                  "FROM alerts"),
            "1");
}

TEST_F(AlertDeliveryTest, FailingCommandKeepsItsExitStatusAndOutput) {
  AddAlert();
  DeliveryOptions options;
  options.command = "cat > /dev/null; echo 'no mail today' >&2; exit 3";
  EXPECT_EQ(Delivery(options)->DeliverDue().failed, 1);
  EXPECT_EQ(Query("SELECT last_error FROM alerts"),
            "command '" + options.command + "': exited with status 3: no mail today");
  EXPECT_EQ(Query("SELECT delivered_at IS NULL AND attempts = 1 FROM alerts"), "1");
}

TEST_F(AlertDeliveryTest, CommandThatIgnoresStdinStillCounts) {
  AddAlert();
  DeliveryOptions options;
  options.command = "exit 0";  // closes stdin unread: our write must not kill us (SIGPIPE)
  EXPECT_EQ(Delivery(options)->DeliverDue().delivered, 1);
}

TEST_F(AlertDeliveryTest, CommandIsKilledAfterTheTimeout) {
  AddAlert();
  DeliveryOptions options;
  options.command = "sleep 30 & sleep 30";  // a child of the shell holds the output pipe too
  options.timeout = milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Delivery(options)->DeliverDue().failed, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));
  EXPECT_EQ(Query("SELECT last_error FROM alerts"),
            "command '" + options.command + "': timed out after 300ms");
}

TEST_F(AlertDeliveryTest, ChannelThatAnsweredIsNotAskedAgain) {
  Receiver receiver;
  AddAlert();
  DeliveryOptions options;
  options.webhook = receiver.Url();
  options.command = "exit 1";
  EXPECT_EQ(Delivery(options)->DeliverDue().failed, 1);
  EXPECT_EQ(Query("SELECT webhook_delivered_at IS NOT NULL AND command_delivered_at IS NULL AND "
                  "delivered_at IS NULL FROM alerts"),
            "1");

  // The user fixes the command; the retry goes to the command only.
  const std::string out = dir_.File("mail.json");
  options.command = "cat > '" + out + "'";
  clock_.Advance(seconds(30));
  EXPECT_EQ(Delivery(options)->DeliverDue().delivered, 1);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_FALSE(testing::ReadFile(out).empty());
  EXPECT_EQ(Query("SELECT delivered_at IS NOT NULL FROM alerts"), "1");
}

TEST_F(AlertDeliveryTest, WithoutAChannelAlertsStayInTheDatabase) {
  AddAlert();
  auto delivery = Delivery(DeliveryOptions{});
  EXPECT_FALSE(delivery->HasChannel());
  EXPECT_EQ(delivery->DeliverDue().delivered, 0);
  EXPECT_EQ(delivery->Counts().undelivered, 1);
  EXPECT_EQ(Query("SELECT attempts FROM alerts"), "0");
}

TEST_F(AlertDeliveryTest, SecretsAreExpandedAtSendTimeAndNeverShown) {
  const std::string secret = "s3cr3t-Zq81";
  const std::string hook_key = "hook-k3y-77";
  Receiver receiver({500});
  AddAlert();
  DeliveryOptions options;
  options.webhook = receiver.Url() + "?key=${PC_HOOK_KEY}";
  options.webhook_header = "Authorization: Bearer ${PC_TOKEN}";
  options.command = "cat > /dev/null; echo \"token ${PC_TOKEN} refused\" >&2; exit 1";
  options.env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "PC_TOKEN") {
      return secret;
    }
    if (name == "PC_HOOK_KEY") {
      return hook_key;
    }
    return std::nullopt;
  };
  // The command's shell reads the variable itself.
  ASSERT_EQ(::setenv("PC_TOKEN", secret.c_str(), 1), 0);  // NOLINT(concurrency-mt-unsafe)
  EXPECT_EQ(Delivery(options)->DeliverDue().failed, 1);
  ::unsetenv("PC_TOKEN");  // NOLINT(concurrency-mt-unsafe)

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].key_param, hook_key);
  EXPECT_EQ(requests[0].authorization, "Bearer " + secret);

  const std::string error = Query("SELECT last_error FROM alerts");
  EXPECT_EQ(error.find(secret), std::string::npos) << error;
  EXPECT_EQ(error.find(hook_key), std::string::npos) << error;
  EXPECT_NE(error.find("?key=${PC_HOOK_KEY}: HTTP 500: receiver saw: Bearer ${PC_TOKEN}"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("token ${PC_TOKEN} refused"), std::string::npos) << error;
  EXPECT_EQ(logged_.find(secret), std::string::npos) << logged_;
  EXPECT_EQ(logged_.find(hook_key), std::string::npos) << logged_;
  EXPECT_NE(logged_.find("${PC_HOOK_KEY}"), std::string::npos) << logged_;
}

TEST_F(AlertDeliveryTest, UnsetVariableIsAnErrorNamingItAndNothingIsSent) {
  Receiver receiver;
  AddAlert();
  DeliveryOptions options;
  options.webhook = receiver.Url() + "?key=${PC_UNSET_VARIABLE}";
  options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(Delivery(options)->DeliverDue().failed, 1);
  EXPECT_TRUE(receiver.requests().empty());
  EXPECT_EQ(
      Query("SELECT last_error FROM alerts"),
      "webhook " + options.webhook + ": environment variable ${PC_UNSET_VARIABLE} is not set");
}

TEST_F(AlertDeliveryTest, BackgroundThreadDeliversNewlyCommittedAlerts) {
  Receiver receiver;
  DeliveryOptions options;
  options.webhook = receiver.Url();
  auto delivery = Delivery(options);
  delivery->Start(milliseconds(20));
  AddAlert();  // committed on the test's own connection, as the crawl's batch would be
  for (int i = 0; i < 500 && receiver.requests().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(10));  // bounded poll for the thread's pass
  }
  delivery->Stop();
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(Query("SELECT delivered_at IS NOT NULL FROM alerts"), "1");
}

}  // namespace
}  // namespace pricecrawl::crawler
