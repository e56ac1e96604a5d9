#include "storage/price_store.h"

namespace pricecrawl::storage {

PriceStore::PriceStore(sqlite3* db)
    : db_(db),
      upsert_(Prepare(db, R"sql(
        INSERT INTO products (product_key, url, canonical_url, title, sku, gtin, brand,
                              first_seen_at, last_seen_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
        ON CONFLICT (product_key) DO UPDATE SET url = excluded.url,
          canonical_url = excluded.canonical_url,
          title = COALESCE(excluded.title, title), sku = COALESCE(excluded.sku, sku),
          gtin = COALESCE(excluded.gtin, gtin), brand = COALESCE(excluded.brand, brand),
          last_seen_at = excluded.last_seen_at
        RETURNING id)sql")),
      last_(Prepare(db, R"sql(
        SELECT price, COALESCE(currency, ''), availability, price_micros FROM observations
        WHERE product_id = ?1 ORDER BY observed_at DESC, id DESC LIMIT 1)sql")),
      insert_(Prepare(db, R"sql(
        INSERT INTO observations (product_id, run_id, observed_at, price, price_micros, currency,
                                  availability, source, previous_price, change_percent, changed,
                                  previous_price_micros, change_basis_points)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13))sql")),
      touch_(Prepare(db, "UPDATE products SET last_seen_at = ?2 WHERE url = ?1")) {}

std::int64_t PriceStore::UpsertProduct(const ProductRecord& product, std::string_view now) {
  sqlite3_stmt* stmt = upsert_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, product.product_key);
  Bind(stmt, 2, product.url);
  BindTextOrNull(stmt, 3, product.canonical_url);
  BindTextOrNull(stmt, 4, product.title);
  BindTextOrNull(stmt, 5, product.sku);
  BindTextOrNull(stmt, 6, product.gtin);
  BindTextOrNull(stmt, 7, product.brand);
  Bind(stmt, 8, now);
  if (!StepRow(db_, stmt, "store product")) {
    throw DbError("store product: no id returned", SQLITE_ERROR);
  }
  const std::int64_t id = ColumnInt(stmt, 0);
  StepDone(db_, stmt, "store product");
  return id;
}

std::optional<LastObservation> PriceStore::Last(std::int64_t product_id) {
  sqlite3_stmt* stmt = last_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, product_id);
  if (!StepRow(db_, stmt, "read last observation")) {
    return std::nullopt;
  }
  return LastObservation{ColumnText(stmt, 0), ColumnText(stmt, 1), ColumnText(stmt, 2),
                         ColumnInt(stmt, 3)};
}

void PriceStore::AddObservation(const ObservationRecord& o) {
  sqlite3_stmt* stmt = insert_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, o.product_id);
  if (o.run_id > 0) {
    Bind(stmt, 2, o.run_id);
  } else {
    BindNull(stmt, 2);
  }
  Bind(stmt, 3, o.observed_at);
  Bind(stmt, 4, o.price);
  Bind(stmt, 5, o.price_micros);
  BindTextOrNull(stmt, 6, o.currency);
  Bind(stmt, 7, o.availability);
  Bind(stmt, 8, o.source);
  BindTextOrNull(stmt, 9, o.previous_price);
  BindTextOrNull(stmt, 10, o.change_percent);
  Bind(stmt, 11, std::int64_t{o.changed ? 1 : 0});
  BindOptional(stmt, 12, o.previous_price_micros);
  BindOptional(stmt, 13, o.change_basis_points);
  StepDone(db_, stmt, "store observation");
}

void PriceStore::TouchByUrl(std::string_view url, std::string_view now) {
  sqlite3_stmt* stmt = touch_.get();
  StmtReset reset(stmt);
  Bind(stmt, 1, url);
  Bind(stmt, 2, now);
  StepDone(db_, stmt, "touch product");
}

}  // namespace pricecrawl::storage
