#pragma once
// RAII owners for libcurl's C handles (STYLE.md 4.5): one unique_ptr alias per handle type, each
// with a stateless deleter, plus CurlGlobal, the guard for curl_global_init/cleanup. This header
// and the fetcher are the only places outside url.cc that see <curl/curl.h>.

#include <memory>

#include <curl/curl.h>

namespace pricecrawl::crawler {

// Calls Fn(p) for a non-null p. Stateless, so a unique_ptr using it is the size of one pointer.
template <auto Fn>
struct FnDeleter {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p != nullptr) {
      Fn(p);
    }
  }
};

// An easy handle (one transfer). Create with EasyHandle(curl_easy_init()); may be null on OOM.
// If it was added to a multi handle, curl_multi_remove_handle must run before it is destroyed.
using EasyHandle = std::unique_ptr<CURL, FnDeleter<curl_easy_cleanup>>;
// A multi handle. Every easy handle must be removed from it before it is destroyed.
using MultiHandle = std::unique_ptr<CURLM, FnDeleter<curl_multi_cleanup>>;
// A parsed URL (curl_url API).
using UrlHandle = std::unique_ptr<CURLU, FnDeleter<curl_url_cleanup>>;
// A list of request headers; must outlive every transfer it is set on (CURLOPT_HTTPHEADER).
using HeaderList = std::unique_ptr<curl_slist, FnDeleter<curl_slist_free_all>>;
// A string curl allocated for us (curl_url_get, curl_easy_escape); freed with curl_free.
using CurlString = std::unique_ptr<char, FnDeleter<curl_free>>;

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
