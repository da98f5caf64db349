// The rule engine's message processor: each message runs through its tenant's root rule chain.
// Chains are built once from their metadata and kept by id; a saved chain (the metadata
// service's generation) makes them rebuild, a moved root flag is re-checked every few seconds.
// It is also how chains find each other (rule chain input nodes), within a tenant only.
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
class RuleEngine final : public MsgProcessor, public ChainHost {
 public:
  RuleEngine(entities::EntityService& entities, entities::RuleChainMetadataService& metadata,
             const NodeRegistry& registry, NodeServices services);

  void process(const model::Msg& msg, Processed processed) override;
  Result<std::shared_ptr<const RuleChain>> chain(const Uuid& tenant_id,
                                                 const Uuid& chain_id) override;

 private:
  struct Cached {
    std::shared_ptr<const RuleChain> chain;
    std::uint64_t generation = 0;
  };
  struct Root {
    Uuid chain_id;
    std::chrono::steady_clock::time_point checked;
  };
  Result<Uuid> root_chain_id(const Uuid& tenant_id);
  Result<std::shared_ptr<const RuleChain>> load_chain(const Uuid& tenant_id, const Uuid& chain_id);

  entities::EntityService& entities_;
  entities::RuleChainMetadataService& metadata_;
  const NodeRegistry& registry_;
  NodeServices services_;
  std::mutex mutex_;
  std::unordered_map<Uuid, Cached> chains_;  // by chain id; guarded by mutex_
  std::unordered_map<Uuid, Root> roots_;     // by tenant; guarded by mutex_
};

}  // namespace pacificsoft::rule
