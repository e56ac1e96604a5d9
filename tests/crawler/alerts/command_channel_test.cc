// The command channel (crawler/alerts/command_channel.h): /bin/sh -c with the JSON on stdin,
// exit status 0 = delivered, and the error texts for a failing, killed or slow command.

#include "crawler/alerts/command_channel.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/child_process.h"
#include "tests/testing/temp_dir.h"

namespace pricecrawl::crawler {
namespace {

using std::chrono::milliseconds;

const EnvLookup kNoEnv = [](const std::string&) -> std::optional<std::string> {
  return std::nullopt;
};

TEST(CommandChannelTest, ExitZeroIsDeliveredWithTheBodyOnStdin) {
  const testing::TempDir dir;
  const std::string out = dir.File("body.json");
  const ChannelResult result =
      RunAlertCommand("cat > '" + out + "'", "{\"id\":1}", milliseconds(5000), kNoEnv);
  EXPECT_TRUE(result.delivered) << result.error;
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(testing::ReadFile(out), "{\"id\":1}\n");
}

TEST(CommandChannelTest, AppendedAlertsAreOneObjectPerLine) {
  const testing::TempDir dir;
  const std::string log = dir.File("alerts.log");
  for (const char* body : {"{\"id\":1}", "{\"id\":2}\n"}) {
    const ChannelResult result =
        RunAlertCommand("cat >> '" + log + "'", body, milliseconds(5000), kNoEnv);
    EXPECT_TRUE(result.delivered) << result.error;
  }
  EXPECT_EQ(testing::ReadFile(log), "{\"id\":1}\n{\"id\":2}\n");
}

TEST(CommandChannelTest, BodyLargerThanAPipeBufferIsWrittenInFull) {
  const testing::TempDir dir;
  const std::string out = dir.File("big.json");
  const std::string body(200'000, 'x');
  const ChannelResult result =
      RunAlertCommand("cat > '" + out + "'", body, milliseconds(10'000), kNoEnv);
  EXPECT_TRUE(result.delivered) << result.error;
  EXPECT_EQ(testing::ReadFile(out).size(), body.size() + 1);  // and the newline
}

TEST(CommandChannelTest, NonZeroExitShowsStatusAndOutputTail) {
  const std::string command = "cat > /dev/null; printf 'line one\\nline two\\n'; exit 4";
  const ChannelResult result = RunAlertCommand(command, "{}", milliseconds(5000), kNoEnv);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error, "command '" + command + "': exited with status 4: line one line two");
}

TEST(CommandChannelTest, KilledBySignalIsReported) {
  const std::string command = "kill -9 $$";
  const ChannelResult result = RunAlertCommand(command, "{}", milliseconds(5000), kNoEnv);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error, "command '" + command + "': killed by signal 9");
}

TEST(CommandChannelTest, SlowCommandIsKilledAfterTheTimeout) {
  const std::string command = "sleep 30";
  const auto started = std::chrono::steady_clock::now();
  const ChannelResult result = RunAlertCommand(command, "{}", milliseconds(200), kNoEnv);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error, "command '" + command + "': timed out after 200ms");
}

TEST(CommandChannelTest, SecretValuesAreScrubbedFromTheOutput) {
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    return name == "PC_SECRET" ? std::optional<std::string>("hunter2") : std::nullopt;
  };
  // The shell does not see PC_SECRET (only `env` knows it), so the command prints the value.
  const std::string command = "echo 'refused hunter2' >&2; exit 1; echo ${PC_SECRET}";
  const ChannelResult result = RunAlertCommand(command, "{}", milliseconds(5000), env);
  EXPECT_FALSE(result.delivered);
  EXPECT_EQ(result.error,
            "command 'echo 'refused ${PC_SECRET}' >&2; exit 1; echo ${PC_SECRET}': exited with "
            "status 1: refused ${PC_SECRET}");
}

}  // namespace
}  // namespace pricecrawl::crawler
