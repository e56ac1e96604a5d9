#include "crawler/alerts/channel_result.h"

namespace pricecrawl::crawler {

// Control characters and invalid bytes of an answer become spaces; trimmed to the last bytes.
std::string Printable(std::string_view text) {
  if (text.size() > kKeptOutput) {
    text = text.substr(text.size() - kKeptOutput);
  }
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  const std::size_t first = out.find_first_not_of(' ');
  const std::size_t last = out.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

}  // namespace pricecrawl::crawler
