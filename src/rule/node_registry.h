// Rule node types by the reference's type names (org.thingsboard.rule.engine.*), so a chain
// exported from the reference imports unchanged. app/ registers the node library once at start.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "rule/rule_node.h"

namespace pacificsoft::rule {

using NodeFactory = std::function<Result<std::unique_ptr<RuleNode>>(const bj::object& configuration,
                                                                    NodeServices& services)>;

// Registered once before use; then read-only and thread-safe.
class NodeRegistry {
 public:
  void add(std::string type, NodeFactory factory) {
    factories_[std::move(type)] = std::move(factory);
  }
  // InvalidArgument for a type nobody registered or a configuration the node refuses.
  Result<std::unique_ptr<RuleNode>> create(const std::string& type, const bj::object& configuration,
                                           NodeServices& services) const;

 private:
  std::map<std::string, NodeFactory, std::less<>> factories_;
};

// The reference's full type name of a node class, e.g. "filter.TbJsFilterNode".
std::string node_type(std::string_view short_name);

}  // namespace pacificsoft::rule
