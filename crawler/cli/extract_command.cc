#include "crawler/cli/extract_command.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "config/config.h"
#include "config/usage_error.h"
#include "crawler/extract/product_extractor.h"
#include "crawler/fetch/curl_handles.h"
#include "crawler/fetch/url.h"
#include "crawler/html/charset.h"
#include "crawler/html/html.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::size_t kMaxBody = 10 * 1024 * 1024;

struct Body {
  std::string data;
  bool too_large = false;
};

std::size_t WriteBody(char* ptr, std::size_t size, std::size_t nmemb, void* userdata) {
  auto* body = static_cast<Body*>(userdata);
  const std::size_t n = size * nmemb;
  if (body->data.size() + n > kMaxBody) {
    body->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  body->data.append(ptr, n);
  return n;
}

// One blocking transfer; nullopt with `error` set on failure. `content_type` gets the header.
std::optional<std::string> Fetch(const std::string& url, std::string& effective_url,
                                 std::string& content_type, std::string& error) {
  EasyHandle easy(curl_easy_init());
  if (!easy) {
    error = "cannot create a transfer";
    return std::nullopt;
  }
  Body body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "pricecrawl/1.0 (extract)");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    error = body.too_large ? "body larger than 10 MiB"
                           : (error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
    return std::nullopt;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400) {
    error = "HTTP status " + std::to_string(status);
    return std::nullopt;
  }
  char* effective = nullptr;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
  effective_url = effective != nullptr ? effective : url;
  char* type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
  content_type = type != nullptr ? type : "";
  return std::move(body.data);
}

bool IsHttpUrl(const std::string& target) {
  auto starts = [&](std::string_view prefix) {
    if (target.size() < prefix.size()) {
      return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(target[i])) != prefix[i]) {
        return false;
      }
    }
    return true;
  };
  return starts("http://") || starts("https://");
}

nlohmann::json ToJson(const ProductData& data) {
  nlohmann::json j;
  j["price"] = data.price ? nlohmann::json(data.price->ToString()) : nlohmann::json(nullptr);
  j["currency"] = data.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(data.currency);
  j["availability"] = std::string(AvailabilityName(data.availability));
  j["title"] = data.title;
  j["sku"] = data.sku;
  j["gtin"] = data.gtin;
  j["brand"] = data.brand;
  j["canonical_url"] = data.canonical_url;
  j["source"] = data.source;
  j["is_product"] = data.is_product;
  j["reason"] = data.reason;
  nlohmann::json candidates = nlohmann::json::array();
  for (const PriceCandidate& c : data.candidates) {
    candidates.push_back(
        {{"price", c.price.ToString()},
         {"currency", c.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.currency)},
         {"source", c.source},
         {"where", c.where},
         {"is_list_price", c.is_list_price},
         {"score", c.score},
         {"note", c.note}});
  }
  j["candidates"] = std::move(candidates);
  return j;
}

void PrintTable(const ProductData& data, std::ostream& out) {
  auto row = [&](std::string_view label, const std::string& value) {
    out << label << std::string(14 - std::min<std::size_t>(13, label.size()), ' ')
        << (value.empty() ? "-" : value) << "\n";
  };
  row("title", data.title);
  row("price", data.price
                   ? data.price->ToString() + (data.currency.empty() ? "" : " " + data.currency)
                   : "");
  row("availability", std::string(AvailabilityName(data.availability)));
  row("source", data.source);
  row("is_product", data.is_product ? "yes" : "no");
  row("sku", data.sku);
  row("gtin", data.gtin);
  row("brand", data.brand);
  row("canonical_url", data.canonical_url);
  row("reason", data.reason);
  out << "\ncandidates (" << data.candidates.size() << "):\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"price", "currency", "source", "score", "list", "where", "note"});
  for (const PriceCandidate& c : data.candidates) {
    rows.push_back({c.price.ToString(), c.currency.empty() ? "-" : c.currency, c.source,
                    std::to_string(c.score), c.is_list_price ? "yes" : "no", c.where, c.note});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      widths[i] = std::max(widths[i], r[i].size());
    }
  }
  for (const auto& r : rows) {
    out << "  ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      out << r[i];
      if (i + 1 < r.size()) {
        out << std::string(widths[i] - r[i].size() + 2, ' ');
      }
    }
    out << "\n";
  }
}

}  // namespace

int RunExtract(const std::string& target, const std::string& base_url,
               const std::string& config_path, const std::string& format, std::ostream& out,
               std::ostream& err) {
  if (format != "table" && format != "json") {
    throw UsageError("--format: expected 'table' or 'json', got '" + format + "'");
  }
  std::optional<config::Config> config;
  if (!config_path.empty()) {
    config = config::LoadConfig(config_path);
  }
  std::string body;
  std::string content_type;  // empty for a file: the BOM or <meta charset> decides
  std::string page_url = base_url;
  if (IsHttpUrl(target)) {
    std::string effective;
    std::string error;
    auto fetched = Fetch(target, effective, content_type, error);
    if (!fetched) {
      err << "pricecrawl extract: cannot fetch " << target << ": " << error << "\n";
      return 1;
    }
    body = std::move(*fetched);
    if (page_url.empty()) {
      page_url = effective;
    }
  } else {
    std::ifstream file(target, std::ios::binary);
    if (!file) {
      err << "pricecrawl extract: cannot read " << target << "\n";
      return 1;
    }
    std::ostringstream buffer;
    buffer << file.rdbuf();
    if (file.bad()) {
      err << "pricecrawl extract: cannot read " << target << "\n";
      return 1;
    }
    body = buffer.str();
  }
  ExtractOptions options;
  options.page_url = page_url;
  if (config && !page_url.empty()) {
    options.selectors = config->SelectorsFor(HostKey(NormalizeUrl(page_url).value_or(page_url)));
  }
  const HtmlDocument doc(DecodeToUtf8(std::move(body), content_type).text);
  const ProductData data = ExtractProduct(doc, options);
  if (format == "json") {
    out << ToJson(data).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    PrintTable(data, out);
  }
  return 0;
}

}  // namespace pricecrawl::crawler
