#pragma once
// What an alert channel (webhook, command) reports back to the outbox delivery, and how the
// answer of a receiver or a command is shown in an error text: printable, and only its tail,
// so a chatty receiver cannot flood the alerts table or the log.

#include <cstddef>
#include <string>
#include <string_view>

namespace pricecrawl::crawler {

// How one channel fared with one alert. `error` never contains a secret's value.
struct ChannelResult {
  bool delivered = false;
  std::string error;
};

// Bytes of a receiver's or command's answer kept for an error text.
inline constexpr std::size_t kKeptOutput = 300;

// The last kKeptOutput bytes of `text` with control characters and DEL replaced by spaces and
// the result trimmed of spaces; "" when nothing printable is left.
std::string Printable(std::string_view text);

}  // namespace pricecrawl::crawler
