#pragma once
// The program's version, from CMake's project(VERSION) (one place to change it), and the
// User-Agent built from it. `--version`, the crawl's default user agent and extract's requests
// all read it here, so they never disagree.

#include <string>
#include <string_view>

namespace pricecrawl::config {

// "0.1.0": the version in CMakeLists.txt's project() call. The view is of static storage.
std::string_view Version();

// "pricecrawl/0.1.0 (+https://example.org/bot)": the User-Agent sent when the config sets none.
std::string DefaultUserAgent();

}  // namespace pricecrawl::config
