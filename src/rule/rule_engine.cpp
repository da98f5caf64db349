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
  auto chain = root_chain(msg.tenant_id);
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

Result<std::shared_ptr<const RuleChain>> RuleEngine::root_chain(const Uuid& tenant_id) {
  const auto now = std::chrono::steady_clock::now();
  const std::uint64_t generation = metadata_.generation();
  {
    std::lock_guard lock(mutex_);
    auto found = chains_.find(tenant_id);
    if (found != chains_.end() && found->second.generation == generation &&
        now - found->second.checked < kRootRecheck) {
      return found->second.chain;
    }
  }
  auto chain = load_root_chain(tenant_id);
  if (!chain) return chain;
  std::lock_guard lock(mutex_);
  chains_[tenant_id] = Cached{*chain, generation, now};
  return chain;
}

Result<std::shared_ptr<const RuleChain>> RuleEngine::load_root_chain(const Uuid& tenant_id) {
  auto root =
      entities::find_flagged(entities_.store(), storage::RecordKind::kRuleChain, tenant_id, "root");
  if (!root) return root.status();
  auto stored = metadata_.load(root->id);
  if (!stored) return stored.status();
  // A root chain from before chains had metadata runs the default chain (every chain made since
  // has a metadata record).
  const bj::object metadata =
      stored->has_value() ? std::move(**stored) : entities::default_root_chain_metadata();
  return RuleChain::build(metadata, registry_, services_);
}

}  // namespace pacificsoft::rule
