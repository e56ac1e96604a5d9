#pragma once
// Query results printed for people and for scripts: an aligned text table, CSV (RFC 4180) or
// a JSON array of objects. NULL stays distinguishable: empty in the table and CSV, null in JSON.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "storage/query.h"

namespace pricecrawl::crawler {

enum class OutputFormat { kTable, kCsv, kJson };

// "table", "csv" or "json"; nullopt otherwise.
std::optional<OutputFormat> ParseOutputFormat(std::string_view text);

using ResultTable = storage::QueryResult;

void PrintTable(const ResultTable& table, OutputFormat format, std::ostream& out);

}  // namespace pricecrawl::crawler
