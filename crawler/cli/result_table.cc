#include "crawler/cli/result_table.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace pricecrawl::crawler {
namespace {

// Display width of UTF-8 text: code points, not bytes (good enough for names and prices).
std::size_t Width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string CsvField(const std::optional<std::string>& value) {
  if (!value) {
    return "";
  }
  if (value->find_first_of(",\"\r\n") == std::string::npos) {
    return *value;
  }
  std::string quoted = "\"";
  for (char c : *value) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") {
    return OutputFormat::kTable;
  }
  if (text == "csv") {
    return OutputFormat::kCsv;
  }
  if (text == "json") {
    return OutputFormat::kJson;
  }
  return std::nullopt;
}

void PrintTable(const ResultTable& table, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kJson: {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& row : table.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
          object[table.columns[i]] =
              row[i] ? nlohmann::ordered_json(*row[i]) : nlohmann::ordered_json(nullptr);
        }
        rows.push_back(std::move(object));
      }
      out << rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
      return;
    }
    case OutputFormat::kCsv: {
      for (std::size_t i = 0; i < table.columns.size(); ++i) {
        out << (i ? "," : "") << CsvField(table.columns[i]);
      }
      out << "\r\n";
      for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          out << (i ? "," : "") << CsvField(row[i]);
        }
        out << "\r\n";
      }
      return;
    }
    case OutputFormat::kTable: {
      std::vector<std::size_t> widths;
      for (const std::string& column : table.columns) {
        widths.push_back(Width(column));
      }
      for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
          widths[i] = std::max(widths[i], Width(row[i].value_or("")));
        }
      }
      const auto print_row = [&](const std::vector<std::optional<std::string>>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
          const std::string text = cells[i].value_or("");
          out << text;
          if (i + 1 < cells.size()) {
            out << std::string(widths[i] - Width(text) + 2, ' ');
          }
        }
        out << "\n";
      };
      std::vector<std::optional<std::string>> header(table.columns.begin(), table.columns.end());
      print_row(header);
      std::vector<std::optional<std::string>> rule;
      rule.reserve(widths.size());
      for (std::size_t width : widths) {
        rule.emplace_back(std::string(width, '-'));
      }
      print_row(rule);
      for (const auto& row : table.rows) {
        print_row(row);
      }
      return;
    }
  }
}

}  // namespace pricecrawl::crawler
