#include "crawler/fetch/curl_global.h"

#include <stdexcept>
#include <string>

#include <curl/curl.h>

namespace pricecrawl::crawler {

CurlGlobal::CurlGlobal() {
  const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    throw std::runtime_error(std::string("curl_global_init failed: ") + curl_easy_strerror(code));
  }
}

CurlGlobal::~CurlGlobal() {
  curl_global_cleanup();
}

}  // namespace pricecrawl::crawler
