// Raw and aggregated range queries. Aggregates read long_v for buckets of LONGs only (exact;
// SUM in numeric, so it never overflows) and dbl_v or long_v as a double otherwise.
#include "storage/postgres/internal/pg_ts_query.h"

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

#include "storage/postgres/internal/pg_kv_codec.h"
#include "storage/postgres/pg_connection.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::postgres {
namespace {

using model::KvValue;
using model::TsKv;

constexpr std::string_view kRange =
    " FROM ts_kv WHERE entity_id = $1 AND key_id = $2 AND ts >= $3::bigint AND ts < $4::bigint";

// Columns of an aggregation: the answer when every point was a LONG, the answer otherwise, and
// MAX(type) (1 exactly when every point was a LONG). COUNT and AVG have one answer only.
const char* aggregate_columns(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::kMin:
      return "MIN(long_v), MIN(COALESCE(dbl_v, long_v)), MAX(type)";
    case Aggregation::kMax:
      return "MAX(long_v), MAX(COALESCE(dbl_v, long_v)), MAX(type)";
    case Aggregation::kSum:
      return "SUM(long_v), SUM(COALESCE(dbl_v, long_v)), MAX(type)";
    case Aggregation::kAvg:
      return "NULL, AVG(COALESCE(dbl_v, long_v)), 2";
    default:
      return "COUNT(*), NULL, 1";
  }
}

// A numeric text as a LONG, or as a DOUBLE when it does not fit 64 bits (a SUM of LONGs).
KvValue long_or_double(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno == 0 && *end == '\0') return KvValue(static_cast<std::int64_t>(value));
  return KvValue(std::strtod(text.c_str(), nullptr));
}

// The bucket's answer from columns 1..3; nullopt for a bucket without the points it reads.
std::optional<KvValue> bucket_value(const PgResult& result, int row) {
  if (result.integer(row, 3) == 1) {
    if (result.is_null(row, 1)) return std::nullopt;
    return long_or_double(result.text(row, 1));
  }
  if (result.is_null(row, 2)) return std::nullopt;
  return KvValue(std::strtod(result.text(row, 2).c_str(), nullptr));
}

Result<std::vector<TsKv>> query_raw(PgConnection& conn, std::int64_t entity_id, std::int64_t key_id,
                                    const TsQuery& query) {
  std::vector<TsKv> points;
  if (query.limit <= 0 || query.end_ts <= query.start_ts) return points;
  PgParams params;
  params.add(entity_id);
  params.add(key_id);
  params.add(query.start_ts);
  params.add(query.end_ts);
  std::string sql = "SELECT ts, type, long_v, dbl_v, str_v" + std::string(kRange) +
                    (query.ascending ? " ORDER BY ts ASC" : " ORDER BY ts DESC") + " LIMIT " +
                    params.add(static_cast<std::int64_t>(query.limit));
  auto result = conn.exec(sql, params);
  if (!result) return result.status();
  points.reserve(static_cast<std::size_t>(result->rows()));
  for (int row = 0; row < result->rows(); ++row) {
    auto value = read_value(*result, row, 1);
    if (!value) return value.status();
    points.push_back(TsKv{query.key, result->integer(row, 0), std::move(*value)});
  }
  return points;
}

}  // namespace

Result<std::vector<TsKv>> query_points(PgConnection& conn, std::int64_t entity_id,
                                       std::int64_t key_id, const TsQuery& query) {
  if (query.aggregation == Aggregation::kNone) return query_raw(conn, entity_id, key_id, query);
  auto buckets = Buckets::of(query);
  if (!buckets) return buckets.status();
  std::vector<TsKv> out;
  if (buckets->count() == 0) return out;
  PgParams params;
  params.add(entity_id);
  params.add(key_id);
  params.add(query.start_ts);
  params.add(query.end_ts);
  std::string sql = "SELECT (ts - $3::bigint) / " + params.add(query.interval_ms) +
                    "::bigint AS bucket, " + aggregate_columns(query.aggregation) +
                    std::string(kRange);
  if (query.aggregation != Aggregation::kCount) sql += " AND type IN (1, 2)";
  sql += " GROUP BY 1 ORDER BY 1";
  auto result = conn.exec(sql, params);
  if (!result) return result.status();
  for (int row = 0; row < result->rows(); ++row) {
    auto value = bucket_value(*result, row);
    if (value) out.push_back(TsKv{query.key, buckets->ts(result->integer(row, 0)), *value});
  }
  return out;
}

}  // namespace pacificsoft::storage::postgres
