#include "crawler/cli/status_command.h"

#include <cstdio>
#include <optional>

#include "storage/alert_store.h"
#include "storage/db_lock.h"
#include "storage/frontier_store.h"
#include "storage/query.h"
#include "storage/run_store.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace pricecrawl::crawler {
namespace {

std::string Row(const std::string& host, const storage::StateCounts& c) {
  char line[256];
  std::snprintf(line, sizeof line, "  %-32s %8lld %8lld %8lld %8lld %8lld\n", host.c_str(),
                static_cast<long long>(c.queued), static_cast<long long>(c.in_flight),
                static_cast<long long>(c.done), static_cast<long long>(c.failed),
                static_cast<long long>(c.skipped));
  return line;
}

}  // namespace

void PrintStatus(const std::string& db_path, std::ostream& out) {
  storage::Db db = storage::OpenExistingDatabase(db_path);
  const bool crawl_running = !storage::DbLock::TryAcquire(db_path).has_value();
  storage::RunStore runs(db.get());
  storage::FrontierStore frontier(db.get());

  out << "database: " << db_path << "\n";
  const std::optional<storage::RunRow> latest = runs.Latest();
  if (!latest) {
    out << "no runs yet\n";
  } else {
    out << "run " << latest->id << ": "
        << (crawl_running                 ? "running now (pid " + std::to_string(latest->pid) + ")"
            : latest->status == "running" ? "interrupted (the process died)"
                                          : latest->status)
        << ", started " << latest->started_at;
    if (!latest->finished_at.empty()) {
      out << ", ended " << latest->finished_at;
    }
    out << ", " << latest->pages_fetched << " pages, " << latest->errors << " errors";
    if (latest->resumes > 0) {
      out << ", resumed " << latest->resumes << "x";
    }
    out << "\n";
    if (!crawl_running && latest->status != "finished") {
      out << "the next 'pricecrawl crawl' resumes this run\n";
    }
  }
  const storage::StateCounts counts = frontier.Counts();
  out << "urls: " << counts.Total() << " (queued " << counts.queued << ", in flight "
      << counts.in_flight << ", done " << counts.done << ", failed " << counts.failed
      << ", skipped " << counts.skipped << ")\n";
  const storage::ProductCounts products = storage::CountProducts(db.get());
  out << "products: " << products.products << " (out of stock " << products.out_of_stock
      << ", observations " << products.observations << ")\n";
  const storage::OutboxCounts alerts = storage::AlertStore(db.get()).Counts();
  out << "alerts: " << alerts.total << " (undelivered " << alerts.undelivered;
  if (alerts.failing > 0) {
    out << ", " << alerts.failing << " failing, next attempt " << alerts.next_attempt_at;
  }
  out << ")\n";
  if (!alerts.last_error.empty()) {
    out << "  last delivery error: " << alerts.last_error << "\n";
  }
  const auto hosts = frontier.CountsByHost(20);
  if (!hosts.empty()) {
    char header[256];
    std::snprintf(header, sizeof header, "  %-32s %8s %8s %8s %8s %8s\n", "host", "queued",
                  "inflight", "done", "failed", "skipped");
    out << "hosts (busiest " << hosts.size() << "):\n" << header;
    for (const storage::HostCounts& host : hosts) {
      out << Row(host.host.empty() ? "(file)" : host.host, host.counts);
    }
  }
}

}  // namespace pricecrawl::crawler
