#pragma once
// Products and their price observations (DESIGN.md: products, price_history, latest_prices,
// price_changes). A product is identified by the URL it declares canonical (else the crawled
// URL) together with its SKU when the page gives one. Each fetch that finds a price adds one
// observation; the caller supplies the comparison with the previous one, computed exactly.
//
// Not thread-safe: the caller serialises access to the connection.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "storage/sqlite.h"

namespace pricecrawl::storage {

struct ProductRecord {
  std::string product_key;
  std::string url;
  std::string canonical_url;  // "" when the page declares none
  std::string title, sku, gtin, brand;
};

struct LastObservation {
  std::string price;
  std::string currency;
  std::string availability;
  std::int64_t price_micros = 0;  // the same price in millionths, exact
};

struct ObservationRecord {
  std::int64_t product_id = 0;
  std::int64_t run_id = 0;
  std::string observed_at;
  std::string price;  // exact decimal text
  std::int64_t price_micros = 0;
  std::string currency;
  std::string availability;
  std::string source;
  std::string previous_price;  // "" when none
  std::string change_percent;  // "" when none
  // Exact integers to sort on (nullopt = NULL, as the text beside them is ""): the previous
  // observation's price_micros, and change_percent x 100.
  std::optional<std::int64_t> previous_price_micros;
  std::optional<std::int64_t> change_basis_points;
  bool changed = false;
};

class PriceStore {
 public:
  // `db` must outlive the store and already carry the schema.
  explicit PriceStore(sqlite3* db);

  // Inserts or refreshes the product (title, SKU, … as last seen); returns its id.
  std::int64_t UpsertProduct(const ProductRecord& product, std::string_view now);
  std::optional<LastObservation> Last(std::int64_t product_id);
  void AddObservation(const ObservationRecord& observation);
  // A fetch found the page unchanged (304): the products on it were seen again.
  void TouchByUrl(std::string_view url, std::string_view now);

 private:
  sqlite3* db_;  // not owned
  Stmt upsert_;
  Stmt last_;
  Stmt insert_;
  Stmt touch_;
};

}  // namespace pricecrawl::storage
