// pricecrawl's command line (DESIGN.md "Command line"): parses flags with CLI11, runs one
// command, and is the only place that maps errors to exit codes.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "config/duration.h"
#include "config/usage_error.h"
#include "config/version.h"
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

// The exit codes as the top-level help lists them (DESIGN.md "Exit codes",
// crawler/cli/exit_codes.h).
constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0   the run finished (frontier exhausted, or --max-pages reached)\n"
    "  1   runtime failure (database unwritable, disk full, ...); message on stderr\n"
    "  2   usage, config or seeds error; the message names the file and line or the key\n"
    "  3   stopped early (signal or --max-duration); progress saved; run again to resume\n"
    "  75  another 'pricecrawl crawl' holds this database (safe for overlapping cron runs)\n";

std::string VersionText() {
  return "pricecrawl " + std::string(pricecrawl::config::Version());
}

// --max-pages N: a whole number of at least 1, said in words (CLI::PositiveNumber's message
// prints its range, which ends in the largest double).
CLI::Validator AtLeastOne() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        std::int64_t n = 0;
        const char* end = value.data() + value.size();
        const auto [last, ec] = std::from_chars(value.data(), end, n);
        if (ec != std::errc() || last != end || n < 1) {
          return "expected a whole number of at least 1, got '" + value + "'";
        }
        return {};
      },
      "");
}

// Gives `cmd` what every command has: -h/--help (from CLI11), -V/--version, and a footer with
// one example.
void AddCommonFlags(CLI::App* cmd, const std::string& example) {
  cmd->set_version_flag("-V,--version", VersionText(), "print the version and exit");
  cmd->footer("Example:\n  " + example + "\n");
}

// Each Add*Command registers one subcommand on `app`, binding its flags to `flags` (which must
// outlive parsing), and returns the subcommand (owned by `app`). The order of the calls is the
// order of the help text.
CLI::App* AddCrawlCommand(CLI::App& app, CrawlFlags& flags) {
  CrawlOptions& crawl = flags.options;
  CLI::App* cmd = app.add_subcommand("crawl", "crawl the seeds (resumes an unfinished run)");
  cmd->add_option("--seeds", crawl.seeds_path, "seed URLs, one per line")->required();
  cmd->add_option("--db", crawl.db_path, "SQLite database")->capture_default_str();
  cmd->add_option("--config", crawl.config_path, "TOML config (default: built-in defaults)");
  cmd->add_option("--max-duration", flags.max_duration,
                  "stop after this long (e.g. 30m), exit 3 (default: no limit)");
  cmd->add_option("--max-pages", crawl.max_pages, "end the run after N fetches (default: no limit)")
      ->type_name("N")
      ->check(AtLeastOne());
  cmd->add_flag("--fresh", crawl.fresh, "start a new pass even if the last did not finish");
  cmd->add_flag("--recheck", crawl.recheck,
                "start a new pass that fetches every known page now, due or not");
  cmd->add_option("--progress", flags.progress,
                  "auto (a live line on a terminal, else a line every 10 s), always or never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--log-file", crawl.log_file, "append timestamped log lines to FILE");
  CLI::Option* verbose = cmd->add_flag("-v,--verbose", flags.verbose,
                                       "log every URL: its status, the price or why none");
  CLI::Option* quiet =
      cmd->add_flag("-q,--quiet", flags.quiet,
                    "print only warnings and errors (nothing on a clean run; for cron)");
  verbose->excludes(quiet);
  AddCommonFlags(cmd, "pricecrawl crawl --seeds seeds.txt --db shop.db --max-duration 5h30m -q");
  return cmd;
}

CLI::App* AddStatusCommand(CLI::App& app, StatusFlags& flags) {
  CLI::App* cmd = app.add_subcommand("status", "run state, counts, per host");
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  AddCommonFlags(cmd, "pricecrawl status --db shop.db");
  return cmd;
}

