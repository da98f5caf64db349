// Entity type names and entity id JSON.
#include "model/entity_type.h"

#include <array>
#include <utility>

namespace pacificsoft::model {
namespace {

constexpr std::array<std::pair<EntityType, std::string_view>, 13> kNames{{
    {EntityType::kTenant, "TENANT"},
    {EntityType::kTenantProfile, "TENANT_PROFILE"},
    {EntityType::kCustomer, "CUSTOMER"},
    {EntityType::kUser, "USER"},
    {EntityType::kDevice, "DEVICE"},
    {EntityType::kDeviceProfile, "DEVICE_PROFILE"},
    {EntityType::kAsset, "ASSET"},
    {EntityType::kAssetProfile, "ASSET_PROFILE"},
    {EntityType::kDashboard, "DASHBOARD"},
    {EntityType::kRuleChain, "RULE_CHAIN"},
    {EntityType::kRuleNode, "RULE_NODE"},
    {EntityType::kAlarm, "ALARM"},
    {EntityType::kEntityView, "ENTITY_VIEW"},
}};

}  // namespace

std::string_view entity_type_name(EntityType type) {
  for (const auto& [value, name] : kNames) {
    if (value == type) return name;
  }
  return "UNKNOWN";
}

std::optional<EntityType> parse_entity_type(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

boost::json::object entity_id_json(EntityType type, const Uuid& id) {
  return {{"entityType", entity_type_name(type)}, {"id", id.to_string()}};
}

std::optional<EntityId> parse_entity_id(const boost::json::value& value) {
  const auto* object = value.if_object();
  if (object == nullptr) return std::nullopt;
  auto type_name = json::get_string(*object, "entityType");
  auto id_text = json::get_string(*object, "id");
  if (!type_name || !id_text) return std::nullopt;
  auto type = parse_entity_type(*type_name);
  auto id = Uuid::parse(*id_text);
  if (!type || !id) return std::nullopt;
  return EntityId{*type, *id};
}

}  // namespace pacificsoft::model
