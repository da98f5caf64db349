// Raw and aggregated range queries. Aggregation runs in SQLite: a statement per bucket (a
// primary-key range scan, no sort) for up to kMaxBucketStatements buckets, else one GROUP BY.
#include "storage/sqlite/internal/ts_query.h"

#include <iterator>
#include <optional>
#include <string>
#include <thread>

#include "storage/sqlite/internal/kv_codec.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::sqlite {
namespace {

using model::KvValue;
using model::TsKv;

constexpr const char* kRawDesc =
    "SELECT ts, type, v FROM ts_kv WHERE entity_id = ?1 AND key_id = ?2 AND ts >= ?3 AND ts < ?4 "
    "ORDER BY ts DESC LIMIT ?5";
constexpr const char* kRawAsc =
    "SELECT ts, type, v FROM ts_kv WHERE entity_id = ?1 AND key_id = ?2 AND ts >= ?3 AND ts < ?4 "
    "ORDER BY ts ASC LIMIT ?5";
constexpr const char* kRange =
    " FROM ts_kv WHERE entity_id = ?1 AND key_id = ?2 AND ts >= ?3 AND ts < ?4";
constexpr const char* kNumeric = " AND type IN (1, 2)";

Result<std::vector<TsKv>> query_raw(SqliteDb& db, std::int64_t entity_id, std::int64_t key_id,
                                    const TsQuery& query) {
  std::vector<TsKv> points;
  // SQLite reads a negative LIMIT as "no limit".
  if (query.limit <= 0 || query.end_ts <= query.start_ts) return points;
  auto stmt = db.prepare(query.ascending ? kRawAsc : kRawDesc);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, entity_id).bind(2, key_id).bind(3, query.start_ts).bind(4, query.end_ts);
  (*stmt)->bind(5, static_cast<std::int64_t>(query.limit));
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return row.status();
    if (!*row) return points;
    auto value = read_value(**stmt, 1);
    if (!value) return value.status();
    points.push_back(TsKv{query.key, (*stmt)->column_int(0), std::move(*value)});
  }
}

// The SQL of one aggregation: `SELECT [bucket,] <aggregate>, <all long> FROM ... [GROUP BY]`.
// <all long> is 1 when the answer is a LONG: MAX(type) over LONG (1) and DOUBLE (2) points is 1
// exactly when every point was a LONG, and SUM answers an integer exactly then. `total`
// replaces SUM by TOTAL, which never overflows (and always answers a double).
std::string aggregate_sql(Aggregation aggregation, bool grouped, bool total) {
  const char* columns = "COUNT(*), 1";
  switch (aggregation) {
    case Aggregation::kMin:
      columns = "MIN(v), MAX(type) = 1";
      break;
    case Aggregation::kMax:
      columns = "MAX(v), MAX(type) = 1";
      break;
    case Aggregation::kSum:
      columns = total ? "TOTAL(v), 0" : "SUM(v), typeof(SUM(v)) = 'integer'";
      break;
    case Aggregation::kAvg:
      columns = "AVG(v), 0";
      break;
    default:
      break;
  }
  std::string sql = grouped ? "SELECT (ts - ?3) / ?5, " : "SELECT ";
  sql += columns;
  sql += kRange;
  if (aggregation != Aggregation::kCount) sql += kNumeric;
  if (grouped) sql += " GROUP BY 1 ORDER BY 1";
  return sql;
}

// The bucket's answer from columns `column` (aggregate) and `column + 1` (all long); nullopt
// for a bucket without the points this aggregation reads.
std::optional<KvValue> bucket_value(const Statement& stmt, int column, Aggregation aggregation) {
  if (stmt.column_is_null(column)) return std::nullopt;
  if (aggregation == Aggregation::kCount) {
    std::int64_t count = stmt.column_int(column);
    return count == 0 ? std::nullopt : std::optional<KvValue>(count);
  }
  if (stmt.column_int(column + 1) == 1) return KvValue(stmt.column_int(column));
  return KvValue(stmt.column_double(column));
}

