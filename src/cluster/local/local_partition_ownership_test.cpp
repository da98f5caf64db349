#include "cluster/local/local_partition_ownership.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pacificsoft::cluster {
namespace {

class NotingListener final : public PartitionListener {
 public:
  void on_assigned(std::uint32_t partition) override {
    calls.push_back("+" + std::to_string(partition));
  }
  void on_revoked(std::uint32_t partition) override {
    calls.push_back("-" + std::to_string(partition));
  }
  std::vector<std::string> calls;
};

TEST(LocalPartitionOwnershipTest, OwnsEveryPartitionFromJoinToLeave) {
  LocalPartitionOwnership ownership;
  NotingListener rule_engine;
  NotingListener other;
  ownership.join("rule-engine", 3, rule_engine);
  ownership.join("other", 1, other);
  EXPECT_EQ(rule_engine.calls, (std::vector<std::string>{"+0", "+1", "+2"}));
  ownership.leave("rule-engine");
  EXPECT_EQ(rule_engine.calls, (std::vector<std::string>{"+0", "+1", "+2", "-0", "-1", "-2"}));
  EXPECT_EQ(other.calls, (std::vector<std::string>{"+0"})) << "another queue keeps its own";
  ownership.leave("rule-engine");  // a second leave tells nothing
  EXPECT_EQ(rule_engine.calls.size(), 6U);
}

}  // namespace
}  // namespace pacificsoft::cluster
