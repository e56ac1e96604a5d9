#pragma once
// What the crawl needs from every page besides product data: the links to follow, the title, the
// declared canonical URL and the robots meta directives. Link discovery follows the HTML
// standard's document base URL (§2.4.1, first <base href>) and hyperlink elements (a, area, and
// link rel=next/prev); robots directives follow Google's robots meta tag documentation
// (noindex, nofollow, none) for the names "robots" and "pricecrawl".

#include <string>
#include <string_view>
#include <vector>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {

struct PageLinks {
  // Resolved and normalised (ResolveUrl), deduplicated, in document order: a[href], area[href]
  // and link[href] with rel next/prev; links that ResolveUrl rejects or that name non-HTML files
  // (HasNonHtmlExtension) are left out. rel="nofollow" on a single link is ignored.
  std::vector<std::string> links;
  std::string title;          // the first HTML <title>'s text, whitespace collapsed; "" if none
  std::string canonical_url;  // <link rel=canonical href>, resolved; "" when absent or unusable
  bool noindex = false;       // <meta name=robots|pricecrawl content="noindex" (or "none")>
  bool nofollow = false;      // ... content="nofollow" (or "none"); the caller drops `links`
  std::string base_url;       // the base links were resolved against (normalised)
};

// Extracts links and page metadata from `doc`, fetched from `page_url` (the final URL after
// redirects). The base is the first <base href> resolved against `page_url`, or `page_url`
// itself when there is none or it is unusable. Never fails: a page without links yields an
// empty list; an unparsable `page_url` leaves only absolute links. Keeps no reference to
// `doc`.
PageLinks ExtractPageLinks(const HtmlDocument& doc, std::string_view page_url);

}  // namespace pricecrawl::crawler
