#include "crawler/alerts/webhook.h"

#include <utility>
#include <vector>

#include "crawler/fetch/http_get.h"

namespace pricecrawl::crawler {

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

  HttpRequest request;
  request.url = target.text;
  request.method = HttpMethod::kPost;
  request.body = body;
  request.headers = {"Content-Type: application/json",
                     "Idempotency-Key: pricecrawl-alert-" + std::to_string(alert_id)};
  if (!extra.text.empty()) {
    request.headers.push_back(extra.text);
  }
  request.user_agent = "pricecrawl/1.0 (alerts)";
  request.timeout = timeout;
  request.connect_timeout = timeout;
  request.follow_redirects = false;
  // Only the answer's tail is ever shown (Printable); a longer answer is read and dropped.
  request.max_body = 4 * kKeptOutput;
  request.over_max_body = OverMaxBody::kDiscard;
  const HttpResult answer = HttpTransfer(request);
  if (!answer.Completed()) {
    result.error = Redact("webhook " + url + ": " + answer.error, secrets);
    return result;
  }
  if (answer.status >= 200 && answer.status < 300) {
    result.delivered = true;
    return result;
  }
  std::string error = "webhook " + url + ": HTTP " + std::to_string(answer.status);
  if (const std::string shown = Printable(answer.body); !shown.empty()) {
    error += ": " + shown;
  }
  result.error = Redact(std::move(error), secrets);
  return result;
}

}  // namespace pricecrawl::crawler
