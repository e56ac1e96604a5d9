#pragma once
// The text of an errno value, as std::strerror gives it but safe to call from any thread
// (std::strerror may return a buffer shared between threads). Used by every module that reports
// a failed system call.

#include <string>
#include <system_error>

namespace pricecrawl::config {

// "No such file or directory" for ENOENT, and so on.
inline std::string ErrnoText(int error) {
  return std::generic_category().message(error);
}

}  // namespace pricecrawl::config
