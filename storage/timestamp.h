#pragma once
// UTC ISO-8601 timestamps as stored in every table ("2026-11-25T15:42:09.123Z"). One fixed
// width with milliseconds, so that text order is time order and SQL can compare them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pricecrawl::storage {

std::string FormatTimestamp(std::chrono::system_clock::time_point t);
// Accepts the format above, also without milliseconds or 'Z'; nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> ParseTimestamp(std::string_view text);

}  // namespace pricecrawl::storage
