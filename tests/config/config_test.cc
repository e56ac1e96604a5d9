#include "config/config.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "config/usage_error.h"
#include "tests/testing/paths.h"

namespace pricecrawl::config {
namespace {

using std::chrono::milliseconds;

// The message ParseConfig throws for `toml`, or "" when it does not throw.
std::string ErrorFor(std::string_view toml) {
  try {
    ParseConfig(toml, "pc.toml");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

void ExpectPolicyEq(const HostPolicy& actual, const HostPolicy& expected) {
  EXPECT_EQ(actual.rate, expected.rate);
  EXPECT_EQ(actual.burst, expected.burst);
  EXPECT_EQ(actual.max_concurrent, expected.max_concurrent);
  EXPECT_EQ(actual.obey_robots, expected.obey_robots);
  EXPECT_EQ(actual.timeout, expected.timeout);
  EXPECT_EQ(actual.connect_timeout, expected.connect_timeout);
  EXPECT_EQ(actual.max_body, expected.max_body);
  EXPECT_EQ(actual.max_retries, expected.max_retries);
  EXPECT_EQ(actual.max_depth, expected.max_depth);
  EXPECT_EQ(actual.recrawl_after, expected.recrawl_after);
  EXPECT_EQ(actual.in_stock_text, expected.in_stock_text);
  EXPECT_EQ(actual.out_of_stock_text, expected.out_of_stock_text);
}

TEST(ConfigTest, BuiltInDefaultsArePolite) {
  const Config c;
  EXPECT_EQ(c.user_agent, "pricecrawl/" + std::string(Version()) + " (+https://example.org/bot)");
  EXPECT_EQ(c.max_in_flight, 256);
  EXPECT_EQ(c.grace_period, milliseconds{5'000});
  EXPECT_EQ(c.defaults.rate, 1.0);
  EXPECT_EQ(c.defaults.burst, 2);
  EXPECT_EQ(c.defaults.max_concurrent, 2);
  EXPECT_TRUE(c.defaults.obey_robots);
  EXPECT_EQ(c.defaults.timeout, milliseconds{30'000});
  EXPECT_EQ(c.defaults.connect_timeout, milliseconds{10'000});
  EXPECT_EQ(c.defaults.max_body, 10u * 1024 * 1024);
  EXPECT_EQ(c.defaults.max_retries, 3);
  EXPECT_EQ(c.defaults.max_depth, 5);
  EXPECT_EQ(c.defaults.recrawl_after, milliseconds{6 * 3600 * 1000});
  EXPECT_TRUE(c.hosts.empty());
  EXPECT_TRUE(c.scope.same_host);
  EXPECT_TRUE(c.scope.allow.empty());
  EXPECT_EQ(c.scope.deny, std::vector<std::string>{R"(\.(jpg|png|gif|pdf|zip)$)"});
  EXPECT_EQ(c.alerts.drop_percent, "5");
  EXPECT_EQ(c.alerts.webhook, "");
  EXPECT_EQ(c.alerts.command, "");
  EXPECT_EQ(c.alerts.webhook_header, "");
  EXPECT_EQ(c.alerts.timeout, milliseconds{10'000});
}

// The shipped example documents every key with its default; it must never drift from the code.
TEST(ConfigTest, ExampleFileEqualsBuiltInDefaults) {
  const auto path = testing::SourceDir() / "config" / "pricecrawl.example.toml";
  const Config loaded = LoadConfig(path);
  const Config built_in;
  EXPECT_EQ(loaded.user_agent, built_in.user_agent);
  EXPECT_EQ(loaded.max_in_flight, built_in.max_in_flight);
  EXPECT_EQ(loaded.grace_period, built_in.grace_period);
  ExpectPolicyEq(loaded.defaults, built_in.defaults);
  EXPECT_EQ(loaded.hosts.size(), built_in.hosts.size());
  EXPECT_EQ(loaded.scope.same_host, built_in.scope.same_host);
  EXPECT_EQ(loaded.scope.allow, built_in.scope.allow);
  EXPECT_EQ(loaded.scope.deny, built_in.scope.deny);
  EXPECT_EQ(loaded.alerts.drop_percent, built_in.alerts.drop_percent);
  EXPECT_EQ(loaded.alerts.webhook, built_in.alerts.webhook);
  EXPECT_EQ(loaded.alerts.command, built_in.alerts.command);
  EXPECT_EQ(loaded.alerts.webhook_header, built_in.alerts.webhook_header);
  EXPECT_EQ(loaded.alerts.timeout, built_in.alerts.timeout);
  EXPECT_TRUE(loaded == built_in);  // catches a field added later but not listed above
}

// The example's commented [[host]] block must stay valid when a user uncomments it.
TEST(ConfigTest, ExampleHostBlockParsesWhenUncommented) {
  const auto path = testing::SourceDir() / "config" / "pricecrawl.example.toml";
  std::ifstream in(path);
  std::string text;
  bool in_example = false;
  for (std::string line; std::getline(in, line);) {
    in_example = in_example || line == "# [[host]]";
    if (in_example && line.rfind("# ", 0) == 0) {
      line.erase(0, 2);
    }
    text += line + "\n";
  }
  const Config c = ParseConfig(text, path.string());
  ASSERT_EQ(c.hosts.size(), 1u);
  EXPECT_EQ(c.hosts[0].match, "shop.example.com");
  EXPECT_EQ(c.hosts[0].policy.rate, 0.5);
  EXPECT_EQ(c.hosts[0].extract.price, "span.price-now");
  EXPECT_EQ(c.hosts[0].extract.title, "h1.product-title");
  EXPECT_EQ(c.hosts[0].extract.availability, "#stock");
  EXPECT_EQ(c.hosts[0].extract.currency, "EUR");
  EXPECT_EQ(c.hosts[0].policy.out_of_stock_text,
            (std::vector<std::string>{"Vergriffen", "Nicht mehr im Sortiment"}));
  EXPECT_TRUE(c.hosts[0].policy.in_stock_text.empty());
}

TEST(ConfigTest, ReadsStockPhrasesAsArraysOrOneString) {
  const Config c = ParseConfig(R"(
[defaults]
in_stock_text = ["Ready to ship", "Sofort lieferbar"]
out_of_stock_text = "Vergriffen"

[[host]]
match = "books.example"
out_of_stock_text = ["Out of print", "Épuisé chez l'éditeur"]

[[host]]
match = "plain.example"
in_stock_text = []
)",
                               "pc.toml");
  const std::vector<std::string> in = {"Ready to ship", "Sofort lieferbar"};
  EXPECT_EQ(c.defaults.in_stock_text, in);
  EXPECT_EQ(c.defaults.out_of_stock_text, std::vector<std::string>{"Vergriffen"});
  ASSERT_EQ(c.hosts.size(), 2u);
  // A [[host]] block replaces the keys it sets and keeps [defaults] for the others.
  EXPECT_EQ(c.PolicyFor("books.example").in_stock_text, in);
  EXPECT_EQ(c.PolicyFor("books.example").out_of_stock_text,
            (std::vector<std::string>{"Out of print", "Épuisé chez l'éditeur"}));
  EXPECT_TRUE(c.PolicyFor("plain.example").in_stock_text.empty());
  EXPECT_EQ(c.PolicyFor("plain.example").out_of_stock_text, std::vector<std::string>{"Vergriffen"});
  EXPECT_TRUE(Config{}.defaults.in_stock_text.empty());
  EXPECT_TRUE(Config{}.defaults.out_of_stock_text.empty());
}

TEST(ConfigErrorTest, NamesBadStockPhrases) {
  EXPECT_EQ(ErrorFor("[defaults]\nin_stock_text = 3"),
            "pc.toml: config key 'defaults.in_stock_text': expected a string or an array of "
            "strings, got 3");
  EXPECT_EQ(ErrorFor("[defaults]\nout_of_stock_text = { a = 1 }"),
            "pc.toml: config key 'defaults.out_of_stock_text': expected a string or an array of "
            "strings, got a table");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\nout_of_stock_text = [\"Gone\", true]"),
            "pc.toml: config key 'host[0].out_of_stock_text[1]': expected a non-empty phrase on "
            "one line, got true");
  EXPECT_EQ(ErrorFor("[defaults]\nin_stock_text = [\"\"]"),
            "pc.toml: config key 'defaults.in_stock_text[0]': expected a non-empty phrase on one "
            "line, got \"\"");
  EXPECT_EQ(ErrorFor("[defaults]\nin_stock_text = \"two\\nlines\""),
            "pc.toml: config key 'defaults.in_stock_text': expected a non-empty phrase on one "
            "line, got \"two\\x0Alines\"");
  EXPECT_EQ(ErrorFor("[defaults]\nin_stocktext = []"),
            "pc.toml: unknown config key 'defaults.in_stocktext'");
}

TEST(ConfigTest, EmptyTextGivesDefaults) {
  EXPECT_TRUE(ParseConfig("", "pc.toml") == Config{});
}

TEST(ConfigTest, ReadsEveryKey) {
  const Config c = ParseConfig(R"(
user_agent = "mybot/2"
max_in_flight = 16
grace_period = "1m30s"
[defaults]
rate = 0.25
burst = 4
max_concurrent = 3
obey_robots = false
timeout = "1m"
connect_timeout = "500ms"
max_body = "2MB"
max_retries = 0
max_depth = 0
recrawl_after = "2d"
[scope]
same_host = false
allow = ["/product/", "^https://a\\.example/"]
deny = []
[alerts]
drop_percent = 2.5
webhook = "https://hooks.example/pc?key=${HOOK_KEY}"
webhook_header = "Authorization: Bearer ${TOKEN}"
command = "notify-send price"
timeout = "3s"
)",
                               "pc.toml");
  EXPECT_EQ(c.user_agent, "mybot/2");
  EXPECT_EQ(c.max_in_flight, 16);
  EXPECT_EQ(c.grace_period, milliseconds{90'000});
  EXPECT_EQ(c.defaults.rate, 0.25);
  EXPECT_EQ(c.defaults.burst, 4);
  EXPECT_EQ(c.defaults.max_concurrent, 3);
  EXPECT_FALSE(c.defaults.obey_robots);
  EXPECT_EQ(c.defaults.timeout, milliseconds{60'000});
  EXPECT_EQ(c.defaults.connect_timeout, milliseconds{500});
  EXPECT_EQ(c.defaults.max_body, 2'000'000u);
  EXPECT_EQ(c.defaults.max_retries, 0);
  EXPECT_EQ(c.defaults.max_depth, 0);
  EXPECT_EQ(c.defaults.recrawl_after, milliseconds{2LL * 86'400'000});
  EXPECT_FALSE(c.scope.same_host);
  EXPECT_EQ(c.scope.allow, (std::vector<std::string>{"/product/", R"(^https://a\.example/)"}));
  EXPECT_TRUE(c.scope.deny.empty());
  EXPECT_EQ(c.alerts.drop_percent, "2.5");
  EXPECT_EQ(c.alerts.webhook, "https://hooks.example/pc?key=${HOOK_KEY}");  // not expanded
  EXPECT_EQ(c.alerts.webhook_header, "Authorization: Bearer ${TOKEN}");
  EXPECT_EQ(c.alerts.command, "notify-send price");
  EXPECT_EQ(c.alerts.timeout, milliseconds{3'000});
}

// A webhook URL may come whole from the environment; it is checked when the alert is sent.
TEST(ConfigTest, WebhookMayBeOneEnvironmentVariable) {
  EXPECT_EQ(ParseConfig("[alerts]\nwebhook = \"${PRICE_HOOK}\"", "pc.toml").alerts.webhook,
            "${PRICE_HOOK}");
}

TEST(ConfigTest, AcceptsIntegersWhereNumbersAreExpected) {
  EXPECT_EQ(ParseConfig("[defaults]\nrate = 1", "pc.toml").defaults.rate, 1.0);
  EXPECT_EQ(ParseConfig("[defaults]\nrate = 0", "pc.toml").defaults.rate, 0.0);
  EXPECT_EQ(ParseConfig("[defaults]\nmax_body = 4096", "pc.toml").defaults.max_body, 4096u);
}

TEST(ConfigTest, StoresDropPercentAsDecimalText) {
  const auto drop = [](std::string_view value) {
    return ParseConfig("[alerts]\ndrop_percent = " + std::string(value), "pc.toml")
        .alerts.drop_percent;
  };
  EXPECT_EQ(drop("5"), "5");
  EXPECT_EQ(drop("0"), "0");
  EXPECT_EQ(drop("2.5"), "2.5");
  EXPECT_EQ(drop("0.1"), "0.1");  // not 0.1000000000000000055511151231257827
  EXPECT_EQ(drop("12.0"), "12");
  EXPECT_EQ(drop("\"7.25\""), "7.25");
  EXPECT_EQ(drop("\"7.250\""), "7.250");  // a string keeps its digits
}

TEST(ConfigTest, HostBlockOverridesOnlyWhatItSets) {
  // [defaults] after the [[host]] blocks still applies to them.
  const Config c = ParseConfig(R"(
[[host]]
match = "slow.example.com"
rate = 0.5
timeout = "2m"

[[host]]
match = "*.fast.example"
rate = 0
max_concurrent = 16

[defaults]
rate = 2
burst = 5
max_depth = 1
)",
                               "pc.toml");
  HostPolicy defaults;
  defaults.rate = 2;
  defaults.burst = 5;
  defaults.max_depth = 1;
  ExpectPolicyEq(c.defaults, defaults);
  ASSERT_EQ(c.hosts.size(), 2u);

  HostPolicy slow = defaults;
  slow.rate = 0.5;
  slow.timeout = milliseconds{120'000};
  EXPECT_EQ(c.hosts[0].match, "slow.example.com");
  ExpectPolicyEq(c.hosts[0].policy, slow);
  EXPECT_TRUE(c.hosts[0].extract.empty());

  HostPolicy fast = defaults;
  fast.rate = 0;
  fast.max_concurrent = 16;
  EXPECT_EQ(c.hosts[1].match, "*.fast.example");
  ExpectPolicyEq(c.hosts[1].policy, fast);
}

TEST(ConfigTest, ReadsHostExtract) {
  const Config c = ParseConfig(R"(
[[host]]
match = "shop.example.com"
[host.extract]
price = "span.price-now"
title = "h1.product-title"
availability = "#stock"
currency = "eur"

[[host]]
match = "other.example"
extract = { price = ".p" }
)",
                               "pc.toml");
  ASSERT_EQ(c.hosts.size(), 2u);
  EXPECT_EQ(c.hosts[0].extract.price, "span.price-now");
  EXPECT_EQ(c.hosts[0].extract.title, "h1.product-title");
  EXPECT_EQ(c.hosts[0].extract.availability, "#stock");
  EXPECT_EQ(c.hosts[0].extract.currency, "EUR");
  ExpectPolicyEq(c.hosts[0].policy, HostPolicy{});
  EXPECT_EQ(c.hosts[1].extract.price, ".p");
  EXPECT_FALSE(c.hosts[1].extract.empty());
  EXPECT_TRUE(c.hosts[1].extract.title.empty());
}

TEST(HostMatchesTest, ExactMatchIgnoresCase) {
  EXPECT_TRUE(HostMatches("shop.example.com", "shop.example.com"));
  EXPECT_TRUE(HostMatches("Shop.Example.COM", "shop.example.com"));
  EXPECT_FALSE(HostMatches("shop.example.com", "example.com"));
  EXPECT_FALSE(HostMatches("shop.example.com", "www.shop.example.com"));
  EXPECT_FALSE(HostMatches("shop.example.com", "shop.example.co"));
}

TEST(HostMatchesTest, WildcardMatchesDomainAndEverySubdomain) {
  EXPECT_TRUE(HostMatches("*.example.com", "example.com"));
  EXPECT_TRUE(HostMatches("*.example.com", "shop.example.com"));
  EXPECT_TRUE(HostMatches("*.example.com", "a.b.EXAMPLE.com"));
  EXPECT_FALSE(HostMatches("*.example.com", "badexample.com"));
  EXPECT_FALSE(HostMatches("*.example.com", "example.com.evil"));
  EXPECT_FALSE(HostMatches("*.example.com", "com"));
}

TEST(HostMatchesTest, PortInMatchMustBeEqual) {
  EXPECT_TRUE(HostMatches("127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_FALSE(HostMatches("127.0.0.1:8080", "127.0.0.1:8081"));
  EXPECT_FALSE(HostMatches("127.0.0.1:8080", "127.0.0.1"));
  EXPECT_TRUE(HostMatches("*.example.com:8443", "shop.example.com:8443"));
  EXPECT_FALSE(HostMatches("*.example.com:8443", "shop.example.com"));
  EXPECT_TRUE(HostMatches("[::1]:8080", "[::1]:8080"));
  EXPECT_FALSE(HostMatches("[::1]:8080", "[::1]:9090"));
}

TEST(HostMatchesTest, MatchWithoutPortFitsAnyPort) {
  EXPECT_TRUE(HostMatches("127.0.0.1", "127.0.0.1:8080"));
  EXPECT_TRUE(HostMatches("127.0.0.1", "127.0.0.1"));
  EXPECT_TRUE(HostMatches("*.example.com", "example.com:8443"));
  EXPECT_TRUE(HostMatches("[::1]", "[::1]:8080"));
  EXPECT_FALSE(HostMatches("127.0.0.1", "127.0.0.2:8080"));
}

TEST(ConfigTest, PolicyForTakesTheFirstMatchingRule) {
  const Config c = ParseConfig(R"(
[defaults]
rate = 3
[[host]]
match = "shop.example.com"
rate = 0.5
[host.extract]
price = ".shop-price"
[[host]]
match = "*.example.com"
rate = 0.25
[[host]]
match = "127.0.0.1:8080"
rate = 0
[host.extract]
price = ".local"
)",
                               "pc.toml");
  EXPECT_EQ(c.PolicyFor("shop.example.com").rate, 0.5);
  EXPECT_EQ(c.PolicyFor("SHOP.example.com").rate, 0.5);
  EXPECT_EQ(c.PolicyFor("www.example.com").rate, 0.25);
  EXPECT_EQ(c.PolicyFor("example.com").rate, 0.25);
  EXPECT_EQ(c.PolicyFor("127.0.0.1:8080").rate, 0.0);
  EXPECT_EQ(c.PolicyFor("127.0.0.1:9090").rate, 3.0);
  EXPECT_EQ(c.PolicyFor("other.org").rate, 3.0);
  EXPECT_EQ(&c.PolicyFor("other.org"), &c.defaults);

  ASSERT_NE(c.SelectorsFor("shop.example.com"), nullptr);
  EXPECT_EQ(c.SelectorsFor("shop.example.com")->price, ".shop-price");
  EXPECT_EQ(c.SelectorsFor("www.example.com"), nullptr);  // first match has no [host.extract]
  ASSERT_NE(c.SelectorsFor("127.0.0.1:8080"), nullptr);
  EXPECT_EQ(c.SelectorsFor("127.0.0.1:8080")->price, ".local");
  EXPECT_EQ(c.SelectorsFor("other.org"), nullptr);
  EXPECT_EQ(Config{}.SelectorsFor("shop.example.com"), nullptr);
}

TEST(ConfigErrorTest, NamesUnknownKeys) {
  EXPECT_EQ(ErrorFor("[defaults]\nrat = 1"), "pc.toml: unknown config key 'defaults.rat'");
  EXPECT_EQ(ErrorFor("useragent = \"x\""), "pc.toml: unknown config key 'useragent'");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\n[[host]]\nmatch = \"b.com\"\nrat = 1"),
            "pc.toml: unknown config key 'host[1].rat'");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\nrat = 1"),
            "pc.toml: unknown config key 'host[0].rat'");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\n[host.extract]\nprize = \"x\""),
            "pc.toml: unknown config key 'host[0].extract.prize'");
  EXPECT_EQ(ErrorFor("[scope]\nsamehost = true"), "pc.toml: unknown config key 'scope.samehost'");
  EXPECT_EQ(ErrorFor("[alerts]\nemail = \"a@b\""), "pc.toml: unknown config key 'alerts.email'");
  EXPECT_EQ(ErrorFor("[default]\nrate = 1"), "pc.toml: unknown config key 'default'");
  EXPECT_EQ(ErrorFor("[defaults.extract]\nprice = \"x\""),
            "pc.toml: unknown config key 'defaults.extract'");
}

TEST(ConfigErrorTest, NamesKeysWithBadNumbers) {
  EXPECT_EQ(ErrorFor("[defaults]\nrate = -1"),
            "pc.toml: config key 'defaults.rate': expected a number >= 0, got -1");
  EXPECT_EQ(ErrorFor("[defaults]\nrate = -0.5"),
            "pc.toml: config key 'defaults.rate': expected a number >= 0, got -0.5");
  EXPECT_EQ(ErrorFor("[defaults]\nrate = nan"),
            "pc.toml: config key 'defaults.rate': expected a number >= 0, got nan");
  EXPECT_EQ(ErrorFor("[defaults]\nrate = inf"),
            "pc.toml: config key 'defaults.rate': expected a number >= 0, got inf");
  EXPECT_EQ(ErrorFor("[defaults]\nrate = \"1\""),
            "pc.toml: config key 'defaults.rate': expected a number >= 0, got \"1\"");
  EXPECT_EQ(ErrorFor("[defaults]\nburst = 0"),
            "pc.toml: config key 'defaults.burst': expected an integer >= 1, got 0");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_concurrent = 1.5"),
            "pc.toml: config key 'defaults.max_concurrent': expected an integer >= 1, got 1.5");
  EXPECT_EQ(ErrorFor("max_in_flight = 0"),
            "pc.toml: config key 'max_in_flight': expected an integer >= 1, got 0");
  EXPECT_EQ(ErrorFor("max_in_flight = 3000000000"),
            "pc.toml: config key 'max_in_flight': expected an integer from 1 to 2147483647, "
            "got 3000000000");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_retries = -1"),
            "pc.toml: config key 'defaults.max_retries': expected an integer >= 0, got -1");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_depth = true"),
            "pc.toml: config key 'defaults.max_depth': expected an integer >= 0, got true");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\nburst = 0"),
            "pc.toml: config key 'host[0].burst': expected an integer >= 1, got 0");
}

TEST(ConfigErrorTest, NamesKeysWithBadTypes) {
  EXPECT_EQ(ErrorFor("[defaults]\nobey_robots = \"yes\""),
            "pc.toml: config key 'defaults.obey_robots': expected true or false, got \"yes\"");
  EXPECT_EQ(ErrorFor("[scope]\nsame_host = 1"),
            "pc.toml: config key 'scope.same_host': expected true or false, got 1");
  EXPECT_EQ(ErrorFor("user_agent = 5"),
            "pc.toml: config key 'user_agent': expected a string, got 5");
  EXPECT_EQ(ErrorFor("user_agent = \"\""),
            "pc.toml: config key 'user_agent': expected a non-empty string without control "
            "characters, got \"\"");
  EXPECT_EQ(ErrorFor("user_agent = \"bot\\r\\nX-Evil: 1\""),
            "pc.toml: config key 'user_agent': expected a non-empty string without control "
            "characters, got \"bot\\x0D\\x0AX-Evil: 1\"");
  EXPECT_EQ(ErrorFor("defaults = 5"), "pc.toml: config key 'defaults': expected a table, got 5");
  EXPECT_EQ(ErrorFor("scope = [1]"), "pc.toml: config key 'scope': expected a table, got an array");
  EXPECT_EQ(ErrorFor("[host]\nmatch = \"a.com\""),
            "pc.toml: config key 'host': expected [[host]] blocks, got a table");
  EXPECT_EQ(ErrorFor("host = [1]"), "pc.toml: config key 'host[0]': expected a table, got 1");
  EXPECT_EQ(ErrorFor("[defaults]\ntimeout = 1979-05-27"),
            "pc.toml: config key 'defaults.timeout': expected a duration such as \"30s\", "
            "\"500ms\" or \"1h30m\", got a date/time");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\nextract = \"x\""),
            "pc.toml: config key 'host[0].extract': expected a table, got \"x\"");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\n[host.extract]\nprice = 1"),
            "pc.toml: config key 'host[0].extract.price': expected a string, got 1");
}

TEST(ConfigErrorTest, NamesKeysWithBadDurations) {
  EXPECT_EQ(ErrorFor("[defaults]\ntimeout = \"1.5h\""),
            "pc.toml: config key 'defaults.timeout': expected a duration such as \"30s\", "
            "\"500ms\" or \"1h30m\", got \"1.5h\"");
  EXPECT_EQ(ErrorFor("[defaults]\nrecrawl_after = 30"),
            "pc.toml: config key 'defaults.recrawl_after': expected a duration such as "
            "\"30s\", \"500ms\" or \"1h30m\", got 30");
  EXPECT_EQ(ErrorFor("grace_period = \"-5s\""),
            "pc.toml: config key 'grace_period': expected a duration such as \"30s\", "
            "\"500ms\" or \"1h30m\", got \"-5s\"");
  EXPECT_EQ(ErrorFor("[defaults]\nconnect_timeout = \"0s\""),
            "pc.toml: config key 'defaults.connect_timeout': expected a duration > 0, got "
            "\"0s\"");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\ntimeout = \"0\""),
            "pc.toml: config key 'host[0].timeout': expected a duration > 0, got \"0\"");
  // Zero is meaningful for these two: recrawl every pass, stop without waiting.
  EXPECT_EQ(ParseConfig("grace_period = \"0s\"\n[defaults]\nrecrawl_after = \"0\"", "pc.toml")
                .defaults.recrawl_after,
            milliseconds{0});
}

TEST(ConfigErrorTest, NamesKeysWithBadSizes) {
  EXPECT_EQ(ErrorFor("[defaults]\nmax_body = \"10XB\""),
            "pc.toml: config key 'defaults.max_body': expected a size > 0 such as \"10MiB\", "
            "\"500KiB\" or \"10MB\", got \"10XB\"");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_body = \"0\""),
            "pc.toml: config key 'defaults.max_body': expected a size > 0 such as \"10MiB\", "
            "\"500KiB\" or \"10MB\", got \"0\"");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_body = -1"),
            "pc.toml: config key 'defaults.max_body': expected a size > 0 such as \"10MiB\", "
            "\"500KiB\" or \"10MB\", got -1");
  EXPECT_EQ(ErrorFor("[defaults]\nmax_body = \"99999999999TiB\""),
            "pc.toml: config key 'defaults.max_body': expected a size > 0 such as \"10MiB\", "
            "\"500KiB\" or \"10MB\", got \"99999999999TiB\"");
}

