// Unit tests of the filter, storage, alarm and RPC-reply nodes, each built by its type name and
// run on its own against the real SQLite stores.
#include <gtest/gtest.h>

#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

using Relations = std::vector<std::string>;

class CoreNodesTest : public ::testing::Test {
 protected:
  // Runs `msg` through a node of `type` built from `configuration`.
  NodeResult run(std::string_view type, const bj::object& configuration, model::Msg msg) {
    auto node = harness_.create(type, configuration);
    EXPECT_TRUE(node) << node.status().to_string();
    return testing::NodeHarness::run(**node, std::move(msg));
  }
  Relations relations(std::string_view type, const bj::object& configuration,
                      const model::Msg& msg) {
    return run(type, configuration, msg).relations;
  }

  model::Msg message(std::string type, std::string data) const {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = std::move(type);
    msg.originator = device_;
    msg.tenant_id = tenant_;
    msg.ts = 1'700'000'000'000;
    msg.data = std::move(data);
    return msg;
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  Uuid tenant_ = Uuid::random();
  model::EntityId device_{model::EntityType::kDevice, Uuid::random()};
};

TEST_F(CoreNodesTest, MessageTypeFilter) {
  bj::object configuration{{"messageTypes", bj::array{"POST_TELEMETRY_REQUEST", "CUSTOM"}}};
  EXPECT_EQ(relations("filter.TbMsgTypeFilterNode", configuration, message("CUSTOM", "{}")),
            Relations{"True"});
  EXPECT_EQ(relations("filter.TbMsgTypeFilterNode", configuration,
                      message("POST_ATTRIBUTES_REQUEST", "{}")),
            Relations{"False"});
}

TEST_F(CoreNodesTest, OriginatorTypeFilter) {
  bj::object configuration{{"originatorTypes", bj::array{"ASSET", "DEVICE"}}};
  model::Msg msg = message("CUSTOM", "{}");
  EXPECT_EQ(relations("filter.TbOriginatorTypeFilterNode", configuration, msg), Relations{"True"});
  msg.originator.type = model::EntityType::kCustomer;
  EXPECT_EQ(relations("filter.TbOriginatorTypeFilterNode", configuration, msg), Relations{"False"});
}

TEST_F(CoreNodesTest, CheckMessageFieldsAllOrAny) {
  model::Msg msg = message("CUSTOM", R"({"temperature":1})");
  msg.metadata = {{"deviceName", "d1"}};
  bj::object all{{"messageNames", bj::array{"temperature"}},
                 {"metadataNames", bj::array{"deviceName", "deviceType"}},
                 {"checkAllKeys", true}};
  EXPECT_EQ(relations("filter.TbCheckMessageNode", all, msg), Relations{"False"});
  all["checkAllKeys"] = false;
  EXPECT_EQ(relations("filter.TbCheckMessageNode", all, msg), Relations{"True"});
}

TEST_F(CoreNodesTest, SaveTimeseriesAtTheMetadataTsAndRefusesOtherTypes) {
  model::Msg msg = message("POST_TELEMETRY_REQUEST", R"({"t":21.5})");
  msg.metadata = {{"ts", "1700000000123"}};
  EXPECT_EQ(relations("telemetry.TbMsgTimeseriesNode", {}, msg), Relations{"Success"});
  auto latest = harness_.stack.timeseries->latest(device_, {"t"});
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().ts, 1'700'000'000'123);
  EXPECT_EQ(latest->front().value, model::KvValue(21.5));
  auto refused = run("telemetry.TbMsgTimeseriesNode", {}, message("CUSTOM", R"({"t":1})"));
  EXPECT_EQ(refused.relations, Relations{"Failure"});
  EXPECT_EQ(refused.msg.metadata_value("error"), "Unsupported msg type: CUSTOM");
  EXPECT_EQ(
      relations("telemetry.TbMsgTimeseriesNode", {}, message("POST_TELEMETRY_REQUEST", "not json")),
      Relations{"Failure"});
}

TEST_F(CoreNodesTest, SaveAttributesInTheConfiguredScope) {
  EXPECT_EQ(relations("telemetry.TbMsgAttributesNode", {{"scope", "SHARED_SCOPE"}},
                      message("POST_ATTRIBUTES_REQUEST", R"({"mode":"eco"})")),
            Relations{"Success"});
  auto shared = harness_.stack.attributes->find(device_, model::AttributeScope::kShared, {"mode"});
  ASSERT_TRUE(shared);
  ASSERT_EQ(shared->size(), 1u);
  EXPECT_EQ(shared->front().value, model::KvValue(std::string("eco")));
}

TEST_F(CoreNodesTest, CreateAlarmThenUpdateThenClear) {
  bj::object create{
      {"alarmType", "Heat"}, {"severity", "MAJOR"}, {"alarmDetailsBuildJs", "return {t: msg.t};"}};
  auto created = run("action.TbCreateAlarmNode", create, message("CUSTOM", R"({"t":40})"));
  EXPECT_EQ(created.relations, Relations{"Created"});
  EXPECT_EQ(created.msg.type, "ALARM");
  auto alarm = json::parse_object(created.msg.data);
  ASSERT_TRUE(alarm);
  EXPECT_EQ(json::serialize(alarm->at("details")), R"({"t":40})");
  EXPECT_EQ(relations("action.TbCreateAlarmNode", create, message("CUSTOM", R"({"t":41})")),
            Relations{"Updated"});
  bj::object clear{{"alarmType", "Heat"}};
  EXPECT_EQ(relations("action.TbClearAlarmNode", clear, message("CUSTOM", "{}")),
            Relations{"Cleared"});
  EXPECT_EQ(relations("action.TbClearAlarmNode", clear, message("CUSTOM", "{}")),
            Relations{"False"})
      << "nothing left to clear";
}

TEST_F(CoreNodesTest, RpcReplyAnswersTheWaitingCall) {
  model::Msg msg = message("TO_SERVER_RPC_REQUEST", R"({"result":42})");
  EXPECT_EQ(relations("rpc.TbSendRPCReplyNode", {}, msg), Relations{"Failure"})
      << "no requestId in the metadata";
  msg.metadata = {{"requestId", "r1"}};
  EXPECT_EQ(relations("rpc.TbSendRPCReplyNode", {}, msg), Relations{"Failure"})
      << "nobody waits for r1";
  harness_.replies.waiting.insert("r1");
  EXPECT_EQ(relations("rpc.TbSendRPCReplyNode", {}, msg), Relations{"Success"});
  EXPECT_EQ(harness_.replies.replies,
            (std::vector<std::pair<std::string, std::string>>{{"r1", R"({"result":42})"}}));
}

}  // namespace
}  // namespace pacificsoft::rule
