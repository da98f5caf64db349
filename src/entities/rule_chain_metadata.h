// Rule chain metadata (the reference's RuleChainMetaData): a chain's nodes (type, name,
// configuration), its connections (fromIndex, toIndex, type) and its first node. One record per
// chain (RecordKind::kRuleChainMetadata); the rule engine reads it, REST reads and replaces it.
#pragma once

#include <cstdint>
#include <optional>

#include "entities/entity_service.h"

namespace pacificsoft::entities {

// The reference's default root chain: device profile node → message type switch → save time
// series / save client attributes / log / RPC call request.
bj::object default_root_chain_metadata();

// Stores `metadata` (validated and normalised: node ids given where missing) as the chain's.
Result<bj::object> write_rule_chain_metadata(storage::EntityStore& store,
                                             const storage::EntityRecord& chain,
                                             bj::object metadata, std::int64_t now_ms);

// Thread-safe.
class RuleChainMetadataService {
 public:
  explicit RuleChainMetadataService(EntityService& entities) : entities_(entities) {}

  // The chain's metadata; an empty chain (no nodes) when none was saved.
  Result<bj::object> get(const auth::SecurityUser& user, const Uuid& chain_id);
  // Replaces the metadata of body.ruleChainId.
  Result<bj::object> save(const auth::SecurityUser& user, const bj::object& body);
  // For the rule engine: no permission check; nullopt when none was saved.
  Result<std::optional<bj::object>> load(const Uuid& chain_id);

 private:
  EntityService& entities_;
};

}  // namespace pacificsoft::entities
