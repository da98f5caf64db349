// The key and entity dictionaries as the writer's transaction uses them: new rows go in with that
// transaction, many in one statement. Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/entity_type.h"
#include "storage/postgres/internal/pg_kv_codec.h"
#include "storage/telemetry_dict_cache.h"

namespace pacificsoft::storage::postgres {

class PgConnection;
class PgTelemetryDict;

// Writer thread only, on the writer's connection inside its open transaction. The ids that
// transaction inserted or looked up are pending until end_transaction: published to the shared
// cache once it committed, forgotten when it rolled back, so nothing ever caches an id whose row
// was not committed. Concurrent writers (other nodes) meet on the tables' unique constraints
// (INSERT ... ON CONFLICT DO NOTHING RETURNING), never on in-process state.
class PgDictWriter {
 public:
  explicit PgDictWriter(PgTelemetryDict& dict) : dict_(dict) {}

  // The ids of `keys`, in order, inserting the new ones: one statement for all the keys neither
  // cached nor pending.
  Result<std::vector<std::int64_t>> keys(PgConnection& conn,
                                         const std::vector<std::string_view>& keys);

  // The entity's id when cached, else a stand-in (negative, the same one for the whole
  // transaction) that resolve() gives an id: the new entities of a whole batch then cost one
  // statement together instead of one each.
  std::int64_t entity_ref(const model::EntityId& entity);
  // Finds or inserts every entity whose stand-in has no id yet.
  Status resolve(PgConnection& conn);
  // The id of an entity_ref() answer, once resolve() ran after it.
  std::int64_t id_of(std::int64_t ref) const;
  // The entity's id now, inserting the row when new.
  Result<std::int64_t> entity(PgConnection& conn, const model::EntityId& entity);

  // For removals, which insert nothing (but resolve the pending stand-ins): the id when the row
  // exists, committed or inserted by this transaction; nullopt when it does not.
  Result<std::optional<std::int64_t>> find_entity(PgConnection& conn,
                                                  const model::EntityId& entity);
  // The distinct keys of `keys` that exist so, in order, with their ids.
  Result<KnownKeys> known_keys(PgConnection& conn, const std::vector<std::string>& keys);

  // After every writer transaction.
  void end_transaction(bool committed);

 private:
  struct NewEntity {
    model::EntityId entity;
    std::int64_t id = 0;  // 0 until resolved (ids start at 1)
  };

  std::optional<std::int64_t> cached_or_pending_key(std::string_view key);
  Result<std::optional<std::int64_t>> find_key(PgConnection& conn, const std::string& key);

  PgTelemetryDict& dict_;
  KeyIdMap keys_;                        // looked up or inserted by this transaction
  EntityIdMap refs_;                     // entity -> stand-in: -1 - its index in new_entities_
  std::vector<NewEntity> new_entities_;  // entities not cached when first seen
  std::size_t resolved_ = 0;             // new_entities_ before this index have their id
};

}  // namespace pacificsoft::storage::postgres
