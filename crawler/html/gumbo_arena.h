#pragma once
// Internal to crawler/html: the allocator Gumbo uses for one HtmlDocument. Blocks are rounded up
// to a power of two (16 bytes at least) and carry a 16-byte header with their size class; a
// freed block goes on its class's free list and is handed out again, so Gumbo's many short-lived
// token buffers reuse memory. Blocks over kLargeBlock get a heap allocation of their own that is
// released when Gumbo frees them, so a huge page costs no more than with malloc. Everything else
// lives in chunks freed with the arena.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {

// Owned by its HtmlDocument; not thread-safe (one arena serves one parse). Running out of memory
// ends the process (std::bad_alloc meets the noexcept Allocate), as Gumbo's own unchecked malloc
// calls would.
class HtmlDocument::Arena {
 public:
  // GumboOptions::allocator: a block of at least `size` bytes from the arena `userdata`.
  static void* Allocate(void* userdata, std::size_t size) noexcept {
    return static_cast<Arena*>(userdata)->Take(size);
  }
  // GumboOptions::deallocator: returns `pointer` (from Allocate, or null) to the arena.
  static void Deallocate(void* userdata, void* pointer) noexcept {
    static_cast<Arena*>(userdata)->Give(pointer);
  }

 private:
  static constexpr std::size_t kHeader = 16;  // keeps blocks aligned like malloc's
  static constexpr std::size_t kMinBlock = 16;
  static constexpr std::size_t kLargeBlock = std::size_t{64} * 1024;
  static constexpr std::size_t kFirstChunk = std::size_t{64} * 1024;
  static constexpr std::size_t kMaxChunk = std::size_t{1024} * 1024;
  static constexpr std::uint32_t kLargeClass = 0xFFFFFFFF;

  struct FreeBlock {
    FreeBlock* next;
  };

  void* Take(std::size_t size);
  void Give(void* pointer);
  void NewChunk(std::size_t needed);
  static void WriteClass(std::byte* block, std::uint32_t size_class);
  static std::uint32_t ReadClass(const std::byte* block);

  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::vector<std::unique_ptr<std::byte[]>> large_;
  std::byte* chunk_next_ = nullptr;
  std::size_t chunk_left_ = 0;
  std::size_t next_chunk_size_ = kFirstChunk;
  std::array<FreeBlock*, 64> free_{};
};

}  // namespace pricecrawl::crawler
