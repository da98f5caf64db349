// The embedded entity store: one SQLite file (WAL, synchronous=FULL: entity writes are rare and
// must survive a crash). Layout: docs/formats/entity_store.md.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "storage/entity_store.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;
class EntityOps;

// Thread-safe: one connection behind a mutex; transaction() holds it for the whole unit.
class SqliteEntityStore final : public EntityStore {
 public:
  // Opens or creates the file and brings its schema to this binary's version.
  static Result<std::unique_ptr<SqliteEntityStore>> open(const std::string& path);
  ~SqliteEntityStore() override;

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
  Status transaction(const std::function<Status(EntityStore& store)>& work) override;

 private:
  SqliteEntityStore(std::unique_ptr<SqliteDb> db, std::unique_ptr<EntityOps> ops);

  std::mutex mutex_;
  std::unique_ptr<SqliteDb> db_;    // guarded by mutex_
  std::unique_ptr<EntityOps> ops_;  // guarded by mutex_
};

}  // namespace pacificsoft::storage::sqlite
