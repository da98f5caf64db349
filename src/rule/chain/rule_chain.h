// A rule chain ready to run, built from its metadata (nodes with type/name/configuration,
// connections fromIndex/toIndex/type, firstNodeIndex). A message starts at the first node; on
// each relation a node leaves by, a copy goes to every node connected by it; the message is
// done when every branch has ended. A rule chain input node carries a branch into another chain
// of the tenant (found through its ChainHost); an output node there brings it back.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rule/msg_processor.h"
#include "rule/node_registry.h"

namespace pacificsoft::rule {

class RuleChain;

// What a chain needs from the engine that holds it: the tenant's other chains, for its input
// nodes (the engine's cache), and the queue, for the messages its nodes make.
class ChainHost {
 public:
  virtual ~ChainHost() = default;
  // NotFound when the tenant has no such chain; other errors (storage) are worth a retry.
  virtual Result<std::shared_ptr<const RuleChain>> chain(const Uuid& tenant_id,
                                                         const Uuid& chain_id) = 0;
  // Appends a message a node made (it carries its resume point); `done` reports it durable.
  virtual void enqueue(model::Msg msg, std::function<void(Status)> done) = 0;
  virtual std::string_view service_id() const = 0;
  // Whether this process owns the partition of the originator's messages.
  virtual bool owns(const Uuid& originator) const = 0;
};

// Where a built chain lives. The default, a chain on its own (unit tests), fails input nodes.
struct ChainPlace {
  Uuid tenant_id;
  Uuid chain_id;
  ChainHost* host = nullptr;  // outlives the chain
};

class RuleChain : public std::enable_shared_from_this<RuleChain> {
 public:
  // Node types nobody registered are kept as nodes that answer Failure (and are logged), so a
  // chain from the reference with nodes not built yet still runs the rest. The legacy
  // `ruleChainConnections` (fromIndex, targetRuleChainId, type) become input nodes.
  static Result<std::shared_ptr<const RuleChain>> build(const bj::object& metadata,
                                                        const NodeRegistry& registry,
                                                        NodeServices& services,
                                                        ChainPlace place = {});

  // `processed` runs once every branch ended: ok, or the retry status a node asked for. What
  // nodes answer from other threads goes on on `executor`.
  void run(model::Msg msg, std::shared_ptr<MsgExecutor> executor, Processed processed) const;

  // A message a node of this chain made (msg.resume names it): it goes on from that node by the
  // relation it was sent by. One the chain no longer has (edited since) ends there, logged.
  void resume(model::Msg msg, std::shared_ptr<MsgExecutor> executor, Processed processed) const;

  // The nodes that make messages on their own start (once) and stop (for good). The host
  // starts the chain it runs and stops it before dropping it; both are thread-safe.
  void start() const;
  void stop() const;
  // Each node drops its per-partition state of the originators `moved` names (RuleNode::forget).
  void forget(const std::function<bool(const Uuid& originator)>& moved) const;

  std::size_t size() const { return nodes_.size(); }
  const ChainPlace& place() const { return place_; }

 private:
  struct Link {
    std::string relation;
    std::size_t target;
  };
  struct Run;
  struct Caller;
  using Callers = std::shared_ptr<const Caller>;

  void add_node(std::unique_ptr<RuleNode> node, std::string name, Uuid id);
  void step(const std::shared_ptr<Run>& run, std::size_t node, model::Msg msg,
            const Callers& callers) const;
  void follow(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result,
              const Callers& callers) const;
  // Whether follow() would only end the branch: a retry, or no link by the result's relations.
  bool ends_branch(std::size_t node, const NodeResult& result) const;
  void node_threw(const std::shared_ptr<Run>& run, std::size_t node, model::Msg failed,
                  std::string_view what, const Callers& callers) const;
  void enter(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result,
             const Callers& callers) const;
  Result<std::shared_ptr<const RuleChain>> resolve(const Uuid& chain_id, int depth) const;

  struct Sources;

  ChainPlace place_;
  std::unique_ptr<Sources> sources_;  // before nodes_: they may use it until destroyed
  std::vector<std::unique_ptr<RuleNode>> nodes_;
  std::vector<Uuid> ids_;                 // per node, all-zero when the metadata gave none
  std::vector<std::string> names_;        // per node: an output node's name is its relation
  std::vector<std::vector<Link>> links_;  // per node
  std::optional<std::size_t> first_;
};

}  // namespace pacificsoft::rule
