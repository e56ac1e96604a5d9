#pragma once
// The crawl's seeds, normalised and deduplicated, held compactly: a million seed URLs take
// about their own bytes plus 16 bytes each (one arena of text, one open-addressing index),
// not a string object, a map and a hash-set node per seed.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace pricecrawl::crawler {

// What a seed line says beside its URL; "" for a field it does not give.
struct SeedFields {
  std::string_view target;  // target=: alert at or below this exact decimal price
  std::string_view sku;     // sku=: the variant of the page to track
};

class SeedList {
 public:
  SeedList() = default;
  ~SeedList() = default;
  SeedList(const SeedList&) = delete;
  SeedList& operator=(const SeedList&) = delete;
  SeedList(SeedList&&) = default;
  SeedList& operator=(SeedList&&) = default;

  // Adds a normalised URL with its fields (copied); false (and nothing changes) when the URL is
  // already listed: the first line naming a URL wins.
  bool Add(std::string_view url, const SeedFields& fields);

  // Calls `visit(url, fields)` for every seed in the order they were added; the views stay
  // valid while the list lives.
  void ForEach(
      const std::function<void(std::string_view url, const SeedFields& fields)>& visit) const;

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  // An entry's place: chunk index in the high 32 bits, offset in the low 32, plus one (0 is
  // an empty slot). Entries are "url\0target\0sku\0".
  using Ref = std::uint64_t;

  std::string_view UrlAt(Ref ref) const;
  Ref Append(std::string_view url, const SeedFields& fields);
  void Grow();

  struct Chunk {
    std::unique_ptr<char[]> data;
    std::size_t capacity = 0;
    std::size_t used = 0;
  };
  std::vector<Chunk> chunks_;
  std::vector<Ref> slots_;  // open addressing, linear probing, at most half full
  std::size_t count_ = 0;
};

}  // namespace pricecrawl::crawler
