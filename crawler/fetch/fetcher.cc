#include "crawler/fetch/fetcher.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include "config/duration.h"
#include "crawler/base/text.h"
#include "crawler/fetch/curl_handles.h"

namespace pricecrawl::crawler {

// fetcher.h hands curl's handles around as void* so that it need not include curl.
static_assert(std::is_same_v<CURL, void> && std::is_same_v<CURLM, void>);

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPollTimeoutMs = 1000;  // upper bound on a missed wake-up, never a busy wait
constexpr const char* kAborted = "aborted";

// Header lines end in CRLF; values may be padded with spaces and tabs (RFC 9110 §5.5).
constexpr std::string_view kHeaderSpace = " \t\r\n";

// One part of `url` (scheme, host) as curl's URL parser sees it; empty when it does not parse.
std::string UrlPart(const std::string& url, CURLUPart part) {
  UrlHandle handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
                     CURLUE_OK) {
    return {};
  }
  char* raw = nullptr;
  if (curl_url_get(handle.get(), part, &raw, 0) != CURLUE_OK) {
    return {};
  }
  const CurlString value(raw);
  return value ? std::string(value.get()) : std::string();
}

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

struct Fetcher::Transfer {
  FetchResult result;  // result.request is the request as submitted
  Callback done;
  EasyHandle easy;
  HeaderList headers;                                // conditional headers of the first hop
  std::array<char, CURL_ERROR_SIZE> error_buffer{};  // CURLOPT_ERRORBUFFER of the current hop
  std::string url;                                   // the hop being fetched
  std::vector<std::string> chain;                    // every URL visited, to detect loops
  Clock::time_point started = Clock::now();
  bool headers_complete = false;  // the current header block ended; later lines are trailers
  bool write_failed = false;      // the body could not be stored (allocation failure)

  std::chrono::milliseconds Elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  }

  // Curl's callbacks: plain functions, handed this Transfer as their userdata.
  static std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user);
  static std::size_t ReadHeader(char* data, std::size_t size, std::size_t count, void* user);

  // Prepares `easy` for fetching `url`: every option, with the time left of request.timeout.
  // Returns the setter so the caller can check the first failure.
  OptionSetter Configure();
};

std::size_t Fetcher::Transfer::WriteBody(char* data, std::size_t size, std::size_t count,
                                         void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  // The only cap for bodies of unknown length (CURLOPT_MAXFILESIZE ignores those in 7.88).
  switch (AppendCapped(transfer->result.body, data, length, transfer->result.request.max_body)) {
    case BodyAppend::kAppended:
      break;
    case BodyAppend::kOverLimit:
      transfer->result.body_too_large = true;
      return CURL_WRITEFUNC_ERROR;
    case BodyAppend::kNoMemory:
      transfer->write_failed = true;
      return CURL_WRITEFUNC_ERROR;
  }
  return length;
}

std::size_t Fetcher::Transfer::ReadHeader(char* data, std::size_t size, std::size_t count,
                                          void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t length = size * count;
  const std::string_view line = Trim(std::string_view(data, length), kHeaderSpace);
  FetchResult& result = transfer->result;
  try {
    if (line.starts_with("HTTP/")) {
      // A new response (1xx interim, or a proxy's) starts: only the final one counts.
      result.content_type.clear();
      result.retry_after.clear();
      result.etag.clear();
      result.last_modified.clear();
      transfer->headers_complete = false;
      return length;
    }
    if (line.empty()) {
      transfer->headers_complete = true;
      return length;
    }
    const auto colon = line.find(':');
    if (transfer->headers_complete || colon == std::string_view::npos) {
      return length;  // trailers, or a line that is not a header
    }
    const std::string_view name = Trim(line.substr(0, colon), kHeaderSpace);
    const std::string_view value = Trim(line.substr(colon + 1), kHeaderSpace);
    if (AsciiEqualsIgnoreCase(name, "Content-Type")) {
      result.content_type.assign(value);
    } else if (AsciiEqualsIgnoreCase(name, "Retry-After")) {
      result.retry_after.assign(value);
    } else if (AsciiEqualsIgnoreCase(name, "ETag")) {
      result.etag.assign(value);
    } else if (AsciiEqualsIgnoreCase(name, "Last-Modified")) {
      result.last_modified.assign(value);
    }
  } catch (...) {
    transfer->write_failed = true;
    return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
  }
  return length;
}

