#pragma once
// RAII owners for libcurl's C handles (STYLE.md 4.5): one unique_ptr alias per handle type, each
// with a stateless deleter; OptionSetter, which checks every curl_easy_setopt; the header-list
// and capped-body appends both kinds of transfer share; and (through curl_global.h) CurlGlobal.
// Internal to crawler/fetch/, the only folder that sees <curl/curl.h>.

#include <cstdint>
#include <memory>
#include <string>

#include <curl/curl.h>

#include "crawler/fetch/curl_global.h"

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

// Sets easy options one after another, remembering the first failure, so a transfer's set-up
// reads as a list and still checks every CURLcode. `easy` is not owned and must outlive it.
class OptionSetter {
 public:
  explicit OptionSetter(CURL* easy) : easy_(easy) {}

  // curl_easy_setopt(easy, option, value), unless an earlier option failed.
  template <class T>
  void Set(CURLoption option, T value) {
    if (code_ != CURLE_OK) {
      return;
    }
    code_ = curl_easy_setopt(easy_, option, value);
    if (code_ != CURLE_OK) {
      failed_ = option;
    }
  }

  // CURLE_OK, or the code of the first option that failed.
  CURLcode Code() const { return code_; }

  // "could not set CURLOPT_URL: <reason>"; only meaningful when Code() != CURLE_OK.
  std::string Error() const;

 private:
  CURL* easy_;
  CURLcode code_ = CURLE_OK;
  CURLoption failed_ = CURLOPT_URL;
};

// Appends one "Name: value" line to `list` (creating it when empty). False when curl could not
// allocate the entry; `list` is unchanged then.
bool AppendHeader(HeaderList& list, const std::string& line);

enum class BodyAppend {
  kAppended,   // the whole chunk was stored
  kOverLimit,  // the chunk crossed `max_body`: what fits was stored, the rest dropped
  kNoMemory,   // the body could not grow
};
// A write callback's work: appends curl's chunk to `body`, never letting it grow past
// `max_body` bytes (decoded bytes, so with CURLOPT_ACCEPT_ENCODING it caps decompression bombs
// too). Never throws: an exception must not cross curl's C frames.
BodyAppend AppendCapped(std::string& body, const char* data, std::size_t length,
                        std::uint64_t max_body) noexcept;

}  // namespace pricecrawl::crawler
