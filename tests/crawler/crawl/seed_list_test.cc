#include "crawler/crawl/seed_list.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

std::vector<std::pair<std::string, std::string>> Contents(const SeedList& seeds) {
  std::vector<std::pair<std::string, std::string>> out;
  seeds.ForEach([&](std::string_view url, const SeedFields& fields) {
    out.emplace_back(std::string(url), std::string(fields.target));
  });
  return out;
}

SeedFields Target(std::string_view target) {
  SeedFields fields;
  fields.target = target;
  return fields;
}

TEST(SeedListTest, KeepsOrderAndTheFirstTargetOfADuplicate) {
  SeedList seeds;
  EXPECT_TRUE(seeds.Add("https://a.test/", Target("")));
  EXPECT_TRUE(seeds.Add("https://b.test/item", Target("199.99")));
  EXPECT_FALSE(seeds.Add("https://b.test/item", Target("5")));
  EXPECT_TRUE(seeds.Add("https://b.test/other", Target("5")));
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
        Target(i % 7 == 0 ? std::to_string(i) + ".50" : "")));
  }
  for (int i = 0; i < kCount; i += 997) {
    EXPECT_FALSE(seeds.Add(
        "http://127.0.0.1:" + std::to_string(27000 + i % 1000) + "/p/" + std::to_string(i),
        Target("1")));
  }
  EXPECT_EQ(seeds.size(), static_cast<std::size_t>(kCount));
  int index = 0;
  bool in_order = true;
  seeds.ForEach([&](std::string_view url, const SeedFields& fields) {
    const std::string_view target = fields.target;
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
  EXPECT_TRUE(seeds.Add("https://a.test/1", Target("")));
  EXPECT_TRUE(seeds.Add(huge, Target("1")));
  EXPECT_TRUE(seeds.Add("https://a.test/2", Target("2")));
  EXPECT_FALSE(seeds.Add(huge, Target("3")));
  const auto contents = Contents(seeds);
  ASSERT_EQ(contents.size(), 3u);
  EXPECT_EQ(contents[1].first, huge);
  EXPECT_EQ(contents[1].second, "1");
  EXPECT_EQ(contents[2].first, "https://a.test/2");
}

TEST(SeedListTest, KeepsTheSkuBesideTheTarget) {
  SeedList seeds;
  SeedFields pinned;
  pinned.target = "20";
  pinned.sku = "TEE-BLUE-M";
  SeedFields sku_only;
  sku_only.sku = "X1";
  EXPECT_TRUE(seeds.Add("https://a.test/tee", pinned));
  EXPECT_TRUE(seeds.Add("https://a.test/plain", Target("")));
  EXPECT_TRUE(seeds.Add("https://a.test/mug", sku_only));
  std::vector<std::string> seen;
  seeds.ForEach([&](std::string_view url, const SeedFields& fields) {
    seen.push_back(std::string(url) + "|" + std::string(fields.target) + "|" +
                   std::string(fields.sku));
  });
  const std::vector<std::string> expected = {"https://a.test/tee|20|TEE-BLUE-M",
                                             "https://a.test/plain||", "https://a.test/mug||X1"};
  EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace pricecrawl::crawler
