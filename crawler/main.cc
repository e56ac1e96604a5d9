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
#include "crawler/fetch/curl_global.h"
#include "crawler/report/html_report.h"
#include "storage/sqlite.h"

namespace {

namespace crawler = pricecrawl::crawler;
using crawler::CrawlOptions;
using crawler::ProgressMode;
using crawler::Verbosity;

// Each subcommand's flags, filled in by CLI11 while parsing; defaults are the help's defaults.
struct CrawlFlags {
  CrawlOptions options;
  std::string max_duration;
  std::string progress = "auto";
  bool verbose = false;
  bool quiet = false;
};

struct StatusFlags {
  std::string db = "pricecrawl.db";
};

struct PricesFlags {
  std::string db = "pricecrawl.db";
  std::string format = "table";
  bool changed = false;
};

struct HistoryFlags {
  std::string url;
  std::string db = "pricecrawl.db";
  std::string format = "table";
};

struct ReportFlags {
  std::string html;
  std::string db = "pricecrawl.db";
};

struct ExtractFlags {
  std::string target;
  std::string base;
  std::string config;
  std::string format = "table";
  std::string sku;
};

// Each Add*Command registers one subcommand on `app`, binding its flags to `flags` (which must
// outlive parsing), and returns the subcommand (owned by `app`). The order of the calls is the
// order of the help text.
CLI::App* AddCrawlCommand(CLI::App& app, CrawlFlags& flags) {
  CrawlOptions& crawl = flags.options;
  CLI::App* cmd = app.add_subcommand("crawl", "crawl the seeds (resumes an unfinished run)");
  cmd->add_option("--seeds", crawl.seeds_path, "seed URLs, one per line")->required();
  cmd->add_option("--db", crawl.db_path, "SQLite database")->capture_default_str();
  cmd->add_option("--config", crawl.config_path, "TOML config");
  cmd->add_option("--max-duration", flags.max_duration, "stop after this long (e.g. 30m), exit 3");
  cmd->add_option("--max-pages", crawl.max_pages, "end the run after N fetches")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--fresh", crawl.fresh, "start a new pass even if the last did not finish");
  cmd->add_flag("--recheck", crawl.recheck,
                "start a new pass that fetches every known page now, due or not");
  cmd->add_option("--progress", flags.progress, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--log-file", crawl.log_file, "append log lines to FILE");
  cmd->add_flag("-v,--verbose", flags.verbose, "log every URL");
  cmd->add_flag("-q,--quiet", flags.quiet, "log only warnings and errors");
  return cmd;
}

CLI::App* AddStatusCommand(CLI::App& app, StatusFlags& flags) {
  CLI::App* cmd = app.add_subcommand("status", "run state, counts, per host");
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  return cmd;
}

CLI::App* AddPricesCommand(CLI::App& app, PricesFlags& flags) {
  CLI::App* cmd = app.add_subcommand("prices", "every product's latest price");
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  cmd->add_flag("--changed", flags.changed, "list price changes instead");
  cmd->add_option("--format", flags.format, "table|csv|json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  return cmd;
}

CLI::App* AddHistoryCommand(CLI::App& app, HistoryFlags& flags) {
  CLI::App* cmd = app.add_subcommand("history", "one product's price over time");
  cmd->add_option("URL", flags.url, "the product page (crawled or canonical URL)")->required();
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  cmd->add_option("--format", flags.format, "table|csv|json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  return cmd;
}

CLI::App* AddReportCommand(CLI::App& app, ReportFlags& flags) {
  CLI::App* cmd =
      app.add_subcommand("report", "an HTML page with every product's price history as charts");
  cmd->add_option("--html", flags.html, "the HTML file to write")->required();
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  return cmd;
}

CLI::App* AddExtractCommand(CLI::App& app, ExtractFlags& flags) {
  CLI::App* cmd =
      app.add_subcommand("extract", "what one page yields: every price candidate and the winner");
  cmd->add_option("TARGET", flags.target, "a URL to fetch, or a saved HTML file")->required();
  cmd->add_option("--url", flags.base, "the page's address, for a saved file");
  cmd->add_option("--config", flags.config, "TOML config ([host.extract] selectors)");
  cmd->add_option("--sku", flags.sku, "the variant to extract, as a seed line's sku=");
  cmd->add_option("--format", flags.format, "table|json")->check(CLI::IsMember({"table", "json"}));
  return cmd;
}

// Runs `pricecrawl crawl` once its flags are parsed. Throws UsageError for a bad
// --max-duration.
int RunCrawlCommand(CrawlFlags& flags) {
  CrawlOptions& crawl = flags.options;
  if (!flags.max_duration.empty()) {
    crawl.max_duration = pricecrawl::config::ParseDuration(flags.max_duration);
    if (!crawl.max_duration || crawl.max_duration->count() <= 0) {
      throw pricecrawl::UsageError("--max-duration '" + flags.max_duration +
                                   "': expected a duration such as 30m or 2h");
    }
  }
  crawl.progress = flags.progress == "always"  ? ProgressMode::kAlways
                   : flags.progress == "never" ? ProgressMode::kNever
                                               : ProgressMode::kAuto;
  crawl.verbosity = flags.quiet     ? Verbosity::kQuiet
                    : flags.verbose ? Verbosity::kVerbose
                                    : Verbosity::kNormal;
  return crawler::RunCrawl(crawl, std::cout, std::cerr);
}

// Runs `pricecrawl history`: exit 1 with a message when no product has the URL.
int RunHistoryCommand(const HistoryFlags& flags) {
  if (!crawler::PrintHistory(flags.db, flags.url, *crawler::ParseOutputFormat(flags.format),
                             std::cout)) {
    std::cerr << "pricecrawl: no product with URL '" << flags.url << "' in '" << flags.db << "'\n";
    return crawler::kExitFailure;
  }
  return 0;
}

// Runs `pricecrawl report` and says what it wrote.
int RunReportCommand(const ReportFlags& flags) {
  const crawler::ReportSummary summary =
      crawler::WriteHtmlReport(flags.db, flags.html, std::chrono::system_clock::now());
  std::cout << "wrote " << flags.html << ": " << summary.products << " products, "
            << summary.observations << " observations\n";
  return 0;
}

int Run(int argc, char** argv) {
  CLI::App app{"pricecrawl: a polite, resumable crawler that tracks shop prices in SQLite"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pricecrawl 0.1.0");
  CrawlFlags crawl;
  StatusFlags status;
  PricesFlags prices;
  HistoryFlags history;
  ReportFlags report;
  ExtractFlags extract;
  CLI::App* crawl_cmd = AddCrawlCommand(app, crawl);
  CLI::App* status_cmd = AddStatusCommand(app, status);
  CLI::App* prices_cmd = AddPricesCommand(app, prices);
  CLI::App* history_cmd = AddHistoryCommand(app, history);
  CLI::App* report_cmd = AddReportCommand(app, report);
  CLI::App* extract_cmd = AddExtractCommand(app, extract);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : crawler::kExitUsage;
  }

  if (crawl_cmd->parsed()) {
    return RunCrawlCommand(crawl);
  }
  if (status_cmd->parsed()) {
    crawler::PrintStatus(status.db, std::cout);
    return 0;
  }
  if (prices_cmd->parsed()) {
    crawler::PrintPrices(prices.db, prices.changed, *crawler::ParseOutputFormat(prices.format),
                         std::cout);
    return 0;
  }
  if (history_cmd->parsed()) {
    return RunHistoryCommand(history);
  }
  if (report_cmd->parsed()) {
    return RunReportCommand(report);
  }
  if (extract_cmd->parsed()) {
    crawler::ExtractRequest request;
    request.target = extract.target;
    request.base_url = extract.base;
    request.config_path = extract.config;
    request.format = extract.format;
    request.sku = extract.sku;
    return crawler::RunExtract(request, std::cout, std::cerr);
  }
  return crawler::kExitUsage;
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
