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

// What a failure can carry of a message a node took and then threw: its identity. The node has
// the rest (type, metadata, data), and copying every message before every node would cost
// throughput; this is trivially copied.
class MsgIdentity {
 public:
  explicit MsgIdentity(const model::Msg& msg)
      : id_(msg.id),
        originator_(msg.originator),
        tenant_id_(msg.tenant_id),
        customer_id_(msg.customer_id),
        ts_(msg.ts) {}

  model::Msg msg() const {
    model::Msg msg;
    msg.id = id_;
    msg.originator = originator_;
    msg.tenant_id = tenant_id_;
    msg.customer_id = customer_id_;
    msg.ts = ts_;
    return msg;
  }

 private:
  Uuid id_;
  model::EntityId originator_;
  Uuid tenant_id_;
  Uuid customer_id_;
  std::int64_t ts_;
};

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
  // A chain on its own (unit tests) has every partition.
  bool owns(const Uuid& originator) const override {
    return place_.host == nullptr || place_.host->owns(originator);
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

// Calls `visit` with each entry of the array metadata[key] (an entry that is no object as an
// empty one) until it returns false; false then.
template <class Visit>
bool for_each_entry(const bj::object& metadata, std::string_view key, Visit visit) {
  const auto* entries = metadata.if_contains(key);
  if (entries == nullptr || !entries->is_array()) return true;
  const bj::object empty;
  for (const auto& value : entries->as_array()) {
    const auto* entry = value.if_object();
    if (!visit(entry ? *entry : empty)) return false;
  }
  return true;
}

// object[key] as the index of one of `count` nodes.
std::optional<std::size_t> index_in(const bj::object& object, std::string_view key,
                                    std::size_t count) {
  auto index = json::get_int(object, key);
  if (!index || *index < 0 || *index >= static_cast<std::int64_t>(count)) return std::nullopt;
  return static_cast<std::size_t>(*index);
}

}  // namespace

struct RuleChain::Sources {
  enum class State { kIdle, kStarted, kStopped };
  std::mutex mutex;
  State state = State::kIdle;                            // guarded by mutex
  std::vector<std::unique_ptr<SourceContext>> contexts;  // guarded by mutex
};

struct RuleChain::Run {
  std::shared_ptr<MsgExecutor> executor;
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
  for_each_entry(metadata, "nodes", [&](const bj::object& node) {
    std::string type(json::get_string(node, "type").value_or(""));
    std::string name(json::get_string(node, "name").value_or(""));
    const auto* configuration = json::get_object(node, "configuration");
    const auto* id = node.if_contains("id");
    auto entity = id ? model::parse_entity_id(*id) : std::nullopt;
    auto created =
        create_node(registry, services, type, name, configuration ? *configuration : bj::object{});
    chain->add_node(std::move(created), std::move(name), entity ? entity->id : Uuid());
    return true;
  });
  const std::size_t count = chain->nodes_.size();
  const bool linked = for_each_entry(metadata, "connections", [&](const bj::object& link) {
    auto from = index_in(link, "fromIndex", count);
    auto to = index_in(link, "toIndex", count);
    auto type = json::get_string(link, "type");
    if (!from || !to || !type) return false;
    chain->links_[*from].push_back({std::string(*type), *to});
    return true;
  });
  if (!linked) return invalid_argument("rule chain connection out of range");
  // The reference's older form of a link to another chain: an input node of our own making.
  const bool chain_linked =
      for_each_entry(metadata, "ruleChainConnections", [&](const bj::object& link) {
        auto from = index_in(link, "fromIndex", count);
        auto type = json::get_string(link, "type");
        const auto* target = link.if_contains("targetRuleChainId");
        auto target_id = target ? model::parse_entity_id(*target) : std::nullopt;
        if (!from || !type || !target_id) return false;
        const std::string id = target_id->id.to_string();
        chain->links_[*from].push_back({std::string(*type), chain->nodes_.size()});
        auto input = create_node(registry, services, node_type("flow.TbRuleChainInputNode"),
                                 "rule chain " + id, bj::object{{"ruleChainId", id}});
        chain->add_node(std::move(input), {}, Uuid());
        return true;
      });
  if (!chain_linked) {
    return invalid_argument("rule chain connection (ruleChainConnections) out of range");
  }
  chain->first_ = index_in(metadata, "firstNodeIndex", count);
  return std::shared_ptr<const RuleChain>(std::move(chain));
}

