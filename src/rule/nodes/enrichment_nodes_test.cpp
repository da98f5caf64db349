// Enrichment nodes against real SQLite stores: current and older configuration forms, data and
// metadata targets, absent keys, and entities of another tenant staying invisible.
#include "rule/testing/node_test.h"

namespace pacificsoft::rule {
namespace {

using model::AttributeScope;
using storage::RecordKind;

class EnrichmentNodesTest : public testing::NodeTest {
 protected:
  void SetUp() override {
    save_attributes(device, AttributeScope::kClient, R"({"fw":"v1.2"})");
    save_attributes(device, AttributeScope::kShared, R"({"interval":30})");
    save_attributes(device, AttributeScope::kServer, R"({"limit":21.5})");
    save_latest(device, R"({"temperature":22,"status":"ok"})", 1'700'000'000'123);
  }
};

bj::object attributes_config() {
  return {{"clientAttributeNames", bj::array{"fw"}},
          {"sharedAttributeNames", bj::array{"interval"}},
          {"serverAttributeNames", bj::array{"limit"}},
          {"latestTsKeyNames", bj::array{"temperature"}},
          {"tellFailureIfAbsent", true}};
}

TEST_F(EnrichmentNodesTest, OriginatorAttributesToMetadataWithPrefixes) {
  auto result = run("metadata.TbGetAttributesNode", attributes_config(), message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(metadata(result, "cs_fw"), "v1.2");
  EXPECT_EQ(metadata(result, "shared_interval"), "30");
  EXPECT_EQ(metadata(result, "ss_limit"), "21.5");
  EXPECT_EQ(metadata(result, "temperature"), "22");
}

TEST_F(EnrichmentNodesTest, OriginatorAttributesToDataTypedAndWithTs) {
  auto config = attributes_config();
  config["fetchTo"] = "DATA";
  config["getLatestValueWithTs"] = true;
  auto result = run("metadata.TbGetAttributesNode", config, message(device, R"({"a":1})"));
  ASSERT_EQ(result.relations, relations(kSuccess));
  auto fields = data(result);
  EXPECT_EQ(fields.at("a").as_int64(), 1);
  EXPECT_EQ(fields.at("cs_fw").as_string(), "v1.2");
  EXPECT_EQ(fields.at("shared_interval").as_int64(), 30);
  EXPECT_EQ(fields.at("ss_limit").as_double(), 21.5);
  EXPECT_EQ(fields.at("temperature").at("ts").as_int64(), 1'700'000'000'123);
  EXPECT_EQ(fields.at("temperature").at("value").as_int64(), 22);
}

TEST_F(EnrichmentNodesTest, OlderFetchToDataFlagAndKeyPatterns) {
  bj::object config{{"latestTsKeyNames", bj::array{"${key}"}}, {"fetchToData", true}};
  auto msg = message(device);
  msg.metadata.emplace_back("key", "status");
  auto result = run("metadata.TbGetAttributesNode", config, msg);
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result).at("status").as_string(), "ok");
}

TEST_F(EnrichmentNodesTest, AbsentKeysFailOnlyWhenAsked) {
  auto config = attributes_config();
  config["serverAttributeNames"] = bj::array{"limit", "missing"};
  auto failed = run("metadata.TbGetAttributesNode", config, message(device));
  ASSERT_EQ(failed.relations, relations(kFailure));
  EXPECT_NE(metadata(failed, "error").find("[SERVER_SCOPE]:[missing]"), std::string::npos);
  config["tellFailureIfAbsent"] = false;
  auto passed = run("metadata.TbGetAttributesNode", config, message(device));
  ASSERT_EQ(passed.relations, relations(kSuccess));
  EXPECT_EQ(metadata(passed, "ss_limit"), "21.5");
}

TEST_F(EnrichmentNodesTest, DataTargetNeedsAnObjectBody) {
  auto config = attributes_config();
  config["fetchTo"] = "DATA";
  auto result = run("metadata.TbGetAttributesNode", config, message(device, "[1,2]"));
  EXPECT_EQ(result.relations, relations(kFailure));
}

TEST_F(EnrichmentNodesTest, CustomerAttributesAndTelemetry) {
  auto customer = stack.create(admin, RecordKind::kCustomer, {{"title", "Acme"}});
  ASSERT_TRUE(
      stack.entities->assign_to_customer(admin, RecordKind::kDevice, device.id, customer.id));
  save_attributes(customer, AttributeScope::kServer, R"({"threshold":40})");
  save_latest(customer, R"({"load":7})", 1'700'000'000'000);
  bj::object current{{"dataToFetch", "ATTRIBUTES"},
                     {"dataMapping", {{"threshold", "customerThreshold"}}},
                     {"fetchTo", "DATA"}};
  auto result = run("metadata.TbGetCustomerAttributeNode", current, message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result).at("customerThreshold").as_int64(), 40);

