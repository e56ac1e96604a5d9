// pricecrawl's command line (DESIGN.md "Command line"): parses flags with CLI11, runs one
// command, and is the only place that maps errors to exit codes.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "config/duration.h"
#include "config/usage_error.h"
#include "crawler/cli/crawl_command.h"
#include "crawler/cli/extract_command.h"
#include "crawler/cli/price_commands.h"
#include "crawler/cli/status_command.h"
#include "crawler/fetch/curl_handles.h"
#include "crawler/report/html_report.h"
#include "storage/sqlite.h"

namespace {

using pricecrawl::crawler::CrawlOptions;
using pricecrawl::crawler::ProgressMode;
using pricecrawl::crawler::Verbosity;

int Run(int argc, char** argv) {
  CLI::App app{"pricecrawl: a polite, resumable crawler that tracks shop prices in SQLite"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pricecrawl 0.1.0");

  CrawlOptions crawl;
  std::string max_duration;
  std::string progress = "auto";
  bool verbose = false;
  bool quiet = false;
  CLI::App* crawl_cmd = app.add_subcommand("crawl", "crawl the seeds (resumes an unfinished run)");
  crawl_cmd->add_option("--seeds", crawl.seeds_path, "seed URLs, one per line")->required();
  crawl_cmd->add_option("--db", crawl.db_path, "SQLite database")->capture_default_str();
  crawl_cmd->add_option("--config", crawl.config_path, "TOML config");
  crawl_cmd->add_option("--max-duration", max_duration, "stop after this long (e.g. 30m), exit 3");
  crawl_cmd->add_option("--max-pages", crawl.max_pages, "end the run after N fetches")
      ->check(CLI::PositiveNumber);
  crawl_cmd->add_flag("--fresh", crawl.fresh, "start a new pass even if the last did not finish");
  crawl_cmd->add_option("--progress", progress, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  crawl_cmd->add_option("--log-file", crawl.log_file, "append log lines to FILE");
  crawl_cmd->add_flag("-v,--verbose", verbose, "log every URL");
  crawl_cmd->add_flag("-q,--quiet", quiet, "log only warnings and errors");

  std::string status_db = "pricecrawl.db";
  CLI::App* status_cmd = app.add_subcommand("status", "run state, counts, per host");
  status_cmd->add_option("--db", status_db, "SQLite database")->capture_default_str();

  std::string prices_db = "pricecrawl.db";
  std::string prices_format = "table";
  bool prices_changed = false;
  CLI::App* prices_cmd = app.add_subcommand("prices", "every product's latest price");
  prices_cmd->add_option("--db", prices_db, "SQLite database")->capture_default_str();
  prices_cmd->add_flag("--changed", prices_changed, "list price changes instead");
  prices_cmd->add_option("--format", prices_format, "table|csv|json")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  std::string history_url;
  std::string history_db = "pricecrawl.db";
  std::string history_format = "table";
  CLI::App* history_cmd = app.add_subcommand("history", "one product's price over time");
  history_cmd->add_option("URL", history_url, "the product page (crawled or canonical URL)")
      ->required();
  history_cmd->add_option("--db", history_db, "SQLite database")->capture_default_str();
  history_cmd->add_option("--format", history_format, "table|csv|json")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  std::string report_html;
  std::string report_db = "pricecrawl.db";
  CLI::App* report_cmd =
      app.add_subcommand("report", "an HTML page with every product's price history as charts");
  report_cmd->add_option("--html", report_html, "the HTML file to write")->required();
  report_cmd->add_option("--db", report_db, "SQLite database")->capture_default_str();

  std::string extract_target;
  std::string extract_base;
  std::string extract_config;
  std::string extract_format = "table";
  CLI::App* extract_cmd =
      app.add_subcommand("extract", "what one page yields: every price candidate and the winner");
  extract_cmd->add_option("TARGET", extract_target, "a URL to fetch, or a saved HTML file")
      ->required();
  extract_cmd->add_option("--url", extract_base, "the page's address, for a saved file");
  extract_cmd->add_option("--config", extract_config, "TOML config ([host.extract] selectors)");
  extract_cmd->add_option("--format", extract_format, "table|json")
      ->check(CLI::IsMember({"table", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : pricecrawl::crawler::kExitUsage;
  }

  if (crawl_cmd->parsed()) {
    if (!max_duration.empty()) {
      crawl.max_duration = pricecrawl::config::ParseDuration(max_duration);
      if (!crawl.max_duration || crawl.max_duration->count() <= 0) {
        throw pricecrawl::UsageError("--max-duration '" + max_duration +
                                     "': expected a duration such as 30m or 2h");
      }
    }
    crawl.progress = progress == "always"  ? ProgressMode::kAlways
                     : progress == "never" ? ProgressMode::kNever
                                           : ProgressMode::kAuto;
    crawl.verbosity = quiet     ? Verbosity::kQuiet
                      : verbose ? Verbosity::kVerbose
                                : Verbosity::kNormal;
    return pricecrawl::crawler::RunCrawl(crawl, std::cout, std::cerr);
  }
  if (status_cmd->parsed()) {
    pricecrawl::crawler::PrintStatus(status_db, std::cout);
    return 0;
  }
  if (prices_cmd->parsed()) {
    pricecrawl::crawler::PrintPrices(prices_db, prices_changed,
                                     *pricecrawl::crawler::ParseOutputFormat(prices_format),
                                     std::cout);
    return 0;
  }
  if (history_cmd->parsed()) {
    if (!pricecrawl::crawler::PrintHistory(history_db, history_url,
                                           *pricecrawl::crawler::ParseOutputFormat(history_format),
                                           std::cout)) {
      std::cerr << "pricecrawl: no product with URL '" << history_url << "' in '" << history_db
                << "'\n";
      return pricecrawl::crawler::kExitFailure;
    }
    return 0;
  }
  if (report_cmd->parsed()) {
    const pricecrawl::crawler::ReportSummary summary = pricecrawl::crawler::WriteHtmlReport(
        report_db, report_html, std::chrono::system_clock::now());
    std::cout << "wrote " << report_html << ": " << summary.products << " products, "
              << summary.observations << " observations\n";
    return 0;
  }
  if (extract_cmd->parsed()) {
    return pricecrawl::crawler::RunExtract(extract_target, extract_base, extract_config,
                                           extract_format, std::cout, std::cerr);
  }
  return pricecrawl::crawler::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // A server that closes the socket mid-transfer must give curl an error, not kill the crawl.
  std::signal(SIGPIPE, SIG_IGN);  // NOLINT(concurrency-mt-unsafe): before any thread starts
  try {
    const pricecrawl::crawler::CurlGlobal curl_global;  // before any thread starts
    return Run(argc, argv);
  } catch (const pricecrawl::UsageError& e) {
    std::cerr << "pricecrawl: " << e.what() << "\n";
    return pricecrawl::crawler::kExitUsage;
  } catch (const pricecrawl::storage::DbError& e) {
    std::cerr << "pricecrawl: " << e.what() << "\n";
    return pricecrawl::crawler::kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "pricecrawl: " << e.what() << "\n";
    return pricecrawl::crawler::kExitFailure;
  }
}
