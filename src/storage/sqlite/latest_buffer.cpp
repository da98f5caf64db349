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

void LatestBuffer::offer(std::int64_t entity_id, std::int64_t key_id, std::int64_t ts,
                         const model::KvValue& value) {
  auto [slot, inserted] = newest_.try_emplace({entity_id, key_id}, Newest{ts, value});
  if (!inserted && slot->second.ts <= ts) slot->second = {ts, value};
}

Status LatestBuffer::flush(SqliteDb& db) {
  for (const auto& [key, point] : newest_) {
    auto stmt = db.prepare(kUpsertLatest);
    if (!stmt) return stmt.status();
    (*stmt)->bind(1, key.entity_id).bind(2, key.key_id).bind(3, point.ts);
    bind_value(**stmt, 4, point.value);
    PS_RETURN_IF_ERROR((*stmt)->run());
  }
  newest_.clear();
  return Status::ok();
}

}  // namespace pacificsoft::storage::sqlite
