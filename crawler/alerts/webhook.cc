#include "crawler/alerts/webhook.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "crawler/fetch/curl_handles.h"

namespace pricecrawl::crawler {
namespace {

size_t KeepAnswer(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<std::string*>(user);
  const size_t bytes = size * count;
  if (answer->size() < 4 * kKeptOutput) {
    answer->append(data, std::min(bytes, 4 * kKeptOutput - answer->size()));
  }
  return bytes;
}

}  // namespace

ChannelResult PostWebhook(const std::string& url, const std::string& header,
                          const std::string& body, std::int64_t alert_id,
                          std::chrono::milliseconds timeout, const EnvLookup& env) {
  ChannelResult result;
  const ExpandedText target = ExpandEnv(url, env);
  const ExpandedText extra = ExpandEnv(header, env);
  if (!target.error.empty() || !extra.error.empty()) {
    result.error = "webhook " + url + ": " + (target.error.empty() ? extra.error : target.error);
    return result;
  }
  std::vector<std::pair<std::string, std::string>> secrets = target.secrets;
  secrets.insert(secrets.end(), extra.secrets.begin(), extra.secrets.end());

  const EasyHandle easy(curl_easy_init());
  HeaderList headers;
  const auto append = [&headers](const std::string& line) {
    curl_slist* head = curl_slist_append(headers.get(), line.c_str());
    if (head != nullptr) {
      static_cast<void>(headers.release());
      headers.reset(head);
    }
    return head != nullptr;
  };
  const bool headers_ok = append("Content-Type: application/json") &&
                          append("Idempotency-Key: pricecrawl-alert-" + std::to_string(alert_id)) &&
                          (extra.text.empty() || append(extra.text));
  if (!easy || !headers_ok) {
    result.error = "webhook " + url + ": out of memory";
    return result;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string answer;
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, target.text.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "pricecrawl/1.0 (alerts)");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, KeepAnswer);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    result.error = Redact("webhook " + url + ": " + detail, secrets);
    return result;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    result.delivered = true;
    return result;
  }
  std::string error = "webhook " + url + ": HTTP " + std::to_string(status);
  if (const std::string shown = Printable(answer); !shown.empty()) {
    error += ": " + shown;
  }
  result.error = Redact(std::move(error), secrets);
  return result;
}

}  // namespace pricecrawl::crawler
