// Time-series writes as group-committed writer jobs; reads on pooled read connections.
#include "storage/sqlite/sqlite_timeseries_store.h"

#include <algorithm>
#include <array>
#include <string>

#include "storage/sqlite/internal/kv_codec.h"
#include "storage/sqlite/internal/latest_buffer.h"
#include "storage/sqlite/internal/telemetry_dict.h"
#include "storage/sqlite/internal/ts_query.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::sqlite {
namespace {

using model::TsKv;

// Points go in by statements of up to kRowsPerInsert rows: one statement per message of a few
// keys instead of one per point (each execution has its own fixed cost).
constexpr std::size_t kRowsPerInsert = 8;
constexpr int kColumnsPerRow = 6;

// The INSERT for `rows` points.
const std::string& insert_points_sql(std::size_t rows) {
  static const auto kStatements = [] {
    std::array<std::string, kRowsPerInsert + 1> sql;
    for (std::size_t n = 1; n <= kRowsPerInsert; ++n) {
      sql[n] = "INSERT OR REPLACE INTO ts_kv (entity_id, key_id, ts, type, v, expiry) VALUES ";
      for (std::size_t row = 0; row < n; ++row)
        sql[n] += row == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
    }
    return sql;
  }();
  return kStatements[rows];
}
constexpr const char* kLatestAll =
    "SELECT k.key, l.ts, l.type, l.v FROM ts_kv_latest l JOIN ts_key k ON k.id = l.key_id "
    "WHERE l.entity_id = ?1 ORDER BY k.key";
constexpr const char* kLatestOne =
    "SELECT ts, type, v FROM ts_kv_latest WHERE entity_id = ?1 AND key_id = ?2";
constexpr const char* kKeys =
    "SELECT k.key FROM ts_kv_latest l JOIN ts_key k ON k.id = l.key_id WHERE l.entity_id = ?1 "
    "ORDER BY k.key";
constexpr std::int64_t kExpiryChunk = 10'000;

Status write_points(TelemetryDb& telemetry, SqliteDb& db, const model::EntityId& entity,
                    const std::vector<TsKv>& points, std::int64_t ttl_s) {
  if (points.empty()) return Status::ok();
  PS_RETURN_IF_ERROR(check_items(points, telemetry.options().max_value_bytes));
  auto entity_id = telemetry.dict().writer_entity(db, entity, true);
  if (!entity_id) return entity_id.status();
  for (std::size_t first = 0; first < points.size(); first += kRowsPerInsert) {
    const std::size_t rows = std::min(kRowsPerInsert, points.size() - first);
    auto stmt = db.prepare(insert_points_sql(rows));
    if (!stmt) return stmt.status();
    for (std::size_t row = 0; row < rows; ++row) {
      const TsKv& point = points[first + row];
      auto key_id = telemetry.dict().writer_key(db, point.key, true);
      if (!key_id) return key_id.status();
      const int column = static_cast<int>(row) * kColumnsPerRow + 1;
      (*stmt)->bind(column, **entity_id).bind(column + 1, **key_id).bind(column + 2, point.ts);
      bind_value(**stmt, column + 3, point.value);
      if (ttl_s > 0) {
        (*stmt)->bind(column + 5, expiry_of(point.ts, ttl_s));
      } else {
        (*stmt)->bind_null(column + 5);
      }
      telemetry.latest().offer(**entity_id, **key_id, point.ts, point.value);
    }
    PS_RETURN_IF_ERROR((*stmt)->run());
  }
  return Status::ok();
}

Status remove_points(TelemetryDb& telemetry, SqliteDb& db, const model::EntityId& entity,
                     const TsDelete& request) {
  if (!request.delete_all && request.end_ts <= request.start_ts) return Status::ok();
  // Latest values of this transaction's earlier saves go in first: written at COMMIT, after
  // the removal, they would bring back what it removed.
  PS_RETURN_IF_ERROR(flush_latest(telemetry.latest(), db));
  auto entity_id = telemetry.dict().writer_entity(db, entity, false);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return Status::ok();
  std::string range = request.delete_all ? "" : " AND ts >= ?3 AND ts < ?4";
  for (const auto& key : request.keys) {
    auto key_id = telemetry.dict().writer_key(db, key, false);
    if (!key_id) return key_id.status();
    if (!*key_id) continue;
    std::vector<std::string> tables = {"ts_kv"};
    if (request.delete_latest) tables.emplace_back("ts_kv_latest");
    for (const auto& table : tables) {
      std::string sql = "DELETE FROM " + table;
      sql += " WHERE entity_id = ?1 AND key_id = ?2";
      sql += range;
      auto stmt = db.prepare(sql);
      if (!stmt) return stmt.status();
      (*stmt)->bind(1, **entity_id).bind(2, **key_id);
      if (!request.delete_all) (*stmt)->bind(3, request.start_ts).bind(4, request.end_ts);
      PS_RETURN_IF_ERROR((*stmt)->run());
    }
  }
  return Status::ok();
}

}  // namespace

