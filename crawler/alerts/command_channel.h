#pragma once
// The command channel of alert delivery (issue 6, "Alerts"): `/bin/sh -c command` with the alert's
// JSON on stdin; exit status 0 means delivered. The shell expands `${NAME}` itself; the values are
// looked up only to scrub them from the command's output before it is shown.

#include <chrono>
#include <string>

#include "crawler/alerts/channel_result.h"
#include "crawler/alerts/secrets.h"

namespace pricecrawl::crawler {

// Runs `/bin/sh -c command` (posix_spawn, in its own process group) with `body` on stdin, ended
// by a newline when it does not end with one (one alert per line), and the process environment;
// delivered when it exits 0 within `timeout`, else the group is killed. Its output is kept only for
// the error text (last 300 bytes, secrets scrubbed). Never throws.
ChannelResult RunAlertCommand(const std::string& command, const std::string& body,
                              std::chrono::milliseconds timeout, const EnvLookup& env);

}  // namespace pricecrawl::crawler