OptionSetter Fetcher::Transfer::Configure() {
  CURL* handle = easy.get();
  curl_easy_reset(handle);  // a redirect reuses the handle; keeps its connection and DNS cache
  error_buffer[0] = '\0';
  headers_complete = false;
  result.body.clear();
  const FetchRequest& request = result.request;
  const auto remaining = std::max(request.timeout - Elapsed(), std::chrono::milliseconds(1));

  OptionSetter options(handle);
  options.Set(CURLOPT_URL, url.c_str());
  if (!request.user_agent.empty()) {
    options.Set(CURLOPT_USERAGENT, request.user_agent.c_str());
  }
  // Redirects are followed by Fetcher::Redirect so each hop is checked before it is fetched.
  options.Set(CURLOPT_FOLLOWLOCATION, 0L);
  options.Set(CURLOPT_PROTOCOLS_STR, "http,https,file");
  options.Set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  options.Set(CURLOPT_ACCEPT_ENCODING, "");
  options.Set(CURLOPT_NOSIGNAL, 1L);
  options.Set(CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
  options.Set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  options.Set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  options.Set(CURLOPT_TCP_KEEPALIVE, 1L);
  options.Set(CURLOPT_ERRORBUFFER, error_buffer.data());
  options.Set(CURLOPT_WRITEFUNCTION, &Transfer::WriteBody);
  options.Set(CURLOPT_WRITEDATA, static_cast<void*>(this));
  options.Set(CURLOPT_HEADERFUNCTION, &Transfer::ReadHeader);
  options.Set(CURLOPT_HEADERDATA, static_cast<void*>(this));
  // Refuses a declared Content-Length over the cap before any byte arrives; WriteBody covers
  // the rest (unknown length, compressed bodies).
  if (request.max_body <= static_cast<std::uint64_t>(std::numeric_limits<curl_off_t>::max())) {
    options.Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  }
  // The validators belong to the URL that was requested, so only its own hop carries them.
  if (headers && chain.size() == 1) {
    options.Set(CURLOPT_HTTPHEADER, headers.get());
  }
  return options;
}

namespace {

// A readable sentence for a transfer that ended with `code`, built on curl's error buffer.
std::string Describe(CURLcode code, const FetchResult& result, const std::string& url,
                     const char* error_buffer, long os_errno, bool headers_complete) {
  std::string detail =
      error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
  const FetchRequest& request = result.request;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      if (detail.starts_with("Connection timed out") || detail.starts_with("Resolving timed out")) {
        return "connect timed out after " + config::FormatDuration(request.connect_timeout);
      }
      return "timed out after " + config::FormatDuration(request.timeout);
    case CURLE_COULDNT_RESOLVE_HOST:
      return "could not resolve host '" + UrlPart(url, CURLUPART_HOST) + "'";
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) {
        return "connection refused";
      }
      return "could not connect: " + detail;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (result.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
        return "body larger than max_body (" + std::to_string(request.max_body) + " bytes)";
      }
      return "could not store the body: " + detail;
    case CURLE_RECV_ERROR:
      if (os_errno == ECONNRESET) {
        return headers_complete ? "connection reset during body" : "connection reset";
      }
      return "receive failed: " + detail;
    case CURLE_PARTIAL_FILE:
      return "connection closed during body: " + detail;
    case CURLE_GOT_NOTHING:
      return "server closed the connection without a response";
    default:
      return detail;
  }
}

}  // namespace

Fetcher::Multi Fetcher::MakeMulti(const FetcherOptions& options) {
  Multi multi(curl_multi_init());
  if (!multi) {
    throw std::runtime_error("curl_multi_init failed");
  }
  const auto set = [&multi](CURLMoption option, long value, const char* name) {
    const CURLMcode code = curl_multi_setopt(multi.get(), option, value);
    if (code != CURLM_OK) {
      throw std::runtime_error(std::string("could not set ") + name + ": " +
                               curl_multi_strerror(code));
    }
  };
  if (options.max_total_connections > 0) {
    set(CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections,
        "CURLMOPT_MAX_TOTAL_CONNECTIONS");
  }
  if (options.max_host_connections > 0) {
    set(CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections,
        "CURLMOPT_MAX_HOST_CONNECTIONS");
  }
  return multi;
}

