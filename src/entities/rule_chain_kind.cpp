// Rule chain records (the engine that runs them comes with the rule-engine issue). Each tenant
// has one root chain; `root` only moves through move_flag().
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/rule_chain_metadata.h"
#include "entities/unique_flag.h"

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

class RuleChainKind final : public EntityKind {
 public:
  const KindInfo& info() const override {
    static const KindInfo kInfo{RecordKind::kRuleChain, model::EntityType::kRuleChain, "Rule chain",
                                "name", AccessModel::kTenantAdminOnly};
    return kInfo;
  }

  Status prepare(SaveContext& context) const override {
    auto& body = context.body;
    auto type = json::get_string(body, "type").value_or("CORE");
    if (type != "CORE" && type != "EDGE") return invalid_argument("Invalid rule chain type");
    body["type"] = type;
    context.record.type = std::string(type);
    bool wants_root = json::get_bool(body, "root").value_or(false);
    if (context.existing != nullptr) {
      body["root"] = has_flag(*context.existing, "root");
    } else {
      auto current =
          find_flagged(context.store, RecordKind::kRuleChain, context.record.tenant_id, "root");
      body["root"] = wants_root && !current;
    }
    if (!body.contains("debugMode")) body["debugMode"] = false;
    for (const char* field : {"firstRuleNodeId", "configuration"}) {
      if (!body.contains(field)) body[field] = nullptr;
    }
    return Status::ok();
  }

  // Every new chain has its metadata record (empty), so a chain without one is from before
  // metadata existed (see RuleChainMetadataService::get and the engine's default).
  Status after_create(SaveContext& context) const override {
    bj::object empty{{"nodes", bj::array{}}, {"connections", bj::array{}}};
    return write_rule_chain_metadata(context.store, context.record, std::move(empty),
                                     context.record.created_time)
        .status();
  }

  Status before_remove(RemoveContext& context) const override {
    if (has_flag(context.record, "root")) {
      return invalid_argument("Deletion of Root Tenant Rule Chain is prohibited!");
    }
    auto metadata = context.store.find_by_unique_key2(RecordKind::kRuleChainMetadata,
                                                      context.record.id.to_string());
    if (!metadata) return metadata.status();
    if (!metadata->has_value()) return Status::ok();
    return context.store.remove(RecordKind::kRuleChainMetadata, (*metadata)->id);
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_rule_chain_kind() { return std::make_unique<RuleChainKind>(); }

}  // namespace pacificsoft::entities
