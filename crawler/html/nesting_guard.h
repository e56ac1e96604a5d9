#pragma once
// Internal to crawler/html: the nesting guard HtmlDocument runs before Gumbo sees a page. A
// linear pre-scan approximates the HTML tree builder's stack of open elements and list of active
// formatting elements (WHATWG HTML §13.2.4) and blanks the start tags that would grow them past
// kMaxNestingDepth or kMaxOpenFormattingElements (crawler/html/html.h), so that Gumbo 0.10.1,
// which has no depth limit, never builds a runaway tree.

#include <cstddef>
#include <string>

namespace pricecrawl::crawler {

// Overwrites with spaces (newlines kept, so source lines stay put) every start tag of `html`
// that would open an element deeper than kMaxNestingDepth or keep more than
// kMaxOpenFormattingElements formatting elements open; changes nothing else. Returns how many
// start tags were blanked. Linear in the size of `html`; never throws on any input (apart from
// std::bad_alloc). Errs on the side of counting too deep rather than too shallow.
std::size_t GuardNesting(std::string& html);

}  // namespace pricecrawl::crawler
