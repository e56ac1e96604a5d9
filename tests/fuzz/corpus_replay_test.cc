// Replays every checked-in fuzz corpus (fuzz/corpus/<target>/) through the same target
// functions the libFuzzer executables run, so each test build (CI's ASan+UBSan one included)
// re-checks every input the fuzzers ever kept.

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/targets.h"
#include "tests/testing/paths.h"

namespace pricecrawl::fuzz {
namespace {

namespace fs = std::filesystem;

// Largest corpus file kept in the repository (bench/fuzz merges with -max_len below this).
constexpr std::uintmax_t kMaxCorpusFileBytes = 64 * 1024;

fs::path CorpusRoot() {
  return testing::SourceDir() / "fuzz" / "corpus";
}

std::vector<fs::path> CorpusFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file())
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// Names the target in GoogleTest's messages instead of dumping the struct's bytes.
void PrintTo(const FuzzTarget& target, std::ostream* out) {
  *out << target.name;
}

namespace {

class CorpusReplayTest : public ::testing::TestWithParam<FuzzTarget> {};

TEST_P(CorpusReplayTest, EveryInputKeepsTheInvariants) {
  const FuzzTarget& target = GetParam();
  const fs::path dir = CorpusRoot() / target.name;
  ASSERT_TRUE(fs::is_directory(dir)) << "missing corpus folder " << dir;
  const std::vector<fs::path> files = CorpusFiles(dir);
  ASSERT_FALSE(files.empty()) << "empty corpus folder " << dir;
  std::uintmax_t bytes = 0;
  for (const fs::path& file : files) {
    const std::string input = ReadBytes(file);
    bytes += input.size();
    EXPECT_LE(input.size(), kMaxCorpusFileBytes) << file;
    try {
      const FuzzResult result =
          target.run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      EXPECT_EQ(result, "") << file;
    } catch (const std::exception& error) {
      ADD_FAILURE() << file << ": unexpected exception: " << error.what();
    }
  }
  std::cout << "corpus " << target.name << ": " << files.size() << " files, " << bytes
            << " bytes replayed\n";
}

INSTANTIATE_TEST_SUITE_P(AllTargets, CorpusReplayTest, ::testing::ValuesIn(AllFuzzTargets()),
                         [](const ::testing::TestParamInfo<FuzzTarget>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(CorpusReplayTest, EveryCorpusFolderHasATarget) {
  ASSERT_TRUE(fs::is_directory(CorpusRoot())) << CorpusRoot();
  for (const auto& entry : fs::directory_iterator(CorpusRoot())) {
    const std::string name = entry.path().filename().string();
    const auto& targets = AllFuzzTargets();
    EXPECT_TRUE(std::any_of(targets.begin(), targets.end(),
                            [&](const FuzzTarget& t) { return t.name == name; }))
        << "corpus folder without a target: " << name;
  }
}

}  // namespace
}  // namespace pricecrawl::fuzz
