// The key and entity dictionaries of the telemetry file: key text and (entity type, uuid) to
// small integer ids, cached in memory. Format: docs/formats/timeseries_store.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "model/entity_type.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

// Lets the caches be searched by string_view without building a std::string.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view key) const noexcept {
    return std::hash<std::string_view>()(key);
  }
};
using KeyMap = std::unordered_map<std::string, std::int64_t, KeyHash, std::equal_to<>>;

struct EntityIdHash {
  std::size_t operator()(const model::EntityId& id) const noexcept {
    return std::hash<Uuid>()(id.id) * 31 + static_cast<std::size_t>(id.type);
  }
};

// Thread-safety: find_* may be called from any thread with that thread's read connection;
// writer_* and end_transaction only from the writer thread, with the write connection.
class TelemetryDict {
 public:
  // The id when the key or entity exists in committed data; nullopt when it does not.
  Result<std::optional<std::int64_t>> find_key(SqliteDb& reader, std::string_view key);
  // Calls `visit` with the id of each distinct key of `keys` that has one (keys never stored are
  // skipped), in order, until it returns an error.
  Status for_each_known_key(
      SqliteDb& reader, const std::vector<std::string>& keys,
      const std::function<Status(std::int64_t key_id, const std::string& key)>& visit);
  Result<std::optional<std::int64_t>> find_entity(SqliteDb& reader, const model::EntityId& entity);

  // Inside the writer's transaction: the id, inserting the row when `create` and new (the new
  // id is pending until end_transaction(true)); nullopt when absent and not `create`.
  Result<std::optional<std::int64_t>> writer_key(SqliteDb& writer, std::string_view key,
                                                 bool create);
  Result<std::optional<std::int64_t>> writer_entity(SqliteDb& writer, const model::EntityId& entity,
                                                    bool create);
  // After every writer transaction: publishes (committed) or forgets the pending ids.
  void end_transaction(bool committed);

 private:
  std::optional<std::int64_t> cached_key(std::string_view key);
  std::optional<std::int64_t> cached_entity(const model::EntityId& entity);

  std::mutex mutex_;
  KeyMap keys_;                                                               // guarded by mutex_
  std::unordered_map<model::EntityId, std::int64_t, EntityIdHash> entities_;  // guarded by mutex_
  // Inserted by the open transaction; writer thread only, so unguarded.
  KeyMap pending_keys_;
  std::unordered_map<model::EntityId, std::int64_t, EntityIdHash> pending_entities_;
};

}  // namespace pacificsoft::storage::sqlite
