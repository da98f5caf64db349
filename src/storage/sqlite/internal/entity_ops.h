// The entity store's SQL, without locking: SqliteEntityStore runs it under its mutex, and hands
// it to transaction() work as the store to use inside the transaction.
#pragma once

#include "storage/entity_store.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {

// Not thread-safe; owned and serialised by SqliteEntityStore.
class EntityOps final : public EntityStore {
 public:
  explicit EntityOps(SqliteDb& db) : db_(db) {}

  static const std::vector<std::string_view>& schema_steps();

  Status insert(const EntityRecord& record) override;
  Status update(const EntityRecord& record) override;
  Result<std::optional<EntityRecord>> get(RecordKind kind, const Uuid& id) override;
  Result<std::optional<EntityRecord>> find_by_unique_key(RecordKind kind,
                                                         std::string_view key) override;
  Result<std::optional<EntityRecord>> find_by_unique_key2(RecordKind kind,
                                                          std::string_view key) override;
  Result<RecordPage> list(const RecordQuery& query) override;
  Status remove(RecordKind kind, const Uuid& id) override;
  Status remove_tenant_records(const Uuid& tenant_id) override;
  Status save_relation(const RelationRecord& relation) override;
  Status delete_relation(const RelationRecord& relation) override;
  Status delete_relations_of(const model::EntityId& entity) override;
  Result<std::vector<RelationRecord>> find_relations(const RelationQuery& query) override;
  // Already inside the caller's transaction: runs the work inline.
  Status transaction(const std::function<Status(EntityStore& store)>& work) override;

 private:
  Result<std::optional<EntityRecord>> find_one(const std::string& sql, RecordKind kind,
                                               const std::function<void(Statement&)>& bind);

  SqliteDb& db_;
};

}  // namespace pacificsoft::storage::sqlite
