#include "config/seeds.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "config/usage_error.h"

namespace pricecrawl::config {
namespace {

// The message ParseSeeds throws for `text`, or "" when it does not throw.
std::string ErrorFor(std::string_view text) {
  try {
    ParseSeeds(text, "seeds.txt");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// A file in a per-test temporary folder, removed with the folder.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("pricecrawl-seeds-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path Write(const std::string& name, std::string_view text) const {
    std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  const std::filesystem::path& Root() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(ParseSeedsTest, ReadsOneUrlPerLineWithLineNumbers) {
  const auto seeds = ParseSeeds("https://shop.example.com/\n\nhttp://b.example/c?x=1\n", "s");
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(seeds[0].url, "https://shop.example.com/");
  EXPECT_EQ(seeds[0].line, 1);
  EXPECT_FALSE(seeds[0].target.has_value());
  EXPECT_TRUE(seeds[0].fields.empty());
  EXPECT_EQ(seeds[1].url, "http://b.example/c?x=1");
  EXPECT_EQ(seeds[1].line, 3);
}

TEST(ParseSeedsTest, IgnoresCommentsAndBlankLines) {
  const auto seeds = ParseSeeds(
      "# shops to watch\n"
      "   \t\n"
      "  # indented comment\n"
      "https://a.example/p#reviews   # trailing comment\n"
      "https://b.example/\t# after a tab\n"
      "https://c.example/#top#more\n",
      "s");
  ASSERT_EQ(seeds.size(), 3u);
  EXPECT_EQ(seeds[0].url, "https://a.example/p#reviews");  // a fragment is not a comment
  EXPECT_EQ(seeds[0].line, 4);
  EXPECT_EQ(seeds[1].url, "https://b.example/");
  EXPECT_EQ(seeds[2].url, "https://c.example/#top#more");
}

TEST(ParseSeedsTest, AcceptsBomAndCrlf) {
  const auto seeds =
      ParseSeeds("\xEF\xBB\xBFhttps://a.example/\r\n# c\r\nhttps://b.example/ target=5\r\n", "s");
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(seeds[0].url, "https://a.example/");
  EXPECT_EQ(seeds[1].url, "https://b.example/");
  EXPECT_EQ(seeds[1].line, 3);
  EXPECT_EQ(seeds[1].target, "5");
}

TEST(ParseSeedsTest, ReadsFieldsAfterTheUrl) {
  const auto seeds = ParseSeeds(
      "https://a.example/p target=199.99\n"
      "https://b.example/p\ttarget=0.5  \n"
      "  https://c.example/p   target=199   # under 200\n"
      "https://d.example/p target=0.000001\n",
      "s");
  ASSERT_EQ(seeds.size(), 4u);
  EXPECT_EQ(seeds[0].target, "199.99");
  EXPECT_EQ(seeds[0].fields, (std::map<std::string, std::string>{{"target", "199.99"}}));
  EXPECT_EQ(seeds[1].target, "0.5");
  EXPECT_EQ(seeds[2].url, "https://c.example/p");
  EXPECT_EQ(seeds[2].target, "199");
  EXPECT_EQ(seeds[3].target, "0.000001");
}

TEST(ParseSeedsTest, KeepsTheFirstOfDuplicateUrls) {
  const auto seeds = ParseSeeds(
      "https://a.example/ target=10\n"
      "https://b.example/\n"
      "https://a.example/ target=20\n",
      "s");
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(seeds[0].url, "https://a.example/");
  EXPECT_EQ(seeds[0].line, 1);
  EXPECT_EQ(seeds[0].target, "10");
  EXPECT_EQ(seeds[1].url, "https://b.example/");
}

TEST(ParseSeedsTest, ValidatesDuplicateLinesToo) {
  EXPECT_EQ(ErrorFor("https://a.example/\nhttps://a.example/ target=x\n"),
            "seeds.txt:2: target 'x' is not a decimal price");
}

TEST(ParseSeedsTest, AcceptsHttpHttpsAndFileSchemesInAnyCase) {
  const auto seeds = ParseSeeds(
      "HTTP://A.example/\nHttps://user:pw@b.example:8443/x\nfile:///tmp/page.html\n"
      "http://127.0.0.1:8080/\nhttp://[::1]:8080/\nFILE:/tmp/x.html\n",
      "s");
  ASSERT_EQ(seeds.size(), 6u);
  EXPECT_EQ(seeds[0].url, "HTTP://A.example/");  // kept as written
}

TEST(ParseSeedsTest, EmptyTextHasNoSeeds) {
  EXPECT_TRUE(ParseSeeds("", "s").empty());
  EXPECT_TRUE(ParseSeeds("\xEF\xBB\xBF# only a comment\r\n\r\n", "s").empty());
}

TEST(ParseSeedsTest, RejectsOtherSchemes) {
  EXPECT_EQ(ErrorFor("https://ok.example/\n\nftp://x/\n"),
            "seeds.txt:3: 'ftp://x/' is not an http, https or file URL");
  EXPECT_EQ(ErrorFor("javascript:alert(1)\n"),
            "seeds.txt:1: 'javascript:alert(1)' is not an http, https or file URL");
  EXPECT_EQ(ErrorFor("target=5\n"), "seeds.txt:1: 'target=5' is not an http, https or file URL");
}

TEST(ParseSeedsTest, UrlWithoutSchemeSuggestsHttps) {
  EXPECT_EQ(
      ErrorFor("shop.example/p/1\n"),
      "seeds.txt:1: 'shop.example/p/1' has no scheme; write it as 'https://shop.example/p/1'");
  EXPECT_EQ(
      ErrorFor("https://ok.example/\nwww.shop.example   # home\n"),
      "seeds.txt:2: 'www.shop.example' has no scheme; write it as 'https://www.shop.example'");
  EXPECT_EQ(ErrorFor("localhost:8080/p?id=1\n"),
            "seeds.txt:1: 'localhost:8080/p?id=1' has no scheme; write it as "
            "'https://localhost:8080/p?id=1'");
  // Not a host: a scheme without slashes, a port that is not a number, a bare word.
  EXPECT_EQ(ErrorFor("mailto:a@b.example\n"),
            "seeds.txt:1: 'mailto:a@b.example' is not an http, https or file URL");
  EXPECT_EQ(ErrorFor("shop.example:x/p\n"),
            "seeds.txt:1: 'shop.example:x/p' is not an http, https or file URL");
  EXPECT_EQ(ErrorFor("shop/p\n"), "seeds.txt:1: 'shop/p' is not an http, https or file URL");
}

TEST(ParseSeedsTest, RejectsHttpWithoutHost) {
  EXPECT_EQ(ErrorFor("http:///path\n"), "seeds.txt:1: 'http:///path' has no host");
  EXPECT_EQ(ErrorFor("https://\n"), "seeds.txt:1: 'https://' has no host");
  EXPECT_EQ(ErrorFor("https:example.com\n"), "seeds.txt:1: 'https:example.com' has no host");
  EXPECT_EQ(ErrorFor("http://user@:80/\n"), "seeds.txt:1: 'http://user@:80/' has no host");
  EXPECT_EQ(ErrorFor("http://?q\n"), "seeds.txt:1: 'http://?q' has no host");
}

TEST(ParseSeedsTest, RejectsControlCharacters) {
  EXPECT_EQ(ErrorFor("https://a.example/\nhttps://b.example/\x01x\n"),
            "seeds.txt:2: control character 0x01 in line");
  EXPECT_EQ(ErrorFor("https://a.example/\x1B[31m\n"),
            "seeds.txt:1: control character 0x1B in line");
  EXPECT_EQ(ErrorFor("https://a.example/\rx\n"), "seeds.txt:1: control character 0x0D in line");
  EXPECT_EQ(ErrorFor("https://a.example/\x7F\n"), "seeds.txt:1: control character 0x7F in line");
  EXPECT_EQ(ErrorFor(std::string_view("https://a.example/\0\n", 20)),
            "seeds.txt:1: control character 0x00 in line");
}

TEST(ParseSeedsTest, RejectsUnknownFields) {
  EXPECT_EQ(ErrorFor("https://a.example/\n\n\nhttps://b.example/ foo=1\n"),
            "seeds.txt:4: unknown field 'foo' (known: target, sku)");
  EXPECT_EQ(ErrorFor("https://a.example/ Target=1\n"),
            "seeds.txt:1: unknown field 'Target' (known: target, sku)");
}

TEST(ParseSeedsTest, RejectsMalformedFields) {
  EXPECT_EQ(ErrorFor("https://a.example/ cheap\n"),
            "seeds.txt:1: malformed field 'cheap' (expected key=value)");
  EXPECT_EQ(ErrorFor("https://a.example/ =5\n"),
            "seeds.txt:1: malformed field '=5' (expected key=value)");
  EXPECT_EQ(ErrorFor("https://a.example/ target=\n"),
            "seeds.txt:1: malformed field 'target=' (expected key=value)");
  EXPECT_EQ(ErrorFor("https://a.example/ target = 5\n"),
            "seeds.txt:1: malformed field 'target' (expected key=value)");
  EXPECT_EQ(ErrorFor("https://a.example/ target=1 target=2\n"),
            "seeds.txt:1: field 'target' given twice");
}

TEST(ParseSeedsTest, RejectsBadTargets) {
  EXPECT_EQ(ErrorFor("https://a.example/\n\n\n\nhttps://b.example/ target=abc\n"),
            "seeds.txt:5: target 'abc' is not a decimal price");
  for (const char* bad : {"-5", "+5", "1e3", ".5", "5.", "19.99EUR", "$5", "1.2.3", "1,,"}) {
    EXPECT_EQ(ErrorFor(std::string("https://a.example/ target=") + bad),
              std::string("seeds.txt:1: target '") + bad + "' is not a decimal price");
  }
  EXPECT_EQ(ErrorFor("https://a.example/ target=0.1234567"),
            "seeds.txt:1: target '0.1234567' has more than 6 decimal places");
  EXPECT_EQ(ErrorFor("https://a.example/ target=1000000000000"),
            "seeds.txt:1: target '1000000000000' is too large");
}

TEST(ParseSeedsTest, TargetWithACommaSuggestsTheDecimal) {
  EXPECT_EQ(ErrorFor("https://a.example/ target=10,50\n"),
            "seeds.txt:1: target '10,50' is not a decimal price; write target=10.50 (the decimal "
            "point is '.', without thousands separators)");
  EXPECT_EQ(ErrorFor("https://a.example/ target=1,299.99\n"),
            "seeds.txt:1: target '1,299.99' is not a decimal price; write target=1299.99 (the "
            "decimal point is '.', without thousands separators)");
  EXPECT_EQ(ErrorFor("https://a.example/ target=1,000,000\n"),
            "seeds.txt:1: target '1,000,000' is not a decimal price; write target=1000000 (the "
            "decimal point is '.', without thousands separators)");
  EXPECT_EQ(ErrorFor("https://a.example/ target=-1,5\n"),
            "seeds.txt:1: target '-1,5' is not a decimal price");
}

TEST(ParseSeedsTest, NamesTheSourceGiven) {
  try {
    ParseSeeds("ftp://x/", "/etc/pricecrawl/seeds.txt");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "/etc/pricecrawl/seeds.txt:1: 'ftp://x/' is not an http, https or file URL");
  }
}

TEST(LoadSeedsTest, ReadsAFile) {
  TempDir dir;
  const auto path = dir.Write("seeds.txt", "https://a.example/ target=9.99\nhttps://b.example/\n");
  const auto seeds = LoadSeeds(path);
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(seeds[0].target, "9.99");
}

TEST(LoadSeedsTest, NamesThePathInLineErrors) {
  TempDir dir;
  const auto path = dir.Write("seeds.txt", "https://a.example/\nftp://x/\n");
  try {
    LoadSeeds(path);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), path.string() + ":2: 'ftp://x/' is not an http, https or file URL");
  }
}

TEST(LoadSeedsTest, RejectsAFileWithoutUrls) {
  TempDir dir;
  const auto path = dir.Write("seeds.txt", "# nothing yet\n\n");
  try {
    LoadSeeds(path);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), path.string() + ": no seed URLs");
  }
}

TEST(LoadSeedsTest, ReportsUnreadableFiles) {
  TempDir dir;
  const auto missing = dir.Root() / "missing.txt";
  try {
    LoadSeeds(missing);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), missing.string() + ": cannot read seeds file: No such file or directory");
  }
  try {
    LoadSeeds(dir.Root());
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.what(), dir.Root().string() + ": cannot read seeds file: Is a directory");
  }
}

}  // namespace
}  // namespace pricecrawl::config
