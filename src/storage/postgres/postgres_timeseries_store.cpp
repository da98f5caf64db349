// Time-series writes buffered by writer jobs and written at commit; reads on pooled connections.
#include "storage/postgres/postgres_timeseries_store.h"

#include "storage/postgres/internal/pg_dict_writer.h"
#include "storage/postgres/internal/pg_kv_codec.h"
#include "storage/postgres/internal/pg_telemetry_dict.h"
#include "storage/postgres/internal/pg_ts_batch.h"
#include "storage/postgres/internal/pg_ts_query.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::postgres {
namespace {

using model::TsKv;

constexpr std::string_view kLatestColumns =
    "SELECT k.key, l.key_id, l.ts, l.type, l.long_v, l.dbl_v, l.str_v "
    "FROM ts_kv_latest l JOIN ts_key k ON k.id = l.key_id WHERE l.entity_id = $1";
constexpr std::string_view kKeys =
    "SELECT k.key FROM ts_kv_latest l JOIN ts_key k ON k.id = l.key_id WHERE l.entity_id = $1 "
    "ORDER BY k.key";
constexpr std::int64_t kExpiryChunk = 10'000;
constexpr std::int64_t kMsPerDay = 86'400'000;

Status write_points(PgTelemetryDb& telemetry, PgConnection& conn, const model::EntityId& entity,
                    const std::vector<TsKv>& points, std::int64_t ttl_s) {
  if (points.empty()) return Status::ok();
  auto keys = checked_keys(points, telemetry.options().write.max_value_bytes);
  if (!keys) return keys.status();
  // Keys now, so a key the database refuses fails this job alone; a new entity is inserted
  // with the batch's other new ones when the batch is written.
  auto key_ids = telemetry.dict_writer().keys(conn, *keys);
  if (!key_ids) return key_ids.status();
  std::int64_t entity_ref = telemetry.dict_writer().entity_ref(entity);
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::optional<std::int64_t> expiry;
    if (ttl_s > 0) expiry = expiry_of(points[i].ts, ttl_s);
    telemetry.batch().add(entity_ref, (*key_ids)[i], points[i].ts, points[i].value, expiry);
  }
  return Status::ok();
}

Status remove_points(PgTelemetryDb& telemetry, PgConnection& conn, const model::EntityId& entity,
                     const TsDelete& request) {
  if (!request.delete_all && request.end_ts <= request.start_ts) return Status::ok();
  // Points of this transaction go in first, so the removal sees them as it would committed ones.
  PS_RETURN_IF_ERROR(telemetry.batch().flush(conn));
  auto entity_id = telemetry.dict_writer().find_entity(conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return Status::ok();
  auto keys = telemetry.dict_writer().known_keys(conn, request.keys);
  if (!keys) return keys.status();
  if (keys->empty()) return Status::ok();
  std::vector<std::string> tables = {"ts_kv"};
  if (request.delete_latest) tables.emplace_back("ts_kv_latest");
  for (const auto& table : tables) {
    PgParams params;
    std::string sql = "DELETE FROM " + table + " WHERE entity_id = " + params.add(**entity_id) +
                      " AND key_id = ANY(" + params.add(key_id_array(*keys)) + "::int[])";
    if (!request.delete_all) {
      sql +=
          " AND ts >= " + params.add(request.start_ts) + " AND ts < " + params.add(request.end_ts);
    }
    PS_RETURN_IF_ERROR(conn.exec(sql, params).status());
  }
  return Status::ok();
}

// This month's and next month's partitions, and the months past the retention dropped.
Status maintain_partitions(PgTelemetryDb& telemetry, PgConnection& conn, std::int64_t now_ms) {
  PgPartitions& partitions = telemetry.batch().partitions();
  std::int64_t month = month_of(now_ms);
  if (month >= 0) {
    PS_RETURN_IF_ERROR(partitions.ensure(conn, month));
    if (month + 1 < kEndMonth) PS_RETURN_IF_ERROR(partitions.ensure(conn, month + 1));
  }
  std::int64_t days = telemetry.options().retention_days;
  if (days <= 0) return Status::ok();
  return partitions.drop_ending_before(conn, now_ms - days * kMsPerDay);
}

}  // namespace

