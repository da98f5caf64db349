#include "rule/chain/rule_chain.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/log.h"
#include "model/entity_type.h"

namespace pacificsoft::rule {
namespace {

// A chain that loops would otherwise run a message forever; the reference caps it too.
constexpr int kMaxNodeRuns = 1000;
// Input nodes calling chains that call chains: deeper than this is a cycle (or close to one).
constexpr int kMaxChainDepth = 16;

class UnsupportedNode final : public RuleNode {
 public:
  explicit UnsupportedNode(std::string type) : type_(std::move(type)) {}
  void on_msg(model::Msg msg, NodeDone done) override {
    done(NodeResult::failure(std::move(msg), "rule node type " + type_ + " is not supported yet"));
  }

 private:
  std::string type_;
};

std::unique_ptr<RuleNode> create_node(const NodeRegistry& registry, NodeServices& services,
                                      const std::string& type, const std::string& name,
                                      const bj::object& configuration) {
  auto created = registry.create(type, configuration, services);
  if (created) return std::move(*created);
  spdlog::warn("rule node '{}': {}", name, created.status().message());
  return std::make_unique<UnsupportedNode>(type);
}

// What a node making messages on its own sends them through: the host's queue, marked to go on
// from this node.
class SourceContext final : public NodeContext {
 public:
  SourceContext(const ChainPlace& place, const Uuid& node_id) : place_(place), node_id_(node_id) {}

  const Uuid& tenant_id() const override { return place_.tenant_id; }
  const Uuid& self_id() const override { return node_id_; }
  std::string_view service_id() const override {
    return place_.host != nullptr ? place_.host->service_id() : std::string_view();
  }
  void tell_next(model::Msg msg, std::string_view relation,
                 std::function<void(Status)> done) override {
    if (place_.host == nullptr) {
      done(Status(ErrorCode::kUnavailable, "this rule chain has no queue"));
      return;
    }
    msg.tenant_id = place_.tenant_id;
    msg.resume = model::MsgResume{place_.chain_id, node_id_, std::string(relation)};
    place_.host->enqueue(std::move(msg), std::move(done));
  }

