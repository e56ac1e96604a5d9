#pragma once
// The alerts outbox and the per-product alert state (issue 6, DESIGN.md `alerts`). The crawl
// writes alert rows in the same transaction as the observation that raised them; delivery reads
// committed rows later, records each channel's 2xx / exit 0 as it happens (so a retry never
// resends to a channel that already answered), sets delivered_at once every configured channel
// has it, and otherwise keeps last_error, attempts and next_attempt_at for the back-off.
//
// Not thread-safe: the caller serialises access to the connection.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "storage/sqlite.h"

namespace pricecrawl::storage {

// One product's row of product_alert_state; decimals as exact text, "" for none.
struct AlertStateRow {
  std::string reference_price;
  std::string reference_currency;
  std::string last_price;
  std::string last_currency;
  std::string last_availability;  // "" or an availability name ("in_stock", ...)
  bool target_armed = true;
  std::string armed_for_target;

  bool operator==(const AlertStateRow&) const = default;
};

// An alert to add to the outbox.
struct NewAlert {
  std::int64_t product_id = 0;
  std::string url;
  std::string title;
  std::string kind;       // "drop", "target", "back_in_stock"
  std::string old_price;  // "" = NULL
  std::string new_price;
  std::string currency;        // "" = NULL
  std::string change_percent;  // "" = NULL
  std::string observed_at;
  std::string created_at;
};

enum class AlertChannel { kWebhook, kCommand };

// An undelivered alert as delivery reads it.
struct OutboxAlert {
  std::int64_t id = 0;
  std::string url, title, kind, old_price, new_price, currency, change_percent, observed_at,
      created_at;
  std::int64_t attempts = 0;
  bool webhook_delivered = false;
  bool command_delivered = false;
  std::string last_error;
};

// Outbox counts for `status`.
struct OutboxCounts {
  std::int64_t total = 0;
  std::int64_t undelivered = 0;
  std::int64_t failing = 0;     // undelivered with at least one failed attempt
  std::string last_error;       // of the most recently failed undelivered alert
  std::string next_attempt_at;  // earliest retry time among them, "" when none
};

class AlertStore {
 public:
  // `db` must outlive the store and already carry the schema (version >= 2).
  explicit AlertStore(sqlite3* db);

  // The product's alert state, or nullopt when the rules have not seen it yet.
  std::optional<AlertStateRow> LoadState(std::int64_t product_id);
  void SaveState(std::int64_t product_id, const AlertStateRow& state, std::string_view now);

  // urls.target_price of the frontier row for `url` (a seed line's target=); "" when none.
  std::string TargetFor(std::string_view url);

  // Adds an undelivered alert; returns its id.
  std::int64_t Add(const NewAlert& alert);

  // Undelivered alerts with id > `after_id` whose next attempt is due at `now` (or that were
  // never attempted), oldest first, at most `limit`.
  std::vector<OutboxAlert> Due(std::string_view now, std::int64_t after_id, int limit);
  // The channel answered 2xx / exit 0 for alert `id`.
  void MarkChannelDelivered(std::int64_t id, AlertChannel channel, std::string_view now);
  // Every configured channel has the alert: sets delivered_at (last_error stays as a record).
  void MarkDelivered(std::int64_t id, std::string_view now);
  // An attempt failed: attempts + 1, last_error, and when to try again.
  void MarkFailed(std::int64_t id, std::string_view error, std::string_view next_attempt_at);

  OutboxCounts Counts();

 private:
  sqlite3* db_;  // not owned
  Stmt load_state_;
  Stmt save_state_;
  Stmt target_;
  Stmt add_;
  Stmt due_;
  Stmt webhook_done_;
  Stmt command_done_;
  Stmt delivered_;
  Stmt failed_;
};

}  // namespace pricecrawl::storage
