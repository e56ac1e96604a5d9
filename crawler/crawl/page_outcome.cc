#include "crawler/crawl/page_outcome.h"

#include <string>

namespace pricecrawl::crawler {

std::string PageOutcome(const ParsedPage& page) {
  const FetchResult& fetch = page.fetch;
  const FetchVerdict& verdict = page.verdict;
  if (fetch.aborted) {
    return "aborted by the stop; fetched again next run";
  }
  std::string text;
  if (page.robots) {
    text = "robots.txt";
  }
  // file: URLs and refused connections have no status; an HTTP error's text starts with it.
  if (fetch.http_status != 0 && verdict.error.rfind("HTTP ", 0) != 0) {
    text += (text.empty() ? "HTTP " : ", HTTP ") + std::to_string(fetch.http_status);
  }
  const auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (page.robots) {
    add(page.robots->available ? "rules read" : "unavailable: " + page.robots->error);
    return text;
  }
  if (!verdict.error.empty()) {
    add(verdict.error);
    return text;
  }
  if (fetch.http_status == 304) {
    add("not modified");
    return text;
  }
  if (page.product && page.product->price) {
    const ProductData& product = *page.product;
    add("price " + product.price->ToString() +
        (product.currency.empty() ? "" : " " + product.currency) + " (" + product.source + "), " +
        std::string(AvailabilityName(product.availability)));
    return text;
  }
  add("no price: " +
      (page.no_price_reason.empty() ? std::string("no price found") : page.no_price_reason));
  return text;
}

}  // namespace pricecrawl::crawler