Fetcher::Fetcher(FetcherOptions options)
    : options_(std::move(options)),
      multi_(MakeMulti(options_)),
      loop_([this](const std::stop_token& stop) { Run(stop); }) {}

Fetcher::~Fetcher() {
  Stop();
}

void Fetcher::MultiCleanup::operator()(void* multi) const noexcept {
  curl_multi_cleanup(multi);
}

void Fetcher::Submit(FetchRequest request, Callback done) noexcept {
  in_flight_.fetch_add(1);
  Pending pending{std::move(request), std::move(done)};
  {
    std::unique_lock lock(mu_);
    if (!stopped_) {
      pending_.push_back(std::move(pending));
      lock.unlock();
      Wake();
      return;
    }
  }
  DeliverAborted(std::move(pending));
}

void Fetcher::AbortAll() {
  if (OnLoopThread()) {
    AbortRunningAndPending();
    return;
  }
  std::unique_lock lock(mu_);
  if (loop_exited_) {
    return;  // nothing can be pending or running any more
  }
  const std::uint64_t generation = ++abort_requested_;
  lock.unlock();
  Wake();
  lock.lock();
  abort_cv_.wait(lock, [&] { return abort_done_ >= generation || loop_exited_; });
}

void Fetcher::Stop() {
  assert(!OnLoopThread() && "Fetcher::Stop() called from a fetch callback");
  const std::lock_guard stop_lock(stop_mu_);
  {
    const std::lock_guard lock(mu_);
    stopped_ = true;
  }
  if (loop_.joinable()) {
    loop_.request_stop();
    Wake();
    loop_.join();  // the loop aborts whatever is left before it returns
  }
}

std::size_t Fetcher::InFlight() const {
  return in_flight_.load();
}

bool Fetcher::OnLoopThread() const {
  return loop_id_.load() == std::this_thread::get_id();
}

void Fetcher::Wake() {
  // On failure there is nothing better to do: the loop polls at least every kPollTimeoutMs.
  const CURLMcode code = curl_multi_wakeup(multi_.get());
  static_cast<void>(code);
}

void Fetcher::Run(const std::stop_token& stop) {
  loop_id_.store(std::this_thread::get_id());
  while (!stop.stop_requested()) {
    ServiceAbortRequest();
    StartPending();
    int running = 0;
    CURLMcode code = curl_multi_perform(multi_.get(), &running);
    if (code != CURLM_OK) {
      FailRunning(CURLE_RECV_ERROR, std::string("curl multi error: ") + curl_multi_strerror(code));
    }
    ReapCompleted();
    code = curl_multi_poll(multi_.get(), nullptr, 0, kPollTimeoutMs, nullptr);
    if (code != CURLM_OK) {
      FailRunning(CURLE_RECV_ERROR, std::string("curl multi error: ") + curl_multi_strerror(code));
    }
  }
  AbortRunningAndPending();
  loop_id_.store(std::thread::id());  // ids are reused once this thread is gone
  {
    const std::lock_guard lock(mu_);
    loop_exited_ = true;
  }
  abort_cv_.notify_all();
}

void Fetcher::ServiceAbortRequest() {
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mu_);
    if (abort_requested_ == abort_done_) {
      return;
    }
    generation = abort_requested_;
  }
  AbortRunningAndPending();
  {
    const std::lock_guard lock(mu_);
    abort_done_ = generation;
  }
  abort_cv_.notify_all();
}

