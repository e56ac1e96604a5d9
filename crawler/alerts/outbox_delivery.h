#pragma once
// Delivery of the alerts outbox (issue 6, "Alerts"): after the crawl's batch commits, never
// inside it. Each undelivered alert goes to the configured channels, a webhook (webhook.h) and/or
// a command (command_channel.h). delivered_at is set only once every channel answered; a failure
// keeps last_error and is retried with exponential back-off (30 s base, 1 h cap) in this run and
// the next ones. Logs and error texts show the configured (unexpanded) text, never a secret.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "crawler/alerts/secrets.h"
#include "crawler/base/clock.h"
#include "storage/alert_store.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {

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
