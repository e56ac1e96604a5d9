#pragma once
// Loads the HTML fixtures of tests/data/extract for the extractor tests.

#include <fstream>
#include <sstream>
#include <string>

#include "tests/testing/paths.h"

namespace pricecrawl::crawler::testing {

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(::pricecrawl::testing::SourceDir() / "tests" / "data" / "extract" / name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace pricecrawl::crawler::testing
