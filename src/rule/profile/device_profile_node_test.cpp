// The device profile node against real SQLite stores: a device whose profile has alarm rules.
#include <gtest/gtest.h>

#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

// CRITICAL above 50, MAJOR above `major` (or the device's "limit" attribute), clear below 20.
constexpr std::string_view kHeatAlarm = R"({"alarms":[{"id":"heat","alarmType":"Heat",
  "createRules":{
    "CRITICAL":{"condition":{"condition":[{"key":{"type":"TIME_SERIES","key":"t"},"valueType":"NUMERIC",
      "predicate":{"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":50}}}],"spec":{"type":"SIMPLE"}}},
    "MAJOR":{"condition":{"condition":[{"key":{"type":"TIME_SERIES","key":"t"},"valueType":"NUMERIC",
      "predicate":{"type":"NUMERIC","operation":"GREATER","value":{"defaultValue":30,
        "dynamicValue":{"sourceType":"CURRENT_DEVICE","sourceAttribute":"limit"}}}}],"spec":{"type":"SIMPLE"}},
      "alarmDetails":"t is ${t}"}},
  "clearRule":{"condition":{"condition":[{"key":{"type":"TIME_SERIES","key":"t"},"valueType":"NUMERIC",
      "predicate":{"type":"NUMERIC","operation":"LESS","value":{"defaultValue":20}}}],"spec":{"type":"SIMPLE"}}}},
 {"id":"fault","alarmType":"Fault","createRules":{"WARNING":{"condition":{"condition":[
   {"key":{"type":"ATTRIBUTE","key":"state"},"valueType":"STRING",
    "predicate":{"type":"STRING","operation":"EQUAL","value":{"defaultValue":"FAULT"}}}],"spec":{"type":"SIMPLE"}}}}}]})";

class DeviceProfileNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    profile_id_ = insert(RecordKind::kDeviceProfile,
                         R"({"name":"thermo","profileData":)" + std::string(kHeatAlarm) + "}");
    device_.id = insert(RecordKind::kDevice, R"({"name":"d1","deviceProfileId":{"entityType":)"
                                             R"("DEVICE_PROFILE","id":")" +
                                                 profile_id_.to_string() + R"("}})");
    auto node = harness_.create("profile.TbDeviceProfileNode", {});
    ASSERT_TRUE(node);
    node_ = std::move(*node);
  }

  Uuid insert(RecordKind kind, std::string body) {
    EntityRecord record;
    record.kind = kind;
    record.id = Uuid::random();
    record.tenant_id = tenant_;
    record.name = record.id.to_string();
    record.body = std::move(body);
    EXPECT_TRUE(harness_.stack.entity_store->insert(record));
    return record.id;
  }

  // Runs a message of `type` with `data` from the device; the alarm relations it left by.
  std::vector<std::string> send(std::string data,
                                std::string_view type = model::msg_type::kPostTelemetry) {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = std::string(type);
    msg.originator = device_;
    msg.tenant_id = tenant_;
    msg.ts = ++ts_;
    msg.data = std::move(data);
    NodeResult result = testing::NodeHarness::run(*node_, msg);
    EXPECT_FALSE(result.wants_retry()) << result.retry_reason.to_string();
    EXPECT_EQ(result.relations, std::vector<std::string>{"Success"});
    EXPECT_EQ(result.msg.data, msg.data) << "the message itself passes unchanged";
    std::vector<std::string> relations;
    for (auto& [relation, alarm] : result.also) {
      EXPECT_EQ(alarm.type, "ALARM");
      last_alarm_ = *json::parse_object(alarm.data);
      relations.push_back(relation);
    }
    return relations;
  }

  using Relations = std::vector<std::string>;
  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  std::unique_ptr<RuleNode> node_;
  Uuid tenant_ = Uuid::random();
  Uuid profile_id_;
  model::EntityId device_{model::EntityType::kDevice, {}};
  std::int64_t ts_ = 1'700'000'000'000;
  bj::object last_alarm_;
};

