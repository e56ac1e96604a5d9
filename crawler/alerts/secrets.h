#pragma once
// Secrets in the alert channels' configuration (issue 6, "Alerts"): `${NAME}` in the webhook URL
// and header is expanded from the environment at send time, never stored expanded; Redact puts
// the reference back wherever a value shows up in an error or log text, so neither ever shows a
// secret's value.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricecrawl::crawler {

// Reads one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv).
EnvLookup ProcessEnvironment();

// A text with its ${NAME} references replaced.
struct ExpandedText {
  std::string text;   // the expanded text ("" when error is set)
  std::string error;  // "environment variable ${NAME} is not set", or "" on success
  // (NAME, value) of every variable used, to scrub values out of error texts (Redact).
  std::vector<std::pair<std::string, std::string>> secrets;
};

// Replaces every `${NAME}` (NAME: letters, digits, '_') by the variable's value. Other text,
// including a lone '$', is kept. Never throws.
ExpandedText ExpandEnv(std::string_view text, const EnvLookup& env);

// `text` with each secret value replaced by its `${NAME}` reference.
std::string Redact(std::string text,
                   const std::vector<std::pair<std::string, std::string>>& secrets);

}  // namespace pricecrawl::crawler