TEST(ConfigErrorTest, NamesBadRegexesByIndex) {
  EXPECT_EQ(
      ErrorFor("[scope]\ndeny = [\"ok\", \"(\"]")
          .rfind("pc.toml: config key 'scope.deny[1]': not a valid regular expression: \"(\" (", 0),
      0u);
  EXPECT_EQ(ErrorFor("[scope]\nallow = [\"[a-\"]")
                .rfind("pc.toml: config key 'scope.allow[0]': not a valid regular expression: ", 0),
            0u);
  EXPECT_EQ(ErrorFor("[scope]\nallow = [\"a\", 5]"),
            "pc.toml: config key 'scope.allow[1]': expected a string, got 5");
  EXPECT_EQ(ErrorFor("[scope]\ndeny = \"\\\\.jpg$\""),
            "pc.toml: config key 'scope.deny': expected an array of regular expressions, got "
            "\"\\\\.jpg$\"");
}

TEST(ConfigErrorTest, NamesBadAlerts) {
  const std::string expected =
      "pc.toml: config key 'alerts.drop_percent': expected a decimal number >= 0 with at most 6 "
      "decimal places, got ";
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = -1"), expected + "-1");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = -2.5"), expected + "-2.5");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = \"five\""), expected + "\"five\"");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = \"5%\""), expected + "\"5%\"");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = 0.1234567"), expected + "0.1234567");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = nan"), expected + "nan");
  EXPECT_EQ(ErrorFor("[alerts]\ndrop_percent = true"), expected + "true");
  EXPECT_EQ(ErrorFor("[alerts]\nwebhook = \"ftp://x/\""),
            "pc.toml: config key 'alerts.webhook': expected an http or https URL (or \"\" for "
            "none), got \"ftp://x/\"");
  EXPECT_EQ(ErrorFor("[alerts]\nwebhook = \"hooks.example\""),
            "pc.toml: config key 'alerts.webhook': expected an http or https URL (or \"\" for "
            "none), got \"hooks.example\"");
  EXPECT_EQ(ErrorFor("[alerts]\ncommand = []"),
            "pc.toml: config key 'alerts.command': expected a string, got an array");
  EXPECT_EQ(ErrorFor("[alerts]\ncommand = \"mail\\nrm\""),
            "pc.toml: config key 'alerts.command': expected a one-line shell command, got "
            "\"mail\\x0Arm\"");
  EXPECT_EQ(ErrorFor("[alerts]\nwebhook_header = \"Bearer x\""),
            "pc.toml: config key 'alerts.webhook_header': expected one header such as "
            "\"Authorization: Bearer ${TOKEN}\", got \"Bearer x\"");
  EXPECT_EQ(ErrorFor("[alerts]\ntimeout = \"0s\""),
            "pc.toml: config key 'alerts.timeout': expected a duration > 0, got \"0s\"");
}