CLI::App* AddPricesCommand(CLI::App& app, PricesFlags& flags) {
  CLI::App* cmd = app.add_subcommand("prices", "every product's latest price");
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  cmd->add_flag("--changed", flags.changed, "list price changes instead");
  cmd->add_option("--format", flags.format, "table, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  AddCommonFlags(cmd, "pricecrawl prices --db shop.db --changed --format csv");
  return cmd;
}

CLI::App* AddHistoryCommand(CLI::App& app, HistoryFlags& flags) {
  CLI::App* cmd = app.add_subcommand("history", "one product's price over time");
  cmd->add_option("URL", flags.url, "the product page (crawled or canonical URL)")->required();
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  cmd->add_option("--format", flags.format, "table, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  AddCommonFlags(cmd, "pricecrawl history https://shop.example.com/item/42 --db shop.db");
  return cmd;
}

CLI::App* AddReportCommand(CLI::App& app, ReportFlags& flags) {
  CLI::App* cmd =
      app.add_subcommand("report", "an HTML page with every product's price history as charts");
  cmd->add_option("--html", flags.html, "the HTML file to write")->required();
  cmd->add_option("--db", flags.db, "SQLite database")->capture_default_str();
  AddCommonFlags(cmd, "pricecrawl report --html prices.html --db shop.db");
  return cmd;
}

CLI::App* AddExtractCommand(CLI::App& app, ExtractFlags& flags) {
  CLI::App* cmd =
      app.add_subcommand("extract", "what one page yields: every price candidate and the winner");
  cmd->add_option("TARGET", flags.target, "a URL to fetch, or a saved HTML file")->required();
  cmd->add_option("--url", flags.base, "the page's address, for a saved file");
  cmd->add_option("--config", flags.config, "TOML config ([host.extract] selectors)");
  cmd->add_option("--sku", flags.sku, "the variant to extract, as a seed line's sku=");
  cmd->add_option("--format", flags.format, "table or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
  AddCommonFlags(cmd, "pricecrawl extract saved.html --url https://shop.example.com/item/42");
  return cmd;
}

// `pricecrawl help [COMMAND]`: the same text as --help, for people who type it as a command.
CLI::App* AddHelpCommand(CLI::App& app, std::string& topic) {
  CLI::App* cmd = app.add_subcommand("help", "show this help, or one command's help");
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  cmd->add_option("COMMAND", topic, "the command to explain")->check(CLI::IsMember(commands));
  AddCommonFlags(cmd, "pricecrawl help crawl");
  return cmd;
}

// The distance between two short words in single-character edits (for "did you mean").
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean '--seeds'?" for the name among `names` closest to `word` (at most two edits
// away), else "".
std::string Suggestion(std::string_view word, const std::vector<std::string>& names) {
  constexpr std::size_t kMaxWord = 64;  // an argument pasted by mistake is not worth comparing
  if (word.size() > kMaxWord) {
    return {};
  }
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& name : names) {
    const std::size_t distance = EditDistance(word, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::vector<std::string> OptionNames(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* option : cmd.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

// The message for a command line CLI11 rejected, after "pricecrawl: ". An argument nobody
// expects comes first (CLI11 checks required options before leftovers, so `crawl --seed x` would
// say "--seeds is required"), with the closest name it may stand for; then CLI11's own message.
// Ends with where to read more.
std::string UsageMessage(const CLI::App& app, const CLI::ParseError& error) {
  const auto parsed = app.get_subcommands();
  const CLI::App* cmd = parsed.empty() ? &app : parsed.front();
  const std::string help_hint = parsed.empty() ? " (see 'pricecrawl help')"
                                               : " (see 'pricecrawl help " + cmd->get_name() + "')";
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  // Leftovers before the command's name belong to the top level.
  std::vector<std::string> extras = app.remaining(false);
  const CLI::App* owner = &app;
  if (extras.empty()) {
    extras = cmd->remaining(false);
    owner = cmd;
  }
  if (!extras.empty()) {
    const std::string& first = extras.front();
    const std::string context = owner == &app ? "" : " for '" + owner->get_name() + "'";
    if (first.size() > 1 && first[0] == '-') {
      return "unknown option '" + first + "'" + context + Suggestion(first, OptionNames(*owner)) +
             help_hint;
    }
    if (owner == &app) {
      std::string list;
      for (const std::string& name : commands) {
        list += (list.empty() ? "" : ", ") + name;
      }
      return "unknown command '" + first + "' (commands: " + list + ")" +
             Suggestion(first, commands);
    }
    return "unexpected argument '" + first + "'" + context + help_hint;
  }
  if (parsed.empty() && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    return "a command is required" + help_hint;
  }
  return error.what() + help_hint;
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
  CLI::App app{"pricecrawl: a polite, resumable crawler that tracks shop prices in SQLite",
               "pricecrawl"};
  app.require_subcommand(1);
  app.set_help_flag("-h,--help", "print this help and exit");  // subcommands copy it
  app.set_version_flag("-V,--version", VersionText(), "print the version and exit");
  app.footer(
      "Example:\n  pricecrawl crawl --seeds seeds.txt --db shop.db && pricecrawl prices --db "
      "shop.db\n\nRun 'pricecrawl help COMMAND' (or 'pricecrawl COMMAND --help') for a command's "
      "options.\n\n" +
      std::string(kExitCodesHelp));
  CrawlFlags crawl;
  StatusFlags status;
  PricesFlags prices;
  HistoryFlags history;
  ReportFlags report;
  ExtractFlags extract;
  std::string help_topic;
  CLI::App* crawl_cmd = AddCrawlCommand(app, crawl);
  CLI::App* status_cmd = AddStatusCommand(app, status);
  CLI::App* prices_cmd = AddPricesCommand(app, prices);
  CLI::App* history_cmd = AddHistoryCommand(app, history);
  CLI::App* report_cmd = AddReportCommand(app, report);
  CLI::App* extract_cmd = AddExtractCommand(app, extract);
  CLI::App* help_cmd = AddHelpCommand(app, help_topic);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help or --version: printed on stdout, exit 0
  } catch (const CLI::ParseError& e) {
    std::cerr << "pricecrawl: " << UsageMessage(app, e) << "\n";
    return crawler::kExitUsage;
  }

  if (help_cmd->parsed()) {
    const CLI::App* topic = help_topic.empty() ? &app : app.get_subcommand(help_topic);
    std::cout << topic->get_formatter()->make_help(
        topic, help_topic.empty() ? "pricecrawl" : "pricecrawl " + help_topic,
        CLI::AppFormatMode::Normal);
    return 0;
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
