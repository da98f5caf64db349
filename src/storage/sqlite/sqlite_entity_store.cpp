// The locked face of EntityOps, and transactions.
#include "storage/sqlite/sqlite_entity_store.h"

#include "storage/sqlite/internal/entity_ops.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {

Result<std::unique_ptr<SqliteEntityStore>> SqliteEntityStore::open(const std::string& path) {
  auto db = SqliteDb::open(path, "FULL");
  if (!db) return db.status();
  PS_RETURN_IF_ERROR(migrate(**db, "entities", EntityOps::schema_steps()));
  auto ops = std::make_unique<EntityOps>(**db);
  return std::unique_ptr<SqliteEntityStore>(new SqliteEntityStore(std::move(*db), std::move(ops)));
}

SqliteEntityStore::SqliteEntityStore(std::unique_ptr<SqliteDb> db, std::unique_ptr<EntityOps> ops)
    : db_(std::move(db)), ops_(std::move(ops)) {}

SqliteEntityStore::~SqliteEntityStore() {
  ops_.reset();
  db_.reset();
}

Status SqliteEntityStore::insert(const EntityRecord& record) {
  std::lock_guard lock(mutex_);
  return ops_->insert(record);
}

Status SqliteEntityStore::update(const EntityRecord& record) {
  std::lock_guard lock(mutex_);
  return ops_->update(record);
}

Result<std::optional<EntityRecord>> SqliteEntityStore::get(RecordKind kind, const Uuid& id) {
  std::lock_guard lock(mutex_);
  return ops_->get(kind, id);
}

Result<std::optional<EntityRecord>> SqliteEntityStore::find_by_unique_key(RecordKind kind,
                                                                          std::string_view key) {
  std::lock_guard lock(mutex_);
  return ops_->find_by_unique_key(kind, key);
}

Result<std::optional<EntityRecord>> SqliteEntityStore::find_by_unique_key2(RecordKind kind,
                                                                           std::string_view key) {
  std::lock_guard lock(mutex_);
  return ops_->find_by_unique_key2(kind, key);
}

Result<RecordPage> SqliteEntityStore::list(const RecordQuery& query) {
  std::lock_guard lock(mutex_);
  return ops_->list(query);
}

Status SqliteEntityStore::remove(RecordKind kind, const Uuid& id) {
  std::lock_guard lock(mutex_);
  return ops_->remove(kind, id);
}

Status SqliteEntityStore::remove_tenant_records(const Uuid& tenant_id) {
  return transaction([&](EntityStore& store) { return store.remove_tenant_records(tenant_id); });
}

Status SqliteEntityStore::save_relation(const RelationRecord& relation) {
  std::lock_guard lock(mutex_);
  return ops_->save_relation(relation);
}

Status SqliteEntityStore::delete_relation(const RelationRecord& relation) {
  std::lock_guard lock(mutex_);
  return ops_->delete_relation(relation);
}

Status SqliteEntityStore::delete_relations_of(const model::EntityId& entity) {
  std::lock_guard lock(mutex_);
  return ops_->delete_relations_of(entity);
}

Result<std::vector<RelationRecord>> SqliteEntityStore::find_relations(const RelationQuery& query) {
  std::lock_guard lock(mutex_);
  return ops_->find_relations(query);
}

Status SqliteEntityStore::transaction(const std::function<Status(EntityStore& store)>& work) {
  std::lock_guard lock(mutex_);
  PS_RETURN_IF_ERROR(db_->exec("BEGIN IMMEDIATE"));
  Status status = work(*ops_);
  if (status) status = db_->exec("COMMIT");
  // Also after a failed COMMIT (SQLITE_BUSY, disk full): a transaction left open would make every
  // later BEGIN fail.
  if (!status) (void)db_->exec("ROLLBACK");
  return status;
}

}  // namespace pacificsoft::storage::sqlite
