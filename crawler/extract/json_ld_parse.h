#pragma once
// Parses the text of one <script type="application/ld+json"> block (RFC 8259 JSON, as JSON-LD
// 1.1 embeds it in HTML) and repairs what publishers commonly break: HTML comment or CDATA
// wrappers, a trailing ';', raw control characters inside strings, trailing commas, several
// objects written one after another without an enclosing array. Number literals with a fraction
// or an exponent become strings before parsing, so that a price never passes through a double.

#include <string_view>

#include <nlohmann/json.hpp>

namespace pricecrawl::crawler {

// The block's JSON value, or a discarded value (is_discarded()) when it cannot be read even
// after the repairs above. Linear in the size of `raw`; never throws.
nlohmann::json ParseJsonLdBlock(std::string_view raw);

}  // namespace pricecrawl::crawler