 private:
  const ChainPlace& place_;
  const Uuid node_id_;
};

}  // namespace

struct RuleChain::Sources {
  enum class State { kIdle, kStarted, kStopped };
  std::mutex mutex;
  State state = State::kIdle;                            // guarded by mutex
  std::vector<std::unique_ptr<SourceContext>> contexts;  // guarded by mutex
};

struct RuleChain::Run {
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

// The input node a branch entered its current chain by, and the callers before it.
struct RuleChain::Caller {
  std::shared_ptr<const RuleChain> chain;
  std::size_t node;
  Callers outer;
  int depth;
};

Result<std::shared_ptr<const RuleChain>> RuleChain::build(const bj::object& metadata,
                                                          const NodeRegistry& registry,
                                                          NodeServices& services,
                                                          ChainPlace place) {
  auto chain = std::make_shared<RuleChain>();
  chain->place_ = place;
  chain->sources_ = std::make_unique<Sources>();
  const auto* nodes = metadata.if_contains("nodes");
  if (nodes != nullptr && nodes->is_array()) {
    for (const auto& value : nodes->as_array()) {
      const auto* node = value.if_object();
      std::string type(node ? json::get_string(*node, "type").value_or("") : "");
      std::string name(node ? json::get_string(*node, "name").value_or("") : "");
      const auto* configuration = node ? json::get_object(*node, "configuration") : nullptr;
      chain->nodes_.push_back(create_node(registry, services, type, name,
                                          configuration ? *configuration : bj::object{}));
      chain->names_.push_back(std::move(name));
      const auto* id = node ? node->if_contains("id") : nullptr;
      auto entity = id ? model::parse_entity_id(*id) : std::nullopt;
      chain->ids_.push_back(entity ? entity->id : Uuid());
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
  // The reference's older form of a link to another chain: an input node of our own making.
  const auto* chain_links = metadata.if_contains("ruleChainConnections");
  if (chain_links != nullptr && chain_links->is_array()) {
    for (const auto& value : chain_links->as_array()) {
      const auto* link = value.if_object();
      auto from = link ? json::get_int(*link, "fromIndex") : std::nullopt;
      auto type = link ? json::get_string(*link, "type") : std::nullopt;
      const auto* target = link ? link->if_contains("targetRuleChainId") : nullptr;
      auto target_id = target ? model::parse_entity_id(*target) : std::nullopt;
      const auto count = static_cast<std::int64_t>(chain->links_.size());
      if (!from || !type || !target_id || *from < 0 || *from >= count) {
        return invalid_argument("rule chain connection (ruleChainConnections) out of range");
      }
      const std::size_t input = chain->nodes_.size();
      const bj::object configuration{{"ruleChainId", target_id->id.to_string()}};
      chain->nodes_.push_back(
          create_node(registry, services, node_type("flow.TbRuleChainInputNode"),
                      "rule chain " + target_id->id.to_string(), configuration));
      chain->names_.emplace_back();
      chain->ids_.emplace_back();
      chain->links_.emplace_back();
      chain->links_[static_cast<std::size_t>(*from)].push_back({std::string(*type), input});
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
  run->processed = std::move(processed);
  step(run, *first_, std::move(msg), nullptr);
}

void RuleChain::resume(model::Msg msg, Processed processed) const {
  const model::MsgResume at = *msg.resume;
  msg.resume.reset();
  const auto node = std::find(ids_.begin(), ids_.end(), at.rule_node_id);
  if (at.rule_node_id == Uuid() || node == ids_.end()) {
    spdlog::warn("message {}: rule node {} is no longer in chain {}; dropped", msg.id.to_string(),
                 at.rule_node_id.to_string(), at.rule_chain_id.to_string());
    processed(Status::ok());
    return;
  }
  auto run = std::make_shared<Run>();
  run->processed = std::move(processed);
  follow(run, static_cast<std::size_t>(node - ids_.begin()),
         NodeResult::on(at.relation, std::move(msg)), nullptr);
}

void RuleChain::start() const {
  std::lock_guard lock(sources_->mutex);
  if (sources_->state != Sources::State::kIdle) return;
  sources_->state = Sources::State::kStarted;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    sources_->contexts.push_back(std::make_unique<SourceContext>(place_, ids_[i]));
    nodes_[i]->start(*sources_->contexts.back());
  }
}

void RuleChain::stop() const {
  std::lock_guard lock(sources_->mutex);
  const bool started = sources_->state == Sources::State::kStarted;
  sources_->state = Sources::State::kStopped;
  if (!started) return;
  for (const auto& node : nodes_) node->stop();
}

void RuleChain::step(const std::shared_ptr<Run>& run, std::size_t node, model::Msg msg,
                     Callers callers) const {
  if (run->node_runs.fetch_add(1) >= kMaxNodeRuns) {
    spdlog::error("message {} passed {} rule nodes: the chain loops; stopped", msg.id.to_string(),
                  kMaxNodeRuns);
    run->end_branch();
    return;
  }
  // The callback holds the chain: a branch in a called chain, or one a node holds (delay),
  // keeps it alive after the engine rebuilt it.
  nodes_[node]->on_msg(std::move(msg), [self = shared_from_this(), run, node,
                                        callers = std::move(callers)](NodeResult result) {
    self->follow(run, node, std::move(result), callers);
  });
}

void RuleChain::follow(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result,
                       const Callers& callers) const {
  if (!result.retry) {
    {
      std::lock_guard lock(run->mutex);
      if (run->retry) run->retry = result.retry;
    }
    run->end_branch();
    return;
  }
  if (result.enter_chain) {
    enter(run, node, std::move(result), callers);
    return;
  }
  if (result.leave_chain) {
    if (!callers) {  // not called by another chain: the message ends here, as in the reference
      run->end_branch();
      return;
    }
    NodeResult back{{names_[node]}, std::move(result.msg), {}};
    callers->chain->follow(run, callers->node, std::move(back), callers->outer);
    return;
  }
  std::vector<std::size_t> targets;
  for (const Link& link : links_[node]) {
    for (const std::string& relation : result.relations) {
      if (link.relation == relation) targets.push_back(link.target);
    }
  }
  run->branches.fetch_add(static_cast<int>(targets.size()));
  for (std::size_t i = 0; i < targets.size(); ++i) {
    step(run, targets[i], i + 1 == targets.size() ? std::move(result.msg) : result.msg, callers);
  }
  run->end_branch();
}

Result<std::shared_ptr<const RuleChain>> RuleChain::resolve(const Uuid& chain_id, int depth) const {
  if (place_.host == nullptr) return not_found("no other rule chains here");
  if (depth > kMaxChainDepth) {
    return invalid_argument("rule chains call each other deeper than " +
                            std::to_string(kMaxChainDepth) + " levels");
  }
  return place_.host->chain(place_.tenant_id, chain_id);
}

// An input node's branch goes on at the first node of its target chain. A chain that does not
// exist, or calls nested too deep, send the message to the input node's Failure; storage
// trouble retries it.
void RuleChain::enter(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result,
                      const Callers& callers) const {
  const Uuid target_id = *result.enter_chain;
  const int depth = callers ? callers->depth + 1 : 1;
  auto target = resolve(target_id, depth);
  if (!target) {
    const ErrorCode code = target.status().code();
    if (code != ErrorCode::kNotFound && code != ErrorCode::kInvalidArgument) {
      follow(run, node, NodeResult{{}, std::move(result.msg), target.status()}, callers);
      return;
    }
    const std::string error = code == ErrorCode::kNotFound
                                  ? "Rule chain " + target_id.to_string() + " not found"
                                  : target.status().message();
    follow(run, node, NodeResult::failure(std::move(result.msg), error), callers);
    return;
  }
  const RuleChain& chain = **target;
  if (!chain.first_) {  // an empty chain: the branch ends there
    run->end_branch();
    return;
  }
  auto caller = std::make_shared<const Caller>(Caller{shared_from_this(), node, callers, depth});
  chain.step(run, *chain.first_, std::move(result.msg), std::move(caller));
}

}  // namespace pacificsoft::rule
