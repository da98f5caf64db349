// The key and entity dictionaries of the telemetry file: key text and (entity type, uuid) to
// small integer ids, cached in memory. Format: docs/formats/timeseries_store.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/entity_type.h"
#include "storage/telemetry_dict_cache.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

// Thread-safety: find_* may be called from any thread with that thread's read connection;
// writer_* and end_transaction only from the writer thread, with the write connection.
class TelemetryDict {
 public:
  // The id when the key or entity exists in committed data; nullopt when it does not.
  Result<std::optional<std::int64_t>> find_key(SqliteDb& reader, std::string_view key);
  // storage::for_each_known_key over find_key.
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
  DictCache cache_;
  // Inserted by the open transaction; writer thread only, so unguarded.
  KeyIdMap pending_keys_;
  EntityIdMap pending_entities_;
};

}  // namespace pacificsoft::storage::sqlite
