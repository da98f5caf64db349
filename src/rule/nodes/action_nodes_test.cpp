// The log node: its formatting script, or the plain form, written to the log.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

class LogNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  NodeResult log(const bj::object& configuration) {
    auto node = harness_.create("action.TbLogNode", configuration);
    EXPECT_TRUE(node) << node.status().to_string();
    model::Msg msg;
    msg.type = "POST_TELEMETRY_REQUEST";
    msg.data = R"({"t":21})";
    msg.metadata = {{"deviceName", "d1"}};
    return testing::NodeHarness::run(**node, msg);
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  std::ostringstream lines_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LogNodeTest, LogsWhatItsScriptReturns) {
  auto result = log({{"jsScript", "return 'device ' + metadata.deviceName + ' sent ' + msg.t;"}});
  EXPECT_EQ(result.relations, std::vector<std::string>{"Success"});
  EXPECT_NE(lines_.str().find("device d1 sent 21"), std::string::npos) << lines_.str();
}

TEST_F(LogNodeTest, WithoutAScriptLogsTheMessageAsItIs) {
  auto result = log({});
  EXPECT_EQ(result.relations, std::vector<std::string>{"Success"});
  EXPECT_NE(lines_.str().find(R"({"t":21})"), std::string::npos) << lines_.str();
}

TEST_F(LogNodeTest, AFailingScriptSendsTheMessageToFailure) {
  auto result = log({{"jsScript", "return nope.x;"}});
  EXPECT_EQ(result.relations, std::vector<std::string>{"Failure"});
  EXPECT_FALSE(result.msg.metadata_value("error").empty());
}

}  // namespace
}  // namespace pacificsoft::rule
