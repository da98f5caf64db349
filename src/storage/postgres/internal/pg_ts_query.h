// Range queries over ts_kv for one (entity id, key id): raw points, and aggregation in one
// GROUP BY statement. Format and bucket rules: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "model/kv.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::postgres {

class PgConnection;

Result<std::vector<model::TsKv>> query_points(PgConnection& conn, std::int64_t entity_id,
                                              std::int64_t key_id, const TsQuery& query);

}  // namespace pacificsoft::storage::postgres
