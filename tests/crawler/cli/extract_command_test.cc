// `pricecrawl extract` (crawler/cli/extract_command.h) on a saved file and on pages fetched from
// an in-process server: the crawl's parse stage, with the selectors the crawl would use.

#include "crawler/cli/extract_command.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/usage_error.h"
#include "config/version.h"
#include "tests/testing/paths.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_server.h"

namespace pricecrawl::crawler {
namespace {

std::string Fixture(const std::string& name) {
  return (::pricecrawl::testing::SourceDir() / "tests" / "data" / "extract" / name).string();
}

TEST(ExtractCommandTest, JsonHasTheDocumentedFields) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(
      RunExtract({Fixture("shopify_offers.html"), "https://knits.example.ca/p", "", "json", ""},
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
  EXPECT_TRUE(j.contains("availability_note"));
  for (const char* key : {"price", "currency", "source", "where", "is_list_price", "is_sale_price",
                          "is_secondary", "sku", "item_url", "availability", "score", "note"}) {
    EXPECT_TRUE(j["candidates"][0].contains(key)) << key;
  }
}

TEST(ExtractCommandTest, NoPriceGivesNulls) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({Fixture("listing_page.html"), "", "", "json", ""}, out, err), 0);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["is_product"], false);
}

TEST(ExtractCommandTest, TableShowsWinnerAndCandidates) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({Fixture("magento_microdata.html"), "", "", "table", ""}, out, err), 0);
  EXPECT_NE(out.str().find("price         1299.5 GBP"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("candidates ("), std::string::npos);
}

TEST(ExtractCommandTest, MissingFileIsExitOneNamingIt) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunExtract({"/nonexistent/page.html", "", "", "table", ""}, out, err), 1);
  EXPECT_EQ(err.str(),
            "pricecrawl extract: /nonexistent/page.html: cannot read page: No such file or "
            "directory\n");
}

TEST(ExtractCommandTest, UnknownFormatIsAUsageError) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_THROW(RunExtract({Fixture("listing_page.html"), "", "", "xml", ""}, out, err), UsageError);
}

// Two [[host]] rules whose title selectors pick different headings of the same page.
constexpr const char* kTwoHostsConfig = R"([[host]]
match = "127.0.0.1"
[host.extract]
title = "h1.requested"

[[host]]
match = "localhost"
[host.extract]
title = "h1.final"
)";

constexpr const char* kProductPage = R"(<!doctype html><html><head>
<link rel="canonical" href="/canonical">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",
 "name": "Kettle", "offers": {"@type": "Offer", "price": "59.50", "priceCurrency": "EUR"}}
</script></head><body>
<h1 class="requested">Kettle as asked</h1><h1 class="final">Kettle after the redirect</h1>
</body></html>)";

class ExtractCommandServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(ConfigPath()) << kTwoHostsConfig;
    server_.Server().Get("/page", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kProductPage, "text/html; charset=utf-8");
    });
    server_.Server().Get("/moved", [this](const httplib::Request&, httplib::Response& res) {
      // Another host key for the same server: the crawl would follow it within scope.
      res.set_redirect("http://localhost:" + std::to_string(server_.Port()) + "/page", 302);
    });
    server_.Server().Get("/data.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"price\": 1}", "application/json");
    });
    server_.Server().Get("/agent", [](const httplib::Request& req, httplib::Response& res) {
      // The product's name is the User-Agent the request carried.
      res.set_content(R"(<script type="application/ld+json">{"@type": "Product", "name": ")" +
                          req.get_header_value("User-Agent") +
                          R"(", "offers": {"price": "1.00", "priceCurrency": "EUR"}}</script>)",
                      "text/html");
    });
    server_.Server().Get("/gone",
                         [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    ASSERT_TRUE(server_.Start());
  }

  std::string ConfigPath() const { return dir_.File("pricecrawl.toml"); }

  testing::TempDir dir_;
  testing::TestServer server_;
};

TEST_F(ExtractCommandServerTest, FetchedPageUsesItsHostsSelectors) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({server_.Url("/page"), "", ConfigPath(), "json", ""}, out, err), 0)
      << err.str();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["title"], "Kettle as asked");
  EXPECT_EQ(j["price"], "59.50");
  EXPECT_EQ(j["canonical_url"], server_.Url("/canonical"));
}

TEST_F(ExtractCommandServerTest, RedirectedFetchUsesTheSelectorsTheCrawlUses) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({server_.Url("/moved"), "", ConfigPath(), "json", ""}, out, err), 0)
      << err.str();
  const auto j = nlohmann::json::parse(out.str());
  // The crawl's parse stage picks selectors by the host it asked (the URL's row in the
  // frontier); the redirect's target is the base of the page's links.
  EXPECT_EQ(j["title"], "Kettle as asked");
  EXPECT_EQ(j["canonical_url"],
            "http://localhost:" + std::to_string(server_.Port()) + "/canonical");
}

TEST_F(ExtractCommandServerTest, UrlOptionGivesTheHostOfAFetchedPage) {
  std::ostringstream out;
  std::ostringstream err;
  const std::string page_url = "http://localhost:" + std::to_string(server_.Port()) + "/p";
  ASSERT_EQ(RunExtract({server_.Url("/page"), page_url, ConfigPath(), "json", ""}, out, err), 0)
      << err.str();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["title"], "Kettle after the redirect");
}

TEST_F(ExtractCommandServerTest, PageTheCrawlWouldSkipIsExitOneWithItsReason) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunExtract({server_.Url("/data.json"), "", "", "json", ""}, out, err), 1);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(),
            "pricecrawl extract: " + server_.Url("/data.json") + ": not HTML (application/json)\n");
}

TEST_F(ExtractCommandServerTest, HttpErrorIsExitOneNamingTheStatus) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunExtract({server_.Url("/gone"), "", "", "table", ""}, out, err), 1);
  EXPECT_EQ(err.str(),
            "pricecrawl extract: cannot fetch " + server_.Url("/gone") + ": HTTP status 404\n");
}

TEST_F(ExtractCommandServerTest, FetchSendsTheCrawlsVersionedUserAgent) {
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(RunExtract({server_.Url("/agent"), "", "", "json", ""}, out, err), 0) << err.str();
  EXPECT_EQ(nlohmann::json::parse(out.str())["title"], config::DefaultUserAgent());
}

}  // namespace
}  // namespace pricecrawl::crawler
