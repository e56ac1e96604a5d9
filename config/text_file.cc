#include "config/text_file.h"

#include <cerrno>
#include <cstdio>
#include <memory>

#include "config/errno_text.h"
#include "config/usage_error.h"

namespace pricecrawl::config {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f != nullptr) {
      std::fclose(f);
    }
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

[[noreturn]] void ThrowReadError(const std::filesystem::path& path, std::string_view what,
                                 int error) {
  throw UsageError(path.string() + ": cannot read " + std::string(what) + ": " + ErrnoText(error));
}

}  // namespace

std::string ReadTextFile(const std::filesystem::path& path, std::string_view what) {
  errno = 0;
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    ThrowReadError(path, what, errno != 0 ? errno : EIO);
  }
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    errno = 0;
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, n);
    if (n < sizeof buffer) {
      break;
    }
  }
  // fopen succeeds on a directory on Linux; the read then fails with EISDIR.
  if (std::ferror(file.get()) != 0) {
    ThrowReadError(path, what, errno != 0 ? errno : EIO);
  }
  return text;
}

}  // namespace pricecrawl::config
