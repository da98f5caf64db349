// Everything that touches the session runs on the cluster's thread: ZooKeeper's events, join,
// leave and readiness are queued to it, and a reconciliation compares the partitions held with
// those the ready nodes' rendezvous gives this node, releasing first and then acquiring.
#include "cluster/zookeeper/zookeeper_cluster.h"

#include <charconv>
#include <future>

#include "cluster/rendezvous.h"
#include "cluster/zookeeper/internal/zk_handle.h"
#include "common/json.h"
#include "common/log.h"
#include "common/thread_name.h"

namespace pacificsoft::cluster::zookeeper {

namespace bj = boost::json;
using detail::ZkEvent;
using detail::ZkEventKind;
using detail::ZkHandle;

namespace {

constexpr std::chrono::milliseconds kRetry{1000};  // after ZooKeeper failed a call

std::string node_json(const ZookeeperOptions& options, bool ready) {
  bj::array types;
  for (const auto& type : options.service_types) types.emplace_back(type);
  return json::serialize(bj::object{{"id", options.service_id},
                                    {"serviceTypes", std::move(types)},
                                    {"grpcAddress", options.grpc_address},
                                    {"ready", ready}});
}

ClusterNode node_of(const std::string& id, const std::string& data) {
  ClusterNode node;
  node.id = id;
  auto object = json::parse_object(data);
  if (!object) return node;  // not ours to read: never ready
  node.ready = json::get_bool(*object, "ready").value_or(false);
  node.grpc_address = json::get_string(*object, "grpcAddress").value_or("");
  if (const auto* types = object->if_contains("serviceTypes"); types && types->is_array()) {
    for (const auto& type : types->as_array()) {
      if (type.is_string()) node.service_types.emplace_back(type.as_string());
    }
  }
  return node;
}

}  // namespace

ZookeeperCluster::ZookeeperCluster(ZookeeperOptions options) : options_(std::move(options)) {}

ZookeeperCluster::~ZookeeperCluster() {
  if (!thread_.joinable()) return;
  run_and_wait([this] {
    revoke_all(true);
    joined_.clear();
    session_.reset();  // the node's znode goes with the session
  });
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Status ZookeeperCluster::start() {
  if (options_.service_id.empty()) {
    return {ErrorCode::kInvalidArgument, "a cluster node needs a SERVICE_ID"};
  }
  PS_RETURN_IF_ERROR(open_session());
  thread_ = std::thread([this] {
    name_this_thread("cluster-zk");
    run();
  });
  return Status::ok();
}

Status ZookeeperCluster::open_session() {
  auto session = ZkHandle::connect(options_.hosts, options_.session_timeout, options_.connect_wait,
                                   [this](const ZkEvent& event) { on_event(event); });
  if (!session) return session.status();
  session_ = std::move(*session);
  connected_ = true;
  PS_RETURN_IF_ERROR(session_->create_path(options_.root + "/nodes"));
  return register_node(ready_);
}

// A node of this id may be a previous run of this one whose session the server has not expired
// yet: it gets the session time-out to go before the id counts as taken.
Status ZookeeperCluster::register_node(bool ready) {
  const auto deadline = Clock::now() + options_.session_timeout + kRetry;
  while (true) {
    Status created = session_->create(node_path(), node_json(options_, ready), true);
    if (created.code() != ErrorCode::kAlreadyExists || Clock::now() >= deadline) {
      if (created.code() == ErrorCode::kAlreadyExists) {
        return {ErrorCode::kAlreadyExists,
                "SERVICE_ID '" + options_.service_id + "' is already registered in ZooKeeper (" +
                    options_.hosts + options_.root + "/nodes): another node runs with this id"};
      }
      return created;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Status ZookeeperCluster::set_ready(bool ready) {
  Status result;
  run_and_wait([&] {
    ready_ = ready;
    result = session_ ? session_->set(node_path(), node_json(options_, ready))
                      : Status(ErrorCode::kUnavailable, "no ZooKeeper session");
    reconcile_after(std::chrono::milliseconds(0));
  });
  return result;
}

void ZookeeperCluster::join(std::string_view queue, std::uint32_t partitions,
                            PartitionListener& listener) {
  run_and_wait([this, name = std::string(queue), partitions, &listener] {
    joined_[name] = Joined{partitions, &listener, {}};
    reconcile_after(std::chrono::milliseconds(0));
  });
}

void ZookeeperCluster::leave(std::string_view queue) {
  run_and_wait([this, name = std::string(queue)] {
    auto found = joined_.find(name);
    if (found == joined_.end()) return;
    const std::set<std::uint32_t> held = found->second.held;
    for (std::uint32_t partition : held) release(name, found->second, partition);
    joined_.erase(found);
  });
}

std::vector<ClusterNode> ZookeeperCluster::nodes() const {
  std::lock_guard lock(mutex_);
  return nodes_;
}

Result<std::map<std::uint32_t, std::string>> ZookeeperCluster::owners(const std::string& queue) {
  Result<std::map<std::uint32_t, std::string>> result = std::map<std::uint32_t, std::string>();
  run_and_wait([&] {
    if (!session_) {
      result = Status(ErrorCode::kUnavailable, "no ZooKeeper session");
      return;
    }
    const std::string dir = options_.root + "/partitions/" + queue;
    auto locks = session_->children(dir, false);
    if (!locks) {
      if (locks.status().code() != ErrorCode::kNotFound) result = locks.status();
      return;
    }
    for (const auto& name : *locks) {
      std::string path = dir;
      path.append("/").append(name);
      auto holder = session_->get(path, false);
      if (!holder) {
        result = holder.status();
        return;
      }
      std::uint32_t partition = 0;
      const auto parsed = std::from_chars(name.data(), name.data() + name.size(), partition);
      if (*holder && parsed.ec == std::errc() && parsed.ptr == name.data() + name.size()) {
        (*result)[partition] = (*holder)->data;  // a znode not named by a number is not ours
      }
    }
  });
  return result;
}

void ZookeeperCluster::run_and_wait(std::function<void()> task) {
  if (!thread_.joinable()) {  // not started: nothing else runs
    task();
    return;
  }
  std::promise<void> done;
  post([&] {
    task();
    done.set_value();
  });
  done.get_future().wait();
}

void ZookeeperCluster::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_all();
}

// Reconciliations wait for their time; tasks run as they come.
void ZookeeperCluster::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!tasks_.empty()) {
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    } else if (reconcile_due_ && *reconcile_due_ <= Clock::now()) {
      reconcile_due_.reset();
      lock.unlock();
      reconcile();
      lock.lock();
    } else if (reconcile_due_) {
      wake_.wait_until(lock, *reconcile_due_);
    } else {
      wake_.wait(lock);
    }
  }
}

// On the client's event thread: everything is handed to the cluster's thread.
void ZookeeperCluster::on_event(const ZkEvent& event) {
  post([this, event] {
    switch (event.kind) {
      case ZkEventKind::kConnected:
        connected_ = true;
        reconcile_after(std::chrono::milliseconds(0));
        break;
      case ZkEventKind::kDisconnected:
        connected_ = false;
        revoke_all(false);  // the session may expire any moment: another node takes over then
        break;
      case ZkEventKind::kExpired:
        reopen_session();
        break;
      case ZkEventKind::kChildren:
        reconcile_after(options_.rebalance_delay);
        break;
      case ZkEventKind::kNode:  // a node's readiness changed, or a lock waited for was released
        reconcile_after(event.path.starts_with(options_.root + "/nodes/")
                            ? options_.rebalance_delay
                            : std::chrono::milliseconds(0));
        break;
    }
  });
}

void ZookeeperCluster::reopen_session() {
  revoke_all(false);
  session_.reset();
  connected_ = false;
  Status opened = open_session();
  if (!opened) {
    spdlog::error("cluster: ZooKeeper session lost and not reopened ({}); trying again",
                  opened.to_string());
    session_.reset();
    post([this] {
      std::this_thread::sleep_for(kRetry);
      reopen_session();
    });
    return;
  }
  spdlog::warn("cluster: ZooKeeper session expired; registered again with a new one");
  reconcile_after(std::chrono::milliseconds(0));
}

void ZookeeperCluster::reconcile_after(std::chrono::milliseconds delay) {
  const auto due = Clock::now() + delay;
  {
    std::lock_guard lock(mutex_);
    // A later change pushes a waiting rebalance back (the delay counts from the last change);
    // an immediate one is never put off.
    if (!reconcile_due_ || delay.count() > 0 || due < *reconcile_due_) reconcile_due_ = due;
  }
  wake_.notify_all();
}

Result<std::vector<ClusterNode>> ZookeeperCluster::read_nodes() {
  auto ids = session_->children(options_.root + "/nodes", true);
  if (!ids) return ids.status();
  std::vector<ClusterNode> nodes;
  for (const auto& id : *ids) {
    auto record = session_->get(options_.root + "/nodes/" + id, true);
    if (!record) return record.status();
    if (*record) nodes.push_back(node_of(id, (*record)->data));  // else: gone since
  }
  return nodes;
}

void ZookeeperCluster::reconcile() {
  if (!session_ || !connected_) return;
  // Unread nodes are not "no nodes": what is held stays until ZooKeeper answers again (a lost
  // connection revokes it anyway).
  auto nodes = read_nodes();
  if (!nodes) {
    spdlog::warn("cluster: {}", nodes.status().to_string());
    reconcile_after(kRetry);
    return;
  }
  std::vector<std::string> ready;
  for (const auto& node : *nodes) {
    if (node.ready) ready.push_back(node.id);
  }
  for (auto& [queue, joined] : joined_) {
    const auto targets = partitions_of(options_.service_id, joined.partitions, ready);
    const std::set<std::uint32_t> wanted(targets.begin(), targets.end());
    const std::set<std::uint32_t> held = joined.held;
    for (std::uint32_t partition : held) {
      if (!wanted.contains(partition)) release(queue, joined, partition);
    }
    for (std::uint32_t partition : wanted) {
      if (!joined.held.contains(partition)) acquire(queue, joined, partition);
    }
  }
  std::lock_guard lock(mutex_);
  nodes_ = std::move(*nodes);
}

// Taken only through the lock znode: while the previous owner holds it, its deletion (a
// release, or the end of its session) is watched for and brings a reconciliation.
void ZookeeperCluster::acquire(const std::string& queue, Joined& joined, std::uint32_t partition) {
  const std::string path = lock_path(queue, partition);
  Status created = session_->create(path, options_.service_id, true);
  if (created.code() == ErrorCode::kNotFound) {  // the queue's first lock: make its parents
    Status parents = session_->create_path(options_.root + "/partitions/" + queue);
    created = parents ? session_->create(path, options_.service_id, true) : parents;
  }
  if (created.code() == ErrorCode::kAlreadyExists) {
    auto holder = session_->get(path, true);
    if (!holder) {
      reconcile_after(kRetry);
      return;
    }
    if (!*holder) {  // released meanwhile
      reconcile_after(std::chrono::milliseconds(0));
      return;
    }
    if ((*holder)->ephemeral_owner != session_->session_id()) return;  // the watch tells
    created = Status::ok();  // still ours from before a lost connection
  }
  if (!created) {
    spdlog::warn("cluster: partition {} of {} not taken: {}", partition, queue,
                 created.to_string());
    reconcile_after(kRetry);
    return;
  }
  joined.held.insert(partition);
  spdlog::info("cluster: partition {} of {} taken", partition, queue);
  joined.listener->on_assigned(partition);
}

// The listener finishes or abandons the partition's messages first; only then may another node
// take it.
void ZookeeperCluster::release(const std::string& queue, Joined& joined, std::uint32_t partition) {
  joined.listener->on_revoked(partition);
  joined.held.erase(partition);
  spdlog::info("cluster: partition {} of {} released", partition, queue);
  if (Status removed = session_->remove(lock_path(queue, partition)); !removed) {
    spdlog::warn("cluster: lock of partition {} of {} kept: {}", partition, queue,
                 removed.to_string());
  }
}

void ZookeeperCluster::revoke_all(bool delete_locks) {
  for (auto& [queue, joined] : joined_) {
    const std::set<std::uint32_t> held = joined.held;
    for (std::uint32_t partition : held) {
      if (delete_locks && session_) {
        release(queue, joined, partition);
      } else {
        joined.listener->on_revoked(partition);
        joined.held.erase(partition);
      }
    }
  }
}

std::string ZookeeperCluster::node_path() const {
  return options_.root + "/nodes/" + options_.service_id;
}

std::string ZookeeperCluster::lock_path(const std::string& queue, std::uint32_t partition) const {
  return options_.root + "/partitions/" + queue + "/" + std::to_string(partition);
}

}  // namespace pacificsoft::cluster::zookeeper
