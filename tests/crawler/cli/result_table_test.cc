#include "crawler/cli/result_table.h"

#include <sstream>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

ResultTable Sample() {
  ResultTable table;
  table.columns = {"url", "price"};
  table.rows.push_back({std::string("http://a/1"), std::string("9.99")});
  table.rows.push_back({std::string("http://a/\"2\",x"), std::nullopt});
  return table;
}

std::string Print(OutputFormat format) {
  std::ostringstream out;
  PrintTable(Sample(), format, out);
  return out.str();
}

TEST(ResultTableTest, TableIsAligned) {
  EXPECT_EQ(Print(OutputFormat::kTable),
            "url             price\n"
            "--------------  -----\n"
            "http://a/1      9.99\n"
            "http://a/\"2\",x  \n");
}

TEST(ResultTableTest, CsvQuotesPerRfc4180) {
  EXPECT_EQ(Print(OutputFormat::kCsv),
            "url,price\r\nhttp://a/1,9.99\r\n\"http://a/\"\"2\"\",x\",\r\n");
}

TEST(ResultTableTest, JsonKeepsColumnOrderAndNulls) {
  EXPECT_EQ(
      Print(OutputFormat::kJson),
      "[\n  {\n    \"url\": \"http://a/1\",\n    \"price\": \"9.99\"\n  },\n  {\n    \"url\": "
      "\"http://a/\\\"2\\\",x\",\n    \"price\": null\n  }\n]\n");
}

TEST(ResultTableTest, ParsesFormatNames) {
  EXPECT_EQ(ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_FALSE(ParseOutputFormat("xml").has_value());
}

}  // namespace
}  // namespace pricecrawl::crawler
