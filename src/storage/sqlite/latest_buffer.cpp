#include "storage/sqlite/internal/latest_buffer.h"

#include "storage/sqlite/internal/kv_codec.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {
namespace {

// Only a point at least as new as the stored one becomes the latest value.
constexpr const char* kUpsertLatest =
    "INSERT INTO ts_kv_latest (entity_id, key_id, ts, type, v) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (entity_id, key_id) DO UPDATE SET ts = excluded.ts, type = excluded.type, "
    "v = excluded.v WHERE excluded.ts >= ts_kv_latest.ts";

}  // namespace

Status flush_latest(NewestPoints& newest, SqliteDb& db) {
  for (const auto& [series, point] : newest.points()) {
    auto stmt = db.prepare(kUpsertLatest);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, series.entity_id).bind(2, series.key_id).bind(3, point.ts);
    bind_value(**stmt, 4, point.value);
    PS_RETURN_IF_ERROR((*stmt)->run());
  }
  newest.clear();
  return Status::ok();
}

}  // namespace pacificsoft::storage::sqlite
