#pragma once
// Where tests find what lives outside the test binary: the conformance data beside the clone
// (../shared/conformance), the repository's own files, and the built pricecrawl executable.

#include <filesystem>
#include <optional>
#include <string>

namespace pricecrawl::testing {

// The conformance folder, or nullopt when it is absent. Under CI=true its absence is a test
// failure (reported through GoogleTest), elsewhere the caller skips with a message.
std::optional<std::filesystem::path> ConformanceDir();

// Call at the top of a conformance test: returns the folder or skips / fails the current test.
#define PRICECRAWL_REQUIRE_CONFORMANCE(var)                                      \
  const auto var##_opt = ::pricecrawl::testing::ConformanceDir();                \
  if (!var##_opt) {                                                              \
    if (::pricecrawl::testing::RunningInCi()) {                                  \
      FAIL() << "conformance data missing under CI=true: "                       \
             << ::pricecrawl::testing::ConformanceDirText();                     \
    }                                                                            \
    GTEST_SKIP() << "conformance data not found at "                             \
                 << ::pricecrawl::testing::ConformanceDirText() << "; skipping"; \
  }                                                                              \
  const std::filesystem::path var = *var##_opt

bool RunningInCi();
std::string ConformanceDirText();

// The repository's top folder (for demo/, config/ fixtures).
std::filesystem::path SourceDir();

// The built `pricecrawl` binary (empty when the executable target was not built).
std::filesystem::path PricecrawlBinary();

}  // namespace pricecrawl::testing
