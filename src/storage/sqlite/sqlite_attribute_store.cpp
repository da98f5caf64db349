// Attribute upserts and removals as writer jobs; lookups on pooled read connections.
#include "storage/sqlite/sqlite_attribute_store.h"

#include <algorithm>

#include "storage/sqlite/internal/kv_codec.h"
#include "storage/sqlite/internal/telemetry_dict.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::sqlite {
namespace {

using model::AttributeKv;

constexpr const char* kUpsert =
    "INSERT OR REPLACE INTO attribute_kv (entity_id, scope, key_id, type, v, last_update_ts) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kFindAll =
    "SELECT k.key, a.type, a.v, a.last_update_ts FROM attribute_kv a "
    "JOIN ts_key k ON k.id = a.key_id WHERE a.entity_id = ?1 AND a.scope = ?2 ORDER BY k.key";
constexpr const char* kFindOne =
    "SELECT type, v, last_update_ts FROM attribute_kv "
    "WHERE entity_id = ?1 AND scope = ?2 AND key_id = ?3";
constexpr const char* kKeysAll =
    "SELECT DISTINCT k.key FROM attribute_kv a JOIN ts_key k ON k.id = a.key_id "
    "WHERE a.entity_id = ?1 ORDER BY k.key";
constexpr const char* kKeysOfScope =
    "SELECT k.key FROM attribute_kv a JOIN ts_key k ON k.id = a.key_id "
    "WHERE a.entity_id = ?1 AND a.scope = ?2 ORDER BY k.key";
constexpr const char* kDelete =
    "DELETE FROM attribute_kv WHERE entity_id = ?1 AND scope = ?2 AND key_id = ?3";

Status write_attributes(TelemetryDb& telemetry, SqliteDb& db, const model::EntityId& entity,
                        model::AttributeScope scope, const std::vector<AttributeKv>& attributes) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  if (attributes.empty()) return Status::ok();
  PS_RETURN_IF_ERROR(check_items(attributes, telemetry.options().max_value_bytes));
  auto entity_id = telemetry.dict().writer_entity(db, entity, true);
  if (!entity_id) return entity_id.status();
  for (const auto& attribute : attributes) {
    auto key_id = telemetry.dict().writer_key(db, attribute.key, true);
    if (!key_id) return key_id.status();
    auto stmt = db.prepare(kUpsert);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, **entity_id).bind(2, *scope_id).bind(3, **key_id);
    bind_value(**stmt, 4, attribute.value);
    (*stmt)->bind(6, attribute.last_update_ts);
    PS_RETURN_IF_ERROR((*stmt)->run());
  }
  return Status::ok();
}

Status remove_attributes(TelemetryDb& telemetry, SqliteDb& db, const model::EntityId& entity,
                         std::int64_t scope_id, const std::vector<std::string>& keys) {
  auto entity_id = telemetry.dict().writer_entity(db, entity, false);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return Status::ok();
  for (const auto& key : keys) {
    auto key_id = telemetry.dict().writer_key(db, key, false);
    if (!key_id) return key_id.status();
    if (!*key_id) continue;
    auto stmt = db.prepare(kDelete);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, **entity_id).bind(2, scope_id).bind(3, **key_id);
    PS_RETURN_IF_ERROR((*stmt)->run());
  }
  return Status::ok();
}

// Appends the attribute `key` whose type, v and last_update_ts start at column `first`.
Status read_attribute(const Statement& stmt, int first, std::string key,
                      std::vector<AttributeKv>& out) {
  auto value = read_value(stmt, first);
  if (!value) return value.status();
  out.push_back(AttributeKv{std::move(key), std::move(*value), stmt.column_int(first + 2)});
  return Status::ok();
}

}  // namespace

void SqliteAttributeStore::save(const model::EntityId& entity, model::AttributeScope scope,
                                std::vector<AttributeKv> attributes, WriteDone done) {
  std::size_t count = attributes.size();
  TelemetryDb* telemetry = db_.get();  // owns the writer, so outlives the job
  db_->submit(
      [telemetry, entity, scope, attributes = std::move(attributes)](SqliteDb& db) {
        return write_attributes(*telemetry, db, entity, scope, attributes);
      },
      count, std::move(done));
}

Result<std::vector<AttributeKv>> SqliteAttributeStore::find(const model::EntityId& entity,
                                                            model::AttributeScope scope,
                                                            const std::vector<std::string>& keys) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  auto lease = db_->read();
  if (!lease) return lease.status();
  SqliteDb& db = lease->db();
  std::vector<AttributeKv> found;
  auto entity_id = db_->dict().find_entity(db, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return found;
  if (keys.empty()) {
    auto stmt = db.prepare(kFindAll);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, **entity_id).bind(2, *scope_id);
    for (;;) {
      auto row = (*stmt)->step();
      if (!row) return row.status();
      if (!*row) return found;
      PS_RETURN_IF_ERROR(read_attribute(**stmt, 1, (*stmt)->column_text(0), found));
    }
  }
  PS_RETURN_IF_ERROR(db_->dict().for_each_known_key(
      db, keys, [&](std::int64_t key_id, const std::string& key) -> Status {
        auto stmt = db.prepare(kFindOne);
        if (!stmt) return stmt.status();
        (*stmt)->bind(1, **entity_id).bind(2, *scope_id).bind(3, key_id);
        auto row = (*stmt)->step();
        if (!row) return row.status();
        return *row ? read_attribute(**stmt, 0, key, found) : Status::ok();
      }));
  return found;
}

Result<std::vector<std::string>> SqliteAttributeStore::keys(
    const model::EntityId& entity, std::optional<model::AttributeScope> scope) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  auto lease = db_->read();
  if (!lease) return lease.status();
  std::vector<std::string> names;
  auto entity_id = db_->dict().find_entity(lease->db(), entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return names;
  auto stmt = lease->db().prepare(scope ? kKeysOfScope : kKeysAll);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, **entity_id);
  if (*scope_id) (*stmt)->bind(2, **scope_id);
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return row.status();
    if (!*row) return names;
    names.push_back((*stmt)->column_text(0));
  }
}

Status SqliteAttributeStore::remove(const model::EntityId& entity, model::AttributeScope scope,
                                    const std::vector<std::string>& keys) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  if (keys.empty()) return Status::ok();
  TelemetryDb* telemetry = db_.get();
  std::int64_t number = *scope_id;
  return db_->run([telemetry, &entity, number, &keys](SqliteDb& db) {
    return remove_attributes(*telemetry, db, entity, number, keys);
  });
}

}  // namespace pacificsoft::storage::sqlite
