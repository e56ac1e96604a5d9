#include "crawler/html/gumbo_arena.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace pricecrawl::crawler {

void* HtmlDocument::Arena::Take(std::size_t size) {
  if (size > kLargeBlock) {
    large_.push_back(std::make_unique<std::byte[]>(kHeader + size));
    std::byte* block = large_.back().get();
    WriteClass(block, kLargeClass);
    return block + kHeader;
  }
  const std::size_t block_size = std::bit_ceil(std::max(size, kMinBlock));
  const auto size_class = static_cast<std::uint32_t>(std::countr_zero(block_size));
  if (FreeBlock* reused = free_[size_class]; reused != nullptr) {
    free_[size_class] = reused->next;
    return reused;
  }
  const std::size_t needed = kHeader + block_size;
  if (chunk_left_ < needed) {
    NewChunk(needed);
  }
  std::byte* block = chunk_next_;
  chunk_next_ += needed;
  chunk_left_ -= needed;
  WriteClass(block, size_class);
  return block + kHeader;
}

void HtmlDocument::Arena::Give(void* pointer) {
  if (pointer == nullptr) {
    return;
  }
  std::byte* block = static_cast<std::byte*>(pointer) - kHeader;
  const std::uint32_t size_class = ReadClass(block);
  if (size_class == kLargeClass) {
    for (std::size_t i = large_.size(); i-- > 0;) {
      if (large_[i].get() == block) {
        large_.erase(large_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
    return;
  }
  auto* freed = static_cast<FreeBlock*>(pointer);
  freed->next = free_[size_class];
  free_[size_class] = freed;
}

void HtmlDocument::Arena::NewChunk(std::size_t needed) {
  const std::size_t size = std::max(needed, next_chunk_size_);
  next_chunk_size_ = std::min(next_chunk_size_ * 2, kMaxChunk);
  chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
  chunk_next_ = chunks_.back().get();
  chunk_left_ = size;
}

void HtmlDocument::Arena::WriteClass(std::byte* block, std::uint32_t size_class) {
  std::memcpy(block, &size_class, sizeof size_class);
}

std::uint32_t HtmlDocument::Arena::ReadClass(const std::byte* block) {
  std::uint32_t size_class;
  std::memcpy(&size_class, block, sizeof size_class);
  return size_class;
}

}  // namespace pricecrawl::crawler
