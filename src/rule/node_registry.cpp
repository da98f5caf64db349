#include "rule/node_registry.h"

namespace pacificsoft::rule {

NodeResult NodeResult::failure(model::Msg msg, std::string_view error) {
  msg.metadata.emplace_back("error", std::string(error));
  return {{std::string(kFailure)}, std::move(msg), {}};
}

Result<std::unique_ptr<RuleNode>> NodeRegistry::create(const std::string& type,
                                                       const bj::object& configuration,
                                                       NodeServices& services) const {
  auto found = factories_.find(type);
  if (found == factories_.end()) return invalid_argument("unknown rule node type " + type);
  return found->second(configuration, services);
}

std::string node_type(std::string_view short_name) {
  return "org.thingsboard.rule.engine." + std::string(short_name);
}

}  // namespace pacificsoft::rule
