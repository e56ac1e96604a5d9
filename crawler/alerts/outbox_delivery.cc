#include "crawler/alerts/outbox_delivery.h"

#include <algorithm>
#include <utility>

#include "config/duration.h"
#include "crawler/alerts/alert_json.h"
#include "crawler/alerts/channel_result.h"
#include "crawler/alerts/command_channel.h"
#include "crawler/alerts/webhook.h"
#include "storage/timestamp.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

constexpr int kBatch = 32;

}  // namespace

std::chrono::milliseconds RetryDelay(std::int64_t failed_attempts, std::chrono::milliseconds base,
                                     std::chrono::milliseconds cap) {
  milliseconds delay = base;
  for (std::int64_t i = 1; i < failed_attempts && delay < cap; ++i) {
    delay *= 2;
  }
  return std::min(delay, cap);
}

DeliveryOptions DeliveryOptionsFrom(const config::AlertsConfig& alerts) {
  DeliveryOptions options;
  options.webhook = alerts.webhook;
  options.webhook_header = alerts.webhook_header;
  options.command = alerts.command;
  options.timeout = alerts.timeout;
  return options;
}

AlertDelivery::AlertDelivery(const std::string& db_path, DeliveryOptions options,
                             const Clock& clock, DeliveryLog log)
    : options_(std::move(options)),
      clock_(clock),
      log_(std::move(log)),
      db_(storage::OpenDatabase(db_path)),
      store_(db_.get()) {}

AlertDelivery::~AlertDelivery() {
  Stop();
}

bool AlertDelivery::HasChannel() const {
  return !options_.webhook.empty() || !options_.command.empty();
}

DeliveryPass AlertDelivery::DeliverDue(std::optional<Clock::TimePoint> deadline) {
  return Pass(deadline, /*in_thread=*/false);
}

DeliveryPass AlertDelivery::Pass(std::optional<Clock::TimePoint> deadline, bool in_thread) {
  std::lock_guard lock(pass_mutex_);
  DeliveryPass pass;
  if (!HasChannel() || !FlushUnrecorded()) {
    return pass;
  }
  std::int64_t after_id = 0;
  while (true) {
    const std::vector<storage::OutboxAlert> due =
        store_.Due(storage::FormatTimestamp(clock_.WallNow()), after_id, kBatch);
    if (due.empty()) {
      break;
    }
    for (const storage::OutboxAlert& alert : due) {
      after_id = alert.id;
      if ((deadline && clock_.Now() >= *deadline) || (in_thread && stopping_.load())) {
        return pass;
      }
      DeliverOne(alert, pass);
    }
  }
  return pass;
}

void AlertDelivery::DeliverOne(const storage::OutboxAlert& alert, DeliveryPass& pass) {
  const std::string json = AlertJson(alert);
  std::vector<std::string> errors;
  const auto channel_done = [&](storage::AlertChannel channel) {
    Outcome outcome;
    outcome.kind = Outcome::Kind::kChannel;
    outcome.id = alert.id;
    outcome.channel = channel;
    outcome.now = storage::FormatTimestamp(clock_.WallNow());
    Record(std::move(outcome));
  };
  if (!options_.webhook.empty() && !alert.webhook_delivered) {
    const ChannelResult r = PostWebhook(options_.webhook, options_.webhook_header, json, alert.id,
                                        options_.timeout, options_.env);
    if (r.delivered) {
      channel_done(storage::AlertChannel::kWebhook);
    } else {
      errors.push_back(r.error);
    }
  }
  if (!options_.command.empty() && !alert.command_delivered) {
    const ChannelResult r = RunAlertCommand(options_.command, json, options_.timeout, options_.env);
    if (r.delivered) {
      channel_done(storage::AlertChannel::kCommand);
    } else {
      errors.push_back(r.error);
    }
  }
  const std::string what =
      "alert " + std::to_string(alert.id) + " (" + alert.kind + " " + alert.url + ")";
  Outcome outcome;
  outcome.id = alert.id;
  outcome.now = storage::FormatTimestamp(clock_.WallNow());
  if (errors.empty()) {
    outcome.kind = Outcome::Kind::kDelivered;
    Record(std::move(outcome));
    ++pass.delivered;
    delivered_total_.fetch_add(1);
    if (log_) {
      log_(false, what + " delivered");
    }
    return;
  }
  std::string error;
  for (const std::string& e : errors) {
    error += (error.empty() ? "" : "; ") + e;
  }
  const milliseconds delay =
      RetryDelay(alert.attempts + 1, options_.retry_base, options_.retry_cap);
  outcome.kind = Outcome::Kind::kFailed;
  outcome.error = error;
  outcome.next_attempt_at = storage::FormatTimestamp(
      clock_.WallNow() + std::chrono::duration_cast<std::chrono::system_clock::duration>(delay));
  Record(std::move(outcome));
  ++pass.failed;
  failed_total_.fetch_add(1);
  if (log_) {
    log_(true,
         what + " not delivered: " + error + "; next attempt in " + config::FormatDuration(delay));
  }
}

void AlertDelivery::Apply(const Outcome& outcome) {
  switch (outcome.kind) {
    case Outcome::Kind::kChannel:
      store_.MarkChannelDelivered(outcome.id, outcome.channel, outcome.now);
      break;
    case Outcome::Kind::kDelivered:
      store_.MarkDelivered(outcome.id, outcome.now);
      break;
    case Outcome::Kind::kFailed:
      store_.MarkFailed(outcome.id, outcome.error, outcome.next_attempt_at);
      break;
  }
}

void AlertDelivery::Record(Outcome outcome) {
  if (unrecorded_.empty()) {
    try {
      Apply(outcome);
      return;
    } catch (const storage::DbError& e) {
      if (log_) {
        log_(true, "alert " + std::to_string(outcome.id) + ": outcome not recorded yet (" +
                       e.what() + "); trying again");
      }
    }
  }
  unrecorded_.push_back(std::move(outcome));
}

bool AlertDelivery::FlushUnrecorded() {
  std::size_t done = 0;
  try {
    for (; done < unrecorded_.size(); ++done) {
      Apply(unrecorded_[done]);
    }
  } catch (const storage::DbError&) {
  }
  unrecorded_.erase(unrecorded_.begin(), unrecorded_.begin() + static_cast<std::ptrdiff_t>(done));
  return unrecorded_.empty();
}

storage::OutboxCounts AlertDelivery::Counts() {
  std::lock_guard lock(pass_mutex_);
  return store_.Counts();
}

void AlertDelivery::Start(std::chrono::milliseconds interval) {
  if (!HasChannel() || thread_.joinable()) {
    return;
  }
  {
    std::lock_guard lock(wake_mutex_);
    stop_ = false;
  }
  stopping_.store(false);
  thread_ = std::thread([this, interval] { Run(interval); });
}

void AlertDelivery::Run(std::chrono::milliseconds interval) {
  while (true) {
    try {
      Pass(std::nullopt, /*in_thread=*/true);
    } catch (const std::exception& e) {
      if (log_) {
        log_(true, std::string("alert delivery: ") + e.what() + "; trying again later");
      }
    }
    std::unique_lock lock(wake_mutex_);
    if (wake_.wait_for(lock, interval, [this] { return stop_; })) {
      return;
    }
  }
}

void AlertDelivery::Stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stop_ = true;
  }
  stopping_.store(true);
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace pricecrawl::crawler
