// RobotsPolicy against the RFC 9309 conformance vectors (google/robotstxt's test suite as data):
// every ID_ case (RFC 9309 rules) must pass; GoogleOnly_ cases (Google's extensions) are counted.

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crawler/politeness/robots.h"
#include "tests/testing/paths.h"

namespace pricecrawl::crawler {
namespace {

struct Vector {
  std::size_t index = 0;  // line number in the file, from 0
  std::string name;       // the `case` field
  std::string robots_txt;
  std::string user_agent;
  std::string url;
  bool allowed = false;
};

constexpr const char* kVectorsFile = "robots/rfc9309_vectors.jsonl";

// Every well-formed line of the vectors file; empty when the conformance data is absent.
std::vector<Vector> LoadVectors() {
  std::vector<Vector> vectors;
  const auto dir = testing::ConformanceDir();
  if (!dir)
    return vectors;
  std::ifstream in(*dir / kVectorsFile);
  std::string line;
  for (std::size_t index = 0; std::getline(in, line); ++index) {
    const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object())
      continue;
    Vector v;
    v.index = index;
    v.name = json.value("case", "");
    v.robots_txt = json.value("robots_txt", "");
    v.user_agent = json.value("user_agent", "");
    v.url = json.value("url", "");
    v.allowed = json.value("allowed", false);
    vectors.push_back(std::move(v));
  }
  return vectors;
}

const std::vector<Vector>& AllVectors() {
  static const std::vector<Vector> vectors = LoadVectors();
  return vectors;
}

std::vector<Vector> RfcVectors() {
  std::vector<Vector> rfc;
  for (const Vector& v : AllVectors()) {
    if (v.name.rfind("ID_", 0) == 0)
      rfc.push_back(v);
  }
  return rfc;
}

bool Evaluate(const Vector& v) {
  return RobotsPolicy::Parse(v.robots_txt, v.user_agent).IsAllowed(v.url);
}

class RobotsConformanceTest : public ::testing::TestWithParam<Vector> {};

TEST_P(RobotsConformanceTest, MatchesGoogleReference) {
  const Vector& v = GetParam();
  // The vectors give the product token itself; ProductToken must not change it.
  EXPECT_EQ(ProductToken(v.user_agent), v.user_agent);
  EXPECT_EQ(Evaluate(v), v.allowed)
      << "robots.txt:\n"
      << v.robots_txt << "\nuser agent: " << v.user_agent << "\nurl: " << v.url;
}

INSTANTIATE_TEST_SUITE_P(Rfc9309, RobotsConformanceTest, ::testing::ValuesIn(RfcVectors()),
                         [](const ::testing::TestParamInfo<Vector>& param_info) {
                           return param_info.param.name + "_" +
                                  std::to_string(param_info.param.index);
                         });
// Without the conformance data there are no instances; the summary test below reports that.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RobotsConformanceTest);

TEST(RobotsConformanceSummaryTest, AllRfcCasesPassAndGoogleOnesAreCounted) {
  PRICECRAWL_REQUIRE_CONFORMANCE(dir);
  ASSERT_FALSE(AllVectors().empty()) << "no vectors read from " << (dir / kVectorsFile);
  int rfc_pass = 0;
  int rfc_total = 0;
  int google_pass = 0;
  int google_total = 0;
  std::vector<std::string> google_failures;
  for (const Vector& v : AllVectors()) {
    const bool ok = Evaluate(v) == v.allowed;
    const std::string id = v.name + "_" + std::to_string(v.index);
    if (v.name.rfind("ID_", 0) == 0) {
      ++rfc_total;
      rfc_pass += ok ? 1 : 0;
      EXPECT_TRUE(ok) << id;
    } else if (v.name.rfind("GoogleOnly_", 0) == 0) {
      ++google_total;
      google_pass += ok ? 1 : 0;
      if (!ok)
        google_failures.push_back(id);
    }
  }
  std::cout << "robots conformance: ID_ " << rfc_pass << "/" << rfc_total << ", GoogleOnly_ "
            << google_pass << "/" << google_total << std::endl;
  for (const std::string& id : google_failures)
    std::cout << "  GoogleOnly_ differs: " << id << "\n";
  EXPECT_GT(rfc_total, 0);
}

}  // namespace
}  // namespace pricecrawl::crawler
