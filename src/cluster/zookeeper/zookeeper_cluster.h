// Cluster membership and partition ownership on ZooKeeper (CLUSTER.md). Each node registers an
// ephemeral znode named by its SERVICE_ID, holding its service types, gRPC address and
// readiness; a second node with the same id is refused. Partitions go to the ready nodes by
// rendezvous hashing, and hand-over is fenced: a node consumes a partition only while it holds
// the partition's ephemeral lock znode, takes it only once the previous owner deleted it or lost
// its session, and deletes it only after its listener finished or abandoned the in-flight
// messages. When the connection to ZooKeeper is lost every partition is revoked at once (another
// node may take them once the session expires); the node takes them back if the session
// survives, and registers again with a new session if it expired.
//
// Znodes under the root: nodes/<service id>, partitions/<queue>/<partition>.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cluster/partition_ownership.h"
#include "common/status.h"

namespace pacificsoft::cluster::zookeeper {

namespace detail {
class ZkHandle;
struct ZkEvent;
}  // namespace detail

struct ZookeeperOptions {
  std::string hosts = "localhost:2181";  // ZOOKEEPER_URL
  std::string root = "/pacificsoft";     // ZOOKEEPER_NODES_DIR
  std::string service_id;                // SERVICE_ID: unique among the nodes
  std::vector<std::string> service_types{"monolith"};
  std::string grpc_address;  // where other nodes reach this one
  std::chrono::milliseconds session_timeout{6000};
  std::chrono::milliseconds connect_wait{10000};
  // A change of the node set is acted on this long after the last one, so a rolling restart
  // (a node leaving and coming back) moves nothing.
  std::chrono::milliseconds rebalance_delay{1000};
};

struct ClusterNode {
  std::string id;
  std::vector<std::string> service_types;
  std::string grpc_address;
  bool ready = false;
};

// Thread-safe. Listeners are told on the cluster's own thread, one call at a time.
class ZookeeperCluster final : public PartitionOwnership {
 public:
  explicit ZookeeperCluster(ZookeeperOptions options);
  ~ZookeeperCluster() override;  // revokes what it holds, then closes the session
  ZookeeperCluster(const ZookeeperCluster&) = delete;
  ZookeeperCluster& operator=(const ZookeeperCluster&) = delete;

  // Connects and registers this node, not ready yet. AlreadyExists: another node has this
  // SERVICE_ID (or this one's previous session has not expired after session_timeout).
  Status start();
  // Only ready nodes own partitions: a node is ready once it can serve.
  Status set_ready(bool ready);

  // Assignments follow asynchronously, as the cluster settles.
  void join(std::string_view queue, std::uint32_t partitions, PartitionListener& listener) override;
  void leave(std::string_view queue) override;

  // The nodes as last read.
  std::vector<ClusterNode> nodes() const;
  // Who holds each partition of `queue` now, read from the lock znodes.
  Result<std::map<std::uint32_t, std::string>> owners(const std::string& queue);

 private:
  struct Joined {
    std::uint32_t partitions = 0;
    PartitionListener* listener = nullptr;
    std::set<std::uint32_t> held;
  };
  using Clock = std::chrono::steady_clock;

  // Runs `task` on the cluster's thread and waits for it.
  void run_and_wait(std::function<void()> task);
  void post(std::function<void()> task);
  void run();
  void on_event(const detail::ZkEvent& event);
  Status open_session();
  Status register_node(bool ready);
  void reopen_session();
  void reconcile();
  Result<std::vector<ClusterNode>> read_nodes();
  void acquire(const std::string& queue, Joined& joined, std::uint32_t partition);
  void release(const std::string& queue, Joined& joined, std::uint32_t partition);
  // Every partition stops at once; with `delete_locks` their lock znodes go too.
  void revoke_all(bool delete_locks);
  void reconcile_after(std::chrono::milliseconds delay);
  std::string node_path() const;
  std::string lock_path(const std::string& queue, std::uint32_t partition) const;

  const ZookeeperOptions options_;
  // The cluster's thread's own state, touched only there (after start()).
  std::unique_ptr<detail::ZkHandle> session_;
  bool connected_ = false;
  bool ready_ = false;
  std::map<std::string, Joined> joined_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;         // guarded by mutex_
  std::optional<Clock::time_point> reconcile_due_;  // guarded by mutex_
  bool stopping_ = false;                           // guarded by mutex_
  std::vector<ClusterNode> nodes_;                  // guarded by mutex_
  std::thread thread_;
};

}  // namespace pacificsoft::cluster::zookeeper
