#pragma once
// Reads a whole user-named file (seeds, config) into memory at start-up, turning any failure
// into a UsageError that names the file, so every loader reports I/O problems the same way.

#include <filesystem>
#include <string>
#include <string_view>

namespace pricecrawl::config {

// Returns the bytes of `path`. Throws UsageError("<path>: cannot read <what>: <strerror>")
// when the file cannot be opened or read (missing, permission denied, a directory, ...).
// `what` names the file's role, e.g. "seeds file"; it is only used for the message.
std::string ReadTextFile(const std::filesystem::path& path, std::string_view what);

}  // namespace pricecrawl::config
