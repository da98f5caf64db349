#include "rule/rule_engine.h"

#include <unordered_set>
#include <vector>

#include "common/log.h"
#include "entities/unique_flag.h"
#include "model/msg.h"

namespace pacificsoft::rule {
namespace {

// How soon after a change the chains' own message makers (generator, message count) follow it;
// a burst of saves (an import) makes one rebuild.
constexpr std::chrono::milliseconds kRefresh{200};
constexpr int kScanPage = 100;

std::uint64_t version_of(const std::unordered_map<Uuid, std::uint64_t>& versions, const Uuid& id) {
  auto found = versions.find(id);
  return found == versions.end() ? 0 : found->second;
}

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

void RuleEngine::start() { load_all(); }

void RuleEngine::schedule_refresh() {
  std::lock_guard lock(mutex_);
  if (refresh_ != 0) {
    refresh_again_ = true;  // the one pending or running may have read the store before this
    return;
  }
  schedule_refresh_locked();
}

void RuleEngine::schedule_refresh_locked() {
  if (stopping_) return;
  // refresh_ stays set while load_all() runs, so the destructor's cancel() waits for it.
  refresh_ = services_.timers.schedule(kRefresh, [this](const Status& fired) {
    if (!fired) return;
    load_all();
    std::lock_guard lock(mutex_);
    refresh_ = 0;
    if (std::exchange(refresh_again_, false)) schedule_refresh_locked();
  });
}

void RuleEngine::forget_chain(const Uuid& chain_id) { ++chain_versions_[chain_id]; }

void RuleEngine::forget_root(const Uuid& tenant_id) {
  ++root_versions_[tenant_id];
  roots_.erase(tenant_id);
}

void RuleEngine::on_entity_changes(const std::vector<entities::EntityChange>& changes) {
  using Type = entities::EntityChange::Type;
  bool touched = false;
  {
    std::lock_guard lock(mutex_);
    for (const auto& change : changes) {
      if (change.type == Type::kTenantRemoved) {
        forget_root(change.tenant_id);
        for (const auto& [id, cached] : chains_) {
          if (cached.chain->place().tenant_id == change.tenant_id) forget_chain(id);
        }
        touched = true;
      } else if (change.kind == storage::RecordKind::kRuleChainMetadata) {
        if (change.type == Type::kSaved) forget_chain(change.parent_id);
        touched = true;
      } else if (change.kind == storage::RecordKind::kRuleChain) {
        // The root flag lives in the chain's record. A removal names no tenant: the chain's own,
        // when it was built here (a chain never built here was no tenant's cached root either).
        Uuid tenant_id = change.tenant_id;
        auto cached = chains_.find(change.id);
        if (tenant_id.is_null() && cached != chains_.end()) {
          tenant_id = cached->second.chain->place().tenant_id;
        }
        if (!tenant_id.is_null()) forget_root(tenant_id);
        forget_chain(change.id);
        touched = true;
      }
    }
  }
  if (touched) schedule_refresh();
}

void RuleEngine::load_all() {
  std::unordered_set<Uuid> seen;
  storage::RecordQuery query{storage::RecordKind::kRuleChainMetadata};
  query.page_size = kScanPage;
  for (query.page = 0;; ++query.page) {
    auto page = entities_.list_records(query);
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
  if (options_.producer == nullptr) {
    done(Status(ErrorCode::kUnavailable, "the rule engine has no queue"));
    return;
  }
  options_.producer->to_rule_engine(msg, std::move(done));
}

void RuleEngine::process(const model::Msg& msg, std::shared_ptr<MsgExecutor> executor,
                         Processed processed) {
  if (msg.resume) {
    auto chain = this->chain(msg.tenant_id, msg.resume->rule_chain_id);
    if (chain) {
      (*chain)->resume(msg, std::move(executor), std::move(processed));
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
  (*chain)->run(msg, std::move(executor), std::move(processed));
}

void RuleEngine::on_partition_assigned(std::uint32_t partition, std::uint32_t partitions) {
  std::lock_guard lock(owned_mutex_);
  partitions_ = partitions;
  owned_.insert(partition);
}

bool RuleEngine::owns(const Uuid& originator) const {
  std::lock_guard lock(owned_mutex_);
  return partitions_ > 0 && owned_.contains(queue::partition_of(originator, partitions_));
}

void RuleEngine::on_partition_revoked(std::uint32_t partition, std::uint32_t partitions) {
  {
    std::lock_guard lock(owned_mutex_);
    owned_.erase(partition);
  }
  std::vector<std::shared_ptr<const RuleChain>> chains;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, cached] : chains_) chains.push_back(cached.chain);
  }
  const auto moved = [partition, partitions](const Uuid& originator) {
    return queue::partition_of(originator, partitions) == partition;
  };
  for (const auto& chain : chains) chain->forget(moved);
}

Result<Uuid> RuleEngine::root_chain_id(const Uuid& tenant_id) {
  while (true) {
    std::uint64_t version = 0;
    {
      std::lock_guard lock(mutex_);
      auto found = roots_.find(tenant_id);
      if (found != roots_.end()) return found->second;
      version = version_of(root_versions_, tenant_id);
    }
    auto root =
        entities::find_flagged(entities_, storage::RecordKind::kRuleChain, tenant_id, "root");
    if (!root) return root.status();
    std::lock_guard lock(mutex_);
    // A change that came while reading may have moved the flag past what was read: read again.
    if (version_of(root_versions_, tenant_id) != version) continue;
    roots_[tenant_id] = root->id;
    return root->id;
  }
}

Result<std::shared_ptr<const RuleChain>> RuleEngine::chain(const Uuid& tenant_id,
                                                           const Uuid& chain_id) {
  while (true) {
    std::uint64_t version = 0;
    {
      std::lock_guard lock(mutex_);
      version = version_of(chain_versions_, chain_id);
      auto found = chains_.find(chain_id);
      if (found != chains_.end() && found->second.version == version) {
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
      if (version_of(chain_versions_, chain_id) != version) continue;  // changed while loading
      Cached& cached = chains_[chain_id];
      if (cached.chain && cached.version == version) return cached.chain;  // built meanwhile
      replaced = std::exchange(cached.chain, *chain);
      cached.version = version;
    }
    if (replaced) replaced->stop();
    (*chain)->start();
    return chain;
  }
}

Result<std::shared_ptr<const RuleChain>> RuleEngine::load_chain(const Uuid& tenant_id,
                                                                const Uuid& chain_id) {
  auto record = entities_.find_record(storage::RecordKind::kRuleChain, chain_id);
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