void RuleChain::run(model::Msg msg, std::shared_ptr<MsgExecutor> executor,
                    Processed processed) const {
  if (!first_) {
    processed(Status::ok());  // an empty chain: nothing to do
    return;
  }
  auto run = std::make_shared<Run>();
  run->executor = std::move(executor);
  run->processed = std::move(processed);
  step(run, *first_, std::move(msg), nullptr);
}

void RuleChain::add_node(std::unique_ptr<RuleNode> node, std::string name, Uuid id) {
  nodes_.push_back(std::move(node));
  names_.push_back(std::move(name));
  ids_.push_back(id);
  links_.emplace_back();
}

void RuleChain::resume(model::Msg msg, std::shared_ptr<MsgExecutor> executor,
                       Processed processed) const {
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
  run->executor = std::move(executor);
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

void RuleChain::forget(const std::function<bool(const Uuid& originator)>& moved) const {
  for (const auto& node : nodes_) node->forget(moved);
}

void RuleChain::stop() const {
  std::lock_guard lock(sources_->mutex);
  const bool started = sources_->state == Sources::State::kStarted;
  sources_->state = Sources::State::kStopped;
  if (!started) return;
  for (const auto& node : nodes_) node->stop();
}

void RuleChain::step(const std::shared_ptr<Run>& run, std::size_t node, model::Msg msg,
                     const Callers& callers) const {
  if (run->node_runs.fetch_add(1) >= kMaxNodeRuns) {
    spdlog::error("message {} passed {} rule nodes: the chain loops; stopped", msg.id.to_string(),
                  kMaxNodeRuns);
    run->end_branch();
    return;
  }
  const MsgIdentity identity(msg);
  // The callback holds the chain: a branch in a called chain, or one a node holds (delay),
  // keeps it alive after the engine rebuilt it. A node that answers from another thread has
  // the chain go on on the message's executor, unless its answer only ends the branch (a save
  // node at the end of the default chain, answering on the store's thread after the commit):
  // that runs no node, and any thread may do it.
  try {
    nodes_[node]->on_msg(
        std::move(msg), [self = shared_from_this(), run, node, callers](NodeResult result) {
          if (run->executor->here() || self->ends_branch(node, result)) {
            self->follow(run, node, std::move(result), callers);
            return;
          }
          run->executor->post([self, run, node, callers, result = std::move(result)]() mutable {
            self->follow(run, node, std::move(result), callers);
          });
        });
  } catch (const std::exception& error) {
    node_threw(run, node, identity.msg(), error.what(), callers);
  } catch (...) {
    node_threw(run, node, identity.msg(), "unknown exception", callers);
  }
}

// A node that throws (a bug, or a library throwing on what a message holds) would end the
// process, and the message, replayed at the next start, would end it again: the branch goes on
// by the node's Failure instead. Nodes answer last, so one that throws has not answered.
void RuleChain::node_threw(const std::shared_ptr<Run>& run, std::size_t node, model::Msg failed,
                           std::string_view what, const Callers& callers) const {
  spdlog::error("rule node '{}' of chain {} threw on message {}: {}", names_[node],
                place_.chain_id.to_string(), failed.id.to_string(), what);
  follow(run, node, NodeResult::failure(std::move(failed), what), callers);
}

bool RuleChain::ends_branch(std::size_t node, const NodeResult& result) const {
  if (result.wants_retry()) return true;
  if (result.enter_chain || result.leave_chain) return false;
  return std::none_of(links_[node].begin(), links_[node].end(), [&result](const Link& link) {
    return std::find(result.relations.begin(), result.relations.end(), link.relation) !=
               result.relations.end() ||
           std::any_of(result.also.begin(), result.also.end(),
                       [&link](const auto& also) { return also.first == link.relation; });
  });
}

void RuleChain::follow(const std::shared_ptr<Run>& run, std::size_t node, NodeResult result,
                       const Callers& callers) const {
  if (result.wants_retry()) {
    {
      std::lock_guard lock(run->mutex);
      if (run->retry.is_ok()) run->retry = result.retry_reason;  // the first reason is kept
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
    step(run, it->first, last_use ? std::move(*msg) : *msg, callers);
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
      follow(run, node, NodeResult::retry(std::move(result.msg), target.status()), callers);
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
  chain.step(run, *chain.first_, std::move(result.msg), caller);
}

}  // namespace pacificsoft::rule
