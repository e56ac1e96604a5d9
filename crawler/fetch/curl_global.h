#pragma once
// The guard for libcurl's global state, in a header of its own that does not include
// <curl/curl.h>, so main can hold it without seeing curl's types (only crawler/fetch/ does).

namespace pricecrawl::crawler {

// Holds libcurl's global state: curl_global_init(CURL_GLOBAL_DEFAULT) in the constructor,
// curl_global_cleanup in the destructor. Create one at the top of main, before any thread starts,
// and keep it alive until every curl handle is gone. Throws std::runtime_error when the
// initialisation fails (the process cannot fetch anything).
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

}  // namespace pricecrawl::crawler
