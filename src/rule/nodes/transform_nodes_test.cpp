// Transformation nodes against real SQLite stores: every originator source, and the key nodes in
// their current and older configuration forms.
#include "rule/testing/node_test.h"

namespace pacificsoft::rule {
namespace {

using model::EntityType;
using storage::RecordKind;

class TransformNodesTest : public testing::NodeTest {
 protected:
  NodeResult change_originator(bj::object config, model::Msg msg) {
    return run("transform.TbChangeOriginatorNode", config, std::move(msg));
  }
  static model::Msg with_metadata(model::Msg msg) {
    msg.metadata = {{"deviceName", "Sensor"}, {"ts", "1"}, {"temp_unit", "C"}};
    return msg;
  }
};

TEST_F(TransformNodesTest, ChangeOriginatorToCustomerAndTenant) {
  auto customer = stack.create(admin, RecordKind::kCustomer, {{"title", "Acme"}});
  ASSERT_TRUE(
      stack.entities->assign_to_customer(admin, RecordKind::kDevice, device.id, customer.id));
  auto result =
      change_originator({{"originatorSource", "CUSTOMER"}}, message(device, R"({"a":1})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.originator, customer);
  EXPECT_EQ(result.msg.data, R"({"a":1})");

  auto tenant = change_originator({{"originatorSource", "TENANT"}}, message(device));
  EXPECT_EQ(tenant.msg.originator, (model::EntityId{EntityType::kTenant, admin.tenant_id}));
}

TEST_F(TransformNodesTest, ChangeOriginatorToRelatedEntity) {
  auto building = stack.create(admin, RecordKind::kAsset, {{"name", "Building"}});
  relate(building, device, "Contains");
  bj::object query{{"direction", "TO"}, {"maxLevel", 1}, {"filters", bj::array{}}};
  auto result = change_originator({{"originatorSource", "RELATED"}, {"relationsQuery", query}},
                                  message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.originator, building);

  query["filters"] = bj::array{{{"relationType", "Manages"}, {"entityTypes", bj::array{}}}};
  auto none = change_originator({{"originatorSource", "RELATED"}, {"relationsQuery", query}},
                                message(device));
  EXPECT_EQ(none.relations, relations(kFailure));
}

TEST_F(TransformNodesTest, ChangeOriginatorToEntityByNamePattern) {
  auto pump = stack.create(admin, RecordKind::kDevice, {{"name", "pump-7"}});
  bj::object config{{"originatorSource", "ENTITY"},
                    {"entityType", "DEVICE"},
                    {"entityNamePattern", "${prefix}-$[unit.id]"}};
  auto msg = message(device, R"({"unit":{"id":7}})");
  msg.metadata.emplace_back("prefix", "pump");
  auto result = change_originator(config, msg);
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.originator, pump);

  auto missing = change_originator(config, message(device, R"({"unit":{"id":8}})"));
  EXPECT_EQ(missing.relations, relations(kFailure));
  // Another tenant's device of that name is not found.
  auto other = stack.new_tenant("Other");
  stack.create(other, RecordKind::kDevice, {{"name", "pump-9"}});
  msg.data = R"({"unit":{"id":9}})";
  EXPECT_EQ(change_originator(config, msg).relations, relations(kFailure));
}

TEST_F(TransformNodesTest, ChangeOriginatorToAlarmOriginator) {
  entities::AlarmRaise raise{admin.tenant_id, device, "High Temperature", "MAJOR", {}, 1};
  auto alarm = stack.alarms->raise(raise);
  ASSERT_TRUE(alarm);
  auto alarm_id = model::parse_entity_id(alarm->alarm.at("id"));
  ASSERT_TRUE(alarm_id);
  auto result = change_originator({{"originatorSource", "ALARM_ORIGINATOR"}}, message(*alarm_id));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.originator, device);
  // A message that does not come from an alarm fails.
  auto failed = change_originator({{"originatorSource", "ALARM_ORIGINATOR"}}, message(device));
  EXPECT_EQ(failed.relations, relations(kFailure));
}

TEST_F(TransformNodesTest, ChangeOriginatorRefusesBadConfiguration) {
  EXPECT_FALSE(harness.create("transform.TbChangeOriginatorNode", {{"originatorSource", "X"}}));
  EXPECT_FALSE(harness.create("transform.TbChangeOriginatorNode",
                              {{"originatorSource", "ENTITY"}, {"entityType", "DEVICE"}}));
  EXPECT_FALSE(
      harness.create("transform.TbChangeOriginatorNode", {{"originatorSource", "RELATED"}}));
}

TEST_F(TransformNodesTest, RenameKeysInDataAndMetadata) {
  bj::object config{{"renameIn", "DATA"}, {"renameKeysMapping", {{"temp", "temperature"}}}};
  auto result = run("transform.TbRenameKeysNode", config, message(device, R"({"temp":21,"h":5})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result), (bj::object{{"h", 5}, {"temperature", 21}}));

  bj::object older{{"fromMetadata", true}, {"renameKeysMapping", {{"deviceName", "name"}}}};
  auto renamed = run("transform.TbRenameKeysNode", older, with_metadata(message(device)));
  EXPECT_EQ(metadata(renamed, "name"), "Sensor");
  EXPECT_EQ(metadata(renamed, "deviceName"), "");
}

TEST_F(TransformNodesTest, DeleteKeysByRegex) {
  bj::object config{{"deleteFrom", "DATA"}, {"keys", bj::array{"temp.*", "h"}}};
  auto result = run("transform.TbDeleteKeysNode", config,
                    message(device, R"({"temp":1,"temp2":2,"humidity":3,"h":4})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result), (bj::object{{"humidity", 3}}));

  bj::object older{{"fromMetadata", true}, {"keys", bj::array{"temp_.*", "ts"}}};
  auto deleted = run("transform.TbDeleteKeysNode", older, with_metadata(message(device)));
  ASSERT_EQ(deleted.msg.metadata.size(), 1u);
  EXPECT_EQ(deleted.msg.metadata[0].first, "deviceName");

  EXPECT_FALSE(harness.create("transform.TbDeleteKeysNode", {{"keys", bj::array{"("}}}));
}

TEST_F(TransformNodesTest, CopyKeysBetweenDataAndMetadata) {
  bj::object to_data{{"copyFrom", "METADATA"}, {"keys", bj::array{"device.*"}}};
  auto copied = run("transform.TbCopyKeysNode", to_data, with_metadata(message(device, "{}")));
  ASSERT_EQ(copied.relations, relations(kSuccess));
  EXPECT_EQ(data(copied), (bj::object{{"deviceName", "Sensor"}}));

  bj::object older{{"fromMetadata", false}, {"keys", bj::array{"temp", "cfg"}}};
  auto to_metadata = run("transform.TbCopyKeysNode", older,
                         message(device, R"({"temp":21.5,"cfg":{"a":1},"x":1})"));
  EXPECT_EQ(metadata(to_metadata, "temp"), "21.5");
  EXPECT_EQ(metadata(to_metadata, "cfg"), R"({"a":1})");
  EXPECT_EQ(metadata(to_metadata, "x"), "");
  EXPECT_EQ(data(to_metadata).size(), 3u);  // copied, not moved
}

// Regression: std::regex overflowed the stack compiling deeply nested groups (a crash at every
// start, chains being built then) and matching long keys, and backtracked for ever on "(a*)*b".
TEST_F(TransformNodesTest, KeyPatternsAreBoundedAndLongKeysAreNoMatch) {
  auto build = [&](std::string pattern) {
    auto node = harness.create("transform.TbDeleteKeysNode", {{"keys", bj::array{pattern}}});
    return node ? Status::ok() : node.status();
  };
  const std::string deep = std::string(50000, '(') + std::string(50000, ')');
  EXPECT_EQ(build(deep).code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(build(deep).message().find("longer than 1024 bytes"), std::string::npos);
  EXPECT_TRUE(build(std::string(16, '(') + "a" + std::string(16, ')')));
  EXPECT_NE(build(std::string(17, '(') + "a" + std::string(17, ')')).message().find("deeper"),
            std::string::npos);
  EXPECT_TRUE(build("[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"));
  EXPECT_FALSE(build("(?:(?:a?){100}){100}"));  // 10 000 copies
  EXPECT_FALSE(build("(?:a{40}|b){30}"));
  EXPECT_FALSE(build("(a)\\1"));  // back-references need backtracking

  bj::object config{{"deleteFrom", "DATA"}, {"keys", bj::array{"(a*)*b", ".*_x"}}};
  const std::string a30(30, 'a');
  const std::string huge(60000, 'k');
  auto result = run("transform.TbDeleteKeysNode", config,
                    message(device, json::serialize(bj::object{
                                        {a30, 1}, {a30 + "b", 2}, {huge + "_x", 3}, {"k_x", 4}})));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result), (bj::object{{a30, 1}, {huge + "_x", 3}}));
}

TEST_F(TransformNodesTest, KeyNodesPassDataThatIsNoObject) {
  bj::object config{{"deleteFrom", "DATA"}, {"keys", bj::array{".*"}}};
  auto result = run("transform.TbDeleteKeysNode", config, message(device, "[1,2]"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(result.msg.data, "[1,2]");
}

}  // namespace
}  // namespace pacificsoft::rule
