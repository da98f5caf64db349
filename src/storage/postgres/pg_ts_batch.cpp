// Buffered points to ts_kv and ts_kv_latest through unnest() of array parameters.
#include "storage/postgres/internal/pg_ts_batch.h"

#include <set>
#include <string>

#include "storage/postgres/internal/pg_dict_writer.h"
#include "storage/postgres/internal/pg_kv_codec.h"
#include "storage/postgres/pg_connection.h"

namespace pacificsoft::storage::postgres {
namespace {

// Points per statement: bounds the size of one statement's text.
constexpr std::size_t kRowsPerStatement = 10'000;

constexpr std::string_view kInsertPoints =
    "INSERT INTO ts_kv (entity_id, key_id, ts, type, long_v, dbl_v, str_v, expiry) "
    "SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::smallint[], $5::bigint[], "
    "$6::float8[], $7::bytea[], $8::bigint[]) "
    "ON CONFLICT (entity_id, key_id, ts) DO UPDATE SET type = EXCLUDED.type, "
    "long_v = EXCLUDED.long_v, dbl_v = EXCLUDED.dbl_v, str_v = EXCLUDED.str_v, "
    "expiry = EXCLUDED.expiry";
// Only a point at least as new as the stored one becomes the latest value.
constexpr std::string_view kUpsertLatest =
    "INSERT INTO ts_kv_latest AS l (entity_id, key_id, ts, type, long_v, dbl_v, str_v) "
    "SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::smallint[], $5::bigint[], "
    "$6::float8[], $7::bytea[]) "
    "ON CONFLICT (entity_id, key_id) DO UPDATE SET ts = EXCLUDED.ts, type = EXCLUDED.type, "
    "long_v = EXCLUDED.long_v, dbl_v = EXCLUDED.dbl_v, str_v = EXCLUDED.str_v "
    "WHERE EXCLUDED.ts >= l.ts";

// The key columns and value columns of a statement's rows.
struct Rows {
  ArrayLiteral entity_id;
  ArrayLiteral key_id;
  ArrayLiteral ts;
  ValueColumns values;
  ArrayLiteral expiry;

  Status run(PgConnection& conn, std::string_view sql, bool with_expiry) const {
    PgParams params;
    for (const ArrayLiteral* column :
         {&entity_id, &key_id, &ts, &values.type, &values.long_v, &values.dbl_v, &values.str_v}) {
      params.add(column->text());
    }
    if (with_expiry) params.add(expiry.text());
    return conn.exec(std::string(sql), params).status();
  }
};

bool is_missing_partition(const Status& status) {
  return status.message().find("no partition of relation") != std::string::npos;
}

}  // namespace

void PgTsBatch::add(std::int64_t entity_ref, std::int64_t key_id, std::int64_t ts,
                    const model::KvValue& value, std::optional<std::int64_t> expiry) {
  points_.insert_or_assign(PointId{entity_ref, key_id, ts}, Point{value, expiry});
  newest_.offer(entity_ref, key_id, ts, value);
}

Status PgTsBatch::flush(PgConnection& conn) {
  PS_RETURN_IF_ERROR(dict_.resolve(conn));
  PS_RETURN_IF_ERROR(write_points(conn));
  return write_latest(conn);
}

void PgTsBatch::end_transaction(bool committed) {
  points_.clear();
  newest_.clear();
  partitions_.end_transaction(committed);
}

Status PgTsBatch::write_points(PgConnection& conn) {
  if (points_.empty()) return Status::ok();
  // Every partition first: creating one after this transaction wrote to ts_kv would upgrade
  // its lock on ts_kv, which deadlocks with another node's writer doing the same.
  std::set<std::int64_t> months;
  for (const auto& [id, point] : points_) months.insert(month_of(id.ts));
  months.erase(-1);
  for (std::int64_t month : months) PS_RETURN_IF_ERROR(partitions_.ensure(conn, month));
  Rows rows;
  std::size_t count = 0;
  for (const auto& [id, point] : points_) {
    rows.entity_id.add(dict_.id_of(id.entity_ref));
    rows.key_id.add(id.key_id);
    rows.ts.add(id.ts);
    rows.values.add(point.value);
    rows.expiry.add(point.expiry);
    if (++count % kRowsPerStatement == 0 || count == points_.size()) {
      Status status = rows.run(conn, kInsertPoints, true);
      if (!status && is_missing_partition(status)) {
        partitions_.forget();  // dropped behind our back: the retry creates it again
        return {ErrorCode::kUnavailable, status.message()};
      }
      PS_RETURN_IF_ERROR(status);
      rows = Rows();
    }
  }
  points_.clear();
  return Status::ok();
}

Status PgTsBatch::write_latest(PgConnection& conn) {
  if (newest_.points().empty()) return Status::ok();
  Rows rows;
  for (const auto& [series, point] : newest_.points()) {
    rows.entity_id.add(dict_.id_of(series.entity_id));
    rows.key_id.add(series.key_id);
    rows.ts.add(point.ts);
    rows.values.add(point.value);
  }
  PS_RETURN_IF_ERROR(rows.run(conn, kUpsertLatest, false));
  newest_.clear();
  return Status::ok();
}

}  // namespace pacificsoft::storage::postgres
