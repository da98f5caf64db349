// A rule chain ready to run, built from its metadata (nodes with type/name/configuration,
// connections fromIndex/toIndex/type, firstNodeIndex). A message starts at the first node; on
// each relation a node leaves by, a copy goes to every node connected by it; the message is
// done when every branch has ended.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rule/msg_processor.h"
#include "rule/node_registry.h"

namespace pacificsoft::rule {

class RuleChain : public std::enable_shared_from_this<RuleChain> {
 public:
  // Node types nobody registered are kept as nodes that answer Failure (and are logged), so a
  // chain from the reference with nodes not built yet still runs the rest.
  static Result<std::shared_ptr<const RuleChain>> build(const bj::object& metadata,
                                                        const NodeRegistry& registry,
                                                        NodeServices& services);

  // `processed` runs once every branch ended: ok, or the retry status a node asked for.
  void run(model::Msg msg, Processed processed) const;

  std::size_t size() const { return nodes_.size(); }

 private:
  struct Link {
    std::string relation;
    std::size_t target;
  };
  struct Run;

  void step(const std::shared_ptr<Run>& run, std::size_t node, model::Msg msg) const;
  void follow(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result) const;

  std::vector<std::unique_ptr<RuleNode>> nodes_;
  std::vector<std::vector<Link>> links_;  // per node
  std::optional<std::size_t> first_;
};

}  // namespace pacificsoft::rule