void Fetcher::StartPending() {
  std::deque<Pending> batch;
  {
    const std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  for (Pending& pending : batch) {
    Start(std::move(pending));
  }
}

void Fetcher::Start(Pending pending) {
  auto transfer = std::make_unique<Transfer>();
  transfer->result.request = std::move(pending.request);
  transfer->done = std::move(pending.done);
  const FetchRequest& request = transfer->result.request;
  transfer->url = request.url;
  transfer->chain.push_back(request.url);
  transfer->easy.reset(curl_easy_init());
  if (!transfer->easy) {
    Fail(std::move(transfer), CURLE_FAILED_INIT, "could not create a curl handle");
    return;
  }
  const auto add_header = [&transfer](std::string_view name, const std::string& value) {
    if (value.empty()) {
      return true;
    }
    std::string line(name);
    line += ": ";
    // A stored validator is sent back verbatim, minus anything that could end the header.
    std::copy_if(value.begin(), value.end(), std::back_inserter(line),
                 [](char c) { return c != '\r' && c != '\n'; });
    return AppendHeader(transfer->headers, line);
  };
  if (!add_header("If-None-Match", request.if_none_match) ||
      !add_header("If-Modified-Since", request.if_modified_since)) {
    Fail(std::move(transfer), CURLE_OUT_OF_MEMORY, "could not build the request headers");
    return;
  }
  Launch(std::move(transfer));
}

void Fetcher::Launch(std::unique_ptr<Transfer> transfer) {
  const FetchRequest& request = transfer->result.request;
  if (transfer->Elapsed() >= request.timeout) {
    Fail(std::move(transfer), CURLE_OPERATION_TIMEDOUT,
         "timed out after " + config::FormatDuration(request.timeout));
    return;
  }
  const OptionSetter options = transfer->Configure();
  if (options.Code() != CURLE_OK) {
    Fail(std::move(transfer), options.Code(), options.Error());
    return;
  }
  Attach(std::move(transfer));
}

// The one raw hand-off (STYLE.md 4.5): while a transfer runs, curl holds the only pointer to it
// in CURLOPT_PRIVATE, and running_ lists it for AbortAll. Detach() re-adopts it.
void Fetcher::Attach(std::unique_ptr<Transfer> transfer) {
  Transfer* raw = transfer.get();
  CURL* easy = raw->easy.get();
  const CURLcode code = curl_easy_setopt(easy, CURLOPT_PRIVATE, static_cast<void*>(raw));
  if (code != CURLE_OK) {
    Fail(std::move(transfer), code,
         std::string("could not set CURLOPT_PRIVATE: ") + curl_easy_strerror(code));
    return;
  }
  running_.insert(raw);
  const CURLMcode added = curl_multi_add_handle(multi_.get(), easy);
  if (added != CURLM_OK) {
    running_.erase(raw);
    Fail(std::move(transfer), CURLE_FAILED_INIT,
         std::string("could not start the transfer: ") + curl_multi_strerror(added));
    return;
  }
  static_cast<void>(transfer.release());
}

std::unique_ptr<Fetcher::Transfer> Fetcher::Detach(void* easy) {
  void* raw = nullptr;
  const CURLcode code = curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
  assert(code == CURLE_OK && raw != nullptr);
  static_cast<void>(code);
  std::unique_ptr<Transfer> transfer(static_cast<Transfer*>(raw));
  running_.erase(transfer.get());
  // Removed first, so the easy handle never dies while the multi handle still knows it.
  const CURLMcode removed = curl_multi_remove_handle(multi_.get(), easy);
  assert(removed == CURLM_OK);
  static_cast<void>(removed);
  return transfer;
}

void Fetcher::ReapCompleted() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &queued)) {
    if (message->msg == CURLMSG_DONE) {
      Finish(message->easy_handle, message->data.result);
    }
  }
}

void Fetcher::Finish(void* easy, int curl_code) {
  const auto code = static_cast<CURLcode>(curl_code);
  std::unique_ptr<Transfer> transfer = Detach(easy);
  FetchResult& result = transfer->result;
  long status = 0;
  if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) {
    result.http_status = status;
  }
  char* effective = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK &&
      effective != nullptr) {
    result.effective_url = effective;
  } else {
    result.effective_url = transfer->url;
  }
  if (code == CURLE_OK && IsRedirectStatus(status)) {
    char* target = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &target) == CURLE_OK && target != nullptr) {
      Redirect(std::move(transfer), target);
      return;
    }
  }
  if (code != CURLE_OK) {
    long os_errno = 0;
    if (curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno) != CURLE_OK) {
      os_errno = 0;
    }
    result.curl_code = code;
    if (code == CURLE_FILESIZE_EXCEEDED) {
      result.body_too_large = true;
    }
    result.error = transfer->write_failed
                       ? std::string("out of memory while storing the response")
                       : Describe(code, result, transfer->url, transfer->error_buffer.data(),
                                  os_errno, transfer->headers_complete);
  }
  Deliver(std::move(transfer));
}

