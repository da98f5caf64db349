// Nodes of one process, each with its own ZooKeeper session, against the real server that
// tests/cluster/run.sh starts (PACIFICSOFT_TEST_ZOOKEEPER host:port, PACIFICSOFT_TEST_ZOOKEEPER_PID
// its process, stopped and continued to lose ZooKeeper for a while). A shared ledger of who
// consumes what fails any moment at which two nodes consume one partition.
#include "cluster/zookeeper/zookeeper_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cluster/rendezvous.h"
#include "common/uuid.h"

namespace pacificsoft::cluster::zookeeper {
namespace {

using std::chrono::milliseconds;
constexpr std::uint32_t kPartitions = 12;
const char* const kQueue = "rule-engine";

// Who consumes each partition now, as the listeners were told.
class Ledger {
 public:
  void assigned(const std::string& node, std::uint32_t partition) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = consumer_.emplace(partition, node);
    if (!fresh) {
      ++overlaps_;
      ADD_FAILURE() << node << " got partition " << partition << " while " << it->second
                    << " consumes it";
    }
  }
  void revoked(const std::string& node, std::uint32_t partition) {
    std::lock_guard lock(mutex_);
    auto found = consumer_.find(partition);
    if (found != consumer_.end() && found->second == node) consumer_.erase(found);
  }
  std::map<std::uint32_t, std::string> consumers() {
    std::lock_guard lock(mutex_);
    return consumer_;
  }
  int overlaps() {
    std::lock_guard lock(mutex_);
    return overlaps_;
  }

 private:
  std::mutex mutex_;
  std::map<std::uint32_t, std::string> consumer_;  // guarded by mutex_
  int overlaps_ = 0;                               // guarded by mutex_
};

class LedgerListener final : public PartitionListener {
 public:
  LedgerListener(std::string node, Ledger& ledger) : node_(std::move(node)), ledger_(ledger) {}
  void on_assigned(std::uint32_t partition) override { ledger_.assigned(node_, partition); }
  // Finishing in-flight messages takes a while; the partition is this node's until it returns.
  void on_revoked(std::uint32_t partition) override {
    std::this_thread::sleep_for(revoke_time);
    ledger_.revoked(node_, partition);
  }
  milliseconds revoke_time{0};

 private:
  const std::string node_;
  Ledger& ledger_;
};

struct Node {
  Node(const std::string& hosts, const std::string& root, std::string id, Ledger& ledger)
      : listener(id, ledger), cluster([&] {
          ZookeeperOptions options;
          options.hosts = hosts;
          options.root = root;
          options.service_id = std::move(id);
          options.session_timeout = milliseconds(2000);
          options.rebalance_delay = milliseconds(200);
          return options;
        }()) {}
  LedgerListener listener;
  ZookeeperCluster cluster;
};

class ZookeeperClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* hosts = std::getenv("PACIFICSOFT_TEST_ZOOKEEPER");
    ASSERT_NE(hosts, nullptr) << "needs a ZooKeeper server: run tests/cluster/run.sh";
    hosts_ = hosts;
  }

  // A started, ready node that joined the queue.
  Node& add_node(const std::string& id) {
    nodes_.push_back(std::make_unique<Node>(hosts_, root_, id, ledger_));
    Node& node = *nodes_.back();
    EXPECT_TRUE(node.cluster.start());
    EXPECT_TRUE(node.cluster.set_ready(true));
    node.cluster.join(kQueue, kPartitions, node.listener);
    return node;
  }
  // Waits until every partition is consumed by its rendezvous owner among `ids`.
  bool settled(const std::vector<std::string>& ids) {
    return eventually([&] {
      auto consumers = ledger_.consumers();
      if (consumers.size() != kPartitions) return false;
      for (const auto& [partition, node] : consumers) {
        if (owner_of(partition, ids) != node) return false;
      }
      return true;
    });
  }
  static bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 300; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return done();
  }

  std::string hosts_;
  const std::string root_ = "/pacificsoft-test-" + Uuid::random().to_string();
  Ledger ledger_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_F(ZookeeperClusterTest, NodesShareThePartitionsByRendezvousAndNeverConsumeOneTogether) {
  add_node("node-a");
  ASSERT_TRUE(settled({"node-a"}));
  add_node("node-b");
  ASSERT_TRUE(settled({"node-a", "node-b"}));
  add_node("node-c");
  ASSERT_TRUE(settled({"node-a", "node-b", "node-c"}));
  EXPECT_EQ(ledger_.overlaps(), 0);
}

