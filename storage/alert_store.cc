#include "storage/alert_store.h"

namespace pricecrawl::storage {

AlertStore::AlertStore(sqlite3* db)
    : db_(db),
      load_state_(Prepare(db, R"sql(
        SELECT reference_price, reference_currency, last_price, last_currency, last_availability,
               target_armed, armed_for_target
        FROM product_alert_state WHERE product_id = ?1)sql")),
      save_state_(Prepare(db, R"sql(
        INSERT INTO product_alert_state (product_id, reference_price, reference_currency,
          last_price, last_currency, last_availability, target_armed, armed_for_target,
          updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        ON CONFLICT (product_id) DO UPDATE SET reference_price = excluded.reference_price,
          reference_currency = excluded.reference_currency, last_price = excluded.last_price,
          last_currency = excluded.last_currency, last_availability = excluded.last_availability,
          target_armed = excluded.target_armed, armed_for_target = excluded.armed_for_target,
          updated_at = excluded.updated_at)sql")),
      target_(Prepare(db, "SELECT target_price FROM urls WHERE url = ?1")),
      add_(Prepare(db, R"sql(
        INSERT INTO alerts (url, kind, old_price, new_price, created_at, product_id, title,
                            currency, change_percent, observed_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id)sql")),
      due_(Prepare(db, R"sql(
        SELECT id, url, COALESCE(title, ''), kind, COALESCE(old_price, ''),
               COALESCE(new_price, ''), COALESCE(currency, ''), COALESCE(change_percent, ''),
               COALESCE(observed_at, created_at), created_at, attempts,
               webhook_delivered_at IS NOT NULL, command_delivered_at IS NOT NULL,
               COALESCE(last_error, '')
        FROM alerts
        WHERE delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
          AND id > ?2
        ORDER BY id LIMIT ?3)sql")),
      webhook_done_(Prepare(db, R"sql(
        UPDATE alerts SET webhook_delivered_at = ?2
        WHERE id = ?1 AND webhook_delivered_at IS NULL)sql")),
      command_done_(Prepare(db, R"sql(
        UPDATE alerts SET command_delivered_at = ?2
        WHERE id = ?1 AND command_delivered_at IS NULL)sql")),
      delivered_(Prepare(db, R"sql(
        UPDATE alerts SET delivered_at = ?2, next_attempt_at = NULL
        WHERE id = ?1 AND delivered_at IS NULL)sql")),
      failed_(Prepare(db, R"sql(
        UPDATE alerts SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
        WHERE id = ?1 AND delivered_at IS NULL)sql")) {}

std::optional<AlertStateRow> AlertStore::LoadState(std::int64_t product_id) {
  sqlite3_stmt* stmt = load_state_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, product_id);
  if (!StepRow(db_, stmt, "read alert state")) {
    return std::nullopt;
  }
  AlertStateRow row;
  row.reference_price = ColumnText(stmt, 0);
  row.reference_currency = ColumnText(stmt, 1);
  row.last_price = ColumnText(stmt, 2);
  row.last_currency = ColumnText(stmt, 3);
  row.last_availability = ColumnText(stmt, 4);
  row.target_armed = ColumnInt(stmt, 5) != 0;
  row.armed_for_target = ColumnText(stmt, 6);
  return row;
}

void AlertStore::SaveState(std::int64_t product_id, const AlertStateRow& state,
                           std::string_view now) {
  sqlite3_stmt* stmt = save_state_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, product_id);
  BindTextOrNull(stmt, 2, state.reference_price);
  BindTextOrNull(stmt, 3, state.reference_currency);
  BindTextOrNull(stmt, 4, state.last_price);
  BindTextOrNull(stmt, 5, state.last_currency);
  BindTextOrNull(stmt, 6, state.last_availability);
  Bind(stmt, 7, std::int64_t{state.target_armed ? 1 : 0});
  BindTextOrNull(stmt, 8, state.armed_for_target);
  Bind(stmt, 9, now);
  StepDone(db_, stmt, "store alert state");
}

std::string AlertStore::TargetFor(std::string_view url) {
  sqlite3_stmt* stmt = target_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, url);
  return StepRow(db_, stmt, "read target price") ? ColumnText(stmt, 0) : std::string();
}

std::int64_t AlertStore::Add(const NewAlert& alert) {
  sqlite3_stmt* stmt = add_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, alert.url);
  Bind(stmt, 2, alert.kind);
  BindTextOrNull(stmt, 3, alert.old_price);
  BindTextOrNull(stmt, 4, alert.new_price);
  Bind(stmt, 5, alert.created_at);
  if (alert.product_id > 0) {
    Bind(stmt, 6, alert.product_id);
  } else {
    BindNull(stmt, 6);
  }
  BindTextOrNull(stmt, 7, alert.title);
  BindTextOrNull(stmt, 8, alert.currency);
  BindTextOrNull(stmt, 9, alert.change_percent);
  BindTextOrNull(stmt, 10, alert.observed_at);
  if (!StepRow(db_, stmt, "store alert")) {
    throw DbError("store alert: no id returned", SQLITE_ERROR);
  }
  const std::int64_t id = ColumnInt(stmt, 0);
  StepDone(db_, stmt, "store alert");
  return id;
}

std::vector<OutboxAlert> AlertStore::Due(std::string_view now, std::int64_t after_id, int limit) {
  sqlite3_stmt* stmt = due_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, now);
  Bind(stmt, 2, after_id);
  Bind(stmt, 3, std::int64_t{limit});
  std::vector<OutboxAlert> alerts;
  while (StepRow(db_, stmt, "read alert outbox")) {
    OutboxAlert a;
    a.id = ColumnInt(stmt, 0);
    a.url = ColumnText(stmt, 1);
    a.title = ColumnText(stmt, 2);
    a.kind = ColumnText(stmt, 3);
    a.old_price = ColumnText(stmt, 4);
    a.new_price = ColumnText(stmt, 5);
    a.currency = ColumnText(stmt, 6);
    a.change_percent = ColumnText(stmt, 7);
    a.observed_at = ColumnText(stmt, 8);
    a.created_at = ColumnText(stmt, 9);
    a.attempts = ColumnInt(stmt, 10);
    a.webhook_delivered = ColumnInt(stmt, 11) != 0;
    a.command_delivered = ColumnInt(stmt, 12) != 0;
    a.last_error = ColumnText(stmt, 13);
    alerts.push_back(std::move(a));
  }
  return alerts;
}

void AlertStore::MarkChannelDelivered(std::int64_t id, AlertChannel channel, std::string_view now) {
  sqlite3_stmt* stmt =
      channel == AlertChannel::kWebhook ? webhook_done_.get() : command_done_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, id);
  Bind(stmt, 2, now);
  StepDone(db_, stmt, "record alert delivery");
}

void AlertStore::MarkDelivered(std::int64_t id, std::string_view now) {
  sqlite3_stmt* stmt = delivered_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, id);
  Bind(stmt, 2, now);
  StepDone(db_, stmt, "record alert delivery");
}

void AlertStore::MarkFailed(std::int64_t id, std::string_view error,
                            std::string_view next_attempt_at) {
  sqlite3_stmt* stmt = failed_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, id);
  Bind(stmt, 2, error);
  Bind(stmt, 3, next_attempt_at);
  StepDone(db_, stmt, "record alert failure");
}

OutboxCounts AlertStore::Counts() {
  OutboxCounts counts;
  Stmt stmt = Prepare(db_, R"sql(
    SELECT COUNT(*), COUNT(*) FILTER (WHERE delivered_at IS NULL),
           COUNT(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0),
           MIN(next_attempt_at) FILTER (WHERE delivered_at IS NULL)
    FROM alerts)sql");
  if (StepRow(db_, stmt.get(), "count alerts")) {
    counts.total = ColumnInt(stmt.get(), 0);
    counts.undelivered = ColumnInt(stmt.get(), 1);
    counts.failing = ColumnInt(stmt.get(), 2);
    counts.next_attempt_at = ColumnText(stmt.get(), 3);
  }
  Stmt error = Prepare(db_, R"sql(
    SELECT last_error FROM alerts
    WHERE delivered_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1)sql");
  if (StepRow(db_, error.get(), "read alert error")) {
    counts.last_error = ColumnText(error.get(), 0);
  }
  return counts;
}

}  // namespace pricecrawl::storage
