// The key and entity dictionaries of the PostgreSQL telemetry tables: key text and (entity type,
// uuid) to small integer ids, cached in memory. Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstdint>
#include <functional>
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
class PgParams;
class PgResult;

// The distinct keys of `keys` that `find` knows, in order, with their ids.
Result<KnownKeys> collect_known_keys(
    const std::vector<std::string>& keys,
    const std::function<Result<std::optional<std::int64_t>>(const std::string& key)>& find);

// Thread-safe: lookups on a read connection, and the cache of committed ids. Rows are inserted
// only by the writer's transactions (PgDictWriter), which publish their ids here once committed.
class PgTelemetryDict {
 public:
  // The id when the key or entity exists in committed data; nullopt when it does not.
  Result<std::optional<std::int64_t>> find_key(PgConnection& conn, std::string_view key);
  Result<std::optional<std::int64_t>> find_entity(PgConnection& conn,
                                                  const model::EntityId& entity);
  // The distinct keys of `keys` that exist, in order, with their ids.
  Result<KnownKeys> known_keys(PgConnection& conn, const std::vector<std::string>& keys);

  // Runs `select` (columns: the key text, the key id, then the caller's; its $1.. in `params`)
  // for the named keys, or for every key when `keys` is empty, and calls `visit` for each row:
  // in the order of `keys` (a key named twice once, unknown keys left out), else ordered by key.
  // `key_id_column` names the key id column to filter on.
  Status select_by_keys(
      PgConnection& conn, std::string select, PgParams& params, std::string_view key_id_column,
      const std::vector<std::string>& keys,
      const std::function<Status(const PgResult& result, int row, const std::string& key)>& visit);

  DictCache& cache() { return cache_; }

 private:
  DictCache cache_;
};

}  // namespace pacificsoft::storage::postgres
