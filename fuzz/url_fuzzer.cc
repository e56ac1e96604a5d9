// libFuzzer entry point for URL normalisation and resolution (pricecrawl::fuzz::FuzzUrl).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzzer_entry.h"
#include "fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pricecrawl::fuzz::RunForLibFuzzer(&pricecrawl::fuzz::FuzzUrl, data, size);
}
