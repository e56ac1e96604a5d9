#pragma once
// `pricecrawl crawl`: starts or resumes a pass over the frontier and drives it until the
// frontier is exhausted, --max-pages is reached, or a signal or --max-duration stops it
// (DESIGN.md "Command line"). The scheduling loop runs on the calling thread; fetching, parsing
// and storing run in the pipeline.

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "crawler/cli/exit_codes.h"

namespace pricecrawl::crawler {

enum class ProgressMode { kAuto, kAlways, kNever };
enum class Verbosity { kQuiet, kNormal, kVerbose };

struct CrawlOptions {
  std::string seeds_path;
  std::string db_path = "pricecrawl.db";
  std::string config_path;  // "" = built-in defaults
  std::optional<std::chrono::milliseconds> max_duration;
  std::optional<std::int64_t> max_pages;
  bool fresh = false;
  // Starts a new pass (as --fresh) in which every known page is due now, whatever its
  // recrawl_after.
  bool recheck = false;
  ProgressMode progress = ProgressMode::kAuto;
  std::string log_file;  // "" = none
  Verbosity verbosity = Verbosity::kNormal;
};

// Runs the crawl command and returns its exit code. The run summary goes to `out` (not with
// Verbosity::kQuiet), log lines to `err`: kQuiet shows only warnings and errors, kVerbose adds
// one line per URL with its outcome (crawl/page_outcome.h). Throws UsageError for bad seeds/config
// (exit 2) and storage::DbError for database failures (exit 1); the caller maps them.
// Installs SIGINT/SIGTERM handlers for its duration: the first stops gracefully, the second
// aborts transfers at once.
int RunCrawl(const CrawlOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pricecrawl::crawler
