// The production entity store: PostgreSQL through libpq, a small connection pool, writes
// serialised by an advisory lock. Layout and rules: docs/formats/entity_store_postgres.md.
#pragma once

#include <memory>
#include <string>

#include "storage/entity_store.h"

namespace pacificsoft::storage::postgres {

class PgPool;

struct PostgresOptions {
  std::string url;    // libpq URI ("postgresql://user:password@host:5432/db") or key=value string
  int pool_size = 4;  // connections open at most (> 0)
};

// Thread-safe: each call leases a connection from the pool; transaction() keeps one for the
// whole unit. Calls fail Unavailable while the database is unreachable and reconnect after.
class PostgresEntityStore final : public EntityStore {
 public:
  // Connects, and creates or upgrades the schema. Unavailable when the server cannot be reached.
  static Result<std::unique_ptr<PostgresEntityStore>> open(const PostgresOptions& options);
  ~PostgresEntityStore() override;

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
  explicit PostgresEntityStore(std::unique_ptr<PgPool> pool);

  // Runs a read on a leased connection.
  template <typename T>
  Result<T> read(const std::function<Result<T>(EntityStore& ops)>& query);

  std::unique_ptr<PgPool> pool_;
};

}  // namespace pacificsoft::storage::postgres
