#pragma once
// What end-to-end tests of the binary share: a temp folder with the seeds, config and
// database, running `pricecrawl` in the foreground or background, and one-value queries on
// the database it wrote.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/testing/child_process.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::testing {

class CrawlHarness {
 public:
  // Writes `text` to a file in the temp folder; returns its path.
  std::string Write(const std::string& name, const std::string& text) const;
  std::string Db() const { return dir_.File("shop.db"); }
  std::string File(const std::string& name) const { return dir_.File(name); }
  // `crawl --seeds SEEDS --db DB --config CONFIG --progress never`.
  std::vector<std::string> CrawlArgs(const std::string& seeds, const std::string& config) const;
  RunResult Invoke(const std::vector<std::string>& args,
                   std::chrono::seconds timeout = std::chrono::seconds(90)) const;
  // Starts the binary in the background (output in bg.out / bg.err).
  std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& args) const;
  // The first column of the first row of `sql` on the crawl database ("" when no row).
  std::string Query(const std::string& sql) const;
  // Every row's first column.
  std::vector<std::string> QueryColumn(const std::string& sql) const;

 private:
  TempDir dir_;
};

}  // namespace pricecrawl::testing
