#include "rule/rule_engine.h"

#include <unordered_set>
#include <vector>

#include "common/log.h"
#include "entities/unique_flag.h"
#include "model/msg.h"

namespace pacificsoft::rule {
namespace {

constexpr std::chrono::seconds kRootRecheck{5};
// How soon a saved chain's own message makers (generator, message count) follow the save.
constexpr std::chrono::seconds kRefresh{5};
constexpr int kScanPage = 100;
constexpr int kFullPassEvery = 12;  // refreshes: a minute

}  // namespace

RuleEngine::RuleEngine(entities::EntityService& entities,
                       entities::RuleChainMetadataService& metadata, const NodeRegistry& registry,
                       NodeServices services, RuleEngineOptions options)
    : entities_(entities),
      metadata_(metadata),
      registry_(registry),
      services_(services),
      options_(std::move(options)) {}

RuleEngine::~RuleEngine() {
  Timers::Id refresh = 0;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    refresh = refresh_;
  }
  services_.timers.cancel(refresh);  // waits for a refresh in progress
  std::unordered_map<Uuid, Cached> chains;
  {
    std::lock_guard lock(mutex_);
    chains.swap(chains_);
  }
  for (auto& [id, cached] : chains) cached.chain->stop();
}

void RuleEngine::start() {
  loaded_generation_ = metadata_.generation();
  load_all();
  schedule_refresh();
}

void RuleEngine::schedule_refresh() {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  refresh_ = services_.timers.schedule(kRefresh, [this](const Status& fired) {
    if (!fired) return;
    // A save shows in the generation; a removed chain only in the full pass every few rounds.
    const std::uint64_t generation = metadata_.generation();
    const bool saved = loaded_generation_.exchange(generation) != generation;
    if (saved || ++refreshes_ % kFullPassEvery == 0) load_all();
    schedule_refresh();
  });
}

void RuleEngine::load_all() {
  std::unordered_set<Uuid> seen;
  storage::RecordQuery query{storage::RecordKind::kRuleChainMetadata};
  query.page_size = kScanPage;
  for (query.page = 0;; ++query.page) {
    auto page = entities_.store().list(query);
    if (!page) {
      spdlog::warn("loading rule chains: {}", page.status().to_string());
      return;
    }
    for (const auto& record : page->records) {
      seen.insert(record.parent_id);
      auto built = chain(record.tenant_id, record.parent_id);
      if (!built) {
        spdlog::warn("rule chain {}: {}", record.parent_id.to_string(), built.status().to_string());
      }
    }
    if (static_cast<int>(page->records.size()) < kScanPage) break;
  }
  // Chains removed since stop making messages (one without metadata is rebuilt when used).
  std::vector<std::shared_ptr<const RuleChain>> gone;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(chains_, [&](const auto& entry) {
      if (seen.contains(entry.first)) return false;
      gone.push_back(entry.second.chain);
      return true;
    });
  }
  for (const auto& chain : gone) chain->stop();
}

void RuleEngine::enqueue(model::Msg msg, std::function<void(Status)> done) {
  if (options_.queue == nullptr) {
    done(Status(ErrorCode::kUnavailable, "the rule engine has no queue"));
    return;
  }
  const auto partition = queue::partition_of(msg.originator.id, options_.queue->partitions());
  options_.queue->append(partition, model::encode_msg(msg), std::move(done));
}

void RuleEngine::process(const model::Msg& msg, Processed processed) {
  if (msg.resume) {
    auto chain = this->chain(msg.tenant_id, msg.resume->rule_chain_id);
    if (chain) {
      (*chain)->resume(msg, std::move(processed));
    } else if (chain.status().code() == ErrorCode::kNotFound) {
      spdlog::warn("message {}: its rule chain is gone; dropped", msg.id.to_string());
      processed(Status::ok());
    } else {
      processed(chain.status());
    }
    return;
  }
  auto root = root_chain_id(msg.tenant_id);
  auto chain = root ? this->chain(msg.tenant_id, *root)
                    : Result<std::shared_ptr<const RuleChain>>(root.status());
  if (!chain) {
    // Storage trouble: retried. A tenant without a root chain (removed) passes the message.
    if (chain.status().code() == ErrorCode::kNotFound) {
      spdlog::warn("tenant {} has no root rule chain: message {} dropped",
                   msg.tenant_id.to_string(), msg.id.to_string());
      processed(Status::ok());
    } else {
      processed(chain.status());
    }
    return;
  }
  (*chain)->run(msg, std::move(processed));
}

Result<Uuid> RuleEngine::root_chain_id(const Uuid& tenant_id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto found = roots_.find(tenant_id);
    if (found != roots_.end() && now - found->second.checked < kRootRecheck) {
      return found->second.chain_id;
    }
  }
  auto root =
      entities::find_flagged(entities_.store(), storage::RecordKind::kRuleChain, tenant_id, "root");
  if (!root) return root.status();
  std::lock_guard lock(mutex_);
  roots_[tenant_id] = Root{root->id, now};
  return root->id;
}

Result<std::shared_ptr<const RuleChain>> RuleEngine::chain(const Uuid& tenant_id,
                                                           const Uuid& chain_id) {
  const std::uint64_t generation = metadata_.generation();
  {
    std::lock_guard lock(mutex_);
    auto found = chains_.find(chain_id);
    if (found != chains_.end() && found->second.generation == generation) {
      if (found->second.chain->place().tenant_id != tenant_id) {
        return not_found("no rule chain " + chain_id.to_string());
      }
      return found->second.chain;
    }
  }
  auto chain = load_chain(tenant_id, chain_id);
  if (!chain) return chain;
  // The cached chain is the live one: it starts when it enters, the one it replaces stops.
  std::shared_ptr<const RuleChain> replaced;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Status(ErrorCode::kUnavailable, "the rule engine is stopping");
    Cached& cached = chains_[chain_id];
    if (cached.chain && cached.generation >= generation) return cached.chain;  // built meanwhile
    replaced = std::exchange(cached.chain, *chain);
    cached.generation = generation;
  }
  if (replaced) replaced->stop();
  (*chain)->start();
  return chain;
}

Result<std::shared_ptr<const RuleChain>> RuleEngine::load_chain(const Uuid& tenant_id,
                                                                const Uuid& chain_id) {
  auto record = entities_.store().get(storage::RecordKind::kRuleChain, chain_id);
  if (!record) return record.status();
  if (!record->has_value() || (*record)->tenant_id != tenant_id) {
    return not_found("no rule chain " + chain_id.to_string());  // nor another tenant's
  }
  auto stored = metadata_.load(chain_id);
  if (!stored) return stored.status();
  // A chain from before chains had metadata: a root one runs the default chain, any other is
  // empty (every chain made since has a metadata record).
  bj::object metadata;
  if (stored->has_value()) {
    metadata = std::move(**stored);
  } else if (entities::has_flag(**record, "root")) {
    metadata = entities::default_root_chain_metadata();
  }
  return RuleChain::build(metadata, registry_, services_, ChainPlace{tenant_id, chain_id, this});
}

}  // namespace pacificsoft::rule
