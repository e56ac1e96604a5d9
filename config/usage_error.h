#pragma once
// The one exception type for bad user input at start-up (seeds, config, flags). Its message
// already names where the problem is ("seeds.txt:3: ..." or "config key 'defaults.rate': ...");
// main prints it and exits 2 (DESIGN.md, exit codes).

#include <stdexcept>
#include <string>

namespace pricecrawl {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace pricecrawl
