#include "rule/chain/rule_chain.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/log.h"

namespace pacificsoft::rule {
namespace {

// A chain that loops would otherwise run a message forever; the reference caps it too.
constexpr int kMaxNodeRuns = 1000;

class UnsupportedNode final : public RuleNode {
 public:
  explicit UnsupportedNode(std::string type) : type_(std::move(type)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    done(NodeResult::failure(std::move(msg), "rule node type " + type_ + " is not supported yet"));
  }

 private:
  std::string type_;
};

}  // namespace

struct RuleChain::Run {
  std::shared_ptr<const RuleChain> chain;
  Processed processed;
  std::atomic<int> branches{1};
  std::atomic<int> node_runs{0};
  std::mutex mutex;
  Status retry;  // guarded by mutex

  void end_branch() {
    if (branches.fetch_sub(1) != 1) return;
    Status outcome;
    {
      std::lock_guard lock(mutex);
      outcome = retry;
    }
    processed(outcome);
  }
};

Result<std::shared_ptr<const RuleChain>> RuleChain::build(const bj::object& metadata,
                                                          const NodeRegistry& registry,
                                                          NodeServices& services) {
  auto chain = std::make_shared<RuleChain>();
  const auto* nodes = metadata.if_contains("nodes");
  if (nodes != nullptr && nodes->is_array()) {
    for (const auto& value : nodes->as_array()) {
      const auto* node = value.if_object();
      std::string type(node ? json::get_string(*node, "type").value_or("") : "");
      const auto* configuration = node ? json::get_object(*node, "configuration") : nullptr;
      auto created = registry.create(type, configuration ? *configuration : bj::object{}, services);
      if (!created) {
        spdlog::warn("rule node '{}': {}", node ? json::get_string(*node, "name").value_or("") : "",
                     created.status().message());
        created = std::unique_ptr<RuleNode>(std::make_unique<UnsupportedNode>(type));
      }
      chain->nodes_.push_back(std::move(*created));
    }
  }
  chain->links_.resize(chain->nodes_.size());
  const auto* connections = metadata.if_contains("connections");
  if (connections != nullptr && connections->is_array()) {
    for (const auto& value : connections->as_array()) {
      const auto* link = value.if_object();
      auto from = link ? json::get_int(*link, "fromIndex") : std::nullopt;
      auto to = link ? json::get_int(*link, "toIndex") : std::nullopt;
      auto type = link ? json::get_string(*link, "type") : std::nullopt;
      const auto count = static_cast<std::int64_t>(chain->nodes_.size());
      if (!from || !to || !type || *from < 0 || *to < 0 || *from >= count || *to >= count) {
        return invalid_argument("rule chain connection out of range");
      }
      chain->links_[static_cast<std::size_t>(*from)].push_back(
          {std::string(*type), static_cast<std::size_t>(*to)});
    }
  }
  auto first = json::get_int(metadata, "firstNodeIndex");
  if (first && *first >= 0 && *first < static_cast<std::int64_t>(chain->nodes_.size())) {
    chain->first_ = static_cast<std::size_t>(*first);
  }
  return std::shared_ptr<const RuleChain>(std::move(chain));
}

void RuleChain::run(model::Msg msg, Processed processed) const {
  if (!first_) {
    processed(Status::ok());  // an empty chain: nothing to do
    return;
  }
  auto run = std::make_shared<Run>();
  run->chain = shared_from_this();
  run->processed = std::move(processed);
  step(run, *first_, std::move(msg));
}

void RuleChain::step(const std::shared_ptr<Run>& run, std::size_t node, model::Msg msg) const {
  if (run->node_runs.fetch_add(1) >= kMaxNodeRuns) {
    spdlog::error("message {} passed {} rule nodes: the chain loops; stopped", msg.id.to_string(),
                  kMaxNodeRuns);
    run->end_branch();
    return;
  }
  nodes_[node]->on_msg(std::move(msg), [this, run, node](NodeResult result) {
    follow(run, node, std::move(result));
  });
}

void RuleChain::follow(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result) const {
  if (!result.retry) {
    {
      std::lock_guard lock(run->mutex);
      if (run->retry) run->retry = result.retry;
    }
    run->end_branch();
    return;
  }
  // Every (target, message) pair first, so the branch count is right before any step runs.
  std::vector<std::pair<std::size_t, model::Msg*>> targets;
  for (const Link& link : links_[node]) {
    for (const std::string& relation : result.relations) {
      if (link.relation == relation) targets.emplace_back(link.target, &result.msg);
    }
    for (auto& [relation, msg] : result.also) {
      if (link.relation == relation) targets.emplace_back(link.target, &msg);
    }
  }
  run->branches.fetch_add(static_cast<int>(targets.size()));
  for (auto it = targets.begin(); it != targets.end(); ++it) {
    model::Msg* msg = it->second;
    const bool last_use = std::none_of(std::next(it), targets.end(),
                                       [msg](const auto& target) { return target.second == msg; });
    step(run, it->first, last_use ? std::move(*msg) : *msg);
  }
  run->end_branch();
}

}  // namespace pacificsoft::rule
