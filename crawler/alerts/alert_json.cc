#include "crawler/alerts/alert_json.h"

#include <nlohmann/json.hpp>

namespace pricecrawl::crawler {

std::string AlertJson(const storage::OutboxAlert& alert) {
  const auto text_or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  nlohmann::json j;
  j["id"] = alert.id;
  j["url"] = alert.url;
  j["title"] = text_or_null(alert.title);
  j["kind"] = alert.kind;
  j["old_price"] = text_or_null(alert.old_price);
  j["new_price"] = text_or_null(alert.new_price);
  j["currency"] = text_or_null(alert.currency);
  j["change_percent"] = text_or_null(alert.change_percent);
  j["observed_at"] = alert.observed_at;
  // Titles come from web pages: replace invalid UTF-8 instead of throwing.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace pricecrawl::crawler
