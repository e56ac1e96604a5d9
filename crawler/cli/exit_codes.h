#pragma once
// The process's exit codes (README "Exit codes"). Only cli/ and main.cc decide exit codes;
// every command returns one of these.

namespace pricecrawl::crawler {

inline constexpr int kExitFinished = 0;  // the run finished (frontier exhausted, --max-pages)
inline constexpr int kExitFailure = 1;   // runtime failure (database unwritable, disk full, ...)
inline constexpr int kExitUsage = 2;     // usage, config or seeds error
inline constexpr int kExitStopped = 3;   // stopped early (signal, --max-duration); resumable
inline constexpr int kExitLocked = 75;   // another `pricecrawl crawl` holds the database

}  // namespace pricecrawl::crawler
