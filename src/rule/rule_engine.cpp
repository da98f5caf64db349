#include "rule/rule_engine.h"

#include "common/log.h"
#include "entities/unique_flag.h"

namespace pacificsoft::rule {
namespace {

constexpr std::chrono::seconds kRootRecheck{5};

}  // namespace

RuleEngine::RuleEngine(entities::EntityService& entities,
                       entities::RuleChainMetadataService& metadata, const NodeRegistry& registry,
                       NodeServices services)
    : entities_(entities), metadata_(metadata), registry_(registry), services_(services) {}

void RuleEngine::process(const model::Msg& msg, Processed processed) {
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
  std::lock_guard lock(mutex_);
  chains_[chain_id] = Cached{*chain, generation};
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
