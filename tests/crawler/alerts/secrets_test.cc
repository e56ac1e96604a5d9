// ${NAME} expansion and redaction of secrets in alert channel settings (crawler/alerts/secrets.h).

#include "crawler/alerts/secrets.h"

#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace pricecrawl::crawler {
namespace {

TEST(ExpandEnvTest, ReplacesReferencesAndKeepsOtherText) {
  const std::map<std::string, std::string> vars{{"A", "1"}, {"LONG_NAME", "xy"}};
  const EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  EXPECT_EQ(ExpandEnv("a${A}b${LONG_NAME}c", env).text, "a1bxyc");
  EXPECT_EQ(ExpandEnv("$A ${} ${A-x} ${unterminated", env).text, "$A ${} ${A-x} ${unterminated");
  const ExpandedText missing = ExpandEnv("x${NOPE}", env);
  EXPECT_EQ(missing.error, "environment variable ${NOPE} is not set");
  EXPECT_EQ(missing.text, "");
  EXPECT_EQ(Redact("a 1 b xy", ExpandEnv("${LONG_NAME}", env).secrets), "a 1 b ${LONG_NAME}");
}

}  // namespace
}  // namespace pricecrawl::crawler