TEST_F(DeviceProfileNodeTest, RaisesEscalatesUpdatesAndClearsByTheProfileRules) {
  EXPECT_EQ(send(R"({"t":25})"), Relations{}) << "nothing met";
  EXPECT_EQ(send(R"({"t":35})"), Relations{"Alarm Created"});
  EXPECT_EQ(json::get_string(last_alarm_, "severity"), "MAJOR");
  EXPECT_EQ(json::serialize(last_alarm_.at("details")), R"({"data":"t is 35"})");
  EXPECT_EQ(send(R"({"t":60})"), Relations{"Alarm Severity Updated"});
  EXPECT_EQ(json::get_string(last_alarm_, "severity"), "CRITICAL");
  EXPECT_EQ(send(R"({"t":61})"), Relations{"Alarm Updated"});
  EXPECT_EQ(send(R"({"humidity":80})"), Relations{})
      << "a message without its keys is not an event";
  EXPECT_EQ(send(R"({"t":25})"), Relations{}) << "between the rules the alarm stays";
  EXPECT_EQ(send(R"({"t":10})"), Relations{"Alarm Cleared"});
  EXPECT_EQ(last_alarm_.at("cleared"), true);
  EXPECT_EQ(send(R"({"t":9})"), Relations{}) << "cleared once";
}

TEST_F(DeviceProfileNodeTest, ReadsAttributesAndDynamicThresholdsFromStorage) {
  ASSERT_TRUE(harness_.stack.telemetry->save_attributes_sync(
      device_, model::AttributeScope::kServer, {{"limit", model::KvValue(40.0)}}));
  EXPECT_EQ(send(R"({"t":35})"), Relations{}) << "the device's limit, not the default 30";
  EXPECT_EQ(send(R"({"t":45})"), Relations{"Alarm Created"});
  EXPECT_EQ(send(R"({"state":"FAULT"})", model::msg_type::kPostAttributes),
            Relations{"Alarm Created"});
  EXPECT_EQ(json::get_string(last_alarm_, "type"), "Fault");
}

TEST_F(DeviceProfileNodeTest, ANewNodeClearsAnAlarmRaisedBeforeIt) {
  EXPECT_EQ(send(R"({"t":55})"), Relations{"Alarm Created"});
  auto restarted = harness_.create("profile.TbDeviceProfileNode", {});
  ASSERT_TRUE(restarted);
  node_ = std::move(*restarted);
  EXPECT_EQ(send(R"({"t":5})"), Relations{"Alarm Cleared"});
}

// At a partition's revoke the node drops the state of its devices: the next owner starts
// afresh (here the count of a repeating condition).
TEST_F(DeviceProfileNodeTest, ForgottenDevicesStartAfresh) {
  const Uuid repeating = insert(RecordKind::kDeviceProfile, R"({"name":"rep","profileData":{
    "alarms":[{"id":"hot","alarmType":"Hot","createRules":{"MAJOR":{"condition":{"condition":[
      {"key":{"type":"TIME_SERIES","key":"t"},"valueType":"NUMERIC","predicate":{"type":"NUMERIC",
       "operation":"GREATER","value":{"defaultValue":50}}}],
      "spec":{"type":"REPEATING","predicate":{"defaultValue":2}}}}}}]}})");
  auto device_with = [this](const Uuid& profile) {
    return insert(RecordKind::kDevice, R"({"name":"r","deviceProfileId":{"entityType":)"
                                       R"("DEVICE_PROFILE","id":")" +
                                           profile.to_string() + R"("}})");
  };
  device_.id = device_with(repeating);
  EXPECT_EQ(send(R"({"t":55})"), Relations{}) << "one of two in a row";
  node_->forget([](const Uuid&) { return false; });  // other partitions' devices only
  EXPECT_EQ(send(R"({"t":55})"), Relations{"Alarm Created"}) << "the count was kept";

  device_.id = device_with(repeating);
  EXPECT_EQ(send(R"({"t":55})"), Relations{});
  node_->forget([this](const Uuid& device) { return device == device_.id; });
  EXPECT_EQ(send(R"({"t":55})"), Relations{}) << "the count starts again";
  EXPECT_EQ(send(R"({"t":55})"), Relations{"Alarm Created"});
}

TEST_F(DeviceProfileNodeTest, OtherOriginatorsAndDevicesWithoutRulesPass) {
  device_.id = insert(RecordKind::kDevice, "{}");
  EXPECT_EQ(send(R"({"t":99})"), Relations{});
  device_ = {model::EntityType::kAsset, Uuid::random()};
  EXPECT_EQ(send(R"({"t":99})"), Relations{});
}

}  // namespace
}  // namespace pacificsoft::rule
