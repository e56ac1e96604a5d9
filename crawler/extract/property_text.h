#pragma once
// The text of an element that gives a structured-data property its value (microdata, RDFa,
// microformats). A price, a name, a SKU or an availability is short; nested property elements
// each hold the text of every one inside them, so reading each in full would cost the page's
// size times its nesting depth. Reading only the start of each keeps that linear.

#include <cstddef>
#include <string>

#include "crawler/html/html.h"

namespace pricecrawl::crawler {

// How much of an element's text one property value reads.
inline constexpr std::size_t kMaxPropertyTextBytes = 4096;

// The first kMaxPropertyTextBytes bytes of `node`'s visible text (HtmlNode::Text).
inline std::string PropertyText(HtmlNode node) {
  return node.Text(kMaxPropertyTextBytes);
}

}  // namespace pricecrawl::crawler
