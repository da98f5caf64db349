// Attribute upserts and removals as writer jobs; lookups on pooled connections.
#include "storage/postgres/postgres_attribute_store.h"

#include <map>

#include "storage/postgres/internal/pg_dict_writer.h"
#include "storage/postgres/internal/pg_kv_codec.h"
#include "storage/postgres/internal/pg_telemetry_dict.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::postgres {
namespace {

using model::AttributeKv;

constexpr std::string_view kUpsert =
    "INSERT INTO attribute_kv (entity_id, scope, key_id, type, long_v, dbl_v, str_v, "
    "last_update_ts) SELECT $1::int, $2::smallint, * FROM unnest($3::int[], $4::smallint[], "
    "$5::bigint[], "
    "$6::float8[], $7::bytea[], $8::bigint[]) "
    "ON CONFLICT (entity_id, scope, key_id) DO UPDATE SET type = EXCLUDED.type, "
    "long_v = EXCLUDED.long_v, dbl_v = EXCLUDED.dbl_v, str_v = EXCLUDED.str_v, "
    "last_update_ts = EXCLUDED.last_update_ts";
constexpr std::string_view kFind =
    "SELECT k.key, a.key_id, a.type, a.long_v, a.dbl_v, a.str_v, a.last_update_ts "
    "FROM attribute_kv a JOIN ts_key k ON k.id = a.key_id WHERE a.entity_id = $1 AND a.scope = $2";

// One row per key id (the last attribute named wins): an upsert may not touch a row twice.
using RowsByKey = std::map<std::int64_t, const AttributeKv*>;

Status upsert(PgConnection& conn, std::int64_t entity_id, std::int64_t scope_id,
              const RowsByKey& rows) {
  ArrayLiteral key_ids;
  ValueColumns values;
  ArrayLiteral update_ts;
  for (const auto& [key_id, attribute] : rows) {
    key_ids.add(key_id);
    values.add(attribute->value);
    update_ts.add(attribute->last_update_ts);
  }
  PgParams params;
  params.add(entity_id);
  params.add(scope_id);
  for (const ArrayLiteral* column :
       {&key_ids, &values.type, &values.long_v, &values.dbl_v, &values.str_v, &update_ts}) {
    params.add(column->text());
  }
  return conn.exec(std::string(kUpsert), params).status();
}

Status write_attributes(PgTelemetryDb& telemetry, PgConnection& conn, const model::EntityId& entity,
                        model::AttributeScope scope, const std::vector<AttributeKv>& attributes) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  if (attributes.empty()) return Status::ok();
  auto keys = checked_keys(attributes, telemetry.options().write.max_value_bytes);
  if (!keys) return keys.status();
  auto entity_id = telemetry.dict_writer().entity(conn, entity);
  if (!entity_id) return entity_id.status();
  auto key_ids = telemetry.dict_writer().keys(conn, *keys);
  if (!key_ids) return key_ids.status();
  RowsByKey rows;
  for (std::size_t i = 0; i < attributes.size(); ++i) rows[(*key_ids)[i]] = &attributes[i];
  return upsert(conn, *entity_id, *scope_id, rows);
}

Status remove_attributes(PgTelemetryDb& telemetry, PgConnection& conn,
                         const model::EntityId& entity, std::int64_t scope_id,
                         const std::vector<std::string>& keys) {
  auto entity_id = telemetry.dict_writer().find_entity(conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return Status::ok();
  auto known = telemetry.dict_writer().known_keys(conn, keys);
  if (!known) return known.status();
  if (known->empty()) return Status::ok();
  PgParams params;
  std::string sql = "DELETE FROM attribute_kv WHERE entity_id = " + params.add(**entity_id) +
                    " AND scope = " + params.add(scope_id) + " AND key_id = ANY(" +
                    params.add(key_id_array(*known)) + "::int[])";
  return conn.exec(sql, params).status();
}

}  // namespace

void PostgresAttributeStore::save(const model::EntityId& entity, model::AttributeScope scope,
                                  std::vector<AttributeKv> attributes, WriteDone done) {
  std::size_t count = attributes.size();
  PgTelemetryDb* telemetry = db_.get();  // owns the writer, so outlives the job
  db_->submit(
      [telemetry, entity, scope, attributes = std::move(attributes)](PgConnection& conn) {
        return write_attributes(*telemetry, conn, entity, scope, attributes);
      },
      count, std::move(done));
}

Result<std::vector<AttributeKv>> PostgresAttributeStore::find(
    const model::EntityId& entity, model::AttributeScope scope,
    const std::vector<std::string>& keys) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  auto conn = db_->read();
  if (!conn) return conn.status();
  std::vector<AttributeKv> found;
  auto entity_id = db_->dict().find_entity(**conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return found;
  PgParams params;
  params.add(**entity_id);
  params.add(*scope_id);
  PS_RETURN_IF_ERROR(db_->dict().select_by_keys(
      **conn, std::string(kFind), params, "a.key_id", keys,
      [&](const PgResult& result, int row, const std::string& key) -> Status {
        auto value = read_value(result, row, 2);
        if (!value) return value.status();
        found.push_back(AttributeKv{key, std::move(*value), result.integer(row, 6)});
        return Status::ok();
      }));
  return found;
}

Result<std::vector<std::string>> PostgresAttributeStore::keys(
    const model::EntityId& entity, std::optional<model::AttributeScope> scope) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  auto conn = db_->read();
  if (!conn) return conn.status();
  std::vector<std::string> names;
  auto entity_id = db_->dict().find_entity(**conn, entity);
  if (!entity_id) return entity_id.status();
  if (!*entity_id) return names;
  PgParams params;
  std::string sql =
      "SELECT DISTINCT k.key FROM attribute_kv a JOIN ts_key k ON k.id = a.key_id "
      "WHERE a.entity_id = " +
      params.add(**entity_id);
  if (*scope_id) sql += " AND a.scope = " + params.add(**scope_id);
  auto result = (*conn)->exec(sql + " ORDER BY k.key", params);
  if (!result) return result.status();
  for (int row = 0; row < result->rows(); ++row) names.push_back(result->text(row, 0));
  return names;
}

Status PostgresAttributeStore::remove(const model::EntityId& entity, model::AttributeScope scope,
                                      const std::vector<std::string>& keys) {
  auto scope_id = scope_number(scope);
  if (!scope_id) return scope_id.status();
  if (keys.empty()) return Status::ok();
  PgTelemetryDb* telemetry = db_.get();
  std::int64_t number = *scope_id;
  return db_->run([telemetry, &entity, number, &keys](PgConnection& conn) {
    return remove_attributes(*telemetry, conn, entity, number, keys);
  });
}

}  // namespace pacificsoft::storage::postgres
