#include "tests/testing/paths.h"

#include <cstdlib>
#include <string_view>

namespace pricecrawl::testing {

bool RunningInCi() {
  const char* ci = std::getenv("CI");  // NOLINT(concurrency-mt-unsafe): read before threads start
  return ci != nullptr && std::string_view(ci) == "true";
}

std::string ConformanceDirText() {
  return PRICECRAWL_CONFORMANCE_DIR;
}

std::optional<std::filesystem::path> ConformanceDir() {
  std::filesystem::path dir(PRICECRAWL_CONFORMANCE_DIR);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return std::nullopt;
  }
  return dir;
}

std::filesystem::path SourceDir() {
  return PRICECRAWL_SOURCE_DIR;
}

std::filesystem::path PricecrawlBinary() {
  return PRICECRAWL_BINARY;
}

}  // namespace pricecrawl::testing
