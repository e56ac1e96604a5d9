// The -v line for one stored page (crawler/crawl/page_outcome.h): the status, then the price or
// why there is none, or the fetch error as the frontier records it.

#include "crawler/crawl/page_outcome.h"

#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

ParsedPage Fetched(long status) {
  ParsedPage page;
  page.fetch.http_status = status;
  page.verdict.is_html = true;
  return page;
}

TEST(PageOutcomeTest, ProductPageShowsPriceCurrencySourceAndAvailability) {
  ParsedPage page = Fetched(200);
  ProductData product;
  product.is_product = true;
  product.price = Decimal::Parse("59.50");
  product.currency = "EUR";
  product.source = "json-ld";
  product.availability = Availability::kOutOfStock;
  page.product = product;
  EXPECT_EQ(PageOutcome(page), "HTTP 200, price 59.50 EUR (json-ld), out_of_stock");
  page.product->currency.clear();
  EXPECT_EQ(PageOutcome(page), "HTTP 200, price 59.50 (json-ld), out_of_stock");
}

TEST(PageOutcomeTest, PageWithoutAPriceSaysWhy) {
  ParsedPage page = Fetched(200);
  page.no_price_reason = "a listing page (several products with prices), not a product";
  EXPECT_EQ(PageOutcome(page),
            "HTTP 200, no price: a listing page (several products with prices), not a product");
  page.no_price_reason.clear();
  EXPECT_EQ(PageOutcome(page), "HTTP 200, no price: no price found");
}

TEST(PageOutcomeTest, FailuresShowTheRecordedError) {
  ParsedPage missing = Fetched(404);
  missing.verdict.is_html = false;
  missing.verdict.error = "HTTP 404 Not Found";
  EXPECT_EQ(PageOutcome(missing), "HTTP 404 Not Found");

  ParsedPage image = Fetched(200);
  image.verdict.is_html = false;
  image.verdict.error = "not HTML (image/png)";
  EXPECT_EQ(PageOutcome(image), "HTTP 200, not HTML (image/png)");

  ParsedPage refused = Fetched(0);
  refused.verdict.error = "Couldn't connect to server (will retry, attempt 1 of 3)";
  EXPECT_EQ(PageOutcome(refused), "Couldn't connect to server (will retry, attempt 1 of 3)");
}

TEST(PageOutcomeTest, NotModifiedAbortedAndRobots) {
  ParsedPage fresh = Fetched(304);
  fresh.verdict.is_html = false;
  EXPECT_EQ(PageOutcome(fresh), "HTTP 304, not modified");

  ParsedPage aborted = Fetched(0);
  aborted.fetch.aborted = true;
  EXPECT_EQ(PageOutcome(aborted), "aborted by the stop; fetched again next run");

  ParsedPage robots = Fetched(503);
  robots.robots = RobotsResult{};
  robots.robots->error = "HTTP 503";
  EXPECT_EQ(PageOutcome(robots), "robots.txt, HTTP 503, unavailable: HTTP 503");
  robots.robots->available = true;
  EXPECT_EQ(PageOutcome(robots), "robots.txt, HTTP 503, rules read");
}

}  // namespace
}  // namespace pricecrawl::crawler
