#pragma once
// Text the report pages print: HTML escaping for everything that came from the web (titles,
// URLs, prices as stored), and the words a stored availability reads as. Shared by the products
// table (crawler/report/html_report.h) and the charts (crawler/report/price_chart.h), so both
// say the same thing the same way.

#include <string>
#include <string_view>

namespace pricecrawl::crawler {

// Escapes text for HTML element content and for quoted attribute values: & < > " '.
std::string EscapeHtml(std::string_view text);

// How a stored availability (in_stock, out_of_stock, preorder, unknown) reads in the report.
// Anything else reads as "availability unknown". The view is of a string literal (static
// lifetime).
std::string_view AvailabilityText(std::string_view availability);

}  // namespace pricecrawl::crawler
