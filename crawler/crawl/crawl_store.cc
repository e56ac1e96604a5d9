#include "crawler/crawl/crawl_store.h"

#include <cstdint>
#include <unordered_set>
#include <utility>

#include "crawler/crawl/page_outcome.h"
#include "crawler/fetch/url.h"
#include "crawler/price/decimal.h"
#include "crawler/price/product.h"
#include "storage/timestamp.h"

namespace pricecrawl::crawler {

CrawlStore::CrawlStore(storage::Db db, const Clock& clock, BatchLimits limits)
    : db_(std::move(db)),
      clock_(clock),
      limits_(limits),
      frontier_(db_.get()),
      runs_(db_.get()),
      hosts_(db_.get()),
      prices_(db_.get()),
      alerts_(db_.get()) {}

CrawlStore::~CrawlStore() {
  std::lock_guard lock(mutex_);
  transaction_.reset();  // an uncommitted batch rolls back; its URLs stay queued/in flight
}

void CrawlStore::SetRunId(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  run_id_ = run_id;
}

void CrawlStore::SetDropPercent(const Decimal& drop_percent) {
  std::lock_guard lock(mutex_);
  drop_percent_ = drop_percent;
}

std::string CrawlStore::NowText() const {
  return storage::FormatTimestamp(clock_.WallNow());
}

void CrawlStore::EnsureTransaction() {
  if (!transaction_) {
    transaction_.emplace(db_.get());
    batch_started_ = clock_.Now();
    batch_pages_ = 0;
  }
}

void CrawlStore::CommitLocked() {
  if (!transaction_) {
    return;
  }
  if (run_id_ > 0 && (pending_pages_ > 0 || pending_errors_ > 0)) {
    runs_.AddCounts(run_id_, pending_pages_, pending_errors_);
    pending_pages_ = 0;
    pending_errors_ = 0;
  }
  transaction_->Commit();
  transaction_.reset();
}

std::vector<std::string> CrawlStore::QueuedHosts() {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  return frontier_.QueuedHosts();
}

std::vector<storage::ClaimedUrl> CrawlStore::Claim(const std::string& host, int limit) {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  return frontier_.ClaimForHost(host, limit, NowText());
}

StoredPage CrawlStore::Store(const ParsedPage& page) {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  const auto wall_now = clock_.WallNow();
  const std::string now = storage::FormatTimestamp(wall_now);
  const FetchResult& fetch = page.fetch;
  const FetchVerdict& verdict = page.verdict;
  if (page.robots) {
    return StoreRobots(page, now);
  }

  storage::UrlOutcome outcome;
  outcome.url_id = fetch.request.url_id;
  outcome.state = verdict.state;
  outcome.http_status = fetch.http_status;
  outcome.error = verdict.error;
  outcome.spend_attempt = verdict.spend_attempt;
  outcome.reset_attempts = verdict.reset_attempts;
  outcome.run_id = run_id_;
  if (verdict.counts_as_page) {
    outcome.fetched_at = now;
    outcome.content_type = fetch.content_type;
    if (fetch.http_status != 304) {
      outcome.etag = fetch.etag;
      outcome.last_modified = fetch.last_modified;
    }
  }
  if (verdict.due_in) {
    outcome.next_fetch_at = storage::FormatTimestamp(
        wall_now +
        std::chrono::duration_cast<std::chrono::system_clock::duration>(*verdict.due_in));
  }
  frontier_.Record(outcome);
  if (verdict.state == storage::UrlState::kDone && page.final_url != fetch.request.url) {
    frontier_.RecordRedirectTarget(page.final_url, HostKey(page.final_url), fetch.request.depth,
                                   fetch.http_status, now, outcome.next_fetch_at, run_id_);
  }

  if (page.product) {
    StoreProduct(page, now);
  } else if (fetch.http_status == 304) {
    prices_.TouchByUrl(fetch.request.url, now);
  }

  StoredPage stored;
  stored.url = fetch.request.url;
  stored.outcome = PageOutcome(page);
  stored.host = fetch.request.host;
  stored.http_status = fetch.http_status;
  stored.counted_page = verdict.counts_as_page;
  stored.counted_error = verdict.counts_as_error;
  stored.host_pause = verdict.host_pause;
  if (verdict.state == storage::UrlState::kQueued && verdict.counts_as_page) {
    stored.new_urls = 1;  // a retry goes back to the queue
    stored.retry_in = verdict.due_in;
  }
  std::unordered_set<std::string> hosts;
  for (const DiscoveredLink& link : page.links) {
    if (!frontier_.Enqueue(link.url, link.host, link.depth, now)) {
      continue;
    }
    ++stored.new_urls;
    if (hosts.insert(link.host).second) {
      stored.hosts_with_new_urls.push_back(link.host);
    }
  }
  if (verdict.counts_as_page) {
    ++pending_pages_;
  }
  if (verdict.counts_as_error) {
    ++pending_errors_;
  }
  CountInBatch();
  return stored;
}

StoredPage CrawlStore::StoreRobots(const ParsedPage& page, const std::string& now) {
  StoredPage stored;
  stored.url = page.fetch.request.url;
  stored.outcome = PageOutcome(page);
  stored.host = page.fetch.request.host;
  stored.http_status = page.fetch.http_status;
  stored.robots = page.robots;
  const RobotsResult& robots = *page.robots;
  if (robots.available) {
    std::string sitemaps;
    for (const std::string& sitemap : robots.policy->sitemaps()) {
      sitemaps += sitemap + "\n";
    }
    const auto delay = robots.policy->crawl_delay();
    hosts_.SaveRobots(stored.host, robots.http_status, robots.body, now,
                      delay ? delay->count() : -1, sitemaps);
  }
  CountInBatch();
  return stored;
}

void CrawlStore::StoreProduct(const ParsedPage& page, const std::string& now) {
  const ProductData& product = *page.product;
  storage::ProductRecord record;
  record.url = page.final_url;
  record.canonical_url = page.canonical_url;
  if (record.canonical_url.empty() && !product.canonical_url.empty()) {
    record.canonical_url = NormalizeUrl(product.canonical_url).value_or(product.canonical_url);
  }
  record.title = product.title.empty() ? page.title : product.title;
  record.sku = product.sku;
  record.gtin = product.gtin;
  record.brand = product.brand;
  record.product_key = record.canonical_url.empty() ? record.url : record.canonical_url;
  if (!product.sku.empty()) {
    record.product_key += " sku=" + product.sku;
  } else if (!product.gtin.empty()) {
    record.product_key += " gtin=" + product.gtin;
  }
  const std::int64_t product_id = prices_.UpsertProduct(record, now);

  storage::ObservationRecord observation;
  observation.product_id = product_id;
  observation.run_id = run_id_;
  observation.observed_at = now;
  observation.price = product.price->ToString();
  observation.price_micros = product.price->ToMicros();
  observation.currency = product.currency;
  observation.availability = std::string(AvailabilityName(product.availability));
  observation.source = product.source;
  const std::optional<storage::LastObservation> last = prices_.Last(product_id);
  if (last) {
    if (const std::optional<Decimal> previous = Decimal::Parse(last->price)) {
      observation.previous_price = last->price;
      observation.previous_price_micros = last->price_micros;
      observation.changed = *previous != *product.price || last->currency != product.currency;
      if (const auto change = Decimal::PercentChange(*previous, *product.price)) {
        observation.change_percent = change->ToString();
        observation.change_basis_points = change->ToHundredths();
      }
    }
  }
  prices_.AddObservation(observation);
  RaiseAlerts(product_id, record, page, observation, last);
}

namespace {

Availability AvailabilityFromName(std::string_view name) {
  for (Availability a :
       {Availability::kInStock, Availability::kOutOfStock, Availability::kPreorder}) {
    if (AvailabilityName(a) == name) {
      return a;
    }
  }
  return Availability::kUnknown;
}

std::string TextOf(const std::optional<Decimal>& value) {
  return value ? value->ToString() : std::string();
}

AlertState StateFromRow(const storage::AlertStateRow& row) {
  AlertState state;
  state.seen = true;
  state.reference_price = Decimal::Parse(row.reference_price);
  state.reference_currency = row.reference_currency;
  state.last_price = Decimal::Parse(row.last_price);
  state.last_currency = row.last_currency;
  state.last_availability = AvailabilityFromName(row.last_availability);
  state.target_armed = row.target_armed;
  state.armed_for_target = Decimal::Parse(row.armed_for_target);
  return state;
}

storage::AlertStateRow RowFromState(const AlertState& state) {
  storage::AlertStateRow row;
  row.reference_price = TextOf(state.reference_price);
  row.reference_currency = state.reference_currency;
  row.last_price = TextOf(state.last_price);
  row.last_currency = state.last_currency;
  if (state.last_availability != Availability::kUnknown) {
    row.last_availability = std::string(AvailabilityName(state.last_availability));
  }
  row.target_armed = state.target_armed;
  row.armed_for_target = TextOf(state.armed_for_target);
  return row;
}

}  // namespace

void CrawlStore::RaiseAlerts(std::int64_t product_id, const storage::ProductRecord& record,
                             const ParsedPage& page, const storage::ObservationRecord& observation,
                             const std::optional<storage::LastObservation>& last) {
  AlertState state;
  if (const std::optional<storage::AlertStateRow> row = alerts_.LoadState(product_id)) {
    state = StateFromRow(*row);
  } else if (last) {
    // Observed before alerts were tracked (an older database): start from its last observation
    // instead of treating this one as the first sight.
    state.seen = true;
    state.reference_price = Decimal::Parse(last->price);
    state.reference_currency = last->currency;
    state.last_price = state.reference_price;
    state.last_currency = last->currency;
    state.last_availability = AvailabilityFromName(last->availability);
  }

  // The seed line's target=, matched on the URL as fetched, as stored or as declared canonical.
  AlertRules rules;
  rules.drop_percent = drop_percent_;
  for (const std::string* url : {&page.fetch.request.url, &record.url, &record.canonical_url}) {
    if (!url->empty()) {
      if (const std::string target = alerts_.TargetFor(*url); !target.empty()) {
        rules.target = Decimal::Parse(target);
        break;
      }
    }
  }

  const ProductData& product = *page.product;
  const AlertDecision decision = DecideAlerts(
      state, AlertObservation{*product.price, product.currency, product.availability}, rules);
  for (const RaisedAlert& raised : decision.alerts) {
    storage::NewAlert alert;
    alert.product_id = product_id;
    alert.url = record.url;
    alert.title = record.title;
    alert.kind = std::string(AlertKindName(raised.kind));
    alert.old_price = TextOf(raised.old_price);
    alert.new_price = raised.new_price.ToString();
    alert.currency = observation.currency;
    alert.change_percent = TextOf(raised.change_percent);
    alert.observed_at = observation.observed_at;
    alert.created_at = observation.observed_at;
    alerts_.Add(alert);
  }
  alerts_.SaveState(product_id, RowFromState(decision.next), observation.observed_at);
}

void CrawlStore::MarkDisallowed(const std::vector<storage::ClaimedUrl>& urls,
                                std::string_view next_fetch_at) {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  for (const storage::ClaimedUrl& url : urls) {
    storage::UrlOutcome outcome;
    outcome.url_id = url.id;
    outcome.state = storage::UrlState::kSkipped;
    outcome.error = "disallowed by robots.txt";
    outcome.next_fetch_at = std::string(next_fetch_at);
    outcome.run_id = run_id_;
    frontier_.Record(outcome);
  }
}

void CrawlStore::Requeue(const std::vector<storage::ClaimedUrl>& urls, std::string_view reason) {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  for (const storage::ClaimedUrl& url : urls) {
    storage::UrlOutcome outcome;
    outcome.url_id = url.id;
    outcome.state = storage::UrlState::kQueued;
    outcome.error = std::string(reason);
    outcome.run_id = run_id_;
    frontier_.Record(outcome);
  }
}

std::optional<storage::CachedRobots> CrawlStore::LoadRobots(const std::string& host) {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  return hosts_.LoadRobots(host);
}

std::optional<std::string> CrawlStore::EarliestDeferred() {
  std::lock_guard lock(mutex_);
  EnsureTransaction();
  return frontier_.EarliestDeferred();
}

void CrawlStore::CountInBatch() {
  if (++batch_pages_ >= limits_.batch_size) {
    CommitLocked();
  }
}

void CrawlStore::CommitIfDue() {
  std::lock_guard lock(mutex_);
  if (transaction_ && clock_.Now() - batch_started_ >= limits_.batch_interval) {
    CommitLocked();
  }
}

void CrawlStore::Commit() {
  std::lock_guard lock(mutex_);
  CommitLocked();
}

}  // namespace pricecrawl::crawler