  bj::object older{{"attrMapping", {{"load", "customerLoad"}}}, {"telemetry", true}};
  auto legacy = run("metadata.TbGetCustomerAttributeNode", older, message(device));
  ASSERT_EQ(legacy.relations, relations(kSuccess));
  EXPECT_EQ(metadata(legacy, "customerLoad"), "7");
}

TEST_F(EnrichmentNodesTest, CustomerAttributesFailForAnUnassignedDevice) {
  bj::object config{{"dataMapping", {{"threshold", "t"}}}};
  auto result = run("metadata.TbGetCustomerAttributeNode", config, message(device));
  ASSERT_EQ(result.relations, relations(kFailure));
  EXPECT_NE(metadata(result, "error").find("not assigned"), std::string::npos);
}

TEST_F(EnrichmentNodesTest, TenantAttributes) {
  model::EntityId tenant{model::EntityType::kTenant, admin.tenant_id};
  save_attributes(tenant, AttributeScope::kServer, R"({"plan":"gold"})");
  bj::object config{{"dataToFetch", "ATTRIBUTES"},
                    {"dataMapping", {{"plan", "tenantPlan"}, {"absent", "x"}}},
                    {"fetchTo", "METADATA"}};
  auto result = run("metadata.TbGetTenantAttributeNode", config, message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(metadata(result, "tenantPlan"), "gold");
  EXPECT_EQ(metadata(result, "x"), "");
}

TEST_F(EnrichmentNodesTest, RelatedEntityDataByRelationQuery) {
  auto building = stack.create(admin, RecordKind::kAsset, {{"name", "Building"}});
  relate(building, device, "Contains");
  save_attributes(building, AttributeScope::kServer, R"({"floor":3})");
  bj::object query{
      {"direction", "TO"},
      {"maxLevel", 1},
      {"filters", bj::array{{{"relationType", "Contains"}, {"entityTypes", bj::array{"ASSET"}}}}}};
  bj::object config{{"relationsQuery", query},
                    {"dataToFetch", "ATTRIBUTES"},
                    {"dataMapping", {{"floor", "buildingFloor"}}},
                    {"fetchTo", "DATA"}};
  auto result = run("metadata.TbGetRelatedAttributeNode", config, message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(data(result).at("buildingFloor").as_int64(), 3);

  config["dataToFetch"] = "FIELDS";
  config["dataMapping"] = bj::object{{"name", "buildingName"}};
  auto fields = run("metadata.TbGetRelatedAttributeNode", config, message(device));
  EXPECT_EQ(data(fields).at("buildingName").as_string(), "Building");

  query["direction"] = "FROM";  // the device relates to nothing
  config["relationsQuery"] = query;
  auto none = run("metadata.TbGetRelatedAttributeNode", config, message(device));
  EXPECT_EQ(none.relations, relations(kFailure));
}

TEST_F(EnrichmentNodesTest, OriginatorFields) {
  bj::object config{{"dataMapping",
                     {{"name", "deviceName"},
                      {"type", "deviceType"},
                      {"createdTime", "created"},
                      {"label", "deviceLabel"}}},
                    {"ignoreNullStrings", true}};
  auto result = run("metadata.TbGetOriginatorFieldsNode", config, message(device));
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(metadata(result, "deviceName"), "Sensor");
  EXPECT_EQ(metadata(result, "deviceType"), "thermostat");
  EXPECT_EQ(metadata(result, "created"), std::to_string(stack.clock.now_ms()));
  EXPECT_TRUE(std::none_of(result.msg.metadata.begin(), result.msg.metadata.end(),
                           [](const auto& entry) { return entry.first == "deviceLabel"; }));

  bj::object older{{"fieldsMapping", {{"name", "originatorName"}}}};
  auto legacy = run("metadata.TbGetOriginatorFieldsNode", older, message(device));
  EXPECT_EQ(metadata(legacy, "originatorName"), "Sensor");
}

TEST_F(EnrichmentNodesTest, AnotherTenantsEntitiesStayInvisible) {
  auto other_admin = stack.new_tenant("Other");
  auto foreign = stack.create(other_admin, RecordKind::kDevice, {{"name", "Foreign"}});
  bj::object config{{"dataMapping", {{"name", "n"}}}};
  auto result = run("metadata.TbGetOriginatorFieldsNode", config, message(foreign));
  EXPECT_EQ(result.relations, relations(kFailure));
}

TEST_F(EnrichmentNodesTest, RefusesUnknownTargets) {
  EXPECT_FALSE(harness.create("metadata.TbGetAttributesNode", {{"fetchTo", "BODY"}}));
  EXPECT_FALSE(harness.create("metadata.TbGetTenantAttributeNode", {{"dataToFetch", "X"}}));
  EXPECT_FALSE(harness.create("metadata.TbGetRelatedAttributeNode", {}));
}

}  // namespace
}  // namespace pacificsoft::rule
