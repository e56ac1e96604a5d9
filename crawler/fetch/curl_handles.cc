#include "crawler/fetch/curl_handles.h"

#include <algorithm>
#include <string>

namespace pricecrawl::crawler {

std::string OptionSetter::Error() const {
  const curl_easyoption* info = curl_easy_option_by_id(failed_);
  const std::string name = info != nullptr ? info->name : std::to_string(failed_);
  return "could not set CURLOPT_" + name + ": " + curl_easy_strerror(code_);
}

bool AppendHeader(HeaderList& list, const std::string& line) {
  curl_slist* appended = curl_slist_append(list.get(), line.c_str());
  if (appended == nullptr) {
    return false;
  }
  if (!list) {
    list.reset(appended);  // appending to a non-empty list keeps its head
  }
  return true;
}

BodyAppend AppendCapped(std::string& body, const char* data, std::size_t length,
                        std::uint64_t max_body) noexcept {
  try {
    if (body.size() + length > max_body) {
      body.append(data, static_cast<std::size_t>(max_body -
                                                 std::min<std::uint64_t>(max_body, body.size())));
      return BodyAppend::kOverLimit;
    }
    body.append(data, length);
  } catch (...) {
    return BodyAppend::kNoMemory;
  }
  return BodyAppend::kAppended;
}

}  // namespace pricecrawl::crawler
