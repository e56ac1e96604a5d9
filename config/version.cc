#include "config/version.h"

// Defined for this file alone by config/CMakeLists.txt, so a version change rebuilds one file.
#ifndef PRICECRAWL_VERSION
#error "PRICECRAWL_VERSION must come from CMake's project(VERSION)"
#endif

namespace pricecrawl::config {

std::string_view Version() {
  return PRICECRAWL_VERSION;
}

std::string DefaultUserAgent() {
  return "pricecrawl/" + std::string(Version()) + " (+https://example.org/bot)";
}

}  // namespace pricecrawl::config
