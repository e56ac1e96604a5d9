// The Gumbo ceiling of bench/run: how fast Gumbo alone parses the generated site's pages on one
// core. A crawler that parses every page with Gumbo cannot go faster than this (times the
// cores), so bench/run states pricecrawl's rate as a share of it. It links Gumbo directly (the
// one file outside crawler/html/ that does): it measures the library, not our wrapper.
// Usage: gumbo_ceiling DIR [REPEAT]   prints one line of key=value pairs.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gumbo.h>
#include <time.h>

namespace {

struct GumboDeleter {  // Gumbo 0.10.1 takes the options pointer too
  void operator()(GumboOutput* p) const noexcept { gumbo_destroy_output(&kGumboDefaultOptions, p); }
};
using GumboTree = std::unique_ptr<GumboOutput, GumboDeleter>;

// CPU seconds used by the calling thread: steadier than wall time on a loaded machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Every *.html file under `dir`, read into memory, in a stable order.
std::vector<std::string> LoadPages(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  pages.reserve(paths.size());
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    pages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return pages;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s DIR [REPEAT]\n", argv[0]);
    return 2;
  }
  try {
    const int repeat = argc == 3 ? std::max(1, std::stoi(argv[2])) : 1;
    const std::vector<std::string> pages = LoadPages(argv[1]);
    if (pages.empty()) {
      std::fprintf(stderr, "gumbo_ceiling: no .html files under %s\n", argv[1]);
      return 1;
    }
    std::size_t bytes = 0;
    std::size_t nodes_checksum = 0;
    const auto wall_start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    for (int r = 0; r < repeat; ++r) {
      for (const std::string& page : pages) {
        GumboTree tree(gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size()));
        nodes_checksum += tree->root->v.element.children.length;
        bytes += page.size();
      }
    }
    const double cpu = ThreadCpuSeconds() - cpu_start;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double parsed = static_cast<double>(pages.size()) * repeat;
    // Per page on one core from CPU time; the 2-core figure assumes perfect scaling.
    const double ms_per_page = cpu * 1000.0 / parsed;
    std::ostringstream line;
    line << "pages=" << pages.size() << " repeat=" << repeat
         << " mean_kb=" << static_cast<double>(bytes) / parsed / 1024.0 << " cpu_s=" << cpu
         << " wall_s=" << wall << " ms_per_page=" << ms_per_page
         << " pages_per_s_1core=" << 1000.0 / ms_per_page
         << " pages_per_s_2cores=" << 2000.0 / ms_per_page << " checksum=" << nodes_checksum;
    std::printf("%s\n", line.str().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gumbo_ceiling: %s\n", e.what());
    return 1;
  }
}
