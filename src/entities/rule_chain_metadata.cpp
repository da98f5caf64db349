#include "entities/rule_chain_metadata.h"

#include "entities/unique_flag.h"

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

constexpr std::string_view kNodes = "org.thingsboard.rule.engine.";
constexpr std::string_view kLogScript =
    "return '\\nIncoming message:\\n' + JSON.stringify(msg) + '\\nIncoming metadata:\\n' + "
    "JSON.stringify(metadata);";

bj::object node(std::string_view type, std::string_view name, bj::object configuration, int x,
                int y) {
  return {{"type", std::string(kNodes) + std::string(type)},
          {"name", name},
          {"debugMode", false},
          {"singletonMode", false},
          {"configuration", std::move(configuration)},
          {"additionalInfo", {{"layoutX", x}, {"layoutY", y}}}};
}

bj::object connection(int from, int to, std::string_view type) {
  return {{"fromIndex", from}, {"toIndex", to}, {"type", type}};
}

Status bad(std::string message) { return {ErrorCode::kBadRequestParams, std::move(message)}; }

// Checks the shape the engine relies on and gives nodes without an id one.
Status normalise(bj::object& metadata, const Uuid& chain_id) {
  metadata["ruleChainId"] = model::entity_id_json(model::EntityType::kRuleChain, chain_id);
  if (!metadata.contains("nodes") || metadata.at("nodes").is_null())
    metadata["nodes"] = bj::array{};
  if (!metadata.contains("connections") || metadata.at("connections").is_null()) {
    metadata["connections"] = bj::array{};
  }
  if (!metadata.at("nodes").is_array() || !metadata.at("connections").is_array()) {
    return bad("Rule chain metadata 'nodes' and 'connections' must be arrays");
  }
  auto& nodes = metadata.at("nodes").as_array();
  for (auto& value : nodes) {
    if (!value.is_object() || !json::get_string(value.as_object(), "type") ||
        !json::get_string(value.as_object(), "name")) {
      return bad("Every rule node needs a 'type' and a 'name'");
    }
    auto& object = value.as_object();
    const auto* id = object.if_contains("id");
    if (id == nullptr || !model::parse_entity_id(*id)) {
      object["id"] = model::entity_id_json(model::EntityType::kRuleNode, Uuid::random());
    }
    if (!object.contains("configuration")) object["configuration"] = bj::object{};
  }
  const auto count = static_cast<std::int64_t>(nodes.size());
  for (const auto& value : metadata.at("connections").as_array()) {
    const auto* link = value.if_object();
    auto from = link ? json::get_int(*link, "fromIndex") : std::nullopt;
    auto to = link ? json::get_int(*link, "toIndex") : std::nullopt;
    if (!from || !to || *from < 0 || *from >= count || *to < 0 || *to >= count ||
        !json::get_string(*link, "type")) {
      return bad("Every connection needs 'fromIndex' and 'toIndex' of existing nodes and a 'type'");
    }
  }
  auto first = json::get_int(metadata, "firstNodeIndex");
  if (first && (*first < -1 || *first >= count)) return bad("Invalid 'firstNodeIndex'");
  if (!first) metadata["firstNodeIndex"] = count > 0 ? bj::value(0) : bj::value(nullptr);
  if (!metadata.contains("ruleChainConnections")) metadata["ruleChainConnections"] = nullptr;
  return Status::ok();
}

Result<std::optional<storage::EntityRecord>> stored_record(storage::EntityStore& store,
                                                           const Uuid& chain_id) {
  return store.find_by_unique_key2(RecordKind::kRuleChainMetadata, chain_id.to_string());
}

}  // namespace

