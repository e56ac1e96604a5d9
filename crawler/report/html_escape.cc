#include "crawler/report/html_escape.h"

namespace pricecrawl::crawler {

std::string_view AvailabilityText(std::string_view availability) {
  if (availability == "in_stock") {
    return "in stock";
  }
  if (availability == "out_of_stock") {
    return "out of stock";
  }
  if (availability == "preorder") {
    return "pre-order";
  }
  return "availability unknown";
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace pricecrawl::crawler