void SqliteTimeseriesStore::save(const model::EntityId& entity, std::vector<TsKv> points,
                                 std::int64_t ttl_s, WriteDone done) {
  std::size_t count = points.size();
  TelemetryDb* telemetry = db_.get();  // owns the writer, so outlives the job
  db_->submit([telemetry, entity, points = std::move(points),
               ttl_s](SqliteDb& db) { return write_points(*telemetry, db, entity, points, ttl_s); },
              count, std::move(done));
}

Result<std::vector<TsKv>> SqliteTimeseriesStore::latest(const model::EntityId& entity,
                                                        const std::vector<std::string>& keys) {
  auto lease = db_->read();
  if (!lease) return lease.status();
  SqliteDb& db = lease->db();
  std::vector<TsKv> values;
  auto entity_id = db_->dict().find_entity(db, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return values;
  if (keys.empty()) {
    auto stmt = db.prepare(kLatestAll);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, **entity_id);
    for (;;) {
      auto row = (*stmt)->step();
      if (!row) return row.status();
      if (!*row) return values;
      auto value = read_value(**stmt, 2);
      if (!value) return value.status();
      values.push_back(TsKv{(*stmt)->column_text(0), (*stmt)->column_int(1), std::move(*value)});
    }
  }
  PS_RETURN_IF_ERROR(db_->dict().for_each_known_key(
      db, keys, [&](std::int64_t key_id, const std::string& key) -> Status {
        auto stmt = db.prepare(kLatestOne);
        if (!stmt) return stmt.status();
        (*stmt)->bind(1, **entity_id).bind(2, key_id);
        auto row = (*stmt)->step();
        if (!row) return row.status();
        if (!*row) return Status::ok();
        auto value = read_value(**stmt, 1);
        if (!value) return value.status();
        values.push_back(TsKv{key, (*stmt)->column_int(0), std::move(*value)});
        return Status::ok();
      }));
  return values;
}

Result<std::vector<std::string>> SqliteTimeseriesStore::keys(const model::EntityId& entity) {
  auto lease = db_->read();
  if (!lease) return lease.status();
  std::vector<std::string> names;
  auto entity_id = db_->dict().find_entity(lease->db(), entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return names;
  auto stmt = lease->db().prepare(kKeys);
  if (!stmt) return stmt.status();
  (*stmt)->bind(1, **entity_id);
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return row.status();
    if (!*row) return names;
    names.push_back((*stmt)->column_text(0));
  }
}

Result<std::vector<TsKv>> SqliteTimeseriesStore::query(const model::EntityId& entity,
                                                       const TsQuery& query) {
  auto lease = db_->read();
  if (!lease) return lease.status();
  auto entity_id = db_->dict().find_entity(lease->db(), entity);
  if (!entity_id) return entity_id.status();
  auto key_id = db_->dict().find_key(lease->db(), query.key);
  if (!key_id) return key_id.status();
  // Validation errors come first, even for an entity or key without data.
  TsQuery checked = query;
  if (!*entity_id || !*key_id) checked.start_ts = checked.end_ts;
  std::optional<ReadLease> helper;
  if (checked.aggregation != Aggregation::kNone) {
    auto second = db_->read();
    if (second) helper.emplace(std::move(*second));
  }
  return query_points(lease->db(), helper ? &helper->db() : nullptr, entity_id->value_or(0),
                      key_id->value_or(0), checked);
}

Status SqliteTimeseriesStore::remove(const model::EntityId& entity, const TsDelete& request) {
  TelemetryDb* telemetry = db_.get();
  return db_->run([telemetry, &entity, &request](SqliteDb& db) {
    return remove_points(*telemetry, db, entity, request);
  });
}

Status SqliteTimeseriesStore::remove_expired(std::int64_t now_ms) {
  // Chunks, each its own writer job, so ingest interleaves with a large expiry.
  for (;;) {
    int removed = 0;
    PS_RETURN_IF_ERROR(db_->run([now_ms, &removed](SqliteDb& db) -> Status {
      auto stmt = db.prepare(
          "DELETE FROM ts_kv WHERE (entity_id, key_id, ts) IN (SELECT entity_id, key_id, ts "
          "FROM ts_kv WHERE expiry IS NOT NULL AND expiry <= ?1 LIMIT ?2)");
      if (!stmt) return stmt.status();
      (*stmt)->bind(1, now_ms).bind(2, kExpiryChunk);
      PS_RETURN_IF_ERROR((*stmt)->run());
      removed = db.changes();
      return Status::ok();
    }));
    if (removed < kExpiryChunk) return Status::ok();
  }
}

}  // namespace pacificsoft::storage::sqlite
