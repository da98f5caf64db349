// Entities a node reaches from a message: a record and its fields, the customer an entity belongs
// to, the first entity a relation query finds, an entity by name. Always within the message's
// tenant: a chain never sees another tenant's entities. Reads are single index probes on the
// entity store (quick, synchronous); errors keep the store's codes (Unavailable: retry).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "entities/relation_service.h"
#include "rule/rule_node.h"

namespace pacificsoft::rule {

// The entity a node works on, found from the message (its customer, a related entity, ...).
using FindEntity = std::function<Result<model::EntityId>(NodeServices&, const model::Msg&)>;

// An administrator of the tenant: whom the engine acts as when it asks the entity services.
auth::SecurityUser tenant_actor(const Uuid& tenant_id);

// The stored record of an entity of the tenant; NotFound when absent, another tenant's, or of a
// type without records.
Result<storage::EntityRecord> tenant_record(NodeServices& services, const Uuid& tenant_id,
                                            const model::EntityId& entity);

// An entity field by the reference's EntityFieldsData names: id, createdTime, name, type, label,
// or a field of the entity's JSON (title, email, firstName, phone, ...); nullopt when it has none.
// Always text, as the reference answers them.
std::optional<std::string> entity_field(const storage::EntityRecord& record,
                                        std::string_view field);

// The customer an entity is assigned to (a customer itself; a device, asset or user its
// customer); NotFound when there is none.
Result<model::EntityId> customer_of(NodeServices& services, const Uuid& tenant_id,
                                    const model::EntityId& entity);

// The reference's relationsQuery {direction FROM|TO, maxLevel, fetchLastLevelOnly,
// filters[{relationType, entityTypes}]}; the root is set by the caller.
Result<entities::RelationSearch> parse_relations_query(const bj::object& configuration);

// The first entity `search` finds from `root`; NotFound when none.
Result<model::EntityId> first_related(NodeServices& services, const Uuid& tenant_id,
                                      entities::RelationSearch search, const model::EntityId& root);

// The tenant's entity of a type by its unique name (device, asset, customer title, user email).
Result<model::EntityId> entity_by_name(NodeServices& services, const Uuid& tenant_id,
                                       model::EntityType type, const std::string& name);
// Whether entity_by_name can look up a type.
bool named_lookup_supported(model::EntityType type);

}  // namespace pacificsoft::rule
