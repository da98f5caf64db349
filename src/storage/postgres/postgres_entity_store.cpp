// Pooled connections around PgEntityOps: reads on any connection, writes in locked transactions.
#include "storage/postgres/postgres_entity_store.h"

#include "storage/postgres/internal/pg_entity_ops.h"
#include "storage/postgres/internal/pg_schema.h"
#include "storage/postgres/pg_pool.h"

namespace pacificsoft::storage::postgres {
namespace {

// Serialises entity writes across every node sharing the database: the bytes of "psentity".
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(8102931679643530361)";

}  // namespace

Result<std::unique_ptr<PostgresEntityStore>> PostgresEntityStore::open(
    const PostgresOptions& options) {
  if (options.pool_size <= 0) return invalid_argument("PostgreSQL pool size must be positive");
  auto pool = std::make_unique<PgPool>(PgPoolOptions{options.url, options.pool_size});
  {
    auto conn = pool->acquire();
    if (!conn) return conn.status();
    PS_RETURN_IF_ERROR(migrate(**conn, "entities", PgEntityOps::schema_steps()));
  }
  return std::unique_ptr<PostgresEntityStore>(new PostgresEntityStore(std::move(pool)));
}

PostgresEntityStore::PostgresEntityStore(std::unique_ptr<PgPool> pool) : pool_(std::move(pool)) {}

PostgresEntityStore::~PostgresEntityStore() = default;

template <typename T>
Result<T> PostgresEntityStore::read(const std::function<Result<T>(EntityStore& ops)>& query) {
  auto conn = pool_->acquire();
  if (!conn) return conn.status();
  PgEntityOps ops(**conn);
  return query(ops);
}

Status PostgresEntityStore::insert(const EntityRecord& record) {
  return transaction([&](EntityStore& store) { return store.insert(record); });
}

Status PostgresEntityStore::update(const EntityRecord& record) {
  return transaction([&](EntityStore& store) { return store.update(record); });
}

Result<std::optional<EntityRecord>> PostgresEntityStore::get(RecordKind kind, const Uuid& id) {
  return read<std::optional<EntityRecord>>([&](EntityStore& ops) { return ops.get(kind, id); });
}

Result<std::optional<EntityRecord>> PostgresEntityStore::find_by_unique_key(RecordKind kind,
                                                                            std::string_view key) {
  return read<std::optional<EntityRecord>>(
      [&](EntityStore& ops) { return ops.find_by_unique_key(kind, key); });
}

Result<std::optional<EntityRecord>> PostgresEntityStore::find_by_unique_key2(RecordKind kind,
                                                                             std::string_view key) {
  return read<std::optional<EntityRecord>>(
      [&](EntityStore& ops) { return ops.find_by_unique_key2(kind, key); });
}

Result<RecordPage> PostgresEntityStore::list(const RecordQuery& query) {
  return read<RecordPage>([&](EntityStore& ops) { return ops.list(query); });
}

Status PostgresEntityStore::remove(RecordKind kind, const Uuid& id) {
  return transaction([&](EntityStore& store) { return store.remove(kind, id); });
}

Status PostgresEntityStore::remove_tenant_records(const Uuid& tenant_id) {
  return transaction([&](EntityStore& store) { return store.remove_tenant_records(tenant_id); });
}

Status PostgresEntityStore::save_relation(const RelationRecord& relation) {
  return transaction([&](EntityStore& store) { return store.save_relation(relation); });
}

Status PostgresEntityStore::delete_relation(const RelationRecord& relation) {
  return transaction([&](EntityStore& store) { return store.delete_relation(relation); });
}

Status PostgresEntityStore::delete_relations_of(const model::EntityId& entity) {
  return transaction([&](EntityStore& store) { return store.delete_relations_of(entity); });
}

Result<std::vector<RelationRecord>> PostgresEntityStore::find_relations(
    const RelationQuery& query) {
  return read<std::vector<RelationRecord>>(
      [&](EntityStore& ops) { return ops.find_relations(query); });
}

Status PostgresEntityStore::transaction(const std::function<Status(EntityStore& store)>& work) {
  auto conn = pool_->acquire();
  if (!conn) return conn.status();
  PS_RETURN_IF_ERROR((*conn)->exec_script(kBeginWrite));
  PgEntityOps ops(**conn);
  Status status = work(ops);
  if (status) {
    status = (*conn)->exec_script("COMMIT");
    if (!status && !(*conn)->is_open()) {
      return {ErrorCode::kUnavailable,
              status.message() +
                  " (the connection was lost during COMMIT: the change may or may "
                  "not be stored)"};
    }
  }
  // Also after a failed COMMIT; a connection the ROLLBACK cannot clean is dropped by the pool.
  if (!status) (void)(*conn)->exec_script("ROLLBACK");
  return status;
}

}  // namespace pacificsoft::storage::postgres
