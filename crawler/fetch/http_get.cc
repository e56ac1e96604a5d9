#include "crawler/fetch/http_get.h"

#include <array>
#include <limits>
#include <string_view>
#include <utility>

#include "crawler/fetch/curl_handles.h"

namespace pricecrawl::crawler {
namespace {

// The transfer's state, handed to curl's write callback as its userdata.
struct Transfer {
  const HttpRequest& request;
  HttpResult& result;
  bool write_failed = false;  // the body could not be stored (allocation failure)
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  switch (AppendCapped(transfer->result.body, data, length, transfer->request.max_body)) {
    case BodyAppend::kAppended:
      break;
    case BodyAppend::kOverLimit:
      transfer->result.body_too_large = true;
      return transfer->request.over_max_body == OverMaxBody::kDiscard ? length
                                                                      : CURL_WRITEFUNC_ERROR;
    case BodyAppend::kNoMemory:
      transfer->write_failed = true;
      return CURL_WRITEFUNC_ERROR;
  }
  return length;
}

// Every option of one transfer; the setter reports the first that curl refused.
OptionSetter Configure(CURL* easy, Transfer& transfer, const curl_slist* headers,
                       char* error_buffer) {
  const HttpRequest& request = transfer.request;
  OptionSetter options(easy);
  options.Set(CURLOPT_URL, request.url.c_str());
  options.Set(CURLOPT_PROTOCOLS_STR, "http,https");
  options.Set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  options.Set(CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  if (request.follow_redirects) {
    options.Set(CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
  }
  options.Set(CURLOPT_NOSIGNAL, 1L);
  if (request.method == HttpMethod::kPost) {
    options.Set(CURLOPT_POST, 1L);
    options.Set(CURLOPT_POSTFIELDS, request.body.c_str());
    options.Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (headers != nullptr) {
    options.Set(CURLOPT_HTTPHEADER, headers);
  }
  if (!request.user_agent.empty()) {
    options.Set(CURLOPT_USERAGENT, request.user_agent.c_str());
  }
  if (request.accept_encoding) {
    options.Set(CURLOPT_ACCEPT_ENCODING, "");
  }
  options.Set(CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  options.Set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  options.Set(CURLOPT_ERRORBUFFER, error_buffer);
  options.Set(CURLOPT_WRITEFUNCTION, &WriteBody);
  options.Set(CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
  // Refuses a declared Content-Length over the cap before any byte arrives; WriteBody covers
  // the rest (unknown length, compressed bodies).
  if (request.over_max_body == OverMaxBody::kFail &&
      request.max_body <= static_cast<std::uint64_t>(std::numeric_limits<curl_off_t>::max())) {
    options.Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  }
  return options;
}

// Status, effective URL and content type of the last response, as far as curl has them.
void ReadInfo(CURL* easy, HttpResult& result) {
  long status = 0;
  if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) {
    result.status = status;
  }
  char* effective = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK &&
      effective != nullptr) {
    result.effective_url = effective;
  }
  char* type = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
    result.content_type = type;
  }
}

HttpResult Failed(HttpResult result, CURLcode code, std::string error) {
  result.curl_code = code;
  result.error = std::move(error);
  return result;
}

}  // namespace

HttpResult HttpTransfer(const HttpRequest& request) {
  HttpResult result;
  result.effective_url = request.url;
  const EasyHandle easy(curl_easy_init());
  if (!easy) {
    return Failed(std::move(result), CURLE_FAILED_INIT, "could not create a curl handle");
  }
  HeaderList headers;
  for (const std::string& line : request.headers) {
    if (!AppendHeader(headers, line)) {
      return Failed(std::move(result), CURLE_OUT_OF_MEMORY, "could not build the request headers");
    }
  }
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  Transfer transfer{request, result};
  const OptionSetter options = Configure(easy.get(), transfer, headers.get(), error_buffer.data());
  if (options.Code() != CURLE_OK) {
    return Failed(std::move(result), options.Code(), options.Error());
  }
  const CURLcode code = curl_easy_perform(easy.get());
  ReadInfo(easy.get(), result);
  if (code == CURLE_OK) {
    return result;
  }
  if (code == CURLE_FILESIZE_EXCEEDED) {
    result.body_too_large = true;
  }
  if (transfer.write_failed) {
    return Failed(std::move(result), code, "out of memory while storing the response");
  }
  if (result.body_too_large && (code == CURLE_WRITE_ERROR || code == CURLE_FILESIZE_EXCEEDED)) {
    return Failed(std::move(result), code,
                  "body larger than max_body (" + std::to_string(request.max_body) + " bytes)");
  }
  const std::string_view detail(error_buffer.data());
  return Failed(std::move(result), code,
                detail.empty() ? std::string(curl_easy_strerror(code)) : std::string(detail));
}

}  // namespace pricecrawl::crawler
