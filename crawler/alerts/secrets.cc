#include "crawler/alerts/secrets.h"

#include <algorithm>
#include <cstdlib>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

bool IsNameChar(char c) {
  return IsAsciiAlnum(c) || c == '_';
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in pricecrawl modifies the environment
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

ExpandedText ExpandEnv(std::string_view text, const EnvLookup& env) {
  ExpandedText result;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") == 0) {
      const std::size_t close = text.find('}', i + 2);
      const std::string_view name =
          close == std::string_view::npos ? std::string_view() : text.substr(i + 2, close - i - 2);
      if (!name.empty() && std::all_of(name.begin(), name.end(), IsNameChar)) {
        const std::optional<std::string> value = env(std::string(name));
        if (!value) {
          result.text.clear();
          result.error = "environment variable ${" + std::string(name) + "} is not set";
          return result;
        }
        result.text += *value;
        result.secrets.emplace_back(std::string(name), *value);
        i = close + 1;
        continue;
      }
    }
    result.text.push_back(text[i]);
    ++i;
  }
  return result;
}

std::string Redact(std::string text,
                   const std::vector<std::pair<std::string, std::string>>& secrets) {
  for (const auto& [name, value] : secrets) {
    if (value.empty()) {
      continue;
    }
    const std::string reference = "${" + name + "}";
    for (std::size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + reference.size())) {
      text.replace(at, value.size(), reference);
    }
  }
  return text;
}

}  // namespace pricecrawl::crawler
