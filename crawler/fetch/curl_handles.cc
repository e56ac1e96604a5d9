#include "crawler/fetch/curl_handles.h"

#include <string>

namespace pricecrawl::crawler {

std::string OptionSetter::Error() const {
  const curl_easyoption* info = curl_easy_option_by_id(failed_);
  const std::string name = info != nullptr ? info->name : std::to_string(failed_);
  return "could not set CURLOPT_" + name + ": " + curl_easy_strerror(code_);
}

}  // namespace pricecrawl::crawler
