// Entity types with the reference platform's names ("DEVICE", "TENANT", ...) and entity ids,
// whose JSON form is {"entityType": "DEVICE", "id": "<uuid>"}.
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"
#include "common/uuid.h"

namespace pacificsoft::model {

enum class EntityType {
  kTenant,
  kTenantProfile,
  kCustomer,
  kUser,
  kDevice,
  kDeviceProfile,
  kAsset,
  kAssetProfile,
  kDashboard,
  kRuleChain,
  kRuleNode,
  kAlarm,
  kEntityView,
};

// The reference name, e.g. "DEVICE_PROFILE".
std::string_view entity_type_name(EntityType type);
// Exact, case-sensitive, as the reference's EntityType.valueOf.
std::optional<EntityType> parse_entity_type(std::string_view name);

struct EntityId {
  EntityType type = EntityType::kTenant;
  Uuid id;

  bool operator==(const EntityId&) const = default;
};

boost::json::object entity_id_json(EntityType type, const Uuid& id);
// Reads {"entityType", "id"}; nullopt when either is missing or malformed.
std::optional<EntityId> parse_entity_id(const boost::json::value& value);

}  // namespace pacificsoft::model
