// libFuzzer entry point for seeds-file parsing (pricecrawl::fuzz::FuzzSeeds).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzzer_entry.h"
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pricecrawl::fuzz::RunForLibFuzzer(&pricecrawl::fuzz::FuzzSeeds, data, size);
}
