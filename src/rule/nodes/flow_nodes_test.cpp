// Rule chain input and output nodes through the rule engine, with chains stored in the real
// entity store.
#include <gtest/gtest.h>

#include <future>
#include <mutex>

#include "entities/rule_chain_metadata.h"
#include "rule/rule_engine.h"
#include "rule/testing/rule_test_stack.h"

namespace pacificsoft::rule {
namespace {

// "test.Record" notes its configured label (and the message's error, if any) and leaves by
// Success.
class Recorded {
 public:
  void add(std::string entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
  }
  std::vector<std::string> entries() {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> entries_;
};

class RecordNode final : public RuleNode {
 public:
  RecordNode(Recorded& recorded, std::string label)
      : recorded_(recorded), label_(std::move(label)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    const std::string error(msg.metadata_value("error"));
    recorded_.add(error.empty() ? label_ : label_ + ": " + error);
    done(NodeResult::on(kSuccess, std::move(msg)));
  }

 private:
  Recorded& recorded_;
  std::string label_;
};

bj::object record(std::string_view label) {
  return {{"type", "test.Record"}, {"name", label}, {"configuration", {{"label", label}}}};
}
bj::object input(const Uuid& chain) {
  return {{"type", node_type("flow.TbRuleChainInputNode")},
          {"name", "call"},
          {"configuration", {{"ruleChainId", chain.to_string()}}}};
}
bj::object output(std::string_view name) {
  return {{"type", node_type("flow.TbRuleChainOutputNode")}, {"name", name}};
}
bj::object link(int from, int to, std::string_view type) {
  return {{"fromIndex", from}, {"toIndex", to}, {"type", type}};
}
bj::object chain_metadata(bj::array nodes, bj::array connections) {
  return {
      {"firstNodeIndex", 0}, {"nodes", std::move(nodes)}, {"connections", std::move(connections)}};
}

class FlowNodesTest : public ::testing::Test {
 protected:
  FlowNodesTest() {
    harness_.registry.add("test.Record", [this](const bj::object& configuration, NodeServices&) {
      return Result<std::unique_ptr<RuleNode>>(std::make_unique<RecordNode>(
          recorded_, std::string(json::get_string(configuration, "label").value_or(""))));
    });
  }

  // Stores a rule chain of `tenant` with `metadata`; returns its id.
  Uuid add_chain(const Uuid& tenant, bool root, const bj::object& metadata) {
    storage::EntityRecord chain;
    chain.kind = storage::RecordKind::kRuleChain;
    chain.id = Uuid::random();
    chain.tenant_id = tenant;
    chain.name = "chain";
    chain.body = json::serialize(bj::object{{"name", "chain"}, {"root", root}});
    EXPECT_TRUE(harness_.stack.entity_store->insert(chain));
    EXPECT_TRUE(entities::write_rule_chain_metadata(*harness_.stack.entity_store, chain, metadata,
                                                    harness_.stack.clock.now_ms()));
    return chain.id;
  }

  Status process(const Uuid& tenant) {
    model::Msg msg;
    msg.id = Uuid::random();
    msg.type = "POST_TELEMETRY_REQUEST";
    msg.tenant_id = tenant;
    msg.originator = {model::EntityType::kDevice, Uuid::random()};
    msg.data = "{}";
    std::promise<Status> done;
    engine_.process(msg, [&done](Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }

  testing::NodeHarness harness_{PS_SCRIPT_WORKER};
  Recorded recorded_;
  entities::RuleChainMetadataService metadata_{*harness_.stack.entities};
  RuleEngine engine_{*harness_.stack.entities, metadata_, harness_.registry, harness_.services};
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
  EXPECT_EQ(recorded_.entries(), (std::vector<std::string>{"in called", "after done"}));
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
  EXPECT_EQ(recorded_.entries(), (std::vector<std::string>{"inner", "middle", "root"}));
}

TEST_F(FlowNodesTest, AnOutputNodeOutsideACalledChainEndsTheMessage) {
  add_chain(tenant_, true, chain_metadata({output("done"), record("never")}, {link(0, 1, "done")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_TRUE(recorded_.entries().empty());
}

TEST_F(FlowNodesTest, AnotherTenantsChainIsNotFound) {
  const Uuid foreign = add_chain(Uuid::random(), false, chain_metadata({record("foreign")}, {}));
  add_chain(tenant_, true,
            chain_metadata({input(foreign), record("failed")}, {link(0, 1, "Failure")}));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(recorded_.entries(),
            (std::vector<std::string>{"failed: Rule chain " + foreign.to_string() + " not found"}));
}

TEST_F(FlowNodesTest, AChainCallingItselfStopsAtTheDepthLimit) {
  // The root's first node calls the root again: each call nests one level deeper.
  const Uuid root = add_chain(tenant_, true, chain_metadata({record("first")}, {}));
  bj::object looping = chain_metadata({input(root), record("failed")}, {link(0, 1, "Failure")});
  auto chain = harness_.stack.entity_store->get(storage::RecordKind::kRuleChain, root);
  ASSERT_TRUE(chain && chain->has_value());
  ASSERT_TRUE(entities::write_rule_chain_metadata(*harness_.stack.entity_store, **chain, looping,
                                                  harness_.stack.clock.now_ms()));
  EXPECT_TRUE(process(tenant_));
  EXPECT_EQ(
      recorded_.entries(),
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
  EXPECT_EQ(recorded_.entries(), (std::vector<std::string>{"root", "target"}));
}

TEST_F(FlowNodesTest, AnInputNodeNeedsARuleChainId) {
  EXPECT_FALSE(harness_.create("flow.TbRuleChainInputNode", {{"ruleChainId", "nope"}}));
  EXPECT_TRUE(harness_.create("flow.TbRuleChainOutputNode", {}));
}

}  // namespace
}  // namespace pacificsoft::rule
