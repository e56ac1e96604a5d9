// The version (config/version.h) is CMake's project(VERSION), and the default User-Agent
// carries it: --version, the crawl and extract can never name different versions.

#include "config/version.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/paths.h"

namespace pricecrawl::config {
namespace {

TEST(VersionTest, IsTheVersionOfTheCMakeProject) {
  std::ifstream file(testing::SourceDir() / "CMakeLists.txt");
  std::stringstream text;
  text << file.rdbuf();
  std::smatch match;
  const std::string cmake = text.str();
  ASSERT_TRUE(std::regex_search(cmake, match, std::regex(R"(project\(pricecrawl VERSION (\S+))")))
      << "no project(pricecrawl VERSION ...) in CMakeLists.txt";
  EXPECT_EQ(Version(), match[1].str());
}

TEST(VersionTest, DefaultUserAgentNamesTheVersion) {
  EXPECT_EQ(DefaultUserAgent(),
            "pricecrawl/" + std::string(Version()) + " (+https://example.org/bot)");
  EXPECT_TRUE(std::regex_match(std::string(Version()), std::regex(R"(\d+\.\d+\.\d+)")));
}

}  // namespace
}  // namespace pricecrawl::config
