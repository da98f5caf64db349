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

class GetTelemetryNodeTest : public testing::NodeTest {
 protected:
  void SetUp() override {
    for (auto [seconds_ago, value] : {std::pair{90, 20}, {80, 21}, {70, 22}, {30, 99}}) {
      save_latest(device, R"({"pressure":)" + std::to_string(value) + "}", ago(seconds_ago));
    }
  }
  std::int64_t ago(int seconds) const { return stack.clock.now_ms() - seconds * 1000; }
  NodeResult fetch(bj::object config, model::Msg msg) {
    config["latestTsKeyNames"] = bj::array{"pressure"};
    return run("metadata.TbGetTelemetryNode", config, std::move(msg));
  }
};

TEST_F(GetTelemetryNodeTest, FirstAndLastOfTheDefaultInterval) {
  // Two minutes ago to one minute ago, written as the reference writes single values.
  auto first = fetch({}, message(device));
  ASSERT_EQ(first.relations, relations(kSuccess));
  EXPECT_EQ(metadata(first, "pressure"), R"("20")");
  auto last = fetch({{"fetchMode", "LAST"}}, message(device));
  EXPECT_EQ(metadata(last, "pressure"), R"("22")");
}

TEST_F(GetTelemetryNodeTest, AllWithOrderLimitAndAggregation) {
  bj::object config{{"fetchMode", "ALL"},
                    {"orderBy", "DESC"},
                    {"limit", 2},
                    {"startInterval", 100},
                    {"startIntervalTimeUnit", "SECONDS"},
                    {"endInterval", 0},
                    {"endIntervalTimeUnit", "SECONDS"}};
  auto all = fetch(config, message(device));
  ASSERT_EQ(all.relations, relations(kSuccess));
  auto points = json::parse(metadata(all, "pressure"));
  ASSERT_TRUE(points);
  EXPECT_EQ(
      *points,
      (bj::value(bj::array{{{"ts", ago(30)}, {"value", 99}}, {{"ts", ago(70)}, {"value", 22}}})));
  config["aggregation"] = "MAX";
  auto max = json::parse(metadata(fetch(config, message(device)), "pressure"));
  ASSERT_TRUE(max && max->is_array() && max->as_array().size() == 1u);
  EXPECT_EQ(max->as_array()[0].at("value").to_number<std::int64_t>(), 99);
}

TEST_F(GetTelemetryNodeTest, IntervalFromMetadataPatterns) {
  bj::object config{{"useMetadataIntervalPatterns", true},
                    {"startIntervalPattern", "${start}"},
                    {"endIntervalPattern", "$[end]"}};
  auto msg = message(device, R"({"end":)" + std::to_string(ago(75)) + "}");
  msg.metadata.emplace_back("start", std::to_string(ago(85)));
  auto result = fetch(config, msg);
  ASSERT_EQ(result.relations, relations(kSuccess));
  EXPECT_EQ(metadata(result, "pressure"), R"("21")");

  auto undefined = fetch(config, message(device));
  ASSERT_EQ(undefined.relations, relations(kFailure));
  EXPECT_EQ(metadata(undefined, "error"), "Message value: 'start' is undefined");
  msg.data = R"({"end":1})";  // before the start
  EXPECT_EQ(fetch(config, msg).relations, relations(kFailure));
}

TEST_F(GetTelemetryNodeTest, RefusesBadConfiguration) {
  EXPECT_FALSE(harness.create("metadata.TbGetTelemetryNode", {}));
  EXPECT_FALSE(
      harness.create("metadata.TbGetTelemetryNode",
                     {{"latestTsKeyNames", bj::array{"a"}}, {"fetchMode", "ALL"}, {"limit", 1}}));
  EXPECT_FALSE(harness.create("metadata.TbGetTelemetryNode", {{"latestTsKeyNames", bj::array{"a"}},
                                                              {"startIntervalTimeUnit", "WEEKS"}}));
}

}  // namespace
}  // namespace pacificsoft::rule
