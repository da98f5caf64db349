// Range queries over ts_kv for one (entity id, key id): raw points and aggregation in SQL.
// Format and bucket rules: docs/formats/timeseries_store.md.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "model/kv.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;

// Above this many buckets, one GROUP BY statement replaces the statement per bucket.
inline constexpr std::int64_t kMaxBucketStatements = 2000;

// From this many buckets on, a second read connection (`helper`, when given) computes the later
// half of them on another thread: a large aggregation is CPU-bound in SQLite's interpreter, and
// the two halves read disjoint key ranges. The halves may see snapshots a commit apart.
inline constexpr std::int64_t kParallelBuckets = 64;

Result<std::vector<model::TsKv>> query_points(SqliteDb& db, SqliteDb* helper,
                                              std::int64_t entity_id, std::int64_t key_id,
                                              const TsQuery& query);

}  // namespace pacificsoft::storage::sqlite
