#include "tests/testing/temp_dir.h"

#include <stdexcept>
#include <string>

#include <stdlib.h>  // mkdtemp

namespace pricecrawl::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pricecrawl-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace pricecrawl::testing
