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

SeedList::Ref SeedList::Append(std::string_view url, const SeedFields& fields) {
  const std::size_t need = url.size() + fields.target.size() + fields.sku.size() + 3;
  if (chunks_.empty() || chunks_.back().used + need > chunks_.back().capacity) {
    const std::size_t capacity = std::max(kChunkBytes, need);
    chunks_.push_back(Chunk{std::make_unique_for_overwrite<char[]>(capacity), capacity, 0});
  }
  Chunk& chunk = chunks_.back();
  char* at = chunk.data.get() + chunk.used;
  for (const std::string_view part : {url, fields.target, fields.sku}) {
    if (!part.empty()) {  // an empty view may hold a null pointer, which memcpy must not get
      std::memcpy(at, part.data(), part.size());
    }
    at[part.size()] = '\0';
    at += part.size() + 1;
  }
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

bool SeedList::Add(std::string_view url, const SeedFields& fields) {
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
  slots_[slot] = Append(url, fields);
  ++count_;
  return true;
}

void SeedList::ForEach(
    const std::function<void(std::string_view url, const SeedFields& fields)>& visit) const {
  for (const Chunk& chunk : chunks_) {
    const char* at = chunk.data.get();
    const char* const end = at + chunk.used;
    while (at < end) {
      const std::string_view url(at);
      SeedFields fields;
      fields.target = std::string_view(at + url.size() + 1);
      fields.sku = std::string_view(fields.target.data() + fields.target.size() + 1);
      visit(url, fields);
      at = fields.sku.data() + fields.sku.size() + 1;
    }
  }
}

}  // namespace pricecrawl::crawler