void Fetcher::Redirect(std::unique_ptr<Transfer> transfer, std::string target) {
  FetchResult& result = transfer->result;
  result.body.clear();  // the 3xx page itself is of no use
  const std::string scheme = UrlPart(target, CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") {
    Fail(std::move(transfer), CURLE_UNSUPPORTED_PROTOCOL,
         "redirect to '" + target + "' refused: only http and https");
    return;
  }
  std::vector<std::string>& chain = transfer->chain;
  if (std::find(chain.begin(), chain.end(), result.effective_url) == chain.end()) {
    chain.push_back(result.effective_url);  // curl's spelling of the hop just fetched
  }
  if (std::find(chain.begin(), chain.end(), target) != chain.end()) {
    Fail(std::move(transfer), CURLE_TOO_MANY_REDIRECTS, "redirect loop at '" + target + "'");
    return;
  }
  const int max_redirects = result.request.max_redirects;
  if (max_redirects >= 0 && result.redirect_count >= max_redirects) {
    Fail(std::move(transfer), CURLE_TOO_MANY_REDIRECTS,
         "too many redirects (" + std::to_string(max_redirects) + ")");
    return;
  }
  if (options_.allow_redirect && !options_.allow_redirect(target)) {
    Fail(std::move(transfer), CURLE_UNSUPPORTED_PROTOCOL,
         "redirect to '" + target + "' is out of scope");
    return;
  }
  ++result.redirect_count;
  chain.push_back(target);
  transfer->url = std::move(target);
  Launch(std::move(transfer));
}

void Fetcher::AbortRunningAndPending() {
  std::deque<Pending> pending;
  {
    const std::lock_guard lock(mu_);
    pending.swap(pending_);
  }
  for (Pending& item : pending) {
    DeliverAborted(std::move(item));
  }
  FailRunning(CURLE_ABORTED_BY_CALLBACK, kAborted);
}

void Fetcher::FailRunning(int curl_code, const std::string& error) {
  // One at a time from the set itself: a callback may re-enter AbortAll and drain it.
  while (!running_.empty()) {
    Transfer* raw = *running_.begin();
    std::unique_ptr<Transfer> transfer = Detach(raw->easy.get());
    transfer->result.body.clear();
    transfer->result.aborted = curl_code == CURLE_ABORTED_BY_CALLBACK;
    Fail(std::move(transfer), curl_code, error);
  }
}

void Fetcher::Fail(std::unique_ptr<Transfer> transfer, int curl_code, std::string error) {
  transfer->result.curl_code = curl_code;
  transfer->result.error = std::move(error);
  if (transfer->result.effective_url.empty()) {
    transfer->result.effective_url = transfer->url;
  }
  Deliver(std::move(transfer));
}

void Fetcher::Deliver(std::unique_ptr<Transfer> transfer) {
  FetchResult result = std::move(transfer->result);
  result.total_seconds = std::chrono::duration<double>(Clock::now() - transfer->started).count();
  Callback done = std::move(transfer->done);
  transfer.reset();  // already removed from the multi handle (Detach) or never added
  in_flight_.fetch_sub(1);
  done(std::move(result));
}

void Fetcher::DeliverAborted(Pending pending) {
  FetchResult result;
  result.request = std::move(pending.request);
  result.effective_url = result.request.url;
  result.curl_code = CURLE_ABORTED_BY_CALLBACK;
  result.error = kAborted;
  result.aborted = true;
  in_flight_.fetch_sub(1);
  pending.done(std::move(result));
}

}  // namespace pricecrawl::crawler