bj::object default_root_chain_metadata() {
  const bj::object log_configuration{{"scriptLang", "JS"}, {"jsScript", kLogScript}};
  bj::array nodes{
      node("profile.TbDeviceProfileNode", "Device Profile Node",
           {{"persistAlarmRulesState", false}, {"fetchAlarmRulesStateOnStart", false}}, 204, 240),
      node("telemetry.TbMsgTimeseriesNode", "Save Timeseries", {{"defaultTTL", 0}}, 824, 52),
      node("telemetry.TbMsgAttributesNode", "Save Client Attributes",
           {{"scope", "CLIENT_SCOPE"}, {"notifyDevice", false}}, 824, 132),
      node("filter.TbMsgTypeSwitchNode", "Message Type Switch", {{"version", 0}}, 347, 149),
      node("action.TbLogNode", "Log RPC from Device", log_configuration, 825, 266),
      node("action.TbLogNode", "Log Other", log_configuration, 824, 340),
      node("rpc.TbSendRPCRequestNode", "RPC Call Request", {{"timeoutInSeconds", 60}}, 824, 414)};
  bj::array connections{
      connection(0, 3, "Success"),         connection(3, 1, "Post telemetry"),
      connection(3, 2, "Post attributes"), connection(3, 4, "RPC Request from Device"),
      connection(3, 5, "Other"),           connection(3, 6, "RPC Request to Device")};
  return {{"firstNodeIndex", 0},
          {"nodes", std::move(nodes)},
          {"connections", std::move(connections)},
          {"ruleChainConnections", nullptr}};
}

Result<bj::object> write_rule_chain_metadata(storage::EntityStore& store,
                                             const storage::EntityRecord& chain,
                                             bj::object metadata, std::int64_t now_ms) {
  PS_RETURN_IF_ERROR(normalise(metadata, chain.id));
  auto existing = stored_record(store, chain.id);
  if (!existing) return existing.status();
  storage::EntityRecord record;
  if (existing->has_value()) {
    record = std::move(**existing);
  } else {
    record.kind = RecordKind::kRuleChainMetadata;
    record.id = Uuid::random();
    record.created_time = now_ms;
    record.tenant_id = chain.tenant_id;
    record.parent_id = chain.id;
    record.unique_key2 = chain.id.to_string();
  }
  record.name = chain.name;
  record.body = json::serialize(metadata);
  PS_RETURN_IF_ERROR(existing->has_value() ? store.update(record) : store.insert(record));
  return metadata;
}

Result<bj::object> RuleChainMetadataService::get(const auth::SecurityUser& user,
                                                 const Uuid& chain_id) {
  auto chain = entities_.get_record(user, RecordKind::kRuleChain, chain_id);
  if (!chain) return chain.status();
  auto stored = load(chain_id);
  if (!stored) return stored.status();
  if (stored->has_value()) return std::move(**stored);
  // Chains made before chains had metadata: a root one runs the default chain (as the engine
  // does), any other is empty.
  bj::object metadata = has_flag(*chain, "root")
                            ? default_root_chain_metadata()
                            : bj::object{{"nodes", bj::array{}}, {"connections", bj::array{}}};
  PS_RETURN_IF_ERROR(normalise(metadata, chain_id));
  return metadata;
}

Result<bj::object> RuleChainMetadataService::save(const auth::SecurityUser& user,
                                                  const bj::object& body) {
  const auto* id_value = body.if_contains("ruleChainId");
  auto chain_id = id_value != nullptr ? model::parse_entity_id(*id_value) : std::nullopt;
  if (!chain_id) return bad("Rule chain metadata needs a 'ruleChainId'");
  auto chain = entities_.get_record_for_write(user, RecordKind::kRuleChain, chain_id->id);
  if (!chain) return chain.status();
  Result<bj::object> saved = Status();
  Status written = entities_.store().transaction([&](storage::EntityStore& store) {
    saved = write_rule_chain_metadata(store, *chain, body, entities_.clock().now_ms());
    return saved.status();
  });
  if (!written) return written;
  return saved;
}

Result<std::optional<bj::object>> RuleChainMetadataService::load(const Uuid& chain_id) {
  auto record = stored_record(entities_.store(), chain_id);
  if (!record) return record.status();
  if (!record->has_value()) return std::optional<bj::object>();
  auto body = json::parse_object((*record)->body);
  if (!body) return body.status();
  return std::optional<bj::object>(std::move(*body));
}

}  // namespace pacificsoft::entities