TEST(ConfigErrorTest, NamesBadHostMatches) {
  EXPECT_EQ(ErrorFor("[[host]]\nrate = 1"),
            "pc.toml: config key 'host[0].match': missing; every [[host]] block needs a match");
  const std::string expected =
      "pc.toml: config key 'host[0].match': expected a host such as \"shop.example.com\", "
      "\"*.example.com\" or \"127.0.0.1:8080\", got ";
  for (const char* bad : {"", "*", "*.", "shop.*.com", "**.example.com", "https://a.com/",
                          "a.com:", "a.com:http", "a b"}) {
    EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"" + std::string(bad) + "\""),
              expected + "\"" + bad + "\"");
  }
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = 5"),
            "pc.toml: config key 'host[0].match': expected a string, got 5");
  EXPECT_EQ(ErrorFor("[[host]]\nmatch = \"a.com\"\n[host.extract]\ncurrency = \"euro\""),
            "pc.toml: config key 'host[0].extract.currency': expected a 3-letter ISO 4217 code "
            "such as \"EUR\", got \"euro\"");
}

TEST(ConfigErrorTest, ReportsTomlSyntaxErrorsWithLineAndColumn) {
  // The description is toml++'s own text; only the position prefix is ours.
  const std::string unclosed = ErrorFor("max_in_flight = 4\n[defaults\nrate = 1\n");
  EXPECT_EQ(unclosed.rfind("pc.toml:2:", 0), 0u) << unclosed;
  const std::string redefined = ErrorFor("a = 1\na = 2\n");
  EXPECT_EQ(redefined.rfind("pc.toml:2:5: ", 0), 0u) << redefined;
  EXPECT_NE(redefined.find("'a'"), std::string::npos) << redefined;
}

TEST(LoadConfigTest, ReadsAFileAndNamesItInErrors) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pricecrawl-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto good = dir / "good.toml";
  std::ofstream(good) << "max_in_flight = 8\n";
  EXPECT_EQ(LoadConfig(good).max_in_flight, 8);

  const auto bad = dir / "bad.toml";
  std::ofstream(bad) << "\n[defaults]\nrat = 1\n";
  try {
    LoadConfig(bad);
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), bad.string() + ": unknown config key 'defaults.rat'");
  }

  const auto missing = dir / "missing.toml";
  try {
    LoadConfig(missing);
    ADD_FAILURE() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), missing.string() + ": cannot read config file: No such file or directory");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pricecrawl::config
