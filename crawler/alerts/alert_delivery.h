#pragma once
// Delivery of the alerts outbox (issue 6, "Alerts"): after the crawl's batch commits, never
// inside it. Each undelivered alert goes to the configured channels: a webhook (HTTP POST of the
// alert as JSON through libcurl, with an Idempotency-Key so a receiver can drop the duplicate a
// crash after its 2xx may cause) and/or a command (/bin/sh -c, the JSON on stdin, exit 0 =
// delivered). delivered_at is set only once every channel answered; a failure keeps last_error
// and is retried with exponential back-off (30 s base, 1 h cap) in this run and the next ones.
// `${NAME}` in the webhook URL and header is expanded from the environment at send time; the
// command's shell expands it itself. Logs and error texts show the configured (unexpanded) text
// and never a secret's value.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "crawler/base/clock.h"
#include "storage/alert_store.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {

// Reads one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup ProcessEnvironment();

// A text with its ${NAME} references replaced.
struct ExpandedText {
  std::string text;   // the expanded text ("" when error is set)
  std::string error;  // "environment variable ${NAME} is not set", or "" on success
  // (NAME, value) of every variable used, to scrub values out of error texts (Redact).
  std::vector<std::pair<std::string, std::string>> secrets;
};

// Replaces every `${NAME}` (NAME: letters, digits, '_') by the variable's value. Other text,
// including a lone '$', is kept. Never throws.
ExpandedText ExpandEnv(std::string_view text, const EnvLookup& env);

// `text` with each secret value replaced by its `${NAME}` reference.
std::string Redact(std::string text,
                   const std::vector<std::pair<std::string, std::string>>& secrets);

// The JSON delivered for one alert: {"id", "url", "title", "kind", "old_price", "new_price",
// "currency", "change_percent", "observed_at"}; prices and change_percent as exact decimal
// strings, null when absent.
std::string AlertJson(const storage::OutboxAlert& alert);

// How one channel fared with one alert. `error` never contains a secret's value.
struct ChannelResult {
  bool delivered = false;
  std::string error;
};

// POSTs `body` to the webhook (`url` and the optional `header` "Name: value" are expanded with
// `env` now) with Content-Type application/json and Idempotency-Key pricecrawl-alert-<id>.
// Delivered on a 2xx answer; redirects are not followed. Never throws.
ChannelResult PostWebhook(const std::string& url, const std::string& header,
                          const std::string& body, std::int64_t alert_id,
                          std::chrono::milliseconds timeout, const EnvLookup& env);

// Runs `/bin/sh -c command` (posix_spawn, in its own process group) with `body` on stdin and the
// process environment; delivered when it exits 0 within `timeout`, else the group is killed.
// Its output is kept only for the error text (last 300 bytes, secrets scrubbed). Never throws.
ChannelResult RunAlertCommand(const std::string& command, const std::string& body,
                              std::chrono::milliseconds timeout, const EnvLookup& env);

// Delay before the next attempt after `failed_attempts` failures (>= 1): base * 2^(n-1), capped.
std::chrono::milliseconds RetryDelay(std::int64_t failed_attempts, std::chrono::milliseconds base,
                                     std::chrono::milliseconds cap);

struct DeliveryOptions {
  std::string webhook;         // "" = no webhook
  std::string webhook_header;  // "" = none
  std::string command;         // "" = no command
  std::chrono::milliseconds timeout{10'000};
  std::chrono::milliseconds retry_base{30'000};
  std::chrono::milliseconds retry_cap{3'600'000};
  EnvLookup env = ProcessEnvironment();
};

// The delivery options of an [alerts] table.
DeliveryOptions DeliveryOptionsFrom(const config::AlertsConfig& alerts);

// What one delivery pass did.
struct DeliveryPass {
  int delivered = 0;  // alerts every channel now has
  int failed = 0;     // alerts with a failed attempt (retried later)
};

// Log lines from delivery: (is_warning, message). Called from the delivery thread too.
using DeliveryLog = std::function<void(bool warning, const std::string& message)>;

class AlertDelivery {
 public:
  // Opens its own connection to the database at `db_path` (schema applied by the caller), so it
  // reads only committed alerts. `clock` must outlive this object. Throws storage::DbError.
  AlertDelivery(const std::string& db_path, DeliveryOptions options, const Clock& clock,
                DeliveryLog log);
  // Stop().
  ~AlertDelivery();
  AlertDelivery(const AlertDelivery&) = delete;
  AlertDelivery& operator=(const AlertDelivery&) = delete;

  // True when a webhook or a command is configured; without one, alerts stay in the database.
  bool HasChannel() const;

  // Delivers every due alert once, oldest first; starts no new attempt after `deadline`.
  // A database error while recording an outcome keeps it in memory and records it before the
  // next pass, so an answered channel is never asked again in this process. Not to be called
  // while the background thread runs. Throws storage::DbError when the outbox cannot be read.
  DeliveryPass DeliverDue(std::optional<Clock::TimePoint> deadline = std::nullopt);

  // Starts a background thread that runs a pass now and then every `interval` (the crawl's
  // batches commit continuously; new alerts are picked up by the next pass). No-op without a
  // channel.
  void Start(std::chrono::milliseconds interval);
  // Stops the thread after its current attempt (at most one timeout). Idempotent.
  void Stop();

  // The outbox's counts now. Not to be called while the background thread runs. Throws
  // storage::DbError.
  storage::OutboxCounts Counts();

  // Outcomes since construction.
  int delivered_total() const { return delivered_total_.load(); }
  int failed_total() const { return failed_total_.load(); }

 private:
  // An outcome to write to the outbox.
  struct Outcome {
    enum class Kind { kChannel, kDelivered, kFailed } kind = Kind::kDelivered;
    std::int64_t id = 0;
    storage::AlertChannel channel = storage::AlertChannel::kWebhook;
    std::string now;
    std::string error;
    std::string next_attempt_at;
  };

  DeliveryPass Pass(std::optional<Clock::TimePoint> deadline, bool in_thread);
  void DeliverOne(const storage::OutboxAlert& alert, DeliveryPass& pass);
  void Record(Outcome outcome);
  void Apply(const Outcome& outcome);
  bool FlushUnrecorded();
  void Run(std::chrono::milliseconds interval);

  DeliveryOptions options_;
  const Clock& clock_;
  DeliveryLog log_;
  storage::Db db_;
  storage::AlertStore store_;
  std::vector<Outcome> unrecorded_;
  std::mutex pass_mutex_;  // one pass at a time on the connection
  std::atomic<int> delivered_total_{0};
  std::atomic<int> failed_total_{0};

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;  // declared last: joined by Stop() before the members above go
};

}  // namespace pricecrawl::crawler
