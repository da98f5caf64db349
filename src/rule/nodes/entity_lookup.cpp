#include "rule/nodes/entity_lookup.h"

#include "common/text.h"
#include "rule/nodes/node_support.h"

namespace pacificsoft::rule {
namespace {

using model::EntityType;
using storage::RecordKind;

Status entity_not_found(const model::EntityId& entity) {
  return not_found(std::string(model::entity_type_name(entity.type)) + " " + entity.id.to_string() +
                   " not found");
}

}  // namespace

auth::SecurityUser tenant_actor(const Uuid& tenant_id) {
  auth::SecurityUser actor;
  actor.authority = model::Authority::kTenantAdmin;
  actor.tenant_id = tenant_id;
  actor.email = "rule-engine";
  return actor;
}

Result<storage::EntityRecord> tenant_record(NodeServices& services, const Uuid& tenant_id,
                                            const model::EntityId& entity) {
  auto kind = entities::record_kind_of(entity.type);
  if (!kind) return entity_not_found(entity);
  auto stored = services.entities.find_record(*kind, entity.id);
  if (!stored) return stored.status();
  // A tenant's own record is owned by nobody; every other record by its tenant.
  const bool owned = stored->has_value() &&
                     (entity.type == EntityType::kTenant ? (*stored)->id == tenant_id
                                                         : (*stored)->tenant_id == tenant_id);
  if (!owned) return entity_not_found(entity);
  return std::move(**stored);
}

std::optional<std::string> entity_field(const storage::EntityRecord& record,
                                        std::string_view field) {
  if (field == "id") return record.id.to_string();
  if (field == "createdTime") return std::to_string(record.created_time);
  if (field == "name") return record.name;
  if (field == "type") return record.type;
  if (field == "label") return record.label;
  auto body = json::parse_object(record.body);
  const auto* value = body ? body->if_contains(field) : nullptr;
  if (value == nullptr || value->is_null()) return std::nullopt;
  return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

Result<model::EntityId> customer_of(NodeServices& services, const Uuid& tenant_id,
                                    const model::EntityId& entity) {
  if (entity.type != EntityType::kCustomer && entity.type != EntityType::kDevice &&
      entity.type != EntityType::kAsset && entity.type != EntityType::kUser) {
    return invalid_argument("Unexpected originator EntityType: " +
                            std::string(model::entity_type_name(entity.type)));
  }
  auto record = tenant_record(services, tenant_id, entity);
  if (!record) return record.status();
  if (entity.type == EntityType::kCustomer) return entity;
  if (record->customer_id.is_null()) {
    return not_found(std::string(model::entity_type_name(entity.type)) + " " +
                     entity.id.to_string() + " is not assigned to a customer");
  }
  return model::EntityId{EntityType::kCustomer, record->customer_id};
}

Result<entities::RelationSearch> parse_relations_query(const bj::object& configuration) {
  const auto* query = json::get_object(configuration, "relationsQuery");
  if (query == nullptr) return invalid_argument("'relationsQuery' is required");
  entities::RelationSearch search;
  auto direction = json::get_string(*query, "direction").value_or("FROM");
  if (direction != "FROM" && direction != "TO") {
    return invalid_argument("relationsQuery direction must be FROM or TO");
  }
  search.outgoing = direction == "FROM";
  search.max_level = static_cast<int>(json::get_int(*query, "maxLevel").value_or(1));
  search.fetch_last_level_only = json::get_bool(*query, "fetchLastLevelOnly").value_or(false);
  const auto* filters = query->if_contains("filters");
  if (filters == nullptr || !filters->is_array()) return search;
  for (const auto& value : filters->as_array()) {
    const auto* filter = value.if_object();
    if (filter == nullptr) continue;
    entities::RelationSearch::Filter parsed;
    parsed.relation_type = json::get_string(*filter, "relationType").value_or("");
    for (const auto& name : config_strings(*filter, "entityTypes")) {
      auto type = model::parse_entity_type(name);
      if (!type) return invalid_argument("unknown entity type in relationsQuery: " + name);
      parsed.entity_types.push_back(*type);
    }
    search.filters.push_back(std::move(parsed));
  }
  return search;
}

Result<model::EntityId> first_related(NodeServices& services, const Uuid& tenant_id,
                                      entities::RelationSearch search,
                                      const model::EntityId& root) {
  // The relation service checks the root with the entity kinds, which alarms do not have.
  if (root.type == EntityType::kAlarm) return invalid_argument("relations of alarms are not kept");
  search.root = root;
  const bool outgoing = search.outgoing;
  auto found = services.relations.search(tenant_actor(tenant_id), search, false);
  if (!found) return found.status();
  for (const auto& relation : *found) {
    const auto* end = relation.as_object().if_contains(outgoing ? "to" : "from");
    auto id = end != nullptr ? model::parse_entity_id(*end) : std::nullopt;
    if (id) return *id;
  }
  return not_found(
      "Failed to find related entity to message originator using relation query specified in the "
      "configuration!");
}

bool named_lookup_supported(EntityType type) {
  return type == EntityType::kDevice || type == EntityType::kAsset ||
         type == EntityType::kCustomer || type == EntityType::kUser;
}

Result<model::EntityId> entity_by_name(NodeServices& services, const Uuid& tenant_id,
                                       EntityType type, const std::string& name) {
  auto kind = entities::record_kind_of(type);
  if (!kind || !named_lookup_supported(type)) {
    return invalid_argument("entities of type " + std::string(model::entity_type_name(type)) +
                            " cannot be found by name");
  }
  // Users are unique by e-mail over all tenants; the others by name within their tenant.
  const std::string key =
      type == EntityType::kUser ? lower_ascii(name) : entities::tenant_scoped_key(tenant_id, name);
  auto stored = services.entities.find_record_by_key(*kind, key);
  if (!stored) return stored.status();
  if (!stored->has_value() || (*stored)->tenant_id != tenant_id) {
    return not_found("Failed to find " + std::string(model::entity_type_name(type)) +
                     " with name '" + name + "'!");
  }
  return model::EntityId{type, (*stored)->id};
}

}  // namespace pacificsoft::rule
