#pragma once
// The body every libFuzzer entry point (fuzz/<name>_fuzzer.cc) shares: run one target on one
// input and turn a broken invariant into a crash libFuzzer records, with the reason on stderr.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/targets.h"

namespace pricecrawl::fuzz {

// Runs `target` on the input; prints the broken invariant and aborts when it reports one.
// Exceptions other than those the target catches escape, which libFuzzer also reports.
inline int RunForLibFuzzer(FuzzResult (*target)(const std::uint8_t*, std::size_t),
                           const std::uint8_t* data, std::size_t size) {
  const FuzzResult result = target(data, size);
  if (!result.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", result.c_str());
    std::abort();
  }
  return 0;
}

}  // namespace pricecrawl::fuzz
