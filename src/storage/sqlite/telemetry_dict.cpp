// Key and entity dictionaries: cache first, then the file; new ids become visible to readers
// only once the transaction that inserted them committed.
#include "storage/sqlite/internal/telemetry_dict.h"

#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {
namespace {

constexpr const char* kSelectKey = "SELECT id FROM ts_key WHERE key = ?1";
constexpr const char* kInsertKey = "INSERT INTO ts_key (key) VALUES (?1) RETURNING id";
constexpr const char* kSelectEntity = "SELECT id FROM ts_entity WHERE uuid = ?1 AND type = ?2";
constexpr const char* kInsertEntity =
    "INSERT INTO ts_entity (uuid, type) VALUES (?1, ?2) RETURNING id";

// Runs a statement that answers at most one id.
Result<std::optional<std::int64_t>> one_id(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt.column_int(0));
}

Result<std::optional<std::int64_t>> select_key(SqliteDb& db, std::string_view key,
                                               const char* sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, key);
  return one_id(**stmt);
}

Result<std::optional<std::int64_t>> select_entity(SqliteDb& db, const model::EntityId& entity,
                                                  const char* sql) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, entity.id).bind(2, model::entity_type_name(entity.type));
  return one_id(**stmt);
}

}  // namespace

Result<std::optional<std::int64_t>> TelemetryDict::find_key(SqliteDb& reader,
                                                            std::string_view key) {
  if (auto id = cache_.key(key)) return id;
  auto id = select_key(reader, key, kSelectKey);
  // A read connection sees committed rows only, so what it found may be cached.
  if (id && *id) cache_.add_key(key, **id);
  return id;
}

Status TelemetryDict::for_each_known_key(
    SqliteDb& reader, const std::vector<std::string>& keys,
    const std::function<Status(std::int64_t key_id, const std::string& key)>& visit) {
  return storage::for_each_known_key(
      keys, [&](const std::string& key) { return find_key(reader, key); }, visit);
}

Result<std::optional<std::int64_t>> TelemetryDict::find_entity(SqliteDb& reader,
                                                               const model::EntityId& entity) {
  if (auto id = cache_.entity(entity)) return id;
  auto id = select_entity(reader, entity, kSelectEntity);
  if (id && *id) cache_.add_entity(entity, **id);
  return id;
}

Result<std::optional<std::int64_t>> TelemetryDict::writer_key(SqliteDb& writer,
                                                              std::string_view key, bool create) {
  if (auto id = cache_.key(key)) return id;
  if (auto pending = pending_keys_.find(key); pending != pending_keys_.end()) {
    return std::optional(pending->second);
  }
  // Not pending, so a row found here was committed by an earlier transaction.
  auto id = select_key(writer, key, kSelectKey);
  if (!id) return id;
  if (*id) {
    cache_.add_key(key, **id);
    return id;
  }
  if (!create) return id;
  id = select_key(writer, key, kInsertKey);
  if (id && *id) pending_keys_.emplace(std::string(key), **id);
  return id;
}

Result<std::optional<std::int64_t>> TelemetryDict::writer_entity(SqliteDb& writer,
                                                                 const model::EntityId& entity,
                                                                 bool create) {
  if (auto id = cache_.entity(entity)) return id;
  if (auto pending = pending_entities_.find(entity); pending != pending_entities_.end()) {
    return std::optional(pending->second);
  }
  auto id = select_entity(writer, entity, kSelectEntity);
  if (!id) return id;
  if (*id) {
    cache_.add_entity(entity, **id);
    return id;
  }
  if (!create) return id;
  id = select_entity(writer, entity, kInsertEntity);
  if (id && *id) pending_entities_.emplace(entity, **id);
  return id;
}

void TelemetryDict::end_transaction(bool committed) {
  if (committed) cache_.merge(pending_keys_, pending_entities_);
  pending_keys_.clear();
  pending_entities_.clear();
}

}  // namespace pacificsoft::storage::sqlite
