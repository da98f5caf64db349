// The delay node, against the real stores, with timers the test fires by hand.
#include <gtest/gtest.h>

#include <optional>

#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

using std::chrono::milliseconds;

model::Msg message(std::string data = R"({"temperature":21})") {
  model::Msg msg;
  msg.id = Uuid::random();
  msg.type = "POST_TELEMETRY_REQUEST";
  msg.originator = {model::EntityType::kDevice, Uuid::random()};
  msg.data = std::move(data);
  return msg;
}

class TimedNodesTest : public ::testing::Test {
 protected:
  // Starts `msg` through `node`; the result, once there is one, lands in `result`.
  static void start(RuleNode& node, model::Msg msg, std::optional<NodeResult>& result) {
    node.on_msg(std::move(msg), [&result](NodeResult r) { result = std::move(r); });
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
};

TEST_F(TimedNodesTest, DelayHoldsTheMessageUntilItsPeriodThenSuccess) {
  auto node =
      harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 2}, {"maxPendingMsgs", 5}});
  ASSERT_TRUE(node) << node.status().to_string();
  std::optional<NodeResult> result;
  model::Msg msg = message();
  start(**node, msg, result);
  EXPECT_FALSE(result);  // held, nothing blocked
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(2000)}));
  EXPECT_EQ(harness_.timers.fire_all(), 1U);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->relations, (std::vector<std::string>{"Success"}));
  EXPECT_EQ(result->msg, msg);
}

TEST_F(TimedNodesTest, DelayPastMaxPendingGoesToFailure) {
  auto node =
      harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 1}, {"maxPendingMsgs", 1}});
  ASSERT_TRUE(node);
  std::optional<NodeResult> first;
  std::optional<NodeResult> second;
  start(**node, message(), first);
  start(**node, message(), second);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(second->msg.metadata_value("error"), "Max limit of pending messages reached!");
  harness_.timers.fire_all();
  ASSERT_TRUE(first);
  std::optional<NodeResult> third;  // the slot is free again
  start(**node, message(), third);
  EXPECT_FALSE(third);
}

TEST_F(TimedNodesTest, DelayReadsItsPeriodFromAPattern) {
  auto node = harness_.create("delay.TbMsgDelayNode", {{"periodValue", 0},
                                                       {"periodTimeUnit", "MINUTES"},
                                                       {"usePeriodValuePattern", true},
                                                       {"periodValuePattern", "${wait}"},
                                                       {"maxPendingMsgs", 10}});
  ASSERT_TRUE(node);
  model::Msg msg = message();
  msg.metadata.emplace_back("wait", "3");
  std::optional<NodeResult> held;
  start(**node, msg, held);
  EXPECT_EQ(harness_.timers.delays(), (std::vector<milliseconds>{milliseconds(180000)}));
  std::optional<NodeResult> bad;
  start(**node, message(), bad);  // no "wait" in the metadata
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(bad->msg.metadata_value("error"), "Can't parse period value using pattern: ${wait}");
}

TEST_F(TimedNodesTest, DelayAsksForARetryWhenTheEngineStopsFirst) {
  auto node = harness_.create("delay.TbMsgDelayNode", {{"periodInSeconds", 60}});
  ASSERT_TRUE(node);
  std::optional<NodeResult> result;
  start(**node, message(), result);
  harness_.timers.fire_all(Status(ErrorCode::kUnavailable, "stopping"));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->relations.empty());
  EXPECT_EQ(result->retry.code(), ErrorCode::kUnavailable);  // not committed: replayed
}

TEST_F(TimedNodesTest, DelayRefusesAnOutOfRangePendingLimit) {
  EXPECT_FALSE(harness_.create("delay.TbMsgDelayNode", {{"maxPendingMsgs", 0}}));
  EXPECT_FALSE(
      harness_.create("delay.TbMsgDelayNode", {{"periodValue", 1}, {"periodTimeUnit", "DAYS"}}));
}

}  // namespace
}  // namespace pacificsoft::rule
