#pragma once
// The seeds file: the URLs a crawl starts from, one per line, each optionally followed by
// whitespace-separated key=value fields (DESIGN.md, "Seeds file"). Blank lines and '#'
// comments (a whole line, or from a '#' that follows a space or tab) are ignored; a UTF-8
// BOM and CRLF line endings are accepted. Every bad line is a UsageError naming file and
// line. URLs are checked only for what start-up can judge (scheme, host, control
// characters); normalisation is crawler/url's job.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricecrawl::config {

// One seed URL and the fields written after it.
struct Seed {
  std::string url;                            // as written in the file (trimmed)
  int line = 0;                               // 1-based line number
  std::optional<std::string> target;          // from target=199.99, exact decimal text
  std::optional<std::string> sku;             // from sku=ABC-42: the variant this seed tracks
  std::map<std::string, std::string> fields;  // every key=value after the URL

  bool operator==(const Seed&) const = default;
};

// Parses the text of a seeds file. Accepted: http, https and file URLs (scheme
// case-insensitive; http(s) must have a host) and the fields `target`, a non-negative exact
// decimal with at most 6 decimal places ("199", "199.99", "0.5"), and `sku`, the SKU of the
// variant to track on a page that offers several (at most 128 characters, no blanks). A URL listed
// twice is kept once, at its first line and with its first fields (later lines are still
// validated). Throws UsageError("<source_name>:<line>: <reason>") for the first bad line: a bad
// scheme (a host and path without one, "shop.example/p/1", is told to add "https://"), a
// missing host, a control character, a field that is not key=value, an unknown or
// repeated key, a bad target (written with a decimal comma or thousands separators, "10,50",
// "1,299.99", the reason names the decimal to write) or an overlong sku. Returns an empty vector
// when the text holds no URL.
std::vector<Seed> ParseSeeds(std::string_view text, const std::string& source_name);

// The same checks as ParseSeeds, streaming: calls `visit` for every seed line in file order,
// duplicates included, keeping nothing in memory (for seed lists of millions of lines).
void ForEachSeed(std::string_view text, const std::string& source_name,
                 const std::function<void(const Seed&)>& visit);

// The text of the seeds file at `path`; UsageError("<path>: cannot read seeds file: …").
std::string ReadSeedsFile(const std::filesystem::path& path);

// Reads and parses the seeds file at `path`, naming it as path.string() in messages.
// Throws UsageError("<path>: cannot read seeds file: <strerror>") when it cannot be read,
// UsageError("<path>: no seed URLs") when it holds no URL, and ParseSeeds' errors.
std::vector<Seed> LoadSeeds(const std::filesystem::path& path);

}  // namespace pricecrawl::config
