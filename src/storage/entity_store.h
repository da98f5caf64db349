// The entity store seam: tenants, customers, users, devices, profiles, assets, dashboards, rule
// chains, alarms and relations. Backends (sqlite/, postgres/) implement it; only app/ names them.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/entity_record.h"

namespace pacificsoft::storage {

// All methods are thread-safe. Errors: AlreadyExists when an id or unique key is taken,
// NotFound when an updated or removed record is absent, Unavailable/Internal for the backend.
class EntityStore {
 public:
  virtual ~EntityStore() = default;

  virtual Status insert(const EntityRecord& record) = 0;
  // Replaces the record with the same kind and id (created_time is kept as stored).
  virtual Status update(const EntityRecord& record) = 0;
  virtual Result<std::optional<EntityRecord>> get(RecordKind kind, const Uuid& id) = 0;
  virtual Result<std::optional<EntityRecord>> find_by_unique_key(RecordKind kind,
                                                                 std::string_view key) = 0;
  virtual Result<std::optional<EntityRecord>> find_by_unique_key2(RecordKind kind,
                                                                  std::string_view key) = 0;
  virtual Result<RecordPage> list(const RecordQuery& query) = 0;
  virtual Status remove(RecordKind kind, const Uuid& id) = 0;
  // Removes every record (of any kind) of a tenant and the relations that touch them.
  virtual Status remove_tenant_records(const Uuid& tenant_id) = 0;

  // Inserts or replaces the relation with the same from, to, type and type_group.
  virtual Status save_relation(const RelationRecord& relation) = 0;
  // NotFound when no such relation exists.
  virtual Status delete_relation(const RelationRecord& relation) = 0;
  // Removes every relation from or to the entity.
  virtual Status delete_relations_of(const model::EntityId& entity) = 0;
  virtual Result<std::vector<RelationRecord>> find_relations(const RelationQuery& query) = 0;

  // Runs `work` atomically: its calls on `store` commit together when it returns ok, and are
  // rolled back when it returns an error. Other threads' calls wait while it runs.
  virtual Status transaction(const std::function<Status(EntityStore& store)>& work) = 0;
};

}  // namespace pacificsoft::storage
