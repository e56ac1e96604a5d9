// `pricecrawl extract` (crawler/cli/extract_command.h) on a saved file.

#include "crawler/cli/extract_command.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/usage_error.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

std::string Fixture(const std::string& name) {
  return (::pricecrawl::testing::SourceDir() / "tests" / "data" / "extract" / name).string();
}

TEST(ExtractCommandTest, JsonHasTheDocumentedFields) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract(Fixture("shopify_offers.html"), "https://knits.example.ca/p", "", "json",
                       out, err),
            0)
      << err.str();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["price"], "34.00");
  EXPECT_EQ(j["currency"], "CAD");
  EXPECT_EQ(j["availability"], "in_stock");
  EXPECT_EQ(j["title"], "Merino Beanie");
  EXPECT_EQ(j["sku"], "MB-001");
  EXPECT_EQ(j["source"], "json-ld");
  EXPECT_EQ(j["is_product"], true);
  ASSERT_TRUE(j["candidates"].is_array());
  ASSERT_FALSE(j["candidates"].empty());
  for (const char* key :
       {"price", "currency", "source", "where", "is_list_price", "score", "note"}) {
    EXPECT_TRUE(j["candidates"][0].contains(key)) << key;
  }
}

TEST(ExtractCommandTest, NoPriceGivesNulls) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract(Fixture("listing_page.html"), "", "", "json", out, err), 0);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["is_product"], false);
}

TEST(ExtractCommandTest, TableShowsWinnerAndCandidates) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract(Fixture("magento_microdata.html"), "", "", "table", out, err), 0);
  EXPECT_NE(out.str().find("price         1299.5 GBP"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("candidates ("), std::string::npos);
}

TEST(ExtractCommandTest, MissingFileIsExitOneNamingIt) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunExtract("/nonexistent/page.html", "", "", "table", out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent/page.html"), std::string::npos);
}

TEST(ExtractCommandTest, UnknownFormatIsAUsageError) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_THROW(RunExtract(Fixture("listing_page.html"), "", "", "xml", out, err), UsageError);
}

}  // namespace
}  // namespace pricecrawl::crawler
