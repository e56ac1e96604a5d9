#pragma once
// The JSON document every alert channel receives (issue 6, "Alerts"): one object per alert, prices
// as exact decimal strings (DESIGN.md: never binary floating point), so a receiver sees the same
// digits the database holds.

#include <string>

#include "storage/alert_store.h"

namespace pricecrawl::crawler {

// The JSON delivered for one alert: {"id", "url", "title", "kind", "old_price", "new_price",
// "currency", "change_percent", "observed_at"}; prices and change_percent as exact decimal
// strings, null when absent.
std::string AlertJson(const storage::OutboxAlert& alert);

}  // namespace pricecrawl::crawler
