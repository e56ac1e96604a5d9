#pragma once
// The body of `pricecrawl extract URL|FILE [--url BASE] [--config FILE] [--sku SKU]
// [--format table|json]`
// (DESIGN.md, "Command line"): runs the crawl's own parse stage (crawl/parse_stage.h) on one page,
// a saved HTML file or an http(s) URL fetched with one blocking transfer, and prints every price
// candidate, its source, and why the winner won. Users run it to debug a page and to test
// [host.extract] selectors, so it shows exactly what a crawl would store for that page.

#include <ostream>
#include <string>

namespace pricecrawl::crawler {

struct ExtractRequest {
  // An http:// or https:// URL (fetched with the config's user_agent, by default the crawl's
  // "pricecrawl/<version> ...", redirects followed, 30 s timeout, 10 MiB cap) or a file path.
  std::string target;
  // The page's address for a file (or stands in for the fetched URL); may be empty. As in the
  // crawl, the [host.extract] selectors and [[host]] stock phrases are those of the host asked
  // for (`base_url`'s, else `target`'s, also after a redirect), while the address the page
  // ended at gives the TLD hint for currency symbols and the base of the canonical link.
  std::string base_url;
  std::string config_path;  // a TOML config; empty: none
  // "table" (aligned text) or "json" (one object: price, currency, availability,
  // availability_note, title, sku, gtin, brand, canonical_url, source, is_product, reason,
  // candidates[{price, currency, source, where, is_list_price, is_sale_price, is_secondary,
  // sku, item_url, availability, score, note}]).
  std::string format = "table";
  std::string sku;  // as a seed line's sku=: the variant to extract; empty: the page's own
};

// Runs the command. Output goes to `out`, messages to `err`. Returns 0 on success, 1 when the
// file or URL cannot be read (the message names it and gives the system's reason) or when the crawl
// would not parse the page (not HTML: the message gives the reason the crawl would record). Throws
// pricecrawl::UsageError for an unknown format and for config errors (LoadConfig), which main
// maps to exit code 2.
int RunExtract(const ExtractRequest& request, std::ostream& out, std::ostream& err);

}  // namespace pricecrawl::crawler
