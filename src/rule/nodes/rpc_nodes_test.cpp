// The RPC request node against a recording RPC router.
#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

using std::chrono::milliseconds;

class RpcNodesTest : public ::testing::Test {
 protected:
  RpcNodesTest() {
    auto created = harness_.create("rpc.TbSendRPCRequestNode", {{"timeoutInSeconds", 60}});
    EXPECT_TRUE(created) << created.status().to_string();
    node_ = std::move(*created);
  }

  model::Msg call_msg(std::string data = R"({"method":"setGpio","params":{"pin":7}})") {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = "RPC_CALL_FROM_SERVER_TO_DEVICE";
    msg.originator = {model::EntityType::kDevice, device_};
    msg.metadata = {{"requestUUID", Uuid::random().to_string()}};
    msg.data = std::move(data);
    return msg;
  }

  // Sends `msg` through the node; the call it made, if any, is ended with `ended`.
  NodeResult send(model::Msg msg, std::optional<model::RpcResult> ended) {
    std::optional<NodeResult> result;
    node_->on_msg(std::move(msg), [&result](NodeResult r) { result = std::move(r); });
    auto calls = harness_.device_rpc.take();
    if (ended) {
      EXPECT_FALSE(result);  // waits for the device, holding no thread
      EXPECT_EQ(calls.size(), 1U);
      if (!calls.empty()) {
        sent_ = calls.front().call;
        calls.front().done(*ended);
      }
    }
    EXPECT_TRUE(result);
    return result ? std::move(*result) : NodeResult{};
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  std::unique_ptr<RuleNode> node_;
  Uuid device_ = Uuid::random();
  model::RpcCall sent_;
};

TEST_F(RpcNodesTest, ATwoWayCallLeavesBySuccessWithTheDevicesAnswer) {
  model::Msg msg = call_msg();
  msg.metadata.emplace_back("expirationTime", std::to_string(harness_.stack.clock.now_ms() + 5000));
  auto result =
      send(msg, model::RpcResult{model::RpcOutcome::kReplied, R"({"pin":7,"on":true})", true});
  EXPECT_EQ(sent_.device_id, device_);
  EXPECT_EQ(sent_.method, "setGpio");
  EXPECT_EQ(sent_.params_json, R"({"pin":7})");
  EXPECT_FALSE(sent_.oneway);
  EXPECT_EQ(sent_.timeout, milliseconds(5000));  // the call's own expiry
  EXPECT_EQ(sent_.request_id.to_string(), msg.metadata_value("requestUUID"));
  EXPECT_EQ(result.relations, (std::vector<std::string>{"Success"}));
  EXPECT_EQ(result.msg.data, R"({"pin":7,"on":true})");
  EXPECT_EQ(result.msg.type, "RPC_CALL_FROM_SERVER_TO_DEVICE");
  EXPECT_EQ(result.msg.metadata_value("requestUUID"), msg.metadata_value("requestUUID"));
}

TEST_F(RpcNodesTest, AOneWayCallLeavesBySuccessOnceDelivered) {
  model::Msg msg = call_msg();
  msg.metadata.emplace_back("oneway", "true");
  auto result = send(msg, model::RpcResult{model::RpcOutcome::kDelivered, "", true});
  EXPECT_TRUE(sent_.oneway);
  EXPECT_EQ(sent_.timeout, milliseconds(60000));  // the node's timeoutInSeconds
  EXPECT_EQ(result.relations, (std::vector<std::string>{"Success"}));
  EXPECT_EQ(result.msg.data, "{}");
}

TEST_F(RpcNodesTest, ATimeOutLeavesByFailureWithTheReferencesErrorName) {
  auto timed_out = send(call_msg(), model::RpcResult{model::RpcOutcome::kTimedOut, "", true});
  EXPECT_EQ(timed_out.relations, (std::vector<std::string>{"Failure"}));
  EXPECT_EQ(timed_out.msg.data, R"({"error":"TIMEOUT"})");
  EXPECT_EQ(timed_out.msg.metadata_value("error"), "TIMEOUT");
  auto offline = send(call_msg(), model::RpcResult{model::RpcOutcome::kTimedOut, "", false});
  EXPECT_EQ(offline.msg.metadata_value("error"), "NO_ACTIVE_CONNECTION");
}

TEST_F(RpcNodesTest, AnExpiryFromTheMetadataCountsFromNowAndAtMostAYear) {
  const std::int64_t now = harness_.stack.clock.now_ms();
  const std::pair<std::string, milliseconds> cases[] = {
      {std::to_string(now - 5000), milliseconds(0)},          // past: at once
      {"-9223372036854775808", milliseconds(0)},              // no overflow
      {"9223372036854775807", std::chrono::hours(24 * 365)},  // at most a year
      {std::to_string(now + 7000), milliseconds(7000)}};
  for (const auto& [expiration, expected] : cases) {
    model::Msg msg = call_msg();
    msg.metadata.emplace_back("expirationTime", expiration);
    send(msg, model::RpcResult{model::RpcOutcome::kTimedOut, "", true});
    EXPECT_EQ(sent_.timeout, expected) << expiration;
  }
}

TEST_F(RpcNodesTest, ATimeOutOutsideASecondToAYearIsABadConfiguration) {
  for (std::int64_t seconds : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{31536001},
                               std::int64_t{9223372036854775807}}) {
    auto created = harness_.create("rpc.TbSendRPCRequestNode", {{"timeoutInSeconds", seconds}});
    ASSERT_FALSE(created) << seconds;
    EXPECT_EQ(created.status().message(), "timeoutInSeconds must be 1 to 31536000 (a year)");
  }
  EXPECT_TRUE(harness_.create("rpc.TbSendRPCRequestNode", {{"timeoutInSeconds", 31536000}}));
}

TEST_F(RpcNodesTest, AServerStoppingFirstRetriesTheMessage) {
  auto result = send(call_msg(), model::RpcResult{model::RpcOutcome::kShutdown, "", false});
  EXPECT_TRUE(result.relations.empty());
  EXPECT_EQ(result.retry_reason.code(), ErrorCode::kUnavailable);
}

TEST_F(RpcNodesTest, MessagesThatAreNoCallGoToFailureWithoutACall) {
  model::Msg from_asset = call_msg();
  from_asset.originator.type = model::EntityType::kAsset;
  EXPECT_EQ(send(from_asset, std::nullopt).msg.metadata_value("error"),
            "Message originator is not a device entity!");
  EXPECT_EQ(send(call_msg(R"({"params":{}})"), std::nullopt).msg.metadata_value("error"),
            "Method is not present in the message!");
  EXPECT_EQ(send(call_msg(R"({"method":"reboot"})"), std::nullopt).msg.metadata_value("error"),
            "Params are not present in the message!");
}

}  // namespace
}  // namespace pacificsoft::rule
