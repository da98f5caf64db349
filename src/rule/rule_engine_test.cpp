// The engine's chain and root caches against changes committed through the entity store: each
// change applies to the next message, and touches only what it changed.
#include "rule/rule_engine.h"

#include <gtest/gtest.h>

#include "entities/unique_flag.h"
#include "queue/message_queue.h"
#include "rule/testing/engine_harness.h"

namespace pacificsoft::rule {
namespace {

using testing::chain_metadata;
using testing::record_node;

class RuleEngineTest : public ::testing::Test {
 protected:
  Status process(const Uuid& tenant) { return harness_.process_telemetry_of(tenant); }
  // The last label recorded, after one message of tenant.
  std::string label_after_message(const Uuid& tenant) {
    EXPECT_TRUE(process(tenant));
    auto entries = harness_.recorded.entries();
    return entries.empty() ? "" : entries.back();
  }
  static auth::SecurityUser admin_of(const Uuid& tenant) {
    auth::SecurityUser admin;
    admin.authority = model::Authority::kTenantAdmin;
    admin.tenant_id = tenant;
    return admin;
  }
  Status save_metadata(const Uuid& tenant, const Uuid& chain, bj::object metadata) {
    metadata["ruleChainId"] = model::entity_id_json(model::EntityType::kRuleChain, chain);
    return harness_.metadata.save(admin_of(tenant), metadata).status();
  }

  testing::EngineHarness harness_{PS_SCRIPT_WORKER};
};

// What makes messages on its own asks this, so a cluster makes each message once.
TEST_F(RuleEngineTest, OwnsTheOriginatorsOfAssignedPartitionsOnly) {
  RuleEngine& engine = harness_.engine;
  const Uuid device = Uuid::random();
  const std::uint32_t partition = queue::partition_of(device, 4);
  EXPECT_FALSE(engine.owns(device)) << "nothing before an assignment";
  engine.on_partition_assigned((partition + 1) % 4, 4);
  EXPECT_FALSE(engine.owns(device));
  engine.on_partition_assigned(partition, 4);
  EXPECT_TRUE(engine.owns(device));
  engine.on_partition_revoked(partition, 4);
  EXPECT_FALSE(engine.owns(device));
}

// Regression: a moved root flag was re-read only every 5 s, so the messages of the next seconds
// still ran through the old root chain.
TEST_F(RuleEngineTest, ARootChangeAppliesToTheNextMessage) {
  const Uuid tenant = Uuid::random();
  harness_.add_chain(tenant, true, chain_metadata({record_node("old root")}, {}));
  const Uuid next =
      harness_.add_chain(tenant, false, chain_metadata({record_node("new root")}, {}));
  EXPECT_EQ(label_after_message(tenant), "old root");
  ASSERT_TRUE(entities::move_flag(*harness_.nodes.stack.entities, admin_of(tenant),
                                  storage::RecordKind::kRuleChain, next, "root"));
  EXPECT_EQ(label_after_message(tenant), "new root");
}

TEST_F(RuleEngineTest, ASavedChainAppliesToTheNextMessage) {
  const Uuid tenant = Uuid::random();
  const Uuid root = harness_.add_chain(tenant, true, chain_metadata({record_node("before")}, {}));
  EXPECT_EQ(label_after_message(tenant), "before");
  ASSERT_TRUE(save_metadata(tenant, root, chain_metadata({record_node("after")}, {})));
  EXPECT_EQ(label_after_message(tenant), "after");
}

// Regression: one process-wide generation counter made a save in one tenant rebuild every
// tenant's chains.
TEST_F(RuleEngineTest, ASaveRebuildsOnlyTheChainSaved) {
  const Uuid first_tenant = Uuid::random();
  const Uuid second_tenant = Uuid::random();
  const Uuid first = harness_.add_chain(first_tenant, true, chain_metadata({record_node("1")}, {}));
  const Uuid second =
      harness_.add_chain(second_tenant, true, chain_metadata({record_node("2")}, {}));
  auto first_built = harness_.engine.chain(first_tenant, first);
  auto second_built = harness_.engine.chain(second_tenant, second);
  ASSERT_TRUE(first_built && second_built);
  ASSERT_TRUE(save_metadata(first_tenant, first, chain_metadata({record_node("1 saved")}, {})));
  auto first_after = harness_.engine.chain(first_tenant, first);
  auto second_after = harness_.engine.chain(second_tenant, second);
  ASSERT_TRUE(first_after && second_after);
  EXPECT_NE(*first_after, *first_built);
  EXPECT_EQ(*second_after, *second_built) << "the other tenant's chain was rebuilt";
}

TEST_F(RuleEngineTest, ARemovedRootChainLeavesTheTenantWithoutOne) {
  const Uuid tenant = Uuid::random();
  const Uuid root = harness_.add_chain(tenant, true, chain_metadata({record_node("root")}, {}));
  EXPECT_EQ(label_after_message(tenant), "root");
  ASSERT_TRUE(harness_.nodes.stack.entity_store->remove(storage::RecordKind::kRuleChain, root));
  EXPECT_TRUE(process(tenant));  // passed on, as the reference does without a root chain
  EXPECT_EQ(harness_.recorded.entries().size(), 1U);
}

}  // namespace
}  // namespace pacificsoft::rule
