#pragma once
// The webhook channel of alert delivery (issue 6, "Alerts"): one HTTP POST of the alert's JSON
// with an Idempotency-Key, so a receiver can drop the duplicate that a crash after its 2xx may
// cause. `${NAME}` in the URL and header is expanded at send time (secrets.h); error texts show
// the configured text and never a secret's value.

#include <chrono>
#include <cstdint>
#include <string>

#include "crawler/alerts/channel_result.h"
#include "crawler/alerts/secrets.h"

namespace pricecrawl::crawler {

// POSTs `body` to the webhook (`url` and the optional `header` "Name: value" are expanded with
// `env` now) with Content-Type application/json and Idempotency-Key pricecrawl-alert-<id>.
// Delivered on a 2xx answer; redirects are not followed. Never throws.
ChannelResult PostWebhook(const std::string& url, const std::string& header,
                          const std::string& body, std::int64_t alert_id,
                          std::chrono::milliseconds timeout, const EnvLookup& env);

}  // namespace pricecrawl::crawler
