// The fixture of node family tests: a NodeHarness with one tenant and one of its devices, and
// short ways to store telemetry, build a message and run it through a node.
#pragma once

#include <gtest/gtest.h>

#include "model/telemetry_json.h"
#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule::testing {

class NodeTest : public ::testing::Test {
 protected:
  NodeHarness harness{PS_SCRIPT_WORKER};
  RuleTestStack& stack = harness.stack;
  auth::SecurityUser admin = stack.new_tenant("Tenant");
  model::EntityId device = stack.create(admin, storage::RecordKind::kDevice,
                                        {{"name", "Sensor"}, {"type", "thermostat"}});

  model::Msg message(const model::EntityId& originator, std::string data = "{}") const {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = "POST_TELEMETRY_REQUEST";
    msg.originator = originator;
    msg.tenant_id = admin.tenant_id;
    msg.data = std::move(data);
    msg.ts = stack.clock.now_ms();
    return msg;
  }

  // Runs `msg` through a new node of the short type; a node the configuration refuses fails the
  // test and answers an empty result.
  NodeResult run(std::string_view type, const bj::object& configuration, model::Msg msg) {
    auto node = harness.create(type, configuration);
    EXPECT_TRUE(node) << node.status().to_string();
    if (!node) return {};
    return NodeHarness::run(**node, std::move(msg));
  }

  void save_attributes(const model::EntityId& entity, model::AttributeScope scope,
                       std::string_view json) {
    auto values = model::parse_attributes(json, model::NullValues::kSkip);
    ASSERT_TRUE(values);
    ASSERT_TRUE(stack.telemetry->save_attributes_sync(entity, scope, *values));
  }
  void save_latest(const model::EntityId& entity, std::string_view json, std::int64_t ts) {
    auto points = model::parse_telemetry(json, ts, model::NullValues::kSkip);
    ASSERT_TRUE(points);
    ASSERT_TRUE(stack.telemetry->save_timeseries_sync(entity, std::move(*points), 0));
  }
  void relate(const model::EntityId& from, const model::EntityId& to, std::string_view type) {
    bj::object relation{{"from", model::entity_id_json(from.type, from.id)},
                        {"to", model::entity_id_json(to.type, to.id)},
                        {"type", type}};
    ASSERT_TRUE(stack.relations->save(admin, relation));
  }

  static std::string metadata(const NodeResult& result, std::string_view key) {
    return std::string(result.msg.metadata_value(key));
  }
  static bj::object data(const NodeResult& result) {
    auto parsed = json::parse_object(result.msg.data);
    return parsed ? *parsed : bj::object{};
  }
  static std::vector<std::string> relations(std::string_view relation) {
    return {std::string(relation)};
  }
};

}  // namespace pacificsoft::rule::testing
