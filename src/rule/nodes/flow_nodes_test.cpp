// Rule chain input and output nodes through the rule engine, with chains stored in the real
// entity store.
#include <gtest/gtest.h>

#include "rule/testing/engine_harness.h"

namespace pacificsoft::rule {
namespace {

using testing::chain_metadata;
using testing::link;

bj::object record(std::string_view label) { return testing::record_node(label); }
bj::object input(const Uuid& chain) {
  return testing::chain_node("flow.TbRuleChainInputNode", "call",
                             {{"ruleChainId", chain.to_string()}});
}
bj::object output(std::string_view name) {
  return testing::chain_node("flow.TbRuleChainOutputNode", name);
}

class FlowNodesTest : public ::testing::Test {
 protected:
  Uuid add_chain(const Uuid& tenant, bool root, const bj::object& metadata) {
    return engine_.add_chain(tenant, root, metadata);
  }
  Status process(const Uuid& tenant) { return engine_.process_telemetry_of(tenant); }
  std::vector<std::string> recorded() { return engine_.recorded.entries(); }

  testing::EngineHarness engine_{PS_SCRIPT_WORKER};
  Uuid tenant_ = Uuid::random();
};

TEST_F(FlowNodesTest, TheCalledChainsOutputNodeNamesTheRelationTheCallLeavesBy) {
  const Uuid called =
      add_chain(tenant_, false,
                chain_metadata({record("in called"), output("done"), output("other")},
                               {link(0, 1, "Success")}));
  add_chain(tenant_, true,
            chain_metadata({input(called), record("after done"), record("after other")},
                           {link(0, 1, "done"), link(0, 2, "other")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"in called", "after done"}));
}

TEST_F(FlowNodesTest, CallsNestAndReturnToTheirOwnCallers) {
  const Uuid inner =
      add_chain(tenant_, false,
                chain_metadata({record("inner"), output("inner out")}, {link(0, 1, "Success")}));
  const Uuid middle =
      add_chain(tenant_, false,
                chain_metadata({input(inner), record("middle"), output("middle out")},
                               {link(0, 1, "inner out"), link(1, 2, "Success")}));
  add_chain(tenant_, true,
            chain_metadata({input(middle), record("root")}, {link(0, 1, "middle out")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"inner", "middle", "root"}));
}

TEST_F(FlowNodesTest, AnOutputNodeOutsideACalledChainEndsTheMessage) {
  add_chain(tenant_, true, chain_metadata({output("done"), record("never")}, {link(0, 1, "done")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_TRUE(recorded().empty());
}

TEST_F(FlowNodesTest, AnotherTenantsChainIsNotFound) {
  const Uuid foreign = add_chain(Uuid::random(), false, chain_metadata({record("foreign")}, {}));
  add_chain(tenant_, true,
            chain_metadata({input(foreign), record("failed")}, {link(0, 1, "Failure")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(recorded(),
            (std::vector<std::string>{"failed: Rule chain " + foreign.to_string() + " not found"}));
}

TEST_F(FlowNodesTest, AChainCallingItselfStopsAtTheDepthLimit) {
  // The root's first node calls the root again: each call nests one level deeper.
  const Uuid root = add_chain(tenant_, true, chain_metadata({record("first")}, {}));
  bj::object looping = chain_metadata({input(root), record("failed")}, {link(0, 1, "Failure")});
  auto chain = engine_.nodes.stack.entity_store->get(storage::RecordKind::kRuleChain, root);
  ASSERT_TRUE(chain && chain->has_value());
  ASSERT_TRUE(entities::write_rule_chain_metadata(*engine_.nodes.stack.entity_store, **chain,
                                                  looping, engine_.nodes.stack.clock.now_ms()));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(
      recorded(),
      (std::vector<std::string>{"failed: rule chains call each other deeper than 16 levels"}));
}

TEST_F(FlowNodesTest, LegacyRuleChainConnectionsCallTheTargetChain) {
  const Uuid target = add_chain(tenant_, false, chain_metadata({record("target")}, {}));
  bj::object root = chain_metadata({record("root")}, {});
  root["ruleChainConnections"] = bj::array{
      {{"fromIndex", 0},
       {"targetRuleChainId", model::entity_id_json(model::EntityType::kRuleChain, target)},
       {"type", "Success"}}};
  add_chain(tenant_, true, root);
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"root", "target"}));
}

TEST_F(FlowNodesTest, AnInputNodeNeedsARuleChainId) {
  EXPECT_FALSE(engine_.nodes.create("flow.TbRuleChainInputNode", {{"ruleChainId", "nope"}}));
  EXPECT_TRUE(engine_.nodes.create("flow.TbRuleChainOutputNode", {}));
}

}  // namespace
}  // namespace pacificsoft::rule
