#include "rule/script/script_sandbox.h"

#include <gtest/gtest.h>

#include <future>

namespace pacificsoft::rule {
namespace {

using namespace std::chrono_literals;

ScriptOptions options(std::chrono::milliseconds timeout = 500ms) {
  return ScriptOptions{PS_SCRIPT_WORKER, 1, timeout, std::size_t{8} << 20};
}

Result<std::string> run(ScriptSandbox& sandbox, std::string script,
                        std::string msg = R"({"temperature":42})") {
  std::promise<Result<std::string>> done;
  sandbox.invoke(
      {std::move(script), std::move(msg), R"({"deviceName":"A"})", "POST_TELEMETRY_REQUEST"},
      [&done](Result<std::string> result) { done.set_value(std::move(result)); });
  return done.get_future().get();
}

TEST(ScriptSandboxTest, RunsTheBodyWithTheReferencesArguments) {
  ScriptSandbox sandbox(options());
  EXPECT_EQ(*run(sandbox, "return msg.temperature > 30;"), "true");
  EXPECT_EQ(*run(sandbox, "return [metadata.deviceName, msgType];"),
            R"(["A","POST_TELEMETRY_REQUEST"])");
  EXPECT_EQ(*run(sandbox, "var x = 1;"), "null") << "no return value";
}

TEST(ScriptSandboxTest, ScriptErrorsAreReportedNotThrown) {
  ScriptSandbox sandbox(options());
  auto failed = run(sandbox, "return msg.nothing.deeper;");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(failed.status().message().find("TypeError"), std::string::npos)
      << failed.status().message();
  EXPECT_FALSE(run(sandbox, "return (;"));
  EXPECT_EQ(*run(sandbox, "return 1;"), "1") << "the worker still serves";
}

TEST(ScriptSandboxTest, ARunawayScriptTimesOutAndTheNextCallWorks) {
  ScriptSandbox sandbox(options(300ms));
  const auto started = std::chrono::steady_clock::now();
  auto looping = run(sandbox, "while (true) {}");
  ASSERT_FALSE(looping);
  EXPECT_NE(looping.status().message().find("timed out"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(*run(sandbox, "return msg.temperature;"), "42");
}

TEST(ScriptSandboxTest, MemoryIsCapped) {
  ScriptSandbox sandbox(options(5000ms));
  auto hungry =
      run(sandbox, "var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }");
  EXPECT_FALSE(hungry);
  EXPECT_EQ(*run(sandbox, "return 2;"), "2");
}

}  // namespace
}  // namespace pacificsoft::rule
