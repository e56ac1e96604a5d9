// libFuzzer entry point for product and link extraction over arbitrary HTML
// (pricecrawl::fuzz::FuzzExtract).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzzer_entry.h"
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pricecrawl::fuzz::RunForLibFuzzer(&pricecrawl::fuzz::FuzzExtract, data, size);
}
