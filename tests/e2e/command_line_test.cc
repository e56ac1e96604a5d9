// The command line as a user meets it (DESIGN.md "Command line" and "Exit codes", issue 17):
// the real binary, run as a child process. -v logs every URL with its outcome, -q prints
// nothing on a clean run, and every mistake on the command line is exit 2 with one line that
// starts with "pricecrawl:" and names what is wrong. Help and version work everywhere.

#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/version.h"
#include "tests/testing/crawl_harness.h"
#include "tests/testing/paths.h"
#include "tests/testing/test_server.h"

namespace pricecrawl {
namespace {

constexpr const char* kProductPage = R"(<!doctype html><html><head><title>Kettle</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",
 "name": "Kettle", "offers": {"@type": "Offer", "price": "59.50", "priceCurrency": "EUR",
 "availability": "https://schema.org/InStock"}}</script></head>
<body><h1>Kettle</h1><a href="/about">about us</a><a href="/gone">old offer</a></body></html>)";

// A shop of three pages: a product with a price, a page without one, and a 404. Keeps the
// User-Agent each request sent.
class Shop {
 public:
  Shop() {
    server_.Server().Get("/kettle", [this](const httplib::Request& req, httplib::Response& res) {
      Seen(req);
      res.set_content(kProductPage, "text/html; charset=utf-8");
    });
    server_.Server().Get("/about", [this](const httplib::Request& req, httplib::Response& res) {
      Seen(req);
      res.set_content("<html><body><p>We sell kettles.</p></body></html>", "text/html");
    });
    server_.Server().Get("/gone", [this](const httplib::Request& req, httplib::Response& res) {
      Seen(req);
      res.status = 404;
    });
    server_.Server().Get("/robots.txt",
                         [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    EXPECT_TRUE(server_.Start());
  }

  std::string Url(const std::string& path) const { return server_.Url(path); }
  std::vector<std::string> UserAgents() const {
    std::lock_guard lock(mutex_);
    return user_agents_;
  }

 private:
  void Seen(const httplib::Request& req) {
    std::lock_guard lock(mutex_);
    user_agents_.push_back(req.get_header_value("User-Agent"));
  }

  mutable std::mutex mutex_;
  std::vector<std::string> user_agents_;
  testing::TestServer server_;
};

class CommandLineTest : public ::testing::Test, public testing::CrawlHarness {
 protected:
  void SetUp() override {
    if (testing::PricecrawlBinary().empty()) {
      GTEST_SKIP() << "pricecrawl binary not built";
    }
  }

  std::vector<std::string> ShopCrawl(const Shop& shop, const std::vector<std::string>& extra) {
    const std::string seeds = Write("seeds.txt", shop.Url("/kettle") + "\n");
    const std::string config = Write("c.toml", "[defaults]\nrate = 0\n");
    std::vector<std::string> args = CrawlArgs(seeds, config);
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  // Runs `args`, expects exit 2 and returns the message, checking it is one prefixed line.
  std::string UsageError(const std::vector<std::string>& args) {
    const testing::RunResult run = Invoke(args);
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err.rfind("pricecrawl: ", 0), 0u) << run.err;
    EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "not one line: " << run.err;
    return run.err;
  }
};

TEST_F(CommandLineTest, VerboseLogsEveryUrlWithItsOutcome) {
  const Shop shop;
  const testing::RunResult run = Invoke(ShopCrawl(shop, {"-v"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("pricecrawl: " + shop.Url("/kettle") +
                         ": HTTP 200, price 59.50 EUR (json-ld), in_stock\n"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("pricecrawl: " + shop.Url("/about") + ": HTTP 200, no price: "),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("pricecrawl: " + shop.Url("/gone") + ": HTTP 404 Not Found\n"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.out.find("finished"), std::string::npos) << run.out;
}

TEST_F(CommandLineTest, DefaultLogsNoUrl) {
  const Shop shop;
  const testing::RunResult run = Invoke(ShopCrawl(shop, {}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("/kettle"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("finished"), std::string::npos) << run.out;
}

TEST_F(CommandLineTest, QuietPrintsNothingOnACleanRun) {
  const Shop shop;
  const testing::RunResult run = Invoke(ShopCrawl(shop, {"-q"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(Query("SELECT status FROM runs"), "finished");
}

TEST_F(CommandLineTest, CrawlSendsTheVersionedDefaultUserAgent) {
  const Shop shop;
  ASSERT_EQ(Invoke(ShopCrawl(shop, {"-q"})).exit_code, 0);
  const std::vector<std::string> agents = shop.UserAgents();
  ASSERT_FALSE(agents.empty());
  for (const std::string& agent : agents) {
    EXPECT_EQ(agent,
              "pricecrawl/" + std::string(config::Version()) + " (+https://example.org/bot)");
  }
}

TEST_F(CommandLineTest, VerboseWithQuietIsAUsageError) {
  const Shop shop;
  const std::string err = UsageError(ShopCrawl(shop, {"-v", "-q"}));
  EXPECT_NE(err.find("--verbose"), std::string::npos) << err;
  EXPECT_NE(err.find("--quiet"), std::string::npos) << err;
  EXPECT_TRUE(shop.UserAgents().empty()) << "fetched despite the usage error";
}

TEST_F(CommandLineTest, MaxPagesZeroSaysWhatIsAllowed) {
  const std::string seeds = Write("seeds.txt", "https://shop.example/\n");
  EXPECT_EQ(UsageError({"crawl", "--seeds", seeds, "--max-pages", "0"}),
            "pricecrawl: --max-pages: expected a whole number of at least 1, got '0' (see "
            "'pricecrawl help crawl')\n");
  EXPECT_NE(UsageError({"crawl", "--seeds", seeds, "--max-pages", "ten"}).find("got 'ten'"),
            std::string::npos);
}

TEST_F(CommandLineTest, UnknownOptionIsNamedBeforeMissingOnes) {
  EXPECT_EQ(UsageError({"crawl", "--seed", "seeds.txt"}),
            "pricecrawl: unknown option '--seed' for 'crawl'; did you mean '--seeds'? (see "
            "'pricecrawl help crawl')\n");
  EXPECT_EQ(UsageError({"status", "--bd", "x.db"}),
            "pricecrawl: unknown option '--bd' for 'status'; did you mean '--db'? (see "
            "'pricecrawl help status')\n");
  EXPECT_EQ(UsageError({"--db", "x.db", "status"}).rfind("pricecrawl: unknown option '--db'", 0),
            0u);
}

TEST_F(CommandLineTest, MissingCommandAndUnknownCommand) {
  EXPECT_EQ(UsageError({}), "pricecrawl: a command is required (see 'pricecrawl help')\n");
  EXPECT_EQ(UsageError({"crawll"}),
            "pricecrawl: unknown command 'crawll' (commands: crawl, status, prices, history, "
            "report, extract, help); did you mean 'crawl'?\n");
}

TEST_F(CommandLineTest, EveryCommandLineMistakeIsOnePrefixedLine) {
  const std::vector<std::vector<std::string>> mistakes = {
      {"crawl"},
      {"crawl", "--seeds"},
      {"crawl", "--seeds", "s.txt", "--progress", "sometimes"},
      {"crawl", "--seeds", "s.txt", "stray"},
      {"prices", "--format", "xml"},
      {"history"},
      {"report"},
      {"extract"},
      {"help", "nosuch"},
  };
  for (const auto& args : mistakes) {
    SCOPED_TRACE(args.empty() ? "" : args.back());
    UsageError(args);
  }
}

TEST_F(CommandLineTest, VersionEverywhere) {
  const std::string version = "pricecrawl " + std::string(config::Version()) + "\n";
  const std::vector<std::vector<std::string>> asks = {{"--version"},
                                                      {"-V"},
                                                      {"crawl", "--version"},
                                                      {"crawl", "-V"},
                                                      {"extract", "--version"},
                                                      {"status", "-V"},
                                                      {"help", "--version"}};
  for (const auto& args : asks) {
    const testing::RunResult run = Invoke(args);
    EXPECT_EQ(run.exit_code, 0) << args.back() << run.err;
    EXPECT_EQ(run.out, version) << args.front() << " " << args.back();
  }
}

TEST_F(CommandLineTest, HelpListsExitCodesAndAnExample) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"help"}, std::vector<std::string>{"--help"}}) {
    const testing::RunResult run = Invoke(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("Exit codes:"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("  75  another 'pricecrawl crawl' holds this database"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("Example:"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("extract"), std::string::npos) << run.out;
  }
}

TEST_F(CommandLineTest, CommandHelpShowsDefaultsAndAnExample) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"help", "crawl"}, std::vector<std::string>{"crawl", "--help"},
        std::vector<std::string>{"crawl", "-h"}}) {
    const testing::RunResult run = Invoke(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("pricecrawl crawl"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("--seeds"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("pricecrawl.db"), std::string::npos) << "no --db default: " << run.out;
    EXPECT_NE(run.out.find("auto"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("Example:\n  pricecrawl crawl --seeds"), std::string::npos) << run.out;
  }
  const testing::RunResult prices = Invoke({"help", "prices"});
  EXPECT_NE(prices.out.find("=table"), std::string::npos) << prices.out;
  EXPECT_NE(prices.out.find("Example:\n  pricecrawl prices"), std::string::npos) << prices.out;
}

TEST_F(CommandLineTest, ExtractOfAMissingFileGivesTheSystemsReason) {
  const testing::RunResult run = Invoke({"extract", "missing.html"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "pricecrawl extract: missing.html: cannot read page: No such file or directory\n");
}

TEST_F(CommandLineTest, SeedWithoutSchemeSuggestsTheFix) {
  const std::string seeds =
      Write("seeds.txt", "https://shop.example/ok\nshop.example/p/1   target=10\n");
  const testing::RunResult run = Invoke({"crawl", "--seeds", seeds, "--db", Db()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "pricecrawl: " + seeds +
                         ":2: 'shop.example/p/1' has no scheme; write it as "
                         "'https://shop.example/p/1'\n");
}

}  // namespace
}  // namespace pricecrawl
