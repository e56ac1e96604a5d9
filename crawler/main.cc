// pricecrawl's command line (DESIGN.md "Command line"): parses flags with CLI11, runs one
// command, and is the only place that maps errors to exit codes.

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include "config/duration.h"
#include "config/usage_error.h"
#include "crawler/crawl.h"
#include "crawler/curl_handles.h"
#include "crawler/status.h"
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
    crawl.verbosity = quiet ? Verbosity::kQuiet : verbose ? Verbosity::kVerbose : Verbosity::kNormal;
    return pricecrawl::crawler::RunCrawl(crawl, std::cout, std::cerr);
  }
  if (status_cmd->parsed()) {
    pricecrawl::crawler::PrintStatus(status_db, std::cout);
    return 0;
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