bool is_overflow(const Status& status) {
  return status.message().find("integer overflow") != std::string::npos;
}

class Aggregator {
 public:
  Aggregator(SqliteDb& db, std::int64_t entity_id, std::int64_t key_id, const TsQuery& query,
             const Buckets& buckets)
      : db_(db), entity_id_(entity_id), key_id_(key_id), query_(query), buckets_(buckets) {}

  // Buckets [first, last), in order.
  Status per_bucket(std::vector<TsKv>& out, std::int64_t first, std::int64_t last) {
    for (std::int64_t bucket = first; bucket < last; ++bucket) {
      std::int64_t begin = buckets_.begin(bucket);
      std::int64_t end = buckets_.end(bucket);
      auto value = one_bucket(begin, end, false);
      if (!value && is_overflow(value.status())) value = one_bucket(begin, end, true);
      if (!value) return value.status();
      if (*value) out.push_back(TsKv{query_.key, buckets_.ts(bucket), std::move(**value)});
    }
    return Status::ok();
  }

  Status grouped(std::vector<TsKv>& out) {
    Status status = grouped(false, out);
    if (!status && is_overflow(status)) {
      out.clear();
      status = grouped(true, out);
    }
    return status;
  }

 private:
  Result<std::optional<KvValue>> one_bucket(std::int64_t begin, std::int64_t end, bool total) {
    auto stmt = db_.prepare(aggregate_sql(query_.aggregation, false, total));
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, entity_id_).bind(2, key_id_).bind(3, begin).bind(4, end);
    auto row = (*stmt)->step();
    if (!row) return row.status();
    if (!*row) return std::optional<KvValue>();
    return bucket_value(**stmt, 0, query_.aggregation);
  }

  Status grouped(bool total, std::vector<TsKv>& out) {
    auto stmt = db_.prepare(aggregate_sql(query_.aggregation, true, total));
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, entity_id_).bind(2, key_id_).bind(3, query_.start_ts).bind(4, query_.end_ts);
    (*stmt)->bind(5, query_.interval_ms);
    for (;;) {
      auto row = (*stmt)->step();
      if (!row) return row.status();
      if (!*row) return Status::ok();
      auto value = bucket_value(**stmt, 1, query_.aggregation);
      if (value) out.push_back(TsKv{query_.key, buckets_.ts((*stmt)->column_int(0)), *value});
    }
  }

  SqliteDb& db_;
  std::int64_t entity_id_;
  std::int64_t key_id_;
  const TsQuery& query_;
  const Buckets& buckets_;
};

}  // namespace

Result<std::vector<TsKv>> query_points(SqliteDb& db, SqliteDb* helper, std::int64_t entity_id,
                                       std::int64_t key_id, const TsQuery& query) {
  if (query.aggregation == Aggregation::kNone) return query_raw(db, entity_id, key_id, query);
  auto buckets = Buckets::of(query);
  if (!buckets) return buckets.status();
  std::vector<TsKv> out;
  if (buckets->count() == 0) return out;
  Aggregator aggregator(db, entity_id, key_id, query, *buckets);
  const std::int64_t count = buckets->count();
  if (count > kMaxBucketStatements) {
    PS_RETURN_IF_ERROR(aggregator.grouped(out));
    return out;
  }
  if (helper == nullptr || count < kParallelBuckets) {
    PS_RETURN_IF_ERROR(aggregator.per_bucket(out, 0, count));
    return out;
  }
  // The later half of the buckets on the helper connection, on another thread.
  std::vector<TsKv> later;
  Status later_status;
  std::thread worker([&] {
    Aggregator other(*helper, entity_id, key_id, query, *buckets);
    later_status = other.per_bucket(later, count / 2, count);
  });
  Status status = aggregator.per_bucket(out, 0, count / 2);
  worker.join();
  PS_RETURN_IF_ERROR(status);
  PS_RETURN_IF_ERROR(later_status);
  out.insert(out.end(), std::make_move_iterator(later.begin()),
             std::make_move_iterator(later.end()));
  return out;
}

}  // namespace pacificsoft::storage::sqlite
