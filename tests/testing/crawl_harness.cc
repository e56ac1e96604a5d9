#include "tests/testing/crawl_harness.h"

#include <fstream>

#include "storage/sqlite.h"
#include "tests/testing/paths.h"

namespace pricecrawl::testing {

std::string CrawlHarness::Write(const std::string& name, const std::string& text) const {
  const std::string path = dir_.File(name);
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> CrawlHarness::CrawlArgs(const std::string& seeds,
                                                 const std::string& config) const {
  return {"crawl", "--seeds", seeds, "--db", Db(), "--config", config, "--progress", "never"};
}

RunResult CrawlHarness::Invoke(const std::vector<std::string>& args,
                               std::chrono::seconds timeout) const {
  return RunPricecrawl(args, timeout, dir_.path().string());
}

std::unique_ptr<ChildProcess> CrawlHarness::Start(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{PricecrawlBinary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<ChildProcess>(argv, dir_.File("bg.out"), dir_.File("bg.err"));
}

std::string CrawlHarness::Query(const std::string& sql) const {
  const std::vector<std::string> rows = QueryColumn(sql);
  return rows.empty() ? "" : rows.front();
}

std::vector<std::string> CrawlHarness::QueryColumn(const std::string& sql) const {
  storage::Db db = storage::OpenDatabase(Db());
  storage::Stmt stmt = storage::Prepare(db.get(), sql);
  std::vector<std::string> rows;
  while (storage::StepRow(db.get(), stmt.get(), "query")) {
    rows.push_back(storage::ColumnText(stmt.get(), 0));
  }
  return rows;
}

}  // namespace pricecrawl::testing