void PostgresTimeseriesStore::save(const model::EntityId& entity, std::vector<TsKv> points,
                                   std::int64_t ttl_s, WriteDone done) {
  std::size_t count = points.size();
  PgTelemetryDb* telemetry = db_.get();  // owns the writer, so outlives the job
  db_->submit(
      [telemetry, entity, points = std::move(points), ttl_s](PgConnection& conn) {
        return write_points(*telemetry, conn, entity, points, ttl_s);
      },
      count, std::move(done));
}

Result<std::vector<TsKv>> PostgresTimeseriesStore::latest(const model::EntityId& entity,
                                                          const std::vector<std::string>& keys) {
  auto conn = db_->read();
  if (!conn) return conn.status();
  std::vector<TsKv> values;
  auto entity_id = db_->dict().find_entity(**conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return values;
  PgParams params;
  params.add(**entity_id);
  PS_RETURN_IF_ERROR(db_->dict().select_by_keys(
      **conn, std::string(kLatestColumns), params, "l.key_id", keys,
      [&](const PgResult& result, int row, const std::string& key) -> Status {
        auto value = read_value(result, row, 3);
        if (!value) return value.status();
        values.push_back(TsKv{key, result.integer(row, 2), std::move(*value)});
        return Status::ok();
      }));
  return values;
}

Result<std::vector<std::string>> PostgresTimeseriesStore::keys(const model::EntityId& entity) {
  auto conn = db_->read();
  if (!conn) return conn.status();
  std::vector<std::string> names;
  auto entity_id = db_->dict().find_entity(**conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return names;
  PgParams params;
  params.add(**entity_id);
  auto result = (*conn)->exec(std::string(kKeys), params);
  if (!result) return result.status();
  for (int row = 0; row < result->rows(); ++row) names.push_back(result->text(row, 0));
  return names;
}

Result<std::vector<TsKv>> PostgresTimeseriesStore::query(const model::EntityId& entity,
                                                         const TsQuery& query) {
  auto conn = db_->read();
  if (!conn) return conn.status();
  auto entity_id = db_->dict().find_entity(**conn, entity);
  if (!entity_id) return entity_id.status();
  auto key_id = db_->dict().find_key(**conn, query.key);
  if (!key_id) return key_id.status();
  // Validation errors come first, even for an entity or key without data.
  TsQuery checked = query;
  if (!*entity_id || !*key_id) checked.start_ts = checked.end_ts;
  return query_points(**conn, entity_id->value_or(0), key_id->value_or(0), checked);
}

Status PostgresTimeseriesStore::remove(const model::EntityId& entity, const TsDelete& request) {
  PgTelemetryDb* telemetry = db_.get();
  return db_->run([telemetry, &entity, &request](PgConnection& conn) {
    return remove_points(*telemetry, conn, entity, request);
  });
}

Status PostgresTimeseriesStore::remove_expired(std::int64_t now_ms) {
  // Chunks, each its own writer job, so ingest interleaves with a large expiry.
  for (;;) {
    std::int64_t removed = 0;
    PS_RETURN_IF_ERROR(db_->run([now_ms, &removed](PgConnection& conn) -> Status {
      PgParams params;
      std::string sql =
          "DELETE FROM ts_kv WHERE (entity_id, key_id, ts) IN (SELECT entity_id, key_id, ts "
          "FROM ts_kv WHERE expiry IS NOT NULL AND expiry <= " +
          params.add(now_ms) + " LIMIT " + params.add(kExpiryChunk) + ")";
      auto result = conn.exec(sql, params);
      if (!result) return result.status();
      removed = result->affected_rows();
      return Status::ok();
    }));
    if (removed < kExpiryChunk) break;
  }
  PgTelemetryDb* telemetry = db_.get();
  return db_->run([telemetry, now_ms](PgConnection& conn) {
    return maintain_partitions(*telemetry, conn, now_ms);
  });
}

}  // namespace pacificsoft::storage::postgres
