#include "crawler/cli/extract_command.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "config/text_file.h"
#include "config/usage_error.h"
#include "crawler/base/text.h"
#include "crawler/crawl/parse_stage.h"
#include "crawler/fetch/http_get.h"
#include "crawler/fetch/url.h"

namespace pricecrawl::crawler {
namespace {

constexpr std::size_t kMaxBody = std::size_t{10} * 1024 * 1024;

// A page request as the crawl makes it: the normalised URL and its host key, which picks the
// [[host]] policy and [host.extract] selectors. An empty `url` gives an empty host (no rule).
FetchRequest PageRequest(const std::string& url) {
  FetchRequest request;
  request.kind = FetchKind::kPage;
  request.url = NormalizeUrl(url).value_or(url);
  request.host = HostKey(request.url);
  request.max_body = kMaxBody;
  return request;
}

// What the fetcher would hand the parse stage for a saved file: a completed transfer with no
// status and no content type (the BOM or <meta charset> decides the encoding). A file that
// cannot be read sets `error` to its path and the system's reason.
std::optional<FetchResult> ReadFile(const std::string& path, const std::string& page_url,
                                    std::string& error) {
  FetchResult result;
  try {
    result.body = config::ReadTextFile(path, "page");
  } catch (const UsageError& e) {
    error = e.what();  // "missing.html: cannot read page: No such file or directory"
    return std::nullopt;
  }
  result.request = PageRequest(page_url);
  result.effective_url = result.request.url;
  return result;
}

// One blocking GET of `url` (redirects followed, 30 s, 10 MiB) sending `user_agent`, as a fetch
// result. `page_url`,
// when given, stands for the page's address instead of the URL fetched.
std::optional<FetchResult> Download(const std::string& url, const std::string& page_url,
                                    const std::string& user_agent, std::string& error) {
  HttpRequest request;
  request.url = url;
  request.user_agent = user_agent;  // the crawl's own, so the shop answers as it would the crawl
  request.timeout = std::chrono::seconds(30);
  request.connect_timeout = std::chrono::seconds(10);
  request.max_body = kMaxBody;
  request.accept_encoding = true;
  request.follow_redirects = true;
  request.max_redirects = 10;
  HttpResult answer = HttpTransfer(request);
  if (!answer.Completed()) {
    error = "cannot fetch " + url + ": " +
            (answer.body_too_large ? std::string("body larger than 10 MiB") : answer.error);
    return std::nullopt;
  }
  if (answer.status >= 400) {
    error = "cannot fetch " + url + ": HTTP status " + std::to_string(answer.status);
    return std::nullopt;
  }
  FetchResult result;
  result.request = PageRequest(page_url.empty() ? url : page_url);
  result.http_status = answer.status;
  result.effective_url = page_url.empty() ? std::move(answer.effective_url) : result.request.url;
  result.content_type = std::move(answer.content_type);
  result.body = std::move(answer.body);
  return result;
}

bool IsHttpUrl(const std::string& target) {
  return StartsWithIgnoreCase(target, "http://") || StartsWithIgnoreCase(target, "https://");
}

nlohmann::json ToJson(const ProductData& data) {
  nlohmann::json j;
  j["price"] = data.price ? nlohmann::json(data.price->ToString()) : nlohmann::json(nullptr);
  j["currency"] = data.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(data.currency);
  j["availability"] = std::string(AvailabilityName(data.availability));
  j["availability_note"] = data.availability_note;
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
         {"is_sale_price", c.is_sale_price},
         {"is_secondary", c.is_secondary},
         {"sku", c.sku},
         {"item_url", c.item_url},
         {"availability", std::string(AvailabilityName(c.availability))},
         {"score", c.score},
         {"note", c.note}});
  }
  j["candidates"] = std::move(candidates);
  return j;
}

// "list", "sale", "other" (a secondary price) or "price".
std::string CandidateKind(const PriceCandidate& c) {
  if (c.is_secondary) {
    return "other";
  }
  if (c.is_list_price) {
    return "list";
  }
  return c.is_sale_price ? "sale" : "price";
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
  row("decided by", data.availability_note);
  row("source", data.source);
  row("is_product", data.is_product ? "yes" : "no");
  row("sku", data.sku);
  row("gtin", data.gtin);
  row("brand", data.brand);
  row("canonical_url", data.canonical_url);
  row("reason", data.reason);
  out << "\ncandidates (" << data.candidates.size() << "):\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"price", "currency", "source", "score", "kind", "sku", "where", "note"});
  for (const PriceCandidate& c : data.candidates) {
    rows.push_back({c.price.ToString(), c.currency.empty() ? "-" : c.currency, c.source,
                    std::to_string(c.score), CandidateKind(c), c.sku.empty() ? "-" : c.sku, c.where,
                    c.note});
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

int RunExtract(const ExtractRequest& request, std::ostream& out, std::ostream& err) {
  const std::string& target = request.target;
  const std::string& format = request.format;
  if (format != "table" && format != "json") {
    throw UsageError("--format: expected 'table' or 'json', got '" + format + "'");
  }
  const config::Config config =
      request.config_path.empty() ? config::Config{} : config::LoadConfig(request.config_path);
  std::string error;
  std::optional<FetchResult> fetched =
      IsHttpUrl(target) ? Download(target, request.base_url, config.user_agent, error)
                        : ReadFile(target, request.base_url, error);
  if (!fetched) {
    err << "pricecrawl extract: " << error << "\n";
    return 1;
  }
  fetched->request.sku = request.sku;
  ParseContext context;
  context.config = &config;
  context.keep_candidates = true;
  const ParsedPage page = ParsePage(std::move(*fetched), context);
  if (!page.product) {
    // The crawl would not parse this page either; say what it would record instead.
    err << "pricecrawl extract: " << target << ": " << page.verdict.error << "\n";
    return 1;
  }
  if (format == "json") {
    out << ToJson(*page.product).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    PrintTable(*page.product, out);
  }
  return 0;
}

}  // namespace pricecrawl::crawler
