#include "crawler/crawl/seed_list.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

std::vector<std::pair<std::string, std::string>> Contents(const SeedList& seeds) {
  std::vector<std::pair<std::string, std::string>> out;
  seeds.ForEach([&](std::string_view url, std::string_view target) {
    out.emplace_back(std::string(url), std::string(target));
  });
  return out;
}

TEST(SeedListTest, KeepsOrderAndTheFirstTargetOfADuplicate) {
  SeedList seeds;
  EXPECT_TRUE(seeds.Add("https://a.test/", ""));
  EXPECT_TRUE(seeds.Add("https://b.test/item", "199.99"));
  EXPECT_FALSE(seeds.Add("https://b.test/item", "5"));
  EXPECT_TRUE(seeds.Add("https://b.test/other", "5"));
  EXPECT_EQ(seeds.size(), 3u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"https://a.test/", ""}, {"https://b.test/item", "199.99"}, {"https://b.test/other", "5"}};
  EXPECT_EQ(Contents(seeds), expected);
}

TEST(SeedListTest, HoldsManySeedsAcrossChunksAndRehashes) {
  SeedList seeds;
  constexpr int kCount = 200'000;  // ~8 MB of text: several 1 MiB chunks, many index doublings
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(seeds.Add(
        "http://127.0.0.1:" + std::to_string(27000 + i % 1000) + "/p/" + std::to_string(i),
        i % 7 == 0 ? std::to_string(i) + ".50" : ""));
  }
  for (int i = 0; i < kCount; i += 997) {
    EXPECT_FALSE(seeds.Add(
        "http://127.0.0.1:" + std::to_string(27000 + i % 1000) + "/p/" + std::to_string(i), "1"));
  }
  EXPECT_EQ(seeds.size(), static_cast<std::size_t>(kCount));
  int index = 0;
  bool in_order = true;
  seeds.ForEach([&](std::string_view url, std::string_view target) {
    const std::string expected_url =
        "http://127.0.0.1:" + std::to_string(27000 + index % 1000) + "/p/" + std::to_string(index);
    const std::string expected_target = index % 7 == 0 ? std::to_string(index) + ".50" : "";
    in_order = in_order && url == expected_url && target == expected_target;
    ++index;
  });
  EXPECT_TRUE(in_order);
  EXPECT_EQ(index, kCount);
}

TEST(SeedListTest, AnEntryLargerThanAChunkIsKept) {
  SeedList seeds;
  const std::string huge = "https://a.test/" + std::string(3 << 20, 'x');
  EXPECT_TRUE(seeds.Add("https://a.test/1", ""));
  EXPECT_TRUE(seeds.Add(huge, "1"));
  EXPECT_TRUE(seeds.Add("https://a.test/2", "2"));
  EXPECT_FALSE(seeds.Add(huge, "3"));
  const auto contents = Contents(seeds);
  ASSERT_EQ(contents.size(), 3u);
  EXPECT_EQ(contents[1].first, huge);
  EXPECT_EQ(contents[1].second, "1");
  EXPECT_EQ(contents[2].first, "https://a.test/2");
}

}  // namespace
}  // namespace pricecrawl::crawler
