// The entity store's SQL on one PostgreSQL connection, without pooling or locking:
// PostgresEntityStore runs it on a leased connection, and hands it to transaction() work as the
// store to use inside the transaction.
#pragma once

#include "storage/entity_store.h"
#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {

// Not thread-safe: lives for one call or one transaction on one leased connection.
class PgEntityOps final : public EntityStore {
 public:
  explicit PgEntityOps(PgConnection& conn) : conn_(conn) {}

  static const std::vector<const char*>& schema_steps();

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
  Result<std::optional<EntityRecord>> find_one(RecordKind kind, std::string_view column,
                                               std::string_view value);

  PgConnection& conn_;
};

}  // namespace pacificsoft::storage::postgres
