// The rule engine's message processor: each message runs through its tenant's root rule chain.
// Chains are built once from their metadata and kept; a saved chain (the metadata service's
// generation) or a moved root flag (re-checked every few seconds) makes the tenant's chain
// rebuild.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "entities/rule_chain_metadata.h"
#include "rule/chain/rule_chain.h"
#include "rule/msg_processor.h"

namespace pacificsoft::rule {

// Thread-safe. Everything given outlives it.
class RuleEngine final : public MsgProcessor {
 public:
  RuleEngine(entities::EntityService& entities, entities::RuleChainMetadataService& metadata,
             const NodeRegistry& registry, NodeServices services);

  void process(const model::Msg& msg, Processed processed) override;

 private:
  struct Cached {
    std::shared_ptr<const RuleChain> chain;
    std::uint64_t generation = 0;
    std::chrono::steady_clock::time_point checked;
  };
  Result<std::shared_ptr<const RuleChain>> root_chain(const Uuid& tenant_id);
  Result<std::shared_ptr<const RuleChain>> load_root_chain(const Uuid& tenant_id);

  entities::EntityService& entities_;
  entities::RuleChainMetadataService& metadata_;
  const NodeRegistry& registry_;
  NodeServices services_;
  std::mutex mutex_;
  std::unordered_map<Uuid, Cached> chains_;  // by tenant; guarded by mutex_
};

}  // namespace pacificsoft::rule
