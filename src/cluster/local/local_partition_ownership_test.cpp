#include "cluster/local/local_partition_ownership.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pacificsoft::cluster {
namespace {

// Notes "+p" / "-p", prefixed with its name, in its own calls or in a log shared with others.
class NotingListener final : public PartitionListener {
 public:
  NotingListener() = default;
  NotingListener(std::string name, std::vector<std::string>& log)
      : name_(std::move(name)), log_(&log) {}
  void on_assigned(std::uint32_t partition) override {
    log_->push_back(name_ + "+" + std::to_string(partition));
  }
  void on_revoked(std::uint32_t partition) override {
    log_->push_back(name_ + "-" + std::to_string(partition));
  }
  std::vector<std::string> calls;

 private:
  const std::string name_;
  std::vector<std::string>* const log_ = &calls;
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

TEST(PartitionListenersTest, AssignInTheGivenOrderAndRevokeInTheReverse) {
  LocalPartitionOwnership ownership;
  std::vector<std::string> log;
  NotingListener state("state", log);
  NotingListener consumer("consumer", log);
  PartitionListeners both{&state, &consumer};
  ownership.join("rule-engine", 1, both);
  ownership.leave("rule-engine");
  EXPECT_EQ(log, (std::vector<std::string>{"state+0", "consumer+0", "consumer-0", "state-0"}));
}

}  // namespace
}  // namespace pacificsoft::cluster
