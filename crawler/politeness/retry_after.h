#pragma once
// The Retry-After response header (RFC 9110 10.2.3,
// https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3): how long a 429 / 503 asks us to wait
// before the next request to the host. Accepts delay-seconds and all three HTTP-date forms
// (IMF-fixdate, obsolete RFC 850 and asctime, RFC 9110 5.6.7), parsed by hand: no locale, no timegm
// / mktime, safe to call from any thread.

#include <chrono>
#include <optional>
#include <string_view>

namespace pricecrawl::crawler {

// The longest wait ParseRetryAfter returns; larger values (and far-future dates) are cut to it.
inline constexpr std::chrono::seconds kMaxRetryAfter = std::chrono::hours(24);

// Parses the Retry-After header value `value` (surrounding spaces and tabs ignored) and returns
// the wait from `now`: delay-seconds as given, an HTTP-date as the time left until it (rounded
// up to whole seconds; 0 when the date is not after `now`), both capped at kMaxRetryAfter.
// A two-digit RFC 850 year is read within 50 years of `now` (RFC 9110 5.6.7); day and month
// names are compared case-insensitively and the day name is not checked against the date.
// Returns nullopt for anything else (empty, negative, fractional, impossible dates such as
// 31 Apr, trailing text). Never throws.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

}  // namespace pricecrawl::crawler