TEST_F(ZookeeperClusterTest, AJoiningNodeTakesOnlyItsShareFromTheOthers) {
  for (const char* id : {"node-1", "node-2", "node-3"}) add_node(id);
  ASSERT_TRUE(settled({"node-1", "node-2", "node-3"}));
  const auto before = ledger_.consumers();
  add_node("node-4");
  ASSERT_TRUE(settled({"node-1", "node-2", "node-3", "node-4"}));
  int moved = 0;
  for (const auto& [partition, node] : ledger_.consumers()) {
    if (node == before.at(partition)) continue;
    ++moved;
    EXPECT_EQ(node, "node-4") << "partition " << partition << " moved between old nodes";
  }
  EXPECT_EQ(moved, static_cast<int>(partitions_of("node-4", kPartitions,
                                                  std::vector<std::string>{"node-1", "node-2",
                                                                           "node-3", "node-4"})
                                        .size()));
}

TEST_F(ZookeeperClusterTest, ALeavingNodesPartitionsGoToTheOthersAfterItsRevokeReturned) {
  add_node("node-x").listener.revoke_time = milliseconds(300);
  add_node("node-y");
  ASSERT_TRUE(settled({"node-x", "node-y"}));
  nodes_.front().reset();  // node-x stops: revokes (slowly), then closes its session
  ASSERT_TRUE(settled({"node-y"}));
  EXPECT_EQ(ledger_.overlaps(), 0) << "taken only after the revoke returned";
}

TEST_F(ZookeeperClusterTest, AnUnreadyNodeOwnsNothing) {
  add_node("ready");
  nodes_.push_back(std::make_unique<Node>(hosts_, root_, "starting", ledger_));
  Node& starting = *nodes_.back();
  ASSERT_TRUE(starting.cluster.start());
  starting.cluster.join(kQueue, kPartitions, starting.listener);
  ASSERT_TRUE(settled({"ready"}));
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_TRUE(settled({"ready"}));
  ASSERT_TRUE(starting.cluster.set_ready(true));
  EXPECT_TRUE(settled({"ready", "starting"}));
}

TEST_F(ZookeeperClusterTest, ADuplicateServiceIdIsRefused) {
  add_node("twin");
  Node second(hosts_, root_, "twin", ledger_);
  Status started = second.cluster.start();
  EXPECT_EQ(started.code(), ErrorCode::kAlreadyExists) << started.to_string();
  EXPECT_NE(started.message().find("twin"), std::string::npos);
}

// The server stopped for longer than a session: every partition stops at once, and comes back
// once ZooKeeper does, never on two nodes at a time.
TEST_F(ZookeeperClusterTest, LosingZooKeeperStopsConsumptionAtOnceAndItResumesAfter) {
  const char* pid_text = std::getenv("PACIFICSOFT_TEST_ZOOKEEPER_PID");
  ASSERT_NE(pid_text, nullptr) << "needs the server's pid: run tests/cluster/run.sh";
  const pid_t server = static_cast<pid_t>(std::atoi(pid_text));
  add_node("left");
  add_node("right");
  ASSERT_TRUE(settled({"left", "right"}));
  ASSERT_EQ(::kill(server, SIGSTOP), 0);
  const bool stopped = eventually([&] { return ledger_.consumers().empty(); });
  std::this_thread::sleep_for(milliseconds(2500));  // past the session time-out
  ASSERT_EQ(::kill(server, SIGCONT), 0);
  EXPECT_TRUE(stopped) << "consumption went on without ZooKeeper";
  EXPECT_TRUE(settled({"left", "right"}));
  EXPECT_EQ(ledger_.overlaps(), 0);
}

}  // namespace
}  // namespace pacificsoft::cluster::zookeeper
