#include "crawler/crawl/seed_list.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace pricecrawl::crawler {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

std::size_t HashOf(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

}  // namespace

std::string_view SeedList::UrlAt(Ref ref) const {
  const Ref place = ref - 1;
  return std::string_view(chunks_[place >> 32].data.get() + (place & 0xffffffffu));
}

SeedList::Ref SeedList::Append(std::string_view url, std::string_view target) {
  const std::size_t need = url.size() + target.size() + 2;
  if (chunks_.empty() || chunks_.back().used + need > chunks_.back().capacity) {
    const std::size_t capacity = std::max(kChunkBytes, need);
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<char[]>(capacity), capacity, 0});
  }
  Chunk& chunk = chunks_.back();
  char* at = chunk.data.get() + chunk.used;
  std::memcpy(at, url.data(), url.size());
  at[url.size()] = '\0';
  std::memcpy(at + url.size() + 1, target.data(), target.size());
  at[url.size() + 1 + target.size()] = '\0';
  const Ref ref = ((static_cast<Ref>(chunks_.size() - 1) << 32) | chunk.used) + 1;
  chunk.used += need;
  return ref;
}

void SeedList::Grow() {
  std::vector<Ref> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (const Ref ref : old) {
    if (ref == 0) {
      continue;
    }
    std::size_t slot = HashOf(UrlAt(ref)) & mask;
    while (slots_[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots_[slot] = ref;
  }
}

bool SeedList::Add(std::string_view url, std::string_view target) {
  if ((count_ + 1) * 2 > slots_.size()) {
    Grow();
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = HashOf(url) & mask;
  while (slots_[slot] != 0) {
    if (UrlAt(slots_[slot]) == url) {
      return false;
    }
    slot = (slot + 1) & mask;
  }
  slots_[slot] = Append(url, target);
  ++count_;
  return true;
}

void SeedList::ForEach(
    const std::function<void(std::string_view url, std::string_view target)>& visit) const {
  for (const Chunk& chunk : chunks_) {
    std::size_t offset = 0;
    while (offset < chunk.used) {
      const std::string_view url(chunk.data.get() + offset);
      const std::string_view target(chunk.data.get() + offset + url.size() + 1);
      visit(url, target);
      offset += url.size() + target.size() + 2;
    }
  }
}

}  // namespace pricecrawl::crawler
